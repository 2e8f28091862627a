"""``publish --site DIR``: the feeds as a static folder any web server can serve.

::

    DIR/index.html            the public page
    DIR/public.ics            the public feed (subscribe to it)
    DIR/events/<id>.ics       one file per announced public event
    DIR/feeds/<secret>.ics    every other feed, at an address only `tourctl feeds` prints
    DIR/feeds/index.html      an empty page, so a server's folder listing shows nothing
    DIR/.tourctl-site.json    what publish wrote: SHA-256 digests of the paths, no path

Each file is written atomically and only when its bytes change, so re-publishing
an unchanged plan changes nothing. A file publish wrote before and no longer
writes (a feed that is gone, an address rotated away) is removed; every other
file in DIR is left alone, and one that would be overwritten without being
publish's own is refused. The manifest names no secret path: it holds digests,
and a file is publish's own when its path's digest is listed.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from tourctl.changes.compare import Change
from tourctl.errors import OutputError, UsageError
from tourctl.export.identity import NotACalendar, Stamp, Untrusted, read_previous
from tourctl.model import Plan
from tourctl.publish.feeds import PUBLIC, Feed, feed_names, feed_views, iter_feeds, rotation
from tourctl.publish.keys import FeedKey

MANIFEST = ".tourctl-site.json"
MANIFEST_FORMAT = 1
PUBLIC_FILE = "public.ics"
MAX_PREVIOUS = 64 * 1024 * 1024
"""A previous feed larger than this is not one of ours: it is read as none."""


@dataclass(frozen=True)
class FeedChange:
    """What one feed's publish does to the items its subscribers see."""

    feed: str
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    changes: tuple[Change, ...] = ()
    """The changes themselves, as ``export`` and ``diff`` describe them."""

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class SiteResult:
    folder: Path
    changes: list[FeedChange]
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False
    base_url: str | None = None
    notes: list[str] = field(default_factory=list)


def secret_file(key: FeedKey, plan: Plan, feed: str) -> str:
    return f"feeds/{key.segment(plan.tour.id, feed, rotation(plan, feed))}.ics"


def feed_path(key: FeedKey, plan: Plan, feed: str) -> str:
    """Where a feed lives in the site, relative to its root."""
    return PUBLIC_FILE if feed == PUBLIC else secret_file(key, plan, feed)


def _digest(relative: str) -> str:
    return hashlib.sha256(relative.encode("utf-8")).hexdigest()


def _read_manifest(folder: Path) -> set[str]:
    path = folder / MANIFEST
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return set()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        data = json.loads(raw[: 16 * 1024 * 1024])
        digests = data["files"] if data.get("format") == MANIFEST_FORMAT else None
    except (ValueError, AttributeError, KeyError, TypeError):
        digests = None
    if not isinstance(digests, list) or not all(isinstance(d, str) for d in digests):
        raise UsageError(
            f"{path} is not a tourctl site manifest; this folder may not be a site tourctl "
            "published, so nothing in it is touched (move the file away to start afresh)"
        )
    return set(digests)


def _previous_stamps(
    folder: Path, relative: str, feed: str, notes: list[str]
) -> Mapping[str, Stamp]:
    """What the feed's file as published before says; none if it is missing, unreadable or
    not a calendar. One that is a calendar but not as tourctl writes them (edited by hand,
    damaged) is replaced with a note, as ``export`` replaces one: the note names the feed,
    never its secret path."""
    path = folder / relative
    try:
        if not path.is_file() or path.stat().st_size > MAX_PREVIOUS:
            return {}
        return read_previous(path.read_bytes())
    except (OSError, NotACalendar):
        return {}
    except Untrusted as exc:
        notes.append(
            f"the {feed} feed as published before is not a calendar as tourctl writes them "
            f"({exc}); replacing it: every event starts afresh at SEQUENCE 0"
        )
        return {}


