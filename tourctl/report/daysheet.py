"""Day sheets as text, markdown, one self-contained HTML page per printed day, or JSON.

Every renderer walks the same ``DaySheet``\\ s (``tourctl.daysheets``), in the
order a person lives the day: where they wake up, the legs and events as they
happen (doors, start, end, venue, address, accessibility, contacts, languages,
speakers, registration), where they sleep, the notes, the organizer. Times are
local, with the zone named; a change of zone is called out.

HTML carries its CSS inline and nothing else: no fonts, scripts or images,
and no links but the plan's own web addresses, ``tel:`` and ``mailto:``. One
day per printed page (``@media print``), readable on a 360 px phone.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from tourctl.daysheets import DaySheet, DaySheets
from tourctl.export.travel import endpoint_text, leg_summary, names
from tourctl.report.findings import refused_json, refused_text, write_json
from tourctl.text import plural
from tourctl.view import ContactView, EventView, LegView, StayView

if TYPE_CHECKING:
    from tourctl.errors import PlanRefused
    from tourctl.report.streams import Streams


def day_title(day: date) -> str:
    """``Thursday 2 May 2024``."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def hhmm(moment: datetime | None) -> str:
    """``19:00 CEST`` (the zone's abbreviation, or its UTC offset)."""
    if moment is None:
        return "?"
    name = moment.tzname() or ""
    if re.fullmatch(r"[+-]\d+", name):
        name = f"UTC{name}"
    return f"{moment:%H:%M} {name}".strip()


def _stay_when(stay: StayView, which: str) -> str:
    value = stay.check_in if which == "in" else stay.check_out
    return f"{value:%H:%M}" if isinstance(value, datetime) else ""


def _contact_line(contact: ContactView) -> str:
    who = f"{contact.name} ({contact.role})" if contact.role else contact.name
    ways = [w for w in (contact.phone, contact.email, contact.website) if w]
    return f"{who}: {', '.join(ways)}" if ways else who


def _zone_line(sheet: DaySheet) -> str:
    if not sheet.zones:
        return "Time zone: not known"
    label = "Time zone" if len(sheet.zones) == 1 else "Time zones"
    line = f"{label}: {', '.join(sheet.zones)}"
    for change in sheet.zone_changes:
        line += (
            f" — zone change: {change.before} → {change.after} on arrival at {hhmm(change.at)}"
            f" (clocks {_shift(change)}; {change.what})"
        )
    return line


