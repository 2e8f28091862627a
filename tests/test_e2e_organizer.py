"""What a new organizer trips over (issue 12), each point end to end on the installed CLI.

Every test here runs the installed ``tourctl`` (``run_tourctl``), as the shell
would: the finer cases of each point are tested in-process next to the code
that does the work (test_checks_plans, test_loader, test_places, …).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import run_tourctl

TODAY = "2024-04-01"

HEAD = """\
version: 1
tour:
  id: t
  title: Tour
  organizer: {name: Org, email: org@example.org}
"""


def write(tmp_path: Path, body: str, name: str = "plan.yaml") -> Path:
    plan = tmp_path / name
    plan.write_text(HEAD + body, encoding="utf-8")
    return plan


# --- 1. addresses are private unless the plan says otherwise -------------------------------

ADDRESS_UNSAID = """\
venues:
  - {id: hall, name: Hall, city: Praha, country: CZ, address: Secret street 7}
events:
  - {title: Talk, venue: hall, date: 2024-05-02, start: "19:00", end: "21:00", status: confirmed}
"""


def test_1_an_address_is_private_unless_the_plan_says_so(tmp_path: Path) -> None:
    plan = write(tmp_path, ADDRESS_UNSAID)
    checked = run_tourctl("validate", plan, "--today", TODAY)
    assert checked.returncode == 0, checked.stdout
    assert "warning[address-visibility-default]" in checked.stdout
    assert "address_visibility: public" in checked.stdout  # how to make it public
    public = run_tourctl("export", plan, "-o", "-", "--today", TODAY)
    partners = run_tourctl("export", plan, "-a", "partners", "-o", "-", "--today", TODAY)
    assert public.returncode == partners.returncode == 0, public.stderr
    assert "Secret street 7" not in public.stdout
    assert "Secret street 7" in partners.stdout


# --- 11. the demo tells one story ------------------------------------------------------------


def test_11_the_demo_tells_one_story(tmp_path: Path) -> None:
    import subprocess

    from tests.conftest import ROOT

    done = subprocess.run(
        [str(ROOT / "scripts" / "demo")],
        env={**os.environ, "OUT": str(tmp_path / "out"), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    said = done.stdout + done.stderr
    assert "no problems found" in said
    assert "warning" not in said  # validate, show and export all take the same --today
    assert (tmp_path / "out" / "solidarity-europe-2024-public.ics").is_file()
    assert (tmp_path / "out" / "partners" / "safespace-prague.ics").is_file()


def test_11_export_takes_today_and_its_note_is_a_sentence(tmp_path: Path) -> None:
    plan = write(tmp_path, ONE_PAST_EVENT)
    before = run_tourctl("export", plan, "-o", tmp_path / "a.ics", "--today", TODAY)
    assert before.returncode == 0, before.stderr
    assert "note:" not in before.stderr  # nothing is in the past on 1 April
    after = run_tourctl("export", plan, "-o", tmp_path / "b.ics", "--today", "2024-06-01")
    note = next(line for line in after.stderr.splitlines() if line.startswith("note:"))
    assert note == (
        f"note: {plan} has 1 warning (1 date-in-past); they do not stop the export, and "
        f"`tourctl validate {plan} --today 2024-06-01` lists them."
    )


# --- 13. calendars: items without a status ---------------------------------------------------

ONE_PAST_EVENT = """\
venues:
  - {id: hall, name: Hall, city: Praha, country: CZ}
events:
  - {title: Talk, venue: hall, date: 2024-05-02, start: "19:00", end: "21:00", status: confirmed}
"""

NO_STATUS = """\
venues:
  - {id: hall, name: Hall, city: Praha, country: CZ}
events:
  - {title: A, venue: hall, date: 2024-05-02, start: "19:00", end: "21:00"}
  - {title: B, venue: hall, date: 2024-05-03, start: "19:00", end: "21:00"}
  - {title: C, venue: hall, date: 2024-05-04, start: "19:00", end: "21:00", status: confirmed}
