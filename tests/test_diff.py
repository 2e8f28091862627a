"""``tourctl diff``: every kind of change, per audience section, in json and markdown; --since.

The pairs are the bundled tour and a copy changed in one way each; what each
section says is read back from ``--format json`` (stable for scripts) and
``--format markdown`` (to paste into a message).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TOURS, invoke, run_tourctl

EXAMPLE = TOURS / "solidarity-europe-2024.yaml"
TODAY = "2024-04-01"


def _event_block(text: str, key: str) -> tuple[int, int]:
    start = text.index(f"  - id: {key}\n")
    end = text.find("\n  - ", start + 1)
    return start, (end + 1 if end != -1 else len(text))


def change_event(key: str, old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        start, end = _event_block(text, key)
        block = text[start:end]
        assert old in block, (key, old)
        return text[:start] + block.replace(old, new, 1) + text[end:]

    return edit


def remove_event(key: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        start, end = _event_block(text, key)
        return text[:start] + text[end:]

    return edit


def diff(tmp_path: Path, edit: Callable[[str], str], fmt: str = "json") -> Any:
    new = tmp_path / "new.yaml"
    new.write_text(edit(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    result = invoke("diff", EXAMPLE, new, "--format", fmt, "--today", TODAY)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout) if fmt == "json" else result.stdout


def section(payload: dict[str, Any], feed: str) -> list[dict[str, Any]]:
    [found] = [s for s in payload["sections"] if s["feed"] == feed]
    return list(found["changes"])


def kinds(payload: dict[str, Any], feed: str) -> list[str]:
    return [c["change"] for c in section(payload, feed)]


def test_nothing_changed_exits_0() -> None:
    result = invoke("diff", EXAMPLE, EXAMPLE, "--today", TODAY)
    assert result.returncode == 0
    assert "No audience can see a change" in result.stdout
    payload = json.loads(invoke("diff", EXAMPLE, EXAMPLE, "-f", "json").stdout)
    assert payload["changed"] is False
    assert [s["feed"] for s in payload["sections"]][:2] == ["public", "partners"]


def test_a_new_time_is_old_to_new_local_for_everyone_who_sees_it(tmp_path: Path) -> None:
    payload = diff(tmp_path, change_event("berlin", 'start: "19:30"', 'start: "20:00"'))
    for feed in ("public", "partners", "venue:buchladen-berlin", "team", "person:georgii"):
        [change] = section(payload, feed)
        assert change["change"] == "rescheduled", feed
        assert change["text"] == (
            "rescheduled: Russian queer community: a conversation — "
            "Tue 7 May 2024, 19:30–21:30 → 20:00–21:30 (Berlin time)"
        )
        assert change["before"]["start"] == "2024-05-07T19:30:00+02:00"
        assert change["after"]["start"] == "2024-05-07T20:00:00+02:00"
    assert section(payload, "venue:lambda-krakow") == []
    markdown = diff(
        tmp_path, change_event("berlin", 'start: "19:30"', 'start: "20:00"'), "markdown"
    )
    assert "## The public\n\n- rescheduled: Russian queer community: a conversation" in markdown
    assert "Tue 7 May 2024, 19:30–21:30 → 20:00–21:30 (Berlin time)" in markdown


def test_a_removed_event_is_no_longer_listed_where_it_was_seen(tmp_path: Path) -> None:
    payload = diff(tmp_path, remove_event("vilnius"))
    assert kinds(payload, "public") == []  # it was never public
    assert kinds(payload, "partners") == ["removed"]
    assert kinds(payload, "venue:vilnius-centre") == ["removed"]
    [gone] = section(payload, "partners")
    assert gone["text"].startswith("no longer listed: Russian queer community: a conversation")
    assert "Tue 14 May 2024" in gone["text"]


def test_made_partners_only_the_public_loses_it_without_a_why(tmp_path: Path) -> None:
    payload = diff(tmp_path, change_event("vienna", "visibility: public", "visibility: partners"))
    [gone] = section(payload, "public")
    assert gone["change"] == "removed" and gone["after"] is None
    assert "partners" not in gone["text"] and "team" not in gone["text"]
    assert gone["before"]["address"] is None  # the public never saw Vienna's address
    assert kinds(payload, "partners") == [] and kinds(payload, "team") == []


def test_cancelled_and_back_on(tmp_path: Path) -> None:
    payload = diff(tmp_path, change_event("prague", "status: confirmed", "status: cancelled"))
    assert kinds(payload, "public") == ["cancelled"]
    back = diff(tmp_path, change_event("warsaw", "status: cancelled", "status: confirmed"))
    assert kinds(back, "public") == ["uncancelled"]


def test_new_venue_title_address_and_speakers(tmp_path: Path) -> None:
    # Warsaw's event is cancelled, so moving it puts no one in the wrong town.
    moved = diff(
        tmp_path, change_event("warsaw", "venue: kawiarnia-warszawa", "venue: lambda-krakow")
    )
    assert "moved" in kinds(moved, "public")
    [move] = [c for c in section(moved, "public") if c["change"] == "moved"]
    assert "Kawiarnia Przykład, Warszawa → Lambda Community Space, Kraków" in move["text"]
    assert kinds(moved, "venue:lambda-krakow") == ["added"]
    assert kinds(moved, "venue:kawiarnia-warszawa") == ["removed"]
    retitled = diff(
        tmp_path,
        change_event("prague", 'title: "Russian queer community: a conversation"', "title: New"),
    )
    assert kinds(retitled, "public") == ["retitled"]
    address = diff(
        tmp_path,
        lambda t: t.replace("Example street 1, 110 00 Praha 1", "Example street 2, 110 00 Praha 1"),
    )
    assert kinds(address, "public") == []  # the public never sees Safespace's address
    assert kinds(address, "partners") == ["address"]
    speakers = diff(
        tmp_path, change_event("prague", "speakers: [georgii]", "speakers: [alexandra]")
    )
    [who] = section(speakers, "public")
    assert who["change"] == "people"
    assert who["text"].endswith("Georgii K. → a speaker from ComingOut")  # her public name
    [who] = section(speakers, "partners")
    assert who["text"].endswith("Georgii K. → Alexandra M.")


def test_a_new_event_and_a_newly_announced_one(tmp_path: Path) -> None:
    added = diff(
        tmp_path,
        lambda t: t.replace(
            "travel:\n",
            "  - {id: extra, title: Extra, venue: safespace-prague, date: 2024-05-03, "
            'start: "10:00", end: "11:00", visibility: public}\n\ntravel:\n',
            1,
        ),
    )
    assert kinds(added, "public") == ["added"]
    later = tmp_path / "later.yaml"
    later.write_text(
        change_event("berlin", "announce: 2024-03-20", "announce: 2024-03-25")(
            EXAMPLE.read_text(encoding="utf-8")
        ),
        encoding="utf-8",
    )
    result = invoke("diff", later, EXAMPLE, "-f", "json", "--today", "2024-03-22")
    assert [c["change"] for c in section(json.loads(result.stdout), "public")] == ["announced"]


def test_legs_and_stays_are_told_to_the_team_and_the_people_on_them(tmp_path: Path) -> None:
    payload = diff(
        tmp_path, lambda t: t.replace("depart: 2024-05-03 09:12", "depart: 2024-05-03 08:12")
    )
    assert kinds(payload, "public") == [] and kinds(payload, "partners") == []
    assert kinds(payload, "team") == ["rescheduled"]
    assert kinds(payload, "person:georgii") == ["rescheduled"]
    assert kinds(payload, "person:alexandra") == []


def test_a_changed_id_is_remove_and_add_and_says_calendars_will_duplicate_it(
    tmp_path: Path,
) -> None:
    payload = diff(tmp_path, lambda t: t.replace("  - id: prague\n", "  - id: praha\n", 1))
    [added] = [c for c in section(payload, "public") if c["change"] == "added"]
    assert "under a new id" in added["note"] and "show it twice" in added["note"]
    assert sorted(kinds(payload, "public")) == ["added", "removed"]


# --- --since: the plan as git had it ---------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=T", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with three commits: the tour, Berlin at 20:00, Vilnius gone."""
    folder = tmp_path / "plans"
    folder.mkdir()
    git(folder, "init", "-q")
    plan = folder / "tour.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    git(folder, "add", "tour.yaml")
    git(folder, "commit", "-qm", "v1")
    git(folder, "tag", "v1")
    text = change_event("berlin", 'start: "19:30"', 'start: "20:00"')(text)
    plan.write_text(text, encoding="utf-8")
    git(folder, "commit", "-qam", "Berlin later")
    plan.write_text(remove_event("vilnius")(text), encoding="utf-8")
    git(folder, "commit", "-qam", "No Vilnius")
    return folder