def _shift(change: Any) -> str:
    from tourctl.places import tzdata

    at = change.at
    before = at.astimezone(tzdata.zone(change.before)).utcoffset()
    after = at.astimezone(tzdata.zone(change.after)).utcoffset()
    if before is None or after is None:
        return "change"
    minutes = int((after - before).total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    amount = f"{hours}h" + (f"{rest:02d}m" if rest else "")
    return f"{'forward' if minutes > 0 else 'back'} {amount}"


def _event_details(event: EventView) -> list[tuple[str, str]]:
    venue = event.venue
    rows: list[tuple[str, str]] = []
    if event.doors:
        rows.append(("Doors", f"{event.doors:%H:%M}"))
    if event.all_day:
        rows.append(("When", "all day"))
    else:
        rows.append(("When", f"{hhmm(event.start)} – {hhmm(event.end)}"))
    place = venue.name if venue.city in venue.name else f"{venue.name}, {venue.city}"
    rows.append(("Venue", place))
    if venue.address:
        rows.append(("Address", venue.address))
    if venue.accessibility:
        rows.append(("Accessibility", venue.accessibility.strip()))
    rows += [("Contact", _contact_line(c)) for c in venue.contacts]
    if event.languages:
        rows.append(("Languages", ", ".join(event.languages)))
    if event.speakers:
        rows.append(("Speakers", names(event.speakers)))
    if event.crew:
        rows.append(("Crew", names(event.crew)))
    if event.registration:
        rows.append(("Registration", event.registration))
    rows.append(("Status", event.status.value))
    return rows


def _leg_details(leg: LegView) -> list[tuple[str, str]]:
    rows = [
        ("Departs", f"{hhmm(leg.depart)} from {endpoint_text(leg.origin)}"),
        ("Arrives", f"{hhmm(leg.arrive)} at {endpoint_text(leg.destination)}"),
    ]
    if leg.people:
        rows.append(("People", names(leg.people)))
    if leg.reference:
        rows.append(("Reference", leg.reference))
    if leg.booking:
        rows.append(("Booking", leg.booking))
    return rows


def _stay_details(stay: StayView) -> list[tuple[str, str]]:
    city = stay.city if not stay.address or stay.city not in stay.address else None
    rows = [("Where", ", ".join(p for p in (stay.name, stay.address, city) if p))]
    if stay.phone:
        rows.append(("Phone", stay.phone))
    if stay.people:
        rows.append(("People", names(stay.people)))
    check_in = _stay_when(stay, "in")
    if check_in:
        rows.append(("Check-in", check_in))
    if stay.booking:
        rows.append(("Booking", stay.booking))
    return rows


def _wake_line(stay: StayView) -> str:
    who = f" ({names(stay.people)})" if stay.people else ""
    out = _stay_when(stay, "out")
    leave = f", check-out {out}" if out else ""
    return f"{stay.name}, {stay.city}{who}{leave}"


def _heading(result: DaySheets) -> str:
    who = f" — {result.person.name}" if result.person is not None else ""
    return f"{result.tour.title}{who}: day sheets ({result.view.audience.value})"


def _organizer(result: DaySheets) -> str:
    tour = result.tour
    ways = [w for w in (tour.organizer_email, tour.organizer_website) if w]
    return f"{tour.organizer_name}" + (f": {', '.join(ways)}" if ways else "")


# --- text and markdown ---------------------------------------------------------------------


def render_text(result: DaySheets) -> str:
    lines = [_heading(result), ""]
    for sheet in result.sheets:
        title = day_title(sheet.day)
        lines += [title, "=" * len(title), _zone_line(sheet)]
        if sheet.wake_up:
            lines += [f"Wake up: {_wake_line(s)}" for s in sheet.wake_up]
        if not sheet.items:
            lines.append("Nothing scheduled.")
        for item in sheet.items:
            lines.append("")
            if isinstance(item, LegView):
                lines.append(f"{hhmm(item.depart)}  {leg_summary(item)}")
                lines += [f"    {k}: {v}" for k, v in _leg_details(item)]
            else:
                start = "all day" if item.all_day else hhmm(item.start)
                lines.append(f"{start}  {item.title}")
                lines += [f"    {k}: {v}" for k, v in _event_details(item)]
        lines.append("")
        if sheet.tonight:
            for stay in sheet.tonight:
                lines.append(f"Tonight: {stay.name}, {stay.city}")
                lines += [f"    {k}: {v}" for k, v in _stay_details(stay)]
        elif sheet.overnight is not None:
            lines.append(f"Tonight: on board, {leg_summary(sheet.overnight)}")
        else:
            lines.append("Tonight: no stay in this sheet")
        if sheet.people:
            lines.append("People: " + "; ".join(_person_line(p) for p in sheet.people))
        for what, note in sheet.notes:
            lines.append(f"Note ({what}): {' '.join(note.split())}")
        lines += [f"Organizer: {_organizer(result)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _person_line(person: Any) -> str:
    ways = [w for w in (person.phone, person.email) if w]
    return f"{person.name}" + (f" {', '.join(ways)}" if ways else "")


def _md(text: str) -> str:
    """Plan text in markdown: characters markdown reads as markup are escaped."""
    escaped = re.sub(r"([\\`*_\[\]|<>~])", r"\\\1", " ".join(text.split()))
    return "\\" + escaped if escaped[:1] in ("#", "+", "-") else escaped


def render_markdown(result: DaySheets) -> str:
    lines = [f"# {_md(_heading(result))}", ""]
    for sheet in result.sheets:
        lines += [f"## {day_title(sheet.day)}", "", f"*{_md(_zone_line(sheet))}*", ""]
        for stay in sheet.wake_up:
            lines.append(f"- **Wake up:** {_md(_wake_line(stay))}")
        if sheet.wake_up:
            lines.append("")
        if not sheet.items:
            lines += ["Nothing scheduled.", ""]
        for item in sheet.items:
            if isinstance(item, LegView):
                lines += [f"### {_md(hhmm(item.depart))} · {_md(leg_summary(item))}", ""]
                details = _leg_details(item)
            else:
                start = "all day" if item.all_day else hhmm(item.start)
                lines += [f"### {_md(start)} · {_md(item.title)}", ""]
                details = _event_details(item)
            lines += [f"- **{k}:** {_md(v)}" for k, v in details]
            lines.append("")
        for stay in sheet.tonight:
            lines += [f"### Tonight: {_md(stay.name)}, {_md(stay.city)}", ""]
            lines += [f"- **{k}:** {_md(v)}" for k, v in _stay_details(stay)]
            lines.append("")
        if not sheet.tonight and sheet.overnight is not None:
            lines += [f"### Tonight: on board, {_md(leg_summary(sheet.overnight))}", ""]
        if sheet.people:
            lines += ["**People:** " + "; ".join(_md(_person_line(p)) for p in sheet.people), ""]
        for what, note in sheet.notes:
            lines.append(f"> **Note ({_md(what)}):** {_md(note)}")
        if sheet.notes:
            lines.append("")
        lines += [f"**Organizer:** {_md(_organizer(result))}", ""]
    return "\n".join(lines).rstrip() + "\n"


# --- HTML ------------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
  padding: 1rem; line-height: 1.4; color: #111; background: #fff; }
main { max-width: 46rem; margin: 0 auto; }
h1 { font-size: 1.35rem; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 0 0 .25rem; border-bottom: 2px solid #111; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.zone { margin: 0 0 .5rem; color: #333; }
.change { font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0 0 .5rem; }
th, td { text-align: left; vertical-align: top; padding: .15rem .4rem .15rem 0;
  overflow-wrap: anywhere; }
th { width: 8.5rem; font-weight: 600; }
.day { margin-bottom: 2rem; }
.note { border-left: 3px solid #999; padding-left: .5rem; }
footer { margin-top: .75rem; font-size: .9rem; }
a { color: #0645ad; }
@media (max-width: 480px) { th { width: auto; display: block; } td { display: block;
  padding-bottom: .35rem; } tr { display: block; } }
@page { size: A4; margin: 12mm 14mm; }
@media print { body { padding: 0; font-size: 9pt; line-height: 1.25; } main { max-width: none; }
  h1 { font-size: 11pt; margin: 0 0 4pt; } h2 { font-size: 13pt; }
  h3 { font-size: 10pt; margin: 6pt 0 2pt; break-after: avoid; }
  th { width: 6.5rem; } th, td { padding: 0 4pt 0 0; }
  table { margin: 0 0 2pt; break-inside: avoid; }
  .day { break-after: page; page-break-after: always; margin: 0; }
  .day:last-of-type { break-after: auto; page-break-after: auto; }
  .items { columns: 2; column-gap: 10mm; } .item { break-inside: avoid; }
  a { color: #111; text-decoration: none; } }
"""

_PHONE = re.compile(r"\+?[\d\s().-]{6,}")


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _linked(label: str, value: str) -> str:
    """A value with its own link where it is a phone, an email or a web address."""
    if label in ("Registration",) and value.startswith(("http://", "https://")):
        return f'<a href="{_h(value)}">{_h(value)}</a>'
    if label in ("Phone",):
        return _tel(value)
    if label in ("Contact",):
        return _link_ways(value)
    return _h(value)


def _tel(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone)
    return f'<a href="tel:{_h(digits)}">{_h(phone)}</a>' if digits else _h(phone)


def _link_ways(text: str) -> str:
    """Contact text with its phone numbers, emails and web addresses made links."""
    out: list[str] = []
    for part in re.split(r"(, |: )", text):
        if re.fullmatch(r"[^\s@,:]+@[^\s@,:]+\.[^\s@,:]+", part):
            out.append(f'<a href="mailto:{_h(part)}">{_h(part)}</a>')
        elif part.startswith(("http://", "https://")):
            out.append(f'<a href="{_h(part)}">{_h(part)}</a>')
        elif _PHONE.fullmatch(part) and sum(c.isdigit() for c in part) >= 6:
            out.append(_tel(part))
        else:
            out.append(_h(part))
    return "".join(out)


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(
        f'<tr><th scope="row">{_h(k)}</th><td>{_linked(k, v)}</td></tr>' for k, v in rows
    )
    return f"<table>{body}</table>"


def _block(title: str, body: str) -> str:
    return f'<div class="item"><h3>{_h(title)}</h3>{body}</div>'


def render_html(result: DaySheets) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(_heading(result))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_h(_heading(result))}</h1>",
    ]
    for sheet in result.sheets:
        parts.append(f'<section class="day" aria-label="{_h(day_title(sheet.day))}">')
        parts.append(f"<h2>{_h(day_title(sheet.day))}</h2>")
        css = "zone change" if sheet.zone_changes else "zone"
        parts.append(f'<p class="{css}">{_h(_zone_line(sheet))}</p>')
        if sheet.wake_up:
            parts.append(_table([("Wake up", _wake_line(s)) for s in sheet.wake_up]))
        if not sheet.items:
            parts.append("<p>Nothing scheduled.</p>")
        blocks: list[str] = []
        for item in sheet.items:
            if isinstance(item, LegView):
                title = f"{hhmm(item.depart)} · {leg_summary(item)}"
                blocks.append(_block(title, _table(_leg_details(item))))
            else:
                start = "all day" if item.all_day else hhmm(item.start)
                blocks.append(_block(f"{start} · {item.title}", _table(_event_details(item))))
        for stay in sheet.tonight:
            title = f"Tonight: {stay.name}, {stay.city}"
            blocks.append(_block(title, _table(_stay_details(stay))))
        if not sheet.tonight and sheet.overnight is not None:
            blocks.append(_block(f"Tonight: on board, {leg_summary(sheet.overnight)}", ""))
        if sheet.people:
            rows = "".join(
                f'<tr><th scope="row">{_h(p.name)}</th>'
                f"<td>{_link_ways(', '.join(w for w in (p.phone, p.email) if w))}</td></tr>"
                for p in sheet.people
            )
            blocks.append(_block("People", f"<table>{rows}</table>"))
        parts.append('<div class="items">' + "".join(blocks) + "</div>")
        for what, note in sheet.notes:
            parts.append(f'<p class="note"><strong>Note ({_h(what)}):</strong> {_h(note)}</p>')
        parts.append(f"<footer>Organizer: {_link_ways(_organizer(result))}</footer>")
        parts.append("</section>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


# --- JSON -------------------------------------------------------------------------------------


def _moment(moment: datetime | None) -> dict[str, Any] | None:
    if moment is None:
        return None
    from datetime import UTC

    return {
        "local": f"{moment:%Y-%m-%d %H:%M}",
        "zone_abbreviation": moment.tzname(),
        "utc": moment.astimezone(UTC).isoformat(),
    }


def _stay_json(stay: StayView) -> dict[str, Any]:
    from tourctl.report.itinerary import stay_json

    return stay_json(stay)


def document(result: DaySheets) -> dict[str, Any]:
    from tourctl.report.itinerary import event_json, leg_json

    days = []
    for sheet in result.sheets:
        items = []
        for item in sheet.items:
            if isinstance(item, LegView):
                items.append({"kind": "leg", **leg_json(item)})
            else:
                items.append({**event_json(item), "kind": "event"})  # show's JSON of an event
        days.append(
            {
                "date": sheet.day.isoformat(),
                "weekday": f"{sheet.day:%A}",
                "timezones": list(sheet.zones),
                "zone_changes": [
                    {"from": c.before, "to": c.after, "at": _moment(c.at), "leg": c.what}
                    for c in sheet.zone_changes
                ],
                "wake_up": [_stay_json(s) for s in sheet.wake_up],
                "items": items,
                "tonight": [_stay_json(s) for s in sheet.tonight],
                "overnight": None if sheet.overnight is None else sheet.overnight.key,
                "people": [
                    {"id": p.key, "name": p.name, "phone": p.phone, "email": p.email}
                    for p in sheet.people
                ],
                "notes": [{"about": what, "note": note} for what, note in sheet.notes],
            }
        )
    tour = result.tour
    return {
        "tour": {"id": tour.id, "title": tour.title},
        "audience": result.view.audience.value,
        "person": result.person.name if result.person is not None else None,
        "organizer": {
            "name": tour.organizer_name,
            "email": tour.organizer_email,
            "website": tour.organizer_website,
        },
        "days": days,
    }


# --- reporters -------------------------------------------------------------------------------


class _Daysheet:
    """Writes the document to ``-o`` (atomically) or to stdout."""

    def render(self, result: DaySheets) -> str:
        raise NotImplementedError

    def report(self, result: DaySheets, streams: Streams) -> None:
        text = self.render(result)
        if result.output is None or result.output == "-":
            streams.stdout.write(text)
            return
        from pathlib import Path

        from tourctl.fsutil import atomic_write

        atomic_write(Path(result.output), text.encode("utf-8"))
        days = plural(len(result.sheets), "day sheet")
        streams.err().print(f"Wrote {days} to {result.output}", markup=False, highlight=False)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


class DaysheetText(_Daysheet):
    def render(self, result: DaySheets) -> str:
        return render_text(result)


class DaysheetMarkdown(_Daysheet):
    def render(self, result: DaySheets) -> str:
        return render_markdown(result)


class DaysheetHtml(_Daysheet):
    def render(self, result: DaySheets) -> str:
        return render_html(result)


class DaysheetJson(_Daysheet):
    def render(self, result: DaySheets) -> str:
        import io

        out = io.StringIO()
        write_json(document(result), out)
        return out.getvalue()

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_json(refusal, streams)
