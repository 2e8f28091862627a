"""The tour's public page: ``index.html`` of a published site.

Built from the public view alone, so it holds exactly what the public feed
holds: the announced public events in date order, with local time and zone,
venue and city (the address only where it is public), cancelled ones marked,
registration links, an ``.ics`` link per event, and "Subscribe" (``webcal://``)
and "Download" links for the public feed. No external resources, no scripts,
no trackers; one self-contained page that reads on a phone.
"""

from __future__ import annotations

import html
from datetime import datetime
from urllib.parse import urlsplit

from tourctl.enums import Status
from tourctl.export.calendar import country_name
from tourctl.timing import clock_range
from tourctl.view import EventView, PlanView

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
  line-height: 1.5; color: #111; background: #fff; }
header, main, footer { max-width: 44rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 2px solid #111; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 0 0 .25rem; }
.subscribe a { display: inline-block; margin: .25rem .75rem .25rem 0; padding: .4rem .8rem;
  border: 2px solid #0b3d91; border-radius: .3rem; color: #0b3d91; font-weight: 600;
  text-decoration: none; }
.subscribe a:focus, .subscribe a:hover { background: #0b3d91; color: #fff; }
ol.events { list-style: none; padding: 0; margin: 0; }
ol.events > li { border-bottom: 1px solid #767676; padding: .75rem 0; }
.when { font-weight: 600; margin: 0; }
.where, .links { margin: .15rem 0; }
.cancelled h3 { text-decoration: line-through; }
.badge { display: inline-block; font-size: .85rem; font-weight: 700; color: #fff;
  background: #a4000f; border-radius: .2rem; padding: 0 .35rem; margin-left: .35rem;
  text-decoration: none; }
a { color: #0b3d91; }
.note { color: #333; font-size: .95rem; }
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _when(event: EventView) -> str:
    day = f"{event.day:%A} {event.day.day} {event.day:%B %Y}"
    if event.all_day or event.start is None:
        return f"{day}, all day"
    zone = event.zone or ""
    if event.end is None:
        return f"{day}, {event.start:%H:%M} {event.start.tzname()} ({zone} time)"
    return f"{day}, {clock_range(event.start, event.end)} ({zone} time)"


def _datetime_attr(event: EventView) -> str:
    if event.start is None:
        return event.day.isoformat()
    return event.start.isoformat(timespec="minutes")


def webcal(base_url: str, path: str) -> str:
    """``https://tour.example.org/`` + ``public.ics`` → ``webcal://tour.example.org/public.ics``."""
    parts = urlsplit(base_url.rstrip("/") + "/" + path)
    return f"webcal://{parts.netloc}{parts.path}"


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + path


def render_page(
    view: PlanView,
    *,
    feed: str,
    event_files: dict[str, str],
    base_url: str | None,
    generated: datetime | None = None,
) -> str:
    """The page; ``event_files`` maps an event's key to its ``.ics`` path in the site."""
    tour = view.tour
    subscribe = ""
    if base_url is not None:
        subscribe = f'<a href="{_h(webcal(base_url, feed))}">Subscribe to the calendar</a>'
        download = absolute(base_url, feed)
    else:
        download = feed
    links = f'{subscribe}<a href="{_h(download)}" download>Download the calendar (.ics)</a>'
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(tour.title)}</title>",
        '<meta name="robots" content="noarchive">',
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_h(tour.title)}</h1>",
    ]
    if tour.description:
        parts.append(f"<p>{_h(' '.join(tour.description.split()))}</p>")
    parts.append(f'<p class="subscribe">{links}</p>')
    if base_url is None:
        parts.append(
            '<p class="note">To subscribe, add the full web address of '
            f"<code>{_h(feed)}</code> on this site to your calendar app: it then keeps "
            "itself up to date.</p>"
        )
    parts += ["</header>", "<main>", "<h2>Events</h2>"]
    if not view.events:
        parts.append("<p>No events are announced yet.</p>")
    else:
        parts.append('<ol class="events">')
        for event in view.events:
            parts.append(_event(event, event_files.get(event.key), base_url))
        parts.append("</ol>")
    parts += ["</main>", "<footer>", f"<p>{_organizer(view)}</p>", "</footer>"]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _event(event: EventView, ics: str | None, base_url: str | None) -> str:
    cancelled = event.status is Status.CANCELLED
    venue = event.venue
    where = [venue.name, venue.address, venue.city, country_name(venue.country)]
    badge = ' <span class="badge">Cancelled</span>' if cancelled else ""
    tentative = " (to be confirmed)" if event.status is Status.TENTATIVE else ""
    lines = [
        f'<li class="{"event cancelled" if cancelled else "event"}">',
        f"<h3>{_h(event.title)}{badge}</h3>",
        f'<p class="when"><time datetime="{_h(_datetime_attr(event))}">'
        f"{_h(_when(event))}</time>{_h(tentative)}</p>",
        f'<p class="where">{_h(", ".join(p for p in where if p))}</p>',
    ]
    if event.speakers:
        lines.append(f"<p>With {_h(', '.join(p.name for p in event.speakers))}</p>")
    if event.description and event.description.strip():
        lines.append(f"<p>{_h(' '.join(event.description.split()))}</p>")
    links = []
    if event.registration and not cancelled:
        links.append(f'<a href="{_h(event.registration)}">Register for {_h(event.title)}</a>')
    if ics is not None:
        href = absolute(base_url, ics) if base_url else ics
        links.append(f'<a href="{_h(href)}">Add {_h(event.title)} to your calendar (.ics)</a>')
    if links:
        lines.append(f'<p class="links">{" · ".join(links)}</p>')
    lines.append("</li>")
    return "\n".join(lines)


def _organizer(view: PlanView) -> str:
    tour = view.tour
    text = f"Organized by {_h(tour.organizer_name)}"
    if tour.organizer_website:
        text += f' · <a href="{_h(tour.organizer_website)}">{_h(tour.organizer_website)}</a>'
    if tour.organizer_email:
        email = tour.organizer_email
        text += f' · <a href="mailto:{_h(email)}">{_h(email)}</a>'
    return text