"""


def test_13_events_without_a_status_get_one_hint(tmp_path: Path) -> None:
    plan = write(tmp_path, NO_STATUS)
    checked = run_tourctl("validate", plan, "--today", TODAY, "--strict")
    assert checked.returncode == 0, checked.stdout  # a hint is not a warning
    hints = [line for line in checked.stdout.splitlines() if line.startswith("hint:")]
    assert hints == [
        "hint: 2 events have no `status`, so calendars show them as tentative; "
        "write `status: confirmed` once they are (first: events[0])"
    ]
    assert "no problems found" in checked.stdout
    payload = json.loads(run_tourctl("validate", plan, "--today", TODAY, "-f", "json").stdout)
    assert [hint["message"] for hint in payload["hints"]] == [hints[0].removeprefix("hint: ")]
    exported = run_tourctl("export", plan, "-o", "-", "--today", TODAY).stdout
    assert exported.count("STATUS:TENTATIVE") == 2
    assert "DESCRIPTION:\r\n" not in exported and "\nDESCRIPTION:\n" not in exported


# --- 7. --ignore and ignore: check their codes; an item can ignore for itself ---------------

HOLIDAYS = """\
venues:
  - {id: prague, name: P, city: Praha, country: CZ}
  - {id: brno, name: B, city: Brno, country: CZ}
events:
  - {title: A, venue: prague, date: 2024-05-01, start: "19:00", end: "21:00", status: confirmed,
     ignore: [public-holiday]}
  - {title: B, venue: brno, date: 2024-05-01, start: "19:00", end: "21:00", status: confirmed}
"""


def test_7_ignore_lists_check_their_codes_and_items_ignore_for_themselves(
    tmp_path: Path,
) -> None:
    plan = write(tmp_path, HOLIDAYS)
    result = run_tourctl(
        "validate",
        plan,
        "--today",
        TODAY,
        "--ignore",
        "public-holliday,unknown-venue",
        "-f",
        "json",
    )
    assert result.returncode == 0, result.stdout
    found = {(f["code"], f["path"]): f["message"] for f in json.loads(result.stdout)["findings"]}
    assert set(found) == {
        ("public-holiday", "events[1].date"),  # the event that did not ignore it
        ("ignore-unknown-code", ""),
        ("ignore-error-code", ""),
    }
    assert "did you mean 'public-holiday'?" in found["ignore-unknown-code", ""]
    assert "errors cannot be ignored" in found["ignore-error-code", ""]


# --- 6. did you mean, for places and codes ---------------------------------------------------

PLACES = """\
people: [{id: georgii, name: Georgii K.}]
venues:
  - {id: a, name: A, city: Berln, country: DE}
  - {id: b, name: B, city: Krakwo, country: PL}
  - {id: c, name: C, city: Kraków, country: Polska, timezone: Europe/Krakow,
     address: X 1, address_visibility: private}
events:
  - {title: A, venue: a, date: 2024-05-02, start: "19:00", end: "21:00", status: confirmed}
  - {title: B, venue: b, date: 2024-05-03, start: "19:00", end: "21:00", status: confirmed,
     languages: [English], speakers: [Georgii K.]}
  - {title: C, venue: C, date: 2024-05-04, start: "19:00", end: "21:00", status: confirmed}
"""


def test_6_did_you_mean_for_places_codes_and_ids(tmp_path: Path) -> None:
    plan = write(tmp_path, PLACES)
    result = run_tourctl("validate", plan, "--today", TODAY, "-f", "json")
    assert result.returncode == 1
    said = {f["path"]: f["message"] for f in json.loads(result.stdout)["findings"]}
    assert "did you mean Berlin?" in said["venues[0].city"]
    assert "did you mean Kraków?" in said["venues[1].city"]
    assert "did you mean 'PL'?" in said["venues[2].country"]
    assert "did you mean 'Europe/Warsaw'?" in said["venues[2].timezone"]
    assert "did you mean 'team'?" in said["venues[2].address_visibility"]
    assert "did you mean 'en'?" in said["events[1].languages[0]"]
    assert "write georgii" in said["events[1].speakers[0]"]
    assert "write venue: c" in said["events[2].venue"]


def test_6_a_legs_place_gets_did_you_mean_and_plain_words(tmp_path: Path) -> None:
    plan = write(
        tmp_path,
        """\
people: [{id: g, name: G}]
venues: [{id: v, name: V, city: Praha, country: CZ}]
events: [{title: T, venue: v, date: 2024-05-02, all_day: true, status: confirmed}]
travel:
  - {mode: train, from: {cty: Berlin, country: DE}, to: v,
     depart: 2024-05-02 08:00, arrive: 2024-05-02 12:00, people: [g]}
  - {mode: train, from: [Berlin], to: v,
     depart: 2024-05-02 08:00, arrive: 2024-05-02 12:00, people: [g]}
  - {mode: train, from: 2024, to: v,
     depart: 2024-05-02 08:00, arrive: 2024-05-02 12:00, people: [g]}
