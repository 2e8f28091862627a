"""``publish --caldav URL``: the feeds as calendar collections on a CalDAV server, kept in step.

URL is the user's calendar home (Nextcloud ``…/remote.php/dav/calendars/<user>/``,
Radicale ``/<user>/``). Each feed of SPEC.md's table gets a calendar there,
``<tour id>-<feed>`` (``:`` becomes ``-``: ``solidarity-europe-2024-venue-lambda-krakow``),
made with MKCALENDAR when missing, whose display name is the tour's title and
the feed's label. It holds one object per event, leg or stay, named
``<UID>.ics`` (``objects``).

A publish reads before it writes: one PROPFIND lists the calendars in the
home, one REPORT per existing calendar fetches its objects with their ETags.
The server's copies are the previous export, so SEQUENCE and DTSTAMP follow
the export rules; an object is uploaded only when what it would say differs
from what the server holds, and removed when its feed no longer carries it.
Re-publishing an unchanged plan sends no write at all.

What tourctl owns, and touches nothing else:

* a calendar whose description carries ``[tourctl-feed: <tour id>/<feed>]``
  (written at MKCALENDAR). A calendar at a feed's name without it is
  refused, whatever it holds, unless ``--caldav-collection FEED=NAME`` names
  it for that feed: tourctl then adds the marker to its description
  (PROPPATCH) and from then on keeps that feed there;
* in its calendars, the objects whose ``X-TOURCTL-FEED`` names that feed.
  Anything else in them (an event a partner added, a copy someone edited
  and saved without the mark) is left as it is, and an event of the feed
  whose UID or name is taken by such an object is reported, not written.

Writes are conditional: a create sends ``If-None-Match: *``, an update or a
delete ``If-Match`` with the ETag just read, so an object changed on the
server meanwhile is answered 412, reported as a conflict (exit 7) and left
alone; the next publish reads it again. A calendar of a feed the plan no
longer has (a venue removed) is emptied of tourctl's objects and kept.

An event gone from the plan is, as in every exported calendar, replaced by a
cancelled entry until its date has passed (``export.retired``, built from the
server's copy), then deleted; one that only left a feed's audience is deleted
at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import httpx

from tourctl.changes.compare import Change
from tourctl.errors import TourctlError, UsageError
from tourctl.export.build import plan_uids
from tourctl.export.identity import Stamp
from tourctl.model import Plan
from tourctl.publish.calhome import (
    READERS,
    CalDavTarget,
    Entry,
    Reading,
    fetch,
)
from tourctl.publish.dav import Dav, absolute, join
from tourctl.publish.feeds import Previous, Views, feed_names, feed_views, iter_feeds
from tourctl.publish.objects import (
    EventObject,
    ServerObject,
    feed_objects,
    owner,
)
from tourctl.publish.site import FeedChange
from tourctl.publish.workers import Workers


def collection_name(tour_id: str, feed: str) -> str:
    """The calendar's name in the home: tour id and feed, both slugs, joined by ``-``."""
    return f"{tour_id}-{feed.replace(':', '-')}"


def marker(tour_id: str, feed: str) -> str:
    return f"[tourctl-feed: {tour_id}/{feed}]"


@dataclass
class CalDavResult:
    url: str
    changes: list[FeedChange]
    collections: dict[str, str]
    """Feed → the name of its calendar in the home."""
    created: list[str] = field(default_factory=list)
    adopted: list[str] = field(default_factory=list)
    uploaded: int = 0
    deleted: int = 0
    unchanged: int = 0
    """Objects of tourctl's that were already as they should be."""
    foreign: int = 0
    """Objects in tourctl's calendars that tourctl did not write: left alone."""
    conflicts: list[str] = field(default_factory=list)
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)
    requests: int = 0


# --- one feed's calendar ----------------------------------------------------------------------