def _change(feed: Feed, before: Mapping[str, Stamp]) -> FeedChange:
    """Counts of what the feed's file does (by UID and lines), and the changes in words."""
    from tourctl.export.files import calendar_changes

    written = feed.calendar.stamps
    if written is None:
        written = read_previous(feed.calendar.data)
    retired = feed.calendar.retired
    after = {uid: stamp for uid, stamp in written.items() if uid not in retired}
    # A cancelled entry written by an earlier publish, for an item already gone, is not
    # removed again (as in export's summary: ``calendar_changes``).
    gone = {uid for uid in retired if uid in before and _cancelled(before[uid])}
    added = sum(1 for uid in after if uid not in before)
    removed = sum(1 for uid in before if uid not in after and uid not in gone)
    changed = sum(
        1 for uid, s in after.items() if uid in before and before[uid].content != s.content
    )
    unchanged = len(after) - added - changed
    words = tuple(calendar_changes(before, feed.calendar, written))
    return FeedChange(feed.name, added, changed, removed, unchanged, words)


def _cancelled(stamp: Stamp) -> bool:
    return any(line.upper() == "STATUS:CANCELLED" for line in stamp.said)


_FEEDS_PAGE = b'<!DOCTYPE html>\n<html lang="en"><title>Feeds</title></html>\n'


@dataclass
class SiteFiles:
    """The files of the site: their paths known before any is made, their bytes made one
    after the other by ``files()`` (so each can be written while the next is rendered),
    and what each feed's subscribers will see change, filled in as the feeds are made."""

    paths: list[str]
    files: Callable[[], Iterator[tuple[str, bytes]]]
    changes: list[FeedChange]
    notes: list[str]
    """What the user should know of the previous site, filled in as the feeds are made."""


def site_files(
    plan: Plan,
    key: FeedKey,
    folder: Path,
    *,
    now: datetime,
    today: date | None,
    base_url: str | None,
) -> SiteFiles:
    """Every file of the site (relative path → bytes), and what each feed's subscribers will
    see change."""
    from tourctl.export.build import calendars_of
    from tourctl.publish.page import render_page

    views = feed_views(plan, now=now, today=today)
    feeds = {name: feed_path(key, plan, name) for name in feed_names(plan, now=now, views=views)}
    event_files = {event.key: f"events/{event.key}.ics" for event in views.public.events}
    read: dict[str, Mapping[str, Stamp]] = {}
    changes: list[FeedChange] = []
    notes: list[str] = []

    def previous(feed: str) -> Mapping[str, Stamp]:
        if feed not in read:
            read[feed] = _previous_stamps(folder, feeds[feed], feed, notes)
        return read[feed]

    def files() -> Iterator[tuple[str, bytes]]:
        for feed in iter_feeds(plan, views, now, previous):
            changes.append(_change(feed, previous(feed.name)))
            yield feeds[feed.name], feed.calendar.data
        stamps = previous(PUBLIC)
        for event in views.public.events:
            single = replace(views.public, events=(event,), legs=(), stays=())
            [calendar] = calendars_of(single, now=now, previous=stamps)
            yield event_files[event.key], calendar.data
        page = render_page(
            views.public, feed=PUBLIC_FILE, event_files=event_files, base_url=base_url
        )
        yield "index.html", page.encode("utf-8")
        yield "feeds/index.html", _FEEDS_PAGE

    paths = [*feeds.values(), *event_files.values(), "index.html", "feeds/index.html"]
    return SiteFiles(paths, files, changes, notes)