""",
    )
    result = run_tourctl("validate", plan, "--today", TODAY, "-f", "json")
    assert result.returncode == 1
    said = {f["path"]: f["message"] for f in json.loads(result.stdout)["findings"]}
    assert said["travel[0].from.cty"] == "unknown key 'cty'; did you mean 'city'?"
    assert said["travel[1].from"] == (
        "expected a venue id, or a place: {city: …, country: …, station: …}"
    )
    assert said["travel[2].from"] == 'expected text here (put it in quotes: "2024")'


def test_6_an_alternate_spelling_is_shown_by_the_citys_own_name(tmp_path: Path) -> None:
    plan = write(
        tmp_path,
        """\
venues:
  - {id: k, name: Lambda, city: Krakov, country: PL}
  - {id: p, name: Safespace, city: Praha, country: CZ}
events:
  - {title: K, venue: k, date: 2024-05-02, start: "19:00", end: "21:00", status: confirmed}
  - {title: P, venue: p, date: 2024-05-03, start: "19:00", end: "21:00", status: confirmed}
""",
    )
    exported = run_tourctl("export", plan, "-o", "-", "--today", TODAY)
    assert exported.returncode == 0, exported.stderr
    assert "LOCATION:Lambda\\, Kraków\\, Poland" in exported.stdout
    assert "LOCATION:Safespace\\, Praha\\, Czech Republic" in exported.stdout  # its own name


# --- 5. YAML layout mistakes in the plan's terms ----------------------------------------------


def test_5_layout_mistakes_are_explained_at_their_line(tmp_path: Path) -> None:
    plan = write(
        tmp_path,
        """\
venues:
  - {id: hall, name: Hall, city: Praha, country: CZ}
events:
  - title: Queer Russia: building solidarity
    venue: hall
""",
    )
    result = run_tourctl("validate", plan)
    assert result.returncode == 1
    assert result.stdout.startswith(
        f"{plan}:9:5: error[yaml-syntax] the value of `title` contains ': ', which YAML reads "
        'as a new key: put the value in quotes, title: "Queer Russia: building solidarity" '
        "(YAML: mapping values are not allowed in this context)"
    )
    missing = write(
        tmp_path,
        "venues:\n  - id: hall\n    name Hall\n    city: Praha\n",
        "missing-colon.yaml",
    )
    said = run_tourctl("validate", missing).stdout
    assert f"{missing}:8:5: error[yaml-syntax] `name Hall` has no ':' after its key" in said


# --- 3. export never silently replaces one audience's calendar with another's ---------------

TWO_VENUES = """\
venues:
  - {id: prague, name: Safespace, city: Praha, country: CZ, address: Street 1,
     contacts: [{name: Jana, email: jana@example.org}]}
  - {id: krakow, name: Lambda, city: Kraków, country: PL, address: Street 2,
     contacts: [{name: Ola, email: ola@example.org}]}
events:
  - {title: P, venue: prague, date: 2024-05-02, start: "19:00", end: "21:00", status: confirmed}
  - {title: K, venue: krakow, date: 2024-05-04, start: "19:00", end: "21:00", status: confirmed}