@dataclass
class _Slot:
    """A feed's calendar: where it is, and what tourctl and others have in it."""

    feed: str
    name: str
    url: str
    entry: Entry | None
    """None: the calendar is to be made."""
    adopt: bool = False
    ours: dict[str, ServerObject] = field(default_factory=dict)
    extra: list[ServerObject] = field(default_factory=list)
    """tourctl's copies of an event beyond the first: removed."""
    foreign_uids: set[str] = field(default_factory=set)
    foreign_names: set[str] = field(default_factory=set)
    foreign: int = 0
    _stamps: dict[str, Stamp | None] = field(default_factory=dict)

    def stamp(self, uid: str) -> Stamp | None:
        """What tourctl's copy of ``uid`` on the server says, read in full once."""
        if uid not in self._stamps:
            self._stamps[uid] = self.ours[uid].stamp()
        return self._stamps[uid]


def _choose(
    entries: Mapping[str, Entry],
    tour: str,
    names: Sequence[str],
    chosen: Mapping[str, str],
    home: str,
) -> tuple[dict[str, _Slot], list[_Slot]]:
    """Each feed's calendar, and tourctl's calendars of feeds the plan no longer has."""
    slots: dict[str, _Slot] = {}
    for feed in names:
        slots[feed] = _slot(entries, tour, feed, chosen.get(feed), home)
    taken = {slot.name for slot in slots.values()}
    stale = [
        _Slot(entry.claim[1], entry.name, entry.url, entry)
        for entry in entries.values()
        if entry.claim is not None
        and entry.claim[0] == tour
        and entry.claim[1] not in slots
        and entry.name not in taken
    ]
    return slots, sorted(stale, key=lambda s: s.name)


def _slot(
    entries: Mapping[str, Entry], tour: str, feed: str, named: str | None, home: str
) -> _Slot:
    if named is None:
        claimed = [e for e in entries.values() if e.claim == (tour, feed)]
        if len(claimed) > 1:
            listed = ", ".join(sorted(e.name for e in claimed))
            raise UsageError(
                f"calendars {listed} all say they hold feed {feed}; name one with "
                f"--caldav-collection {feed}=NAME"
            )
        if claimed:
            return _Slot(feed, claimed[0].name, claimed[0].url, claimed[0])
    name = named or collection_name(tour, feed)
    entry = entries.get(name)
    if entry is None:
        return _Slot(feed, name, join(home, name, collection=True), None)
    if entry.claim == (tour, feed):
        return _Slot(feed, name, entry.url, entry)
    if entry.claim is not None:
        raise UsageError(
            f"the calendar {name} holds tourctl's feed {entry.claim[1]} of tour "
            f"{entry.claim[0]}, not {feed} of {tour}; not touching it"
        )
    if not entry.calendar:
        raise UsageError(f"{name} in the calendar home is not a calendar; not touching it")
    if named is None:
        raise UsageError(
            f"a calendar {name} exists and was not made by `tourctl publish`; not touching it "
            f"(to publish feed {feed} into it, keeping what is already there, give "
            f"--caldav-collection {feed}={name})"
        )
    return _Slot(feed, name, entry.url, entry, adopt=True)


def _classify(slot: _Slot, found: Sequence[ServerObject], tour: str) -> None:
    """Sort the calendar's objects into tourctl's (of this feed) and everybody else's."""
    mine = owner(tour, slot.feed)
    for obj in found:
        name = obj.href.rstrip("/").rpartition("/")[2]
        uid = obj.uid
        if obj.owner == mine and uid is not None:
            current = slot.ours.get(uid)
            if current is None or (name == f"{uid}.ics" and not _canonical(current, uid)):
                if current is not None:
                    slot.extra.append(current)
                slot.ours[uid] = obj
            else:
                slot.extra.append(obj)
            continue
        slot.foreign += 1
        slot.foreign_uids.update(obj.uids)
        slot.foreign_names.add(name)


def _canonical(found: ServerObject, uid: str) -> bool:
    return found.href.rstrip("/").endswith(f"/{uid}.ics")


