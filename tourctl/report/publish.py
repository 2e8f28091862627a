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
        site = result.site
        err = streams.err()
        for note in site.notes:
            err.print(f"[dim]note:[/dim] {escape(note)}")
        verb = "would change" if site.dry_run else "published"
        changed = [change for change in site.changes if change.any]
        shown = changed if len(changed) <= _LISTED else [c for c in changed if c.feed in _MAIN]
        for change in shown:
            line = f"{_feed_label(change.feed)}: {_change_line(change)}"
            if change.changes and (change.unchanged or change.removed):
                line += f" — {summary(list(change.changes))}"
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
        quiet = len(site.changes) - len(changed)
        if quiet:
            err.print(
                f"{plural(quiet, 'feed')} unchanged" if changed else "every feed unchanged",
                markup=False,
                highlight=False,
            )
        files = plural(len(site.written), "file")
        removed = plural(len(site.removed), "file")
        if site.dry_run:
            outcome = f"Dry run: {files} would be written, {removed} removed; nothing written"
        elif not site.written and not site.removed:
            outcome = f"Unchanged: {site.folder} ({plural(site.unchanged, 'file')})"
        else:
            outcome = f"{verb.capitalize()} {site.folder}: {files} written, {removed} removed"
        err.print(outcome, markup=False, highlight=False)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


class PublishJson:
    def report(self, result: PublishResult, streams: Streams) -> None:
        from tourctl.report.diff import change_json

        site = result.site
        payload = {
            "site": str(site.folder),
            "dry_run": site.dry_run,
            "feeds": [
                {
                    "feed": c.feed,
                    "added": c.added,
                    "changed": c.changed,
                    "removed": c.removed,
                    "unchanged": c.unchanged,
                    "changes": [change_json(x) for x in c.changes],
                }
                for c in site.changes
            ],
            "files_written": len(site.written),
            "files_removed": len(site.removed),
            "files_unchanged": site.unchanged,
            "warnings": len(result.findings),
            "messages": site.notes,
        }
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