def publish_site(
    plan: Plan,
    key: FeedKey,
    folder: Path,
    *,
    now: datetime,
    today: date | None = None,
    base_url: str | None = None,
    dry_run: bool = False,
    plan_path: str | None = None,
) -> SiteResult:
    """Write (or, with ``dry_run``, only compare) the site; returns what changed.

    Before anything is written, every path the site will have is checked (no foreign
    file, never the plan) and claimed in the manifest, so a publish stopped half-way is
    finished by the next. Then each file is compared and, if its bytes changed, written
    while the next one is made (``fsutil.atomic_write_all``).
    """
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; --site names a folder")
    ours = _read_manifest(folder) if folder.is_dir() else set()
    site = site_files(plan, key, folder, now=now, today=today, base_url=base_url)
    result = SiteResult(folder, site.changes, dry_run=dry_run, base_url=base_url, notes=site.notes)
    if base_url is None:
        result.notes.append(
            "no --base-url: the page links the feed relatively and offers no webcal:// "
            "Subscribe button (calendar apps need the full address); give --base-url"
        )
    _refuse_foreign(folder, site.paths, ours, plan_path)
    keep = set(site.paths)
    stale = sorted(_stale(folder, ours, keep))

    def changed() -> Iterator[tuple[Path, bytes]]:
        for relative, data in site.files():
            path = folder / relative
            if _same(path, data):
                result.unchanged += 1
                continue
            result.written.append(relative)
            yield path, data

    if dry_run:
        for _ in changed():
            pass
        result.written.sort()
        result.removed.extend(stale)
        return result
    _write_manifest(folder, ours | {_digest(r) for r in keep})
    _make_folders({(folder / relative).parent for relative in keep})
    from tourctl.fsutil import atomic_write_all

    atomic_write_all(changed())
    result.written.sort()
    for relative in stale:
        result.removed.append(relative)
        (folder / relative).unlink(missing_ok=True)
    _write_manifest(folder, {_digest(r) for r in keep})
    return result


def _write_manifest(folder: Path, digests: set[str]) -> None:
    manifest = {"format": MANIFEST_FORMAT, "files": sorted(digests)}
    data = (json.dumps(manifest, indent=2) + "\n").encode("utf-8")
    if not _same(folder / MANIFEST, data):
        _write_all([(folder / MANIFEST, data)])


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _write_all(files: list[tuple[Path, bytes]]) -> None:
    from tourctl.fsutil import atomic_write_all

    _make_folders({path.parent for path, _ in files})
    atomic_write_all(files)


def _make_folders(folders: set[Path]) -> None:
    for parent in sorted(folders):
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {parent}: {exc.strerror or exc}") from None


def _refuse_foreign(
    folder: Path, files: Iterable[str], ours: set[str], plan_path: str | None
) -> None:
    """Never overwrite a file that publish did not write, and never the plan (nor a link to
    it, nor another name of the same file): one ``lstat`` a file, as a site has thousands."""
    plan = _identity(Path(plan_path)) if plan_path not in (None, "-") else None
    for relative in files:
        path = folder / relative
        try:
            found = os.lstat(path)
        except OSError:
            continue  # nothing there (or nothing tourctl can see): nothing to overwrite
        if plan is not None:
            here = _identity(path) if stat.S_ISLNK(found.st_mode) else _key(found)
            if here == plan:
                raise UsageError(f"{path} is the plan itself; choose another --site folder")
        if _digest(relative) not in ours:
            raise UsageError(
                f"{path} exists and was not written by `tourctl publish`; not overwriting it "
                "(move it, or publish into another folder)"
            )


def _identity(path: Path) -> tuple[int, int] | None:
    """The file ``path`` names, links followed, as (device, inode); None if there is none."""
    try:
        return _key(os.stat(path))
    except OSError:
        return None


def _key(found: os.stat_result) -> tuple[int, int]:
    return (found.st_dev, found.st_ino)


def _stale(folder: Path, ours: set[str], keep: set[str]) -> list[str]:
    """Files publish wrote before (their digest is in the manifest) that it no longer writes."""
    if not ours or not folder.is_dir():
        return []
    found = []
    for root, _, names in os.walk(folder):
        for name in names:
            relative = (Path(root) / name).relative_to(folder).as_posix()
            if relative not in keep and relative != MANIFEST and _digest(relative) in ours:
                found.append(relative)
    return found