def _read_and_render(
    dav: Dav,
    plan: Plan,
    slots: Sequence[_Slot],
    read: Mapping[str, list[ServerObject]],
    views: Views,
    now: datetime,
    rendered: _Rendered,
) -> _Rendered:
    """Every existing calendar's objects, and each feed's objects as they should be.

    A re-publish mostly waits for the server. ``rendered`` is the feeds as
    rendered while ``Reading`` read the home: the digests say what is up to
    date without SEQUENCE or DTSTAMP, so that first rendering needs nothing
    from the server. The calendars not read already (``read``; none, unless
    one was not marked yet) are read on a few threads. Only if some object is
    to change are the feeds rendered again, with its server copy as the
    previous export.
    """
    tour = plan.tour.id
    missing = [s for s in slots if s.entry is not None and s.entry.name not in read]
    fetched = dict(read)
    readers = Workers(
        missing,
        lambda slot: fetch(dav, slot.url, slot.name),
        count=READERS,
        name="tourctl-caldav-read",
    )
    fetched.update((missing[index].name, objects) for index, objects in readers.results().items())
    for slot in slots:
        if slot.entry is not None:
            _classify(slot, fetched[slot.name], tour)
    feeds = {slot.feed: slot for slot in slots}
    previous = _previous(feeds, rendered.objects, plan_uids(plan))
    if any(previous.values()):
        rendered = _objects(plan, views, now, lambda feed: previous.get(feed, {}))
    return rendered


@dataclass(frozen=True)
class _Rendered:
    objects: dict[str, list[EventObject]]
    """Feed → the objects its calendar should hold."""
    labels: dict[str, str]
    stamps: dict[str, Mapping[str, Stamp]]
    """Feed → what its calendar says of each item (for the changes in words)."""
    retired: dict[str, frozenset[str]]
    """Feed → the UIDs of its cancelled entries for items gone from the plan."""


def _objects(plan: Plan, views: Views, now: datetime, previous: Previous) -> _Rendered:
    feeds = list(iter_feeds(plan, views, now, previous))
    return _Rendered(
        {f.name: feed_objects(f.calendar.data, plan.tour.id, f.name) for f in feeds},
        {f.name: f.label for f in feeds},
        {f.name: f.calendar.stamps or {} for f in feeds},
        {f.name: f.calendar.retired for f in feeds},
    )


def _previous(
    slots: Mapping[str, _Slot], objects: Mapping[str, list[EventObject]], in_plan: set[str]
) -> dict[str, dict[str, Stamp]]:
    """The server copies, as the previous export, of the objects that are to change, and of
    tourctl's objects whose item is gone from the plan (for their cancelled entries).

    A server may store an event in other words than tourctl sent (Radicale
    re-serializes it), so its lines can differ from the export's when nothing
    changed. Where the copy's ``X-TOURCTL-EVENT`` says that the event is what
    tourctl sent before, the export's lines stand in for the server's: no
    SEQUENCE goes up for a server's rewording (or a newer tourctl's VTIMEZONEs).
    """
    found: dict[str, dict[str, Stamp]] = {}
    for feed, wanted in objects.items():
        ours = slots[feed].ours
        stamps: dict[str, Stamp] = {}
        for obj in wanted:
            old = ours.get(obj.uid)
            if old is None or old.object_digest == obj.digest:
                continue
            stamp = old.stamp()
            if stamp is None:
                continue
            if old.event_digest == obj.event_digest:
                stamp = replace(stamp, content=obj.content, said=obj.said)
            stamps[obj.uid] = stamp
        for uid in ours:
            if uid not in in_plan and (stamp := slots[feed].stamp(uid)) is not None:
                stamps[uid] = stamp
        found[feed] = stamps
    return found


# --- what to send ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Write:
    method: str
    url: str
    what: str
    feed: str
    summary: str
    slot: str
    data: bytes | None = None
    etag: str | None = None
    """If-Match; None with PUT means a create (If-None-Match: *)."""


@dataclass
class _Plan:
    writes: list[_Write] = field(default_factory=list)
    changes: list[FeedChange] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Wanted:
    """What a feed's calendar should hold, and what is known of it."""

    objects: Sequence[EventObject]
    stamps: Mapping[str, Stamp] = field(default_factory=dict)
    """What the rendered feed says of each item."""
    retired: frozenset[str] = frozenset()
    """Cancelled entries for items gone from the plan: not the feed's events any more."""