"""


def test_3_one_audiences_calendar_is_never_silently_replaced_by_anothers(
    tmp_path: Path,
) -> None:
    plan = write(tmp_path, TWO_VENUES)
    target = tmp_path / "tour.ics"
    first = run_tourctl("export", plan, "-o", target, "--today", TODAY)
    assert first.returncode == 0, first.stderr
    assert "X-TOURCTL-AUDIENCE:public" in target.read_text(encoding="utf-8")
    public = target.read_bytes()
    refused = run_tourctl("export", plan, "-a", "partners", "-o", target, "--today", TODAY)
    assert refused.returncode == 2
    assert f"{target} holds the public calendar" in refused.stderr
    assert "--force" in refused.stderr
    assert target.read_bytes() == public  # untouched
    forced = run_tourctl(
        "export", plan, "-a", "partners", "-o", target, "--today", TODAY, "--force"
    )
    assert forced.returncode == 0, forced.stderr
    notes = [line for line in forced.stderr.splitlines() if "every venue's partner" in line]
    assert len(notes) == 1 and "--split venue" in notes[0]  # said once
    folder = tmp_path / "hosts"
    split = run_tourctl("export", plan, "--split", "venue", "-o", folder, "--today", TODAY)
    assert split.returncode == 0, split.stderr
    over = run_tourctl(
        "export", plan, "--split", "venue", "-a", "team", "-o", folder, "--today", TODAY
    )
    assert over.returncode == 2
    assert f"{folder} holds public calendars (prague.ics, krakow.ics)" in over.stderr
    same = run_tourctl("export", plan, "--split", "venue", "-o", folder, "--today", TODAY)
    assert same.returncode == 0 and "every venue's partner" not in same.stderr


# --- 4. updates reach subscribers ------------------------------------------------------------


def test_4_sequence_without_previous_is_said_and_an_empty_previous_warns(
    tmp_path: Path,
) -> None:
    plan = write(tmp_path, TWO_VENUES)
    piped = run_tourctl("export", plan, "-o", "-", "--today", TODAY)
    assert piped.returncode == 0
    assert piped.stdout.startswith("BEGIN:VCALENDAR")
    assert "without --previous" in piped.stderr and "SEQUENCE" in piped.stderr
    published = tmp_path / "x.ics"
    published.write_text(piped.stdout, encoding="utf-8")
    kept = run_tourctl("export", plan, "-o", "-", "--previous", published, "--today", TODAY)
    assert "without --previous" not in kept.stderr and "warning:" not in kept.stderr
    emptied = tmp_path / "emptied.ics"
    emptied.write_bytes(b"")  # what `--previous x.ics > x.ics` leaves
    warned = run_tourctl("export", plan, "-o", "-", "--previous", emptied, "--today", TODAY)
    assert warned.returncode == 0
    assert f"warning: --previous {emptied} is empty" in warned.stderr
    assert f"export with -o {emptied} instead" in warned.stderr


# --- 2. see what an audience sees before sending it --------------------------------------------

PREVIEW = """\
venues:
  - id: hall
    name: Hall
    city: Praha
    country: CZ
    address: Hidden street 7
    contacts:
      - {name: Jana, role: host, email: jana@example.org, phone: "+420 601 234 567"}
      - {name: Press desk, email: press@example.org, visibility: public}
events:
  - title: Talk
    venue: hall
    date: 2024-05-02
    start: "19:00"
    end: "21:00"
    status: confirmed
    registration: https://example.org/register
    description: An open conversation.
    notes: Keys from Jana.
"""


def test_2_show_says_what_each_audiences_calendar_carries(tmp_path: Path) -> None:
    plan = write(tmp_path, PREVIEW)
    public = run_tourctl("show", plan, "-a", "public", "--today", TODAY)
    assert public.returncode == 0, public.stderr
    assert "(address hidden from public)" in public.stdout
    assert "Hidden street 7" not in public.stdout
    assert "press@example.org" in public.stdout and "jana@example.org" not in public.stdout
    assert "Keys from Jana" not in public.stdout
    partners = run_tourctl("show", plan, "-a", "partners", "--today", TODAY).stdout
    assert "Hidden street 7" in partners and "jana@example.org" in partners
    assert "Keys from Jana" not in partners
    team = run_tourctl("show", plan, "--today", TODAY).stdout
    assert "Notes: Keys from Jana." in team
    data = json.loads(run_tourctl("show", plan, "-a", "public", "-f", "json").stdout)
    event = data["days"][0]["events"][0]
    assert (event["address"], event["address_hidden"], event["notes"]) == (None, True, None)
    assert event["description"] == "An open conversation."
    assert event["registration"] == "https://example.org/register"
    assert [c["name"] for c in event["contacts"]] == ["Press desk"]
    assert "speakers" in event


# --- 8. show works on a plan with errors ---------------------------------------------------------

BROKEN = """\
venues:
  - {id: hall, name: Hall, city: Praha, country: CZ}
events:
  - {title: Fine, venue: hall, date: 2024-05-02, start: "19:00", end: "21:00", status: confirmed}
  - {title: Nowhere, venue: hal, date: 2024-05-03, start: "19:00", end: "21:00"}
  - {title: Gap, venue: hall, date: 2024-03-31, start: "02:30", end: "04:00", status: confirmed}
  - {title: Undated, venue: hall, date: 2024-13-01, start: "19:00", end: "21:00"}
  - {title: Secret, venue: hall, date: 2024-05-04, start: "19:00", end: "21:00", visibility: tema}
