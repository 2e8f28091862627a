"""The calendar home of ``publish --caldav``: listing it, and reading tourctl's calendars in it.

Apart from the rest of ``caldav`` so that it imports little (httpx, the
``caldav`` library's XML, ``objects``): ``core.publish`` starts ``Reading`` before
it checks the plan, and the sooner the first request goes out, the more of a
re-publish's waiting for the server happens while there is other work to do.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from tourctl.errors import UsageError
from tourctl.publish.dav import Answer, Dav, Limits, absolute, read_calendar_objects
from tourctl.publish.objects import ServerObject, read_object
from tourctl.publish.workers import Workers

MARKER = re.compile(r"\[tourctl-feed: ([a-z0-9-]+)/([a-z0-9:-]+)\]")
CALENDAR = "{urn:ietf:params:xml:ns:caldav}calendar"
COLLECTION = "{DAV:}collection"
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class CalDavTarget:
    """Where and as whom to publish. ``password`` is never taken from the command line."""

    url: str
    """The calendar home, ending in ``/``."""
    username: str | None = None
    password: str | None = None
    collections: Mapping[str, str] = field(default_factory=dict)
    """Feed → the name of an existing calendar to publish it into (``--caldav-collection``)."""
    timeout: float = DEFAULT_TIMEOUT
    deadline: float | None = None
    """Seconds for the whole publish; None: 20 timeouts, at least 10 minutes."""
    ca_bundle: str | None = None

    @property
    def run_deadline(self) -> float:
        return self.deadline if self.deadline is not None else max(600.0, 20 * self.timeout)


# --- the calendars in the home ---------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    name: str
    url: str
    calendar: bool
    description: str | None
    claim: tuple[str, str] | None
    """(tour id, feed) of the marker in its description."""


def list_home(dav: Dav, url: str) -> dict[str, Entry]:
    """The calendars and other collections directly in the home, by name."""
    from caldav.elements import cdav
    from caldav.elements import dav as d

    what = f"list the calendars at {url}"
    props = [d.ResourceType(), d.DisplayName(), cdav.CalendarDescription()]
    results = dav.propfind(url, props, what)
    if results is None:
        raise UsageError(
            f"nothing at {url} (404): give the calendar home, like "
            "https://cloud.example.org/remote.php/dav/calendars/<user>/ (Nextcloud) or "
            "https://dav.example.org/<user>/ (Radicale)"
        )
    home_path = httpx.URL(url).path
    entries: dict[str, Entry] = {}
    for result in results:
        href = result.href
        kinds = result.properties.get("{DAV:}resourcetype") or []
        if href.rstrip("/") == home_path.rstrip("/"):
            if CALENDAR in kinds:
                raise UsageError(
                    f"{url} is one calendar, not a calendar home: give the folder that holds "
                    "the calendars (…/calendars/<user>/), and name this one for a feed with "
                    "--caldav-collection FEED=NAME if it should hold one"
                )
            continue
        parent, _, name = href.rstrip("/").rpartition("/")
        if parent + "/" != home_path or not name or COLLECTION not in kinds:
            continue
        description = result.properties.get(f"{{{_CALDAV_NS}}}calendar-description")
        text = description if isinstance(description, str) else None
        claim = MARKER.search(text or "")
        entries[name] = Entry(
            name,
            absolute(url, href.rstrip("/") + "/"),
            CALENDAR in kinds,
            text,
            (claim[1], claim[2]) if claim else None,
        )
    return entries


_CALDAV_NS = "urn:ietf:params:xml:ns:caldav"


def fetch(dav: Dav, url: str, name: str) -> list[ServerObject]:
    """Every object of one calendar, as far as tourctl reads them (one REPORT)."""
    return objects_of(dav.report_objects(url, _reading(name)), name)


def objects_of(answer: Answer, name: str) -> list[ServerObject]:
    """Every object of one calendar, as far as tourctl reads them, from the answer to its
    REPORT (``Dav.report_objects``)."""
    return [
        read_object(result.href, result.etag, result.calendar_data)
        for result in read_calendar_objects(answer, _reading(name))
        if result.status < 300
    ]


def _reading(name: str) -> str:
    return f"read the events of {name}"


def _largest_first(entry: Entry) -> int:
    """The team's calendar holds every item, partners' and public ones most of the rest: asked
    for first, their long answers are not the last thing a publish waits for."""
    feed = entry.claim[1] if entry.claim is not None else ""
    kind = feed.partition(":")[0]
    return {"team": 0, "partners": 1, "public": 2, "person": 3}.get(kind, 4)


SWITCH_INTERVAL = 0.0005
"""Seconds a thread holds the GIL before one waiting for the network may have it."""

READERS = 3
"""REPORTs in flight at once. Their answers are read by the ``Reading`` thread itself, so
that an asker sends its next REPORT as soon as an answer has arrived: reading the three
largest (10 MB of calendar data in a 500-event tour) took 50-80 ms each, and the server,
with nothing asked of it, waited that long when the askers read them."""


class Reading:
    """The calendar home read in the background, while the plan is being checked.

    Started as soon as the target is known (``core.publish`` starts it before
    it checks the plan): one PROPFIND of the home, then every calendar in it
    that carries a tourctl mark (of any tour: the plan is not read yet), a few
    REPORTs at a time. ``publish_caldav``
    takes what it found (and raises what went wrong, once the plan is known
    to be valid); ``close`` stops it after the request in flight.
    """

    def __init__(self, target: CalDavTarget) -> None:
        self.target = target
        self.dav = Dav(
            username=target.username,
            password=target.password,
            limits=Limits(target.timeout, target.run_deadline),
            ca_bundle=target.ca_bundle,
            tls=httpx.URL(target.url).scheme != "http",
        )
        self._entries: dict[str, Entry] = {}
        self._found: dict[str, list[ServerObject]] = {}
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="tourctl-caldav", daemon=True)
        # The main thread checks and renders the plan meanwhile, and CPython lets a thread
        # that waits for the GIL have it only after the running one has held it for the
        # switch interval (5 ms): each chunk of the server's answer that arrives would wait
        # that long, and a re-publish reads thousands. 0.5 ms until ``close``; set last, so
        # that a Reading that could not be made leaves it as it was.
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch, SWITCH_INTERVAL))
        self._thread.start()

    def _run(self) -> None:
        try:
            self._entries = list_home(self.dav, self.target.url)
            marked = sorted(
                (e for e in self._entries.values() if e.claim is not None), key=_largest_first
            )
            askers = Workers(
                marked,
                lambda entry: self.dav.report_objects(entry.url, _reading(entry.name)),
                count=READERS,
                name="tourctl-caldav-read",
            )
            found: dict[str, list[ServerObject]] = {}
            failure: BaseException | None = None
            for index, answer, error in askers.outcomes():  # until every asker has ended
                if failure is not None:
                    continue
                try:
                    if error is not None:
                        raise error
                    assert answer is not None
                    found[marked[index].name] = objects_of(answer, marked[index].name)
                except BaseException as exc:  # the first failure; the askers start no other
                    failure = exc
                    askers.stop()
            if failure is not None:
                raise failure
            self._found = {entry.name: found[entry.name] for entry in marked}
        except BaseException as exc:  # raised again in the thread that asks for the result
            self._error = exc

    def result(self) -> tuple[dict[str, Entry], dict[str, list[ServerObject]]]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._entries, self._found

    def close(self) -> None:
        """Stop reading: no new request, and the one in flight given up after a second
        (closing the client ends it), so Ctrl-C or a refused plan never waits for a server."""
        self.dav.cancel()
        self._thread.join(timeout=1.0)
        self.dav.close()
        sys.setswitchinterval(self._switch)