def _plan_feed(slot: _Slot, wanted: _Wanted, in_plan: set[str], todo: _Plan) -> None:
    """The writes that bring one calendar in step, and what its subscribers see change.

    Counted as removed: an event deleted, or replaced by the cancelled entry of an item
    gone from the plan (once: an up-to-date cancelled entry is not counted at all, nor
    is deleting it once its date has passed).
    """
    added = changed = unchanged = removed = 0
    keep = set()
    before: dict[str, Stamp] = {}
    after: dict[str, Stamp] = {}
    for obj in wanted.objects:
        keep.add(obj.uid)
        gone = obj.uid in wanted.retired
        old = slot.ours.get(obj.uid)
        if old is not None:
            if old.object_digest == obj.digest:
                if not gone:
                    unchanged += 1
                    todo.unchanged += 1
                continue
            if old.etag is None:
                todo.conflicts.append(
                    f"{slot.feed}: '{obj.summary}' in {slot.name}: the server gave no ETag, "
                    "so it cannot be updated safely; not changed"
                )
                continue
            if gone:
                removed += 1
                _remember(before, slot, obj.uid)
            elif obj.event_digest != old.event_digest:
                changed += 1
                _remember(before, slot, obj.uid)
                _remember(after, wanted.stamps, obj.uid)
            else:
                unchanged += 1  # the same event, in other bytes (a newer tourctl): re-sent
            todo.writes.append(_put(slot, obj, absolute(slot.url, old.href), old.etag))
        elif gone:
            continue  # a cancelled entry is made from tourctl's copy, never anew
        elif obj.uid in slot.foreign_uids or obj.name in slot.foreign_names:
            todo.conflicts.append(
                f"{slot.feed}: '{obj.summary}' is already in {slot.name}, put there by someone "
                "else (or edited without tourctl's mark); not overwritten: delete that copy on "
                "the server to let tourctl publish it"
            )
        else:
            added += 1
            _remember(after, wanted.stamps, obj.uid)
            todo.writes.append(_put(slot, obj, join(slot.url, obj.name, collection=False), None))
    for uid, old in sorted(slot.ours.items()):
        if uid not in keep:
            if not (uid not in in_plan and _cancelled(slot.stamp(uid))):
                removed += 1
                _remember(before, slot, uid)
            todo.writes.append(_delete(slot, old))
    todo.writes.extend(_delete(slot, old) for old in slot.extra)
    words = _words(before, after) if slot.ours else ()  # a first publish: all is new
    todo.changes.append(FeedChange(slot.feed, added, changed, removed, unchanged, words))


def _remember(into: dict[str, Stamp], source: _Slot | Mapping[str, Stamp], uid: str) -> None:
    stamp = source.stamp(uid) if isinstance(source, _Slot) else source.get(uid)
    if stamp is not None:
        into[uid] = stamp


def _cancelled(stamp: Stamp | None) -> bool:
    return stamp is not None and "STATUS:CANCELLED" in stamp.said


def _words(before: Mapping[str, Stamp], after: Mapping[str, Stamp]) -> tuple[Change, ...]:
    """The changes in words, as ``export`` and ``--site`` say them, from the items that
    differ only (the server's copies of the rest are never read in full)."""
    if not before and not after:
        return ()
    from tourctl.changes.compare import compare
    from tourctl.changes.facts import from_calendar

    return tuple(compare(from_calendar(before), from_calendar(after)))


def _put(slot: _Slot, obj: EventObject, url: str, etag: str | None) -> _Write:
    what = f"upload '{obj.summary}' to {slot.name}"
    return _Write("PUT", url, what, slot.feed, obj.summary, slot.name, obj.data, etag)


def _delete(slot: _Slot, old: ServerObject) -> _Write:
    url = absolute(slot.url, old.href)
    what = f"remove '{old.summary}' from {slot.name}"
    return _Write("DELETE", url, what, slot.feed, old.summary, slot.name, None, old.etag)


# --- sending it --------------------------------------------------------------------------------


_PUT_OK = frozenset({200, 201, 204, 412})
_DELETE_OK = frozenset({200, 204, 404, 412})


