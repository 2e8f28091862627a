"""What ``publish`` did (or would do, with ``--dry-run``), and the addresses ``feeds`` hands out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tourctl.changes.words import summary
from tourctl.report.findings import refused_json, refused_text, write_json
from tourctl.text import escape, plural

if TYPE_CHECKING:
    from tourctl.core import FeedAddress, PublishResult
    from tourctl.errors import PlanRefused
    from tourctl.report.streams import Streams


def _change_line(change: Any) -> str:
    parts = [
        plural(change.added, "added", "added"),
        plural(change.changed, "changed", "changed"),
        plural(change.removed, "removed", "removed"),
        plural(change.unchanged, "unchanged", "unchanged"),
    ]
    return ", ".join(parts)


_LISTED = 20
"""More changed feeds than this (a first publish of a large tour: one per venue and person)
are summed up in one line, after the public, partners and team feeds."""
_MAIN = frozenset({"public", "partners", "team"})


def _feed_label(name: str) -> str:
    """Feed names, printed on the organizer's terminal (never on the site)."""
    return name


class PublishText:
    def report(self, result: PublishResult, streams: Streams) -> None:
        if result.site is not None:
            _site_text(result.site, streams)
        if result.caldav is not None:
            _caldav_text(result.caldav, streams)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


def _feed_line(change: Any, where: str = "") -> str:
    """``feed (calendar): 1 added, … — the changes in words`` (when not all are new)."""
    line = f"{_feed_label(change.feed)}{where}: {_change_line(change)}"
    if change.changes and (change.unchanged or change.removed):
        line += f" — {summary(list(change.changes))}"
    return line


def _feed_lines(changes: Any, err: Any, names: Any = None) -> None:
    """One line per feed that changes (many venues' and people's summed up in one), then one
    for all the unchanged ones. ``names``: feed → its calendar on the server."""
    changed = [change for change in changes if change.any]
    shown = changed if len(changed) <= _LISTED else [c for c in changed if c.feed in _MAIN]
    for change in shown:
        name = names.get(change.feed) if names is not None else None
        line = _feed_line(change, f" ({name})" if name else "")
        err.print(line, markup=False, highlight=False)
    others = [change for change in changed if change not in shown]
    if others:
        from tourctl.publish.site import FeedChange

        total = FeedChange(
            "",
            sum(c.added for c in others),
            sum(c.changed for c in others),
            sum(c.removed for c in others),
            sum(c.unchanged for c in others),
        )
        err.print(
            f"{plural(len(others), 'more feed')} (venues' and people's): "
            f"{_change_line(total)} in all; --format json lists each",
            markup=False,
            highlight=False,
        )
    quiet = len(changes) - len(changed)
    if quiet:
        err.print(
            f"{plural(quiet, 'feed')} unchanged" if changed else "every feed unchanged",
            markup=False,
            highlight=False,
        )


def _site_text(site: Any, streams: Streams) -> None:
    err = streams.err()
    for note in site.notes:
        err.print(f"[dim]note:[/dim] {escape(note)}")
    verb = "would change" if site.dry_run else "published"
    _feed_lines(site.changes, err)
    files = plural(len(site.written), "file")
    removed = plural(len(site.removed), "file")
    if site.dry_run:
        outcome = f"Dry run: {files} would be written, {removed} removed; nothing written"
    elif not site.written and not site.removed:
        outcome = f"Unchanged: {site.folder} ({plural(site.unchanged, 'file')})"
    else:
        outcome = f"{verb.capitalize()} {site.folder}: {files} written, {removed} removed"
    err.print(outcome, markup=False, highlight=False)


def _caldav_text(dav: Any, streams: Streams) -> None:
    """Per feed, its calendar and what its subscribers will see change; then what was sent."""
    err = streams.err()
    for note in dav.notes:
        err.print(f"[dim]note:[/dim] {escape(note)}")
    _feed_lines(dav.changes, err, dav.collections)
    for conflict in dav.conflicts:
        err.print(f"[bold yellow]conflict:[/bold yellow] {escape(conflict)}", highlight=False)
    made = f", {plural(len(dav.created), 'calendar')} to make" if dav.created else ""
    kept = f"; {plural(dav.foreign, 'event')} of others left alone" if dav.foreign else ""
    if dav.dry_run:
        would = sum(c.added + c.changed + c.removed for c in dav.changes)
        outcome = (
            f"Dry run: {plural(would, 'event')} would change at {dav.url}{made}{kept}; nothing sent"
        )
    elif not dav.uploaded and not dav.deleted and not dav.created and not dav.adopted:
        outcome = f"Unchanged: {dav.url} ({plural(dav.unchanged, 'event')}){kept}"
    else:
        created = f", {plural(len(dav.created), 'calendar')} made" if dav.created else ""
        outcome = (
            f"Published to {dav.url}: {plural(dav.uploaded, 'event')} uploaded, "
            f"{dav.deleted} removed{created}{kept}"
        )
    err.print(outcome, markup=False, highlight=False)


def _changes_json(changes: Any, names: Any = None) -> list[dict[str, Any]]:
    from tourctl.report.diff import change_json

    rows = []
    for c in changes:
        row: dict[str, Any] = {"feed": c.feed}
        if names is not None:
            row["calendar"] = names.get(c.feed)
        row.update(added=c.added, changed=c.changed, removed=c.removed, unchanged=c.unchanged)
        row["changes"] = [change_json(x) for x in c.changes]
        rows.append(row)
    return rows


class PublishJson:
    def report(self, result: PublishResult, streams: Streams) -> None:
        site, dav = result.site, result.caldav
        payload: dict[str, Any] = {"dry_run": (site or dav).dry_run}
        messages: list[str] = []
        if site is not None:
            payload.update(
                {
                    "site": str(site.folder),
                    "feeds": _changes_json(site.changes),
                    "files_written": len(site.written),
                    "files_removed": len(site.removed),
                    "files_unchanged": site.unchanged,
                }
            )
            messages += site.notes
        if dav is not None:
            payload["caldav"] = {
                "url": dav.url,
                "feeds": _changes_json(dav.changes, dav.collections),
                "calendars_made": dav.created,
                "calendars_adopted": dav.adopted,
                "events_uploaded": dav.uploaded,
                "events_removed": dav.deleted,
                "events_unchanged": dav.unchanged,
                "events_of_others": dav.foreign,
                "conflicts": dav.conflicts,
            }
            messages += dav.notes
        payload["warnings"] = len(result.findings)
        payload["messages"] = messages
        write_json(payload, streams.stdout)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_json(refusal, streams)


class FeedsText:
    """The secret addresses, to hand out; stdout, since they are the command's data."""

    def report(self, result: list[FeedAddress], streams: Streams) -> None:
        out = streams.stdout
        for feed in result:
            where = feed.url or feed.path
            out.write(f"{feed.name}\t{feed.audience.value}\t{feed.label}\t{where}\n")
            if feed.webcal:
                out.write(f"\t\t\t{feed.webcal}\n")
        if result and result[0].url is None:
            streams.err().print(
                "note: paths are relative to the site's root; give --base-url for full addresses",
                markup=False,
            )

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


class FeedsJson:
    def report(self, result: list[FeedAddress], streams: Streams) -> None:
        write_json(
            {
                "feeds": [
                    {
                        "feed": f.name,
                        "audience": f.audience.value,
                        "label": f.label,
                        "path": f.path,
                        "url": f.url,
                        "webcal": f.webcal,
                    }
                    for f in result
                ]
            },
            streams.stdout,
        )

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_json(refusal, streams)