"""


def test_8_show_shows_a_plan_with_errors_marks_them_and_exits_1(tmp_path: Path) -> None:
    plan = write(tmp_path, BROKEN)
    result = run_tourctl("show", plan, "--today", "2024-01-01")
    assert result.returncode == 1
    assert "error[unknown-venue]" in result.stderr and "error[dst-gap]" in result.stderr
    assert "Fine" in result.stdout and "Gap" in result.stdout
    assert "Errors: dst-gap" in result.stdout
    assert "Nowhere" not in result.stdout and "Undated" not in result.stdout
    assert "2 events could not be shown" in result.stdout
    public = run_tourctl("show", plan, "-a", "public", "-f", "json", "--today", "2024-01-01")
    assert public.returncode == 1
    data = json.loads(public.stdout)
    titles = {e["title"]: e["errors"] for day in data["days"] for e in day["events"]}
    assert titles == {"Fine": [], "Gap": ["dst-gap"]}  # a bad visibility reads as team
    assert data["errors"] == 4 and data["left_out"] == 2
    unreadable = write(tmp_path, "venues: [\n", "unreadable.yaml")
    refused = run_tourctl("show", unreadable)
    assert refused.returncode == 1 and "cannot be loaded" in refused.stderr


# --- 10. narrow terminals and pipes ---------------------------------------------------------------

NARROW = """\
venues:
  - id: hall
    name: The Community Hall of the Neighbourhood
    city: Praha
    country: CZ
    address: Dlouhá třída 1234/56, 110 00 Praha 1 – Staré Město
    address_visibility: partners
    contacts:
      - name: Jana Example-Longname
        role: host and programme coordinator
        email: jana.example-longname@example.org
        phone: "+420 601 234 567"
        website: https://example.org/venues/community-hall
events:
  - title: "Russian queer community: a conversation about solidarity across borders"
    venue: hall
    date: 2024-05-02
    start: "19:00"
    end: "21:00"
    status: confirmed
    notes: Bring the banner and the donation box; Jana has the keys from 17:00 on.
"""


def _narrow_checks(output: str, tokens: list[str]) -> None:
    lines = output.splitlines()
    assert lines, output
    assert max(len(line) for line in lines) <= 60, [line for line in lines if len(line) > 60]
    assert all(line == line.rstrip() for line in lines)  # no trailing spaces in a pipe
    for token in tokens:
        assert any(token in line for line in lines), f"{token!r} was split:\n{output}"


def test_10_show_and_check_contacts_stay_readable_at_60_columns(tmp_path: Path) -> None:
    plan = write(tmp_path, NARROW)
    tokens = [
        "jana.example-longname@example.org",
        "+420 601 234 567",
        "https://example.org/venues/community-hall",
    ]
    for audience in ("team", "partners"):
        shown = run_tourctl("show", plan, "-a", audience, "--today", TODAY, env={"COLUMNS": "60"})
        assert shown.returncode == 0, shown.stderr
        _narrow_checks(shown.stdout, tokens)
        assert "Dlouhá" in shown.stdout and "Jana Example-Longname" in shown.stdout
    checked = run_tourctl("check-contacts", plan, "--offline", env={"COLUMNS": "60"})
    assert checked.returncode == 0, checked.stdout
    _narrow_checks(checked.stdout, tokens)
    wide = run_tourctl("show", plan, "--today", TODAY, env={"COLUMNS": "160"})
    assert "─" in wide.stdout  # a table where it fits
    assert all(line == line.rstrip() for line in wide.stdout.splitlines())


OVERNIGHT = """\
venues:
  - {id: hall, name: Safespace Bookstore, city: Praha, country: CZ}
events:
  - title: Russian queer community
    venue: hall
    date: 2024-10-26
    start: "23:30"
    duration: 4h
    status: confirmed
    visibility: partners