def _send(dav: Dav, write: _Write) -> str | None:
    """Send one write; a conflict message if the server's copy had changed (412)."""
    if write.method == "PUT":
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if write.etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = write.etag
        answer = dav.send(
            "PUT", write.url, write.what, body=write.data, headers=headers, accept=_PUT_OK
        )
    else:
        headers = {"If-Match": write.etag} if write.etag else {}
        answer = dav.send("DELETE", write.url, write.what, headers=headers, accept=_DELETE_OK)
    if answer.status != 412:
        return None
    what = "removed" if write.method == "DELETE" else "changed"
    return (
        f"{write.feed}: '{write.summary}' in {write.slot} was changed on the server while "
        f"tourctl was publishing (412 Precondition Failed); not {what}: publish again"
    )


def _make(dav: Dav, slot: _Slot, name: str, plan: Plan) -> None:
    what = f"make the calendar {slot.name} at {slot.url}"
    dav.mkcalendar(slot.url, name, _description(plan, slot.feed), what)


def _description(plan: Plan, feed: str, existing: str | None = None) -> str:
    note = (
        f"Published by tourctl from the plan of {plan.tour.title} (feed {feed}). "
        "Events tourctl put here follow the plan: changes made to them here are replaced "
        "at the next publish; other events are left alone."
    )
    head = existing.rstrip() + "\n\n" if existing and existing.strip() else note + "\n"
    return f"{head}{marker(plan.tour.id, feed)}"


def publish_caldav(
    plan: Plan,
    target: CalDavTarget,
    *,
    now: datetime,
    today: date | None = None,
    dry_run: bool = False,
    reading: Reading | None = None,
) -> CalDavResult:
    """Bring each feed's calendar on the server in step with the plan (or, with ``dry_run``,
    only say what that would change). ``reading``: the home as read meanwhile."""
    tour = plan.tour.id
    views = feed_views(plan, now=now, today=today)  # once, for the names and each rendering
    names = feed_names(plan, now=now, views=views)
    _check_chosen(target.collections, names)
    own = reading is None
    reading = reading or Reading(target)
    try:
        dav = reading.dav
        first = _objects(plan, views, now, lambda feed: {})  # while the server answers
        entries, read = reading.result()
        slots, stale = _choose(entries, tour, names, target.collections, target.url)
        all_slots = [*slots.values(), *stale]
        rendered = _read_and_render(dav, plan, all_slots, read, views, now, first)
        result = CalDavResult(
            target.url,
            [],
            {feed: slot.name for feed, slot in slots.items()},
            dry_run=dry_run,
        )
        todo = _Plan()
        in_plan = plan_uids(plan)
        for feed, objects in rendered.objects.items():
            wanted = _Wanted(objects, rendered.stamps[feed], rendered.retired[feed])
            _plan_feed(slots[feed], wanted, in_plan, todo)
        for entry in entries.values():
            if entry.claim is not None and entry.claim[0] == tour and entry.claim[1] in slots:
                feed = entry.claim[1]
                if slots[feed].name != entry.name:
                    result.notes.append(
                        f"the calendar {entry.name} also says it holds feed {feed}, which now "
                        f"goes to {slots[feed].name}; it is left as it is (delete it on the "
                        f"server when it is no longer shared; until then, publish with "
                        f"--caldav-collection {feed}={slots[feed].name})"
                    )
        for slot in stale:
            if not slot.ours and not slot.extra:  # emptied by an earlier publish
                result.notes.append(
                    f"the calendar {slot.name} of feed {slot.feed}, which the plan no longer "
                    "has, holds nothing of tourctl's (delete it on the server if it is no "
                    "longer shared)"
                )
                continue
            _plan_feed(slot, _Wanted([]), in_plan, todo)
            result.collections[slot.feed] = slot.name
            result.notes.append(
                f"feed {slot.feed} is no longer in the plan: its calendar {slot.name} is "
                "emptied of tourctl's events and kept (delete it on the server if it is no "
                "longer shared)"
            )
        result.changes = todo.changes
        result.unchanged = todo.unchanged
        result.conflicts = list(todo.conflicts)
        result.foreign = sum(slot.foreign for slot in all_slots)
        result.created = [slot.name for slot in slots.values() if slot.entry is None]
        result.adopted = [slot.name for slot in slots.values() if slot.adopt]
        if _plain_http_login(target):
            result.notes.append(
                f"{target.url} is plain http: the password crosses the network unencrypted"
            )
        if not dry_run:
            _apply(dav, plan, slots, rendered.labels, todo, result)
        result.requests = dav.requests
    finally:
        if own:
            reading.close()
    return result