def test_since_reads_the_plan_at_a_revision_with_git(repo: Path) -> None:
    plan = repo / "tour.yaml"
    last = json.loads(run_tourctl("diff", plan, "--since", "HEAD~1", "-f", "json").stdout)
    assert kinds(last, "partners") == ["removed"] and kinds(last, "public") == []
    result = run_tourctl("diff", plan, "--since", "v1", "--format", "markdown", cwd=repo)
    assert result.returncode == 1
    assert result.stdout.startswith("# Changes: ") and "tour.yaml@v1 → " in result.stdout
    assert "## All partners\n\n- rescheduled:" in result.stdout
    assert re.search(r"- no longer listed: .*Tue 14 May 2024", result.stdout)
    same = run_tourctl("diff", plan, "--since", "HEAD")
    assert same.returncode == 0


def test_since_says_clearly_what_is_wrong(repo: Path, tmp_path: Path) -> None:
    plan = repo / "tour.yaml"
    unknown = run_tourctl("diff", plan, "--since", "no-such-tag")
    assert unknown.returncode == 2 and "knows no revision 'no-such-tag'" in unknown.stderr
    (repo / "other.yaml").write_bytes(EXAMPLE.read_bytes())
    git(repo, "add", "other.yaml")
    git(repo, "commit", "-qm", "other")
    missing = run_tourctl("diff", repo / "other.yaml", "--since", "v1")
    assert missing.returncode == 2 and "did not exist at v1" in missing.stderr
    outside = tmp_path / "loose.yaml"
    outside.write_bytes(EXAMPLE.read_bytes())
    loose = run_tourctl("diff", outside, "--since", "HEAD", cwd=tmp_path)
    assert loose.returncode == 2 and "not in a git repository" in loose.stderr
    option = run_tourctl("diff", plan, "--since", "--output=x")
    assert option.returncode == 2
    for args in ((plan,), (plan, plan, plan), (plan, plan, "--since", "v1")):
        assert run_tourctl("diff", *args).returncode == 2


def test_a_plan_with_errors_is_a_usage_error_not_a_change(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(remove_event("prague")(EXAMPLE.read_text(encoding="utf-8")).replace(
        "venue: lambda-krakow", "venue: lambda-krakw", 1), encoding="utf-8")  # fmt: skip
    result = invoke("diff", EXAMPLE, broken, "-f", "json")
    assert result.returncode == 2
    assert json.loads(result.stdout)["errors"] >= 1