"""


def test_10_no_width_loses_a_columns_content(tmp_path: Path) -> None:
    """A squeezed rich table drops whole columns (Status, Seen by) or cuts a word
    ("partne…"): at every width the stacked form or a whole table shows every word."""
    plan = write(tmp_path, OVERNIGHT)
    expected = ["Russian", "queer", "community", "Safespace", "Bookstore", "confirmed",
                "partners", "23:30", "CEST–02:30", "(+1)", "CET"]  # fmt: skip
    for columns in ("1", "50", "60", "79", "80", "84", "90", "100", "120"):
        shown = run_tourctl("show", plan, "--today", TODAY, env={"COLUMNS": columns})
        assert shown.returncode == 0, shown.stderr
        assert all(word in shown.stdout for word in expected), (columns, shown.stdout)
        assert "…" not in shown.stdout, (columns, shown.stdout)


# --- 9. help and messages without programming jargon; shell completion ------------------------

COMMANDS = [
    "validate", "show", "export", "daysheet", "publish", "feeds", "diff",
    "check-contacts", "schema", "init",
]  # fmt: skip
JARGON = ["<bool>", "<str>", "<int>", "<float>", "<path>", "<list[", "{plan", "Value error,"]


def test_9_help_and_usage_errors_speak_plainly() -> None:
    for command in ["", *COMMANDS]:
        shown = run_tourctl(*([command] if command else []), "--help", env={"COLUMNS": "100"})
        assert shown.returncode == 0, (command, shown.stderr)
        for word in JARGON:
            assert word not in shown.stdout, (command, word)
        assert "x>=" not in shown.stdout
    bad = run_tourctl("export", "plan.yaml", "--split", "city")
    assert bad.returncode == 2
    assert "'city' is not a choice here; use one of: venue, person" in bad.stderr
    assert "Value error" not in bad.stderr and "is not one of" not in bad.stderr
    number = run_tourctl("check-contacts", "plan.yaml", "--timeout", "soon")
    assert number.returncode == 2 and "expected a number" in number.stderr


def test_9_shell_completion_works(tmp_path: Path) -> None:
    script = run_tourctl("--show-completion", "bash")
    assert script.returncode == 0, script.stderr
    assert "_TOURCTL_COMPLETE" in script.stdout
    home = tmp_path / "home"
    home.mkdir()
    installed = run_tourctl("--install-completion", "bash", env={"HOME": str(home)})
    assert installed.returncode == 0, installed.stderr
    assert "_TOURCTL_COMPLETE" in "".join(
        path.read_text(encoding="utf-8") for path in home.rglob("*") if path.is_file()
    )
    words = run_tourctl(
        env={"_TOURCTL_COMPLETE": "complete_bash", "COMP_WORDS": "tourctl exp", "COMP_CWORD": "1"}
    )
    assert words.stdout.split() == ["export"]


# --- 12. init ---------------------------------------------------------------------------------


def test_12_init_into_a_folder_to_stdout_and_pointing_to_real_docs(tmp_path: Path) -> None:
    from tests.conftest import ROOT
    from tourctl import DOCS_URL

    made = run_tourctl("init", "plans/", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "plans" / "tour.yaml").is_file()
    again = run_tourctl("init", "plans", cwd=tmp_path)  # an existing folder: plans/tour.yaml
    assert again.returncode == 2
    assert "plans/tour.yaml already exists; not overwriting it" in again.stderr
    deep = run_tourctl("init", "a/b/", cwd=tmp_path)  # says why not, about the plan
    assert deep.returncode == 3
    assert "cannot write a/b/tour.yaml: the folder a/b does not exist" in deep.stderr
    assert "create a first" in deep.stderr
    (tmp_path / "f").write_text("", encoding="utf-8")
    under_a_file = run_tourctl("init", "f/", cwd=tmp_path)
    assert under_a_file.returncode == 2
    assert "cannot write f/tour.yaml: f is a file, not a folder" in under_a_file.stderr
    (tmp_path / "f").unlink()
    (tmp_path / "other").mkdir()
    into = run_tourctl("init", "other", cwd=tmp_path)
    assert into.returncode == 0 and (tmp_path / "other" / "tour.yaml").is_file()
    assert (tmp_path / "plans" / "tour.schema.json").is_file()  # the schema beside the plan
    printed = run_tourctl("init", "-", cwd=tmp_path)
    assert printed.returncode == 0 and printed.stderr == ""
    written = (tmp_path / "plans" / "tour.yaml").read_text(encoding="utf-8")
    modeline, _, rest = written.partition("\n")
    assert modeline == "# yaml-language-server: $schema=./tour.schema.json"
    assert printed.stdout == rest  # no schema file beside stdout: no modeline to point at one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other", "plans"]  # "-" wrote no file
    assert f"{DOCS_URL}/plan-format.md" in printed.stdout
    assert (ROOT / "docs" / "plan-format.md").is_file()  # what the address shows
    assert "docs/plan-format.md\n" not in printed.stdout.replace(f"{DOCS_URL}/", "")
    checked = run_tourctl(
        "validate", "-", "--today", "2026-01-01", "--strict", input=printed.stdout
    )
    assert checked.returncode == 0, checked.stdout