WRITERS = 4
"""Writes in flight at once. Each object is a resource of its own (no two writes of a publish
touch the same one), and a server that is far away or does real work per PUT (Nextcloud: a
database transaction) is mostly waited for: four at a time take a quarter of the time."""


def _apply(
    dav: Dav,
    plan: Plan,
    slots: Mapping[str, _Slot],
    labels: Mapping[str, str],
    todo: _Plan,
    result: CalDavResult,
) -> None:
    """Make the missing calendars and mark adopted ones, then send the writes, a few at a
    time; conflicts are reported in the order of the writes, whatever order they end in."""
    total = len(todo.writes) + len(result.created) + len(result.adopted)
    done = 0
    try:
        for slot in slots.values():
            if slot.entry is None:
                _make(dav, slot, f"{plan.tour.title} — {labels[slot.feed]}", plan)
                done += 1
            elif slot.adopt:
                text = _description(plan, slot.feed, slot.entry.description)
                dav.set_description(slot.url, text, f"mark {slot.name} as tourctl's")
                done += 1
    except TourctlError as exc:
        if done == 0:
            raise
        raise _partly(exc, done, total) from None
    failure: TourctlError | None = None
    for index, outcome in sorted(_send_all(dav, todo.writes).items()):
        if isinstance(outcome, TourctlError):
            failure = failure or outcome
            continue
        done += 1
        if outcome is not None:
            result.conflicts.append(outcome)
        elif todo.writes[index].method == "PUT":
            result.uploaded += 1
        else:
            result.deleted += 1
    if failure is not None:
        raise failure if done == 0 else _partly(failure, done, total) from None


def _send_all(dav: Dav, writes: Sequence[_Write]) -> dict[int, str | TourctlError | None]:
    """Each write's outcome by its index: None (done), a conflict's words, or the error that
    stopped it. After the first error no further write is started; those in flight end.
    On Ctrl-C none is started either, and those in flight are not waited for."""
    outcomes: dict[int, str | TourctlError | None] = {}
    writers = Workers(
        writes, lambda write: _send(dav, write), count=WRITERS, name="tourctl-caldav-write"
    )
    unexpected: BaseException | None = None
    try:
        for index, outcome, error in writers.outcomes():  # until every writer has ended
            if error is None:
                outcomes[index] = outcome
            elif isinstance(error, TourctlError):
                outcomes[index] = error  # and the writers start no other
            else:
                unexpected = unexpected or error
    except BaseException:
        writers.stop()
        dav.cancel()
        raise
    if unexpected is not None:
        raise unexpected
    return outcomes


def _partly(exc: TourctlError, done: int, total: int) -> TourctlError:
    return type(exc)(
        f"{exc.message} ({done} of {total} changes were made before; publish again to finish)"
    )


def _check_chosen(chosen: Mapping[str, str], names: Sequence[str]) -> None:
    for feed, name in chosen.items():
        if feed not in names:
            raise UsageError(
                f"--caldav-collection names the feed '{feed}', which the plan does not have "
                f"(feeds: {', '.join(names)})"
            )
        if not name or "/" in name or name in (".", ".."):
            raise UsageError(
                f"--caldav-collection {feed}={name}: NAME is a calendar's name in the home, "
                "one path segment"
            )
    taken: dict[str, str] = {}
    for feed, name in chosen.items():
        if name in taken:
            raise UsageError(f"--caldav-collection puts both {taken[name]} and {feed} into {name}")
        taken[name] = feed


def _plain_http_login(target: CalDavTarget) -> bool:
    url = httpx.URL(target.url)
    local = url.host in ("localhost", "127.0.0.1", "::1")
    return url.scheme == "http" and target.username is not None and not local
