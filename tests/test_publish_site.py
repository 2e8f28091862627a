"""``tourctl publish --site``: feeds partners subscribe to, secret paths, and the public page.

Every test publishes the bundled tour (or a small plan) into a temporary folder
with its own feed key (``TOURCTL_FEED_KEY``, or a key file under a temporary
``XDG_CONFIG_HOME``), then reads the folder as a web server would serve it.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
from pathlib import Path

from tests.conftest import TOURS, invoke, run_tourctl
from tests.exportsupport import seen
from tourctl.publish.keys import FeedKey

EXAMPLE = TOURS / "solidarity-europe-2024.yaml"
KEY = {"TOURCTL_FEED_KEY": "a test key that is long enough to be a secret"}
NOW = {"TOURCTL_NOW": "2024-04-26T12:00:00Z"}
BASE = "https://tour.example.org/"


def publish(site: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    result = invoke(
        "publish", EXAMPLE, "--site", site, "--base-url", BASE, "-f", "json", *args,
        env={**KEY, **NOW, **(env or {})},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


def feed_addresses(*args: str, env: dict[str, str] | None = None) -> dict[str, str]:
    result = invoke(
        "feeds", EXAMPLE, "--base-url", BASE, "-f", "json", *args, env={**KEY, **(env or {})}
    )
    assert result.returncode == 0, result.stderr
    return {f["feed"]: f["path"] for f in json.loads(result.stdout)["feeds"]}


def files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_the_feeds_of_specs_table_are_written(tmp_path: Path) -> None:
    site = tmp_path / "site"
    payload = publish(site)
    names = [feed["feed"] for feed in payload["feeds"]]  # type: ignore[attr-defined]
    assert names[:2] == ["public", "partners"] and "team" in names
    assert {n for n in names if n.startswith("venue:")} >= {"venue:lambda-krakow"}
    assert {n for n in names if n.startswith("person:")} == {
        "person:georgii",
        "person:alexandra",
        "person:dmitri",
    }
    written = files(site)
    assert {"index.html", "public.ics", "feeds/index.html", ".tourctl-site.json"} <= set(written)
    addresses = feed_addresses()
    assert set(addresses) == set(names)
    for name, path in addresses.items():
        assert path in written, name
    # Each feed is the calendar export writes for that audience and scope.
    team = invoke("export", EXAMPLE, "-a", "team", "-o", "-", env={**NOW})
    assert written[addresses["team"]] == team.stdout.encode().replace(b"\n", b"\r\n")
    events = seen(written["public.ics"])["events"]
    assert {e["summary"] for e in events} >= {"Russian queer community: a conversation"}
    assert len(list(site.glob("events/*.ics"))) == len(events)


def test_republishing_an_unchanged_plan_changes_no_byte(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(site)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    again = publish(site, env={"TOURCTL_NOW": "2024-04-28T09:00:00Z"})
    assert again["files_written"] == 0 and again["files_removed"] == 0
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_no_secret_path_is_named_anywhere_but_by_feeds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(site)
    secrets = [
        p.split("/")[-1].removesuffix(".ics") for n, p in feed_addresses().items() if n != "public"
    ]
    assert len(secrets) >= 10 and all(len(s) == 32 for s in secrets)
    for relative, data in files(site).items():
        text = data.decode("utf-8", "replace")
        found = [s for s in secrets if s in text]
        assert found == [], f"{relative} names a secret feed"
    for text in (invoke("show", EXAMPLE).stdout, invoke("export", EXAMPLE, "-o", "-").stdout):
        assert not [s for s in secrets if s in text]


def test_public_files_hold_nothing_partners_or_team_only(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(site)
    public = {
        r: d
        for r, d in files(site).items()
        if not r.startswith("feeds/") or r.endswith("index.html")
    }
    secrets = ["Example street 1", "Jana Example", "X7K2P9", "Tbilisi", "Vilnius", "Alexandra",
               "Bring the banner", "Meeting with Berlin partner", "Hotel", "Dmitri"]  # fmt: skip
    for relative, data in public.items():
        text = data.decode("utf-8").replace("\r\n ", "")
        assert [s for s in secrets if s in text] == [], relative


def test_an_event_is_absent_before_its_announce_date_and_present_after(tmp_path: Path) -> None:
    early, later = tmp_path / "early", tmp_path / "later"
    publish(early, "--today", "2024-03-19")
    publish(later, "--today", "2024-03-20")
    for site, present in ((early, False), (later, True)):
        page = (site / "index.html").read_text(encoding="utf-8")
        feed = (site / "public.ics").read_text(encoding="utf-8")
        assert ("19:30–21:30" in page) is present  # Berlin's time: nothing else has it
        assert ("events/berlin.ics" in page) is present
        assert (site / "events" / "berlin.ics").exists() is present
        assert ("Beispielufer" in feed) is present
    # Partners see it all along.
    partners = feed_addresses()["partners"]
    assert b"Beispielufer" in (early / partners).read_bytes()


def test_a_feed_that_goes_away_is_removed_and_nothing_else_is(tmp_path: Path) -> None:
    site = tmp_path / "site"
    plan = tmp_path / "tour.yaml"
    plan.write_bytes(EXAMPLE.read_bytes())
    site.mkdir()
    (site / "CNAME").write_text("tour.example.org\n", encoding="utf-8")
    (site / "extra").mkdir()
    (site / "extra" / "notes.txt").write_text("mine\n", encoding="utf-8")
    args = ("publish", plan, "--site", site, "-f", "json")
    assert invoke(*args, env={**KEY, **NOW}).returncode == 0
    rotated = plan.read_text(encoding="utf-8") + "\npublish:\n  rotate:\n    partners: 1\n"
    plan.write_text(rotated, encoding="utf-8")
    result = invoke(*args, env={**KEY, **NOW})
    payload = json.loads(result.stdout)
    assert (payload["files_written"], payload["files_removed"]) == (1, 1)
    assert (site / "CNAME").read_text(encoding="utf-8") == "tour.example.org\n"
    assert (site / "extra" / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_damaged_feed_in_the_site_is_replaced_with_a_note_that_names_no_path(
    tmp_path: Path,
) -> None:
    """A previously published feed that is a calendar but not one tourctl would write (a
    DTSTAMP outside the supported years) starts afresh, as export does, with a note that
    names the feed and not its secret path; it was an unexpected error (exit 70)."""
    site = tmp_path / "site"
    publish(site)
    partners = feed_addresses()["partners"]
    feed = site / partners
    text = feed.read_text(encoding="utf-8")
    stamp = re.search(r"DTSTAMP:\d{8}T\d{6}Z", text)
    assert stamp is not None
    feed.write_text(text.replace(stamp[0], "DTSTAMP:99991231T000000Z", 1), encoding="utf-8")
    result = invoke("publish", EXAMPLE, "--site", site, "--base-url", BASE, env={**KEY, **NOW})
    assert result.returncode == 0, result.stderr
    assert "the partners feed as published before is not a calendar as tourctl writes" in (
        result.stderr
    )
    assert partners.removeprefix("feeds/").removesuffix(".ics") not in result.stderr
    assert "99991231" not in feed.read_text(encoding="utf-8")


def test_a_file_publish_did_not_write_is_never_overwritten(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>my own page</p>\n", encoding="utf-8")
    result = invoke("publish", EXAMPLE, "--site", site, env={**KEY, **NOW})
    assert result.returncode == 2
    assert "was not written by `tourctl publish`" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>my own page</p>\n"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]


def test_the_plan_is_never_overwritten_by_its_own_site(tmp_path: Path) -> None:
    """The plan where publish would write a file: by that name, through a link, or as a
    hard link (another name of the same file); even in a folder publish wrote before."""
    site = tmp_path / "site"
    site.mkdir()
    plan = site / "index.html"
    plan.write_bytes(EXAMPLE.read_bytes())
    elsewhere = tmp_path / "tour.yaml"
    elsewhere.hardlink_to(plan)
    link = tmp_path / "link.yaml"
    link.symlink_to(plan)
    for given in (plan, elsewhere, link):
        result = invoke("publish", given, "--site", site, env={**KEY, **NOW})
        assert result.returncode == 2, result.stderr
        assert "is the plan itself" in result.stderr
    assert plan.read_bytes() == EXAMPLE.read_bytes()
    mine = tmp_path / "mine"
    assert invoke("publish", EXAMPLE, "--site", mine, env={**KEY, **NOW}).returncode == 0
    page = mine / "index.html"
    page.unlink()
    page.hardlink_to(elsewhere)
    result = invoke("publish", elsewhere, "--site", mine, env={**KEY, **NOW})
    assert result.returncode == 2 and "is the plan itself" in result.stderr
    assert elsewhere.read_bytes() == EXAMPLE.read_bytes()


def test_dry_run_says_what_would_change_and_writes_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dry = invoke("publish", EXAMPLE, "--site", site, "--dry-run", env={**KEY, **NOW})
    assert dry.returncode == 0, dry.stderr
    assert "public: 6 added, 0 changed, 0 removed, 0 unchanged" in dry.stderr
    assert "Dry run:" in dry.stderr and not site.exists()
    publish(site)
    changed = tmp_path / "tour.yaml"
    changed.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace('start: "19:30"', 'start: "20:00"'),
        encoding="utf-8",
    )
    before = files(site)
    again = invoke("publish", changed, "--site", site, "--dry-run", env={**KEY, **NOW})
    assert "public: 0 added, 1 changed, 0 removed, 5 unchanged" in again.stderr
    assert files(site) == before
    # The feeds that do not change are one line, not one line each.
    assert re.search(r"^\d+ feeds unchanged$", again.stderr, re.MULTILINE), again.stderr
    listed = re.findall(r"^(venue:\S+):", again.stderr, re.MULTILINE)
    assert listed == ["venue:buchladen-berlin"]  # of the venues' feeds, only the one that changed
    same = invoke("publish", EXAMPLE, "--site", site, "--base-url", BASE, env={**KEY, **NOW})
    assert "every feed unchanged" in same.stderr and "Unchanged:" in same.stderr


def test_without_base_url_links_are_relative_and_it_says_so(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = invoke("publish", EXAMPLE, "--site", site, env={**KEY, **NOW})
    assert result.returncode == 0, result.stderr
    assert "no --base-url" in result.stderr
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "webcal://" not in page and 'href="public.ics"' in page
    with_base = publish(tmp_path / "abs")
    assert with_base["messages"] == []
    page = (tmp_path / "abs" / "index.html").read_text(encoding="utf-8")
    assert 'href="webcal://tour.example.org/public.ics"' in page


# --- the key and the secret paths -------------------------------------------------------------


def test_secret_paths_are_stable_differ_by_key_and_rotate_one_feed() -> None:
    key, other = FeedKey(b"k" * 32, "test"), FeedKey(b"j" * 32, "test")
    assert key.segment("tour", "partners") == key.segment("tour", "partners")
    assert key.segment("tour", "partners") != other.segment("tour", "partners")
    assert key.segment("tour", "partners", 1) != key.segment("tour", "partners", 0)
    assert key.segment("tour", "team") != key.segment("tour", "partners")
    assert re.fullmatch(r"[a-z2-7]{32}", key.segment("tour", "team"))  # 160 bits of base 32
    before = feed_addresses()
    plan_text = (
        EXAMPLE.read_text(encoding="utf-8") + "\npublish:\n  rotate:\n    venue:lambda-krakow: 1\n"
    )
    rotated = Path(os.environ.get("TMPDIR", "/tmp")) / "rotated-tour.yaml"
    rotated.write_text(plan_text, encoding="utf-8")
    try:
        result = invoke("feeds", rotated, "--base-url", BASE, "-f", "json", env=KEY)
        after = {f["feed"]: f["path"] for f in json.loads(result.stdout)["feeds"]}
    finally:
        rotated.unlink()
    assert {n for n in before if before[n] != after[n]} == {"venue:lambda-krakow"}


def test_the_key_file_is_made_once_owner_only_outside_the_plan(tmp_path: Path) -> None:
    config = tmp_path / "config"
    env = {"XDG_CONFIG_HOME": str(config), "TOURCTL_FEED_KEY": ""}
    first = run_tourctl("feeds", EXAMPLE, "-f", "json", env=env)
    assert first.returncode == 0, first.stderr
    [key_file] = list(config.rglob("*.key"))
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert not key_file.resolve().is_relative_to(EXAMPLE.resolve().parent.parent)
    second = run_tourctl("feeds", EXAMPLE, "-f", "json", env=env)
    assert json.loads(second.stdout) == json.loads(first.stdout)
    with_env = run_tourctl("feeds", EXAMPLE, "-f", "json", env={**env, **KEY})
    assert json.loads(with_env.stdout) != json.loads(first.stdout)


def test_a_key_inside_the_plans_repository_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    plan = repo / "tour.yaml"
    plan.write_bytes(EXAMPLE.read_bytes())
    result = run_tourctl(
        "feeds", plan, env={"XDG_CONFIG_HOME": str(repo / "cfg"), "TOURCTL_FEED_KEY": ""}
    )
    assert result.returncode == 2
    assert "inside the plan's folder or repository" in result.stderr
    assert not list(repo.rglob("*.key"))


# --- the public page in a real browser ------------------------------------------------------------


def test_the_public_page_in_a_real_browser(tmp_path: Path) -> None:
    from tests.test_daysheets import _chromium

    chromium = _chromium()
    site = tmp_path / "site"
    publish(site)
    script = Path(__file__).resolve().parent / "js" / "page-check.mjs"
    artefacts = Path(__file__).resolve().parent.parent / "test-artefacts"
    artefacts.mkdir(exist_ok=True)
    done = subprocess.run(
        ["node", script, site / "index.html", artefacts],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "CHROMIUM": chromium},
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["violations"] == [], report["violations"]
    assert report["passes"] > 0
    assert set(report["requests"]) == {(site / "index.html").as_uri()}
    events = seen((site / "public.ics").read_bytes())["events"]
    for width in ("360", "1280"):
        shown = report["widths"][width]
        assert shown["fits"], f"the page scrolls sideways at {width} px"
        for event in events:
            assert event["summary"] in shown["text"], (width, event["summary"])
        assert (artefacts / f"page-{width}px.png").stat().st_size > 1000


def test_a_first_publish_of_many_feeds_sums_up_the_venues_and_people() -> None:
    import io

    from tourctl.core import PublishResult
    from tourctl.publish.site import FeedChange, SiteResult
    from tourctl.report.publish import PublishText
    from tourctl.report.streams import Streams

    changes = [FeedChange("public", added=50), FeedChange("partners", added=60)]
    changes += [FeedChange(f"venue:v{i}", added=2) for i in range(30)]
    changes += [FeedChange("team", added=70), FeedChange("person:p", unchanged=4)]
    site = SiteResult(Path("site"), changes, written=["index.html"])
    err = io.StringIO()
    PublishText().report(PublishResult(site, []), Streams(io.StringIO(), err))
    lines = err.getvalue().splitlines()
    assert lines[:3] == [
        "public: 50 added, 0 changed, 0 removed, 0 unchanged",
        "partners: 60 added, 0 changed, 0 removed, 0 unchanged",
        "team: 70 added, 0 changed, 0 removed, 0 unchanged",
    ]
    assert lines[3].startswith("30 more feeds (venues' and people's): 60 added, 0 changed")
    assert lines[4] == "1 feed unchanged"


def test_an_event_gone_from_the_plan_is_removed_once_not_on_every_publish(
    tmp_path: Path,
) -> None:
    import yaml

    plan = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    public = [e for e in plan["events"] if e.get("visibility", "public") == "public"]
    plan["events"].remove(public[-1])
    smaller = tmp_path / "tour.yaml"
    smaller.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    site = tmp_path / "site"
    publish(site)

    def public_line(plan_file: Path) -> str:
        result = invoke(
            "publish", plan_file, "--site", site, "--base-url", BASE, env={**KEY, **NOW}
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return next((x for x in result.stderr.splitlines() if x.startswith("public:")), "")

    assert ", 1 removed," in public_line(smaller)
    assert public_line(smaller) == ""  # the cancelled entry is not news twice
