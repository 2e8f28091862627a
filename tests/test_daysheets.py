"""Day sheets: what each day holds, per person or for the whole team, and safe for a host.

The HTML sheet is also opened in a real browser (Debian's chromium, headless):
printed to PDF it has one page per day with that day on it, and it renders at
a phone's 360 px width. ``./scripts/test`` installs chromium and poppler-utils
when it runs as root with apt; elsewhere those tests are skipped, saying why.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import TOURS, invoke, run_tourctl

EXAMPLE = TOURS / "solidarity-europe-2024.yaml"
TEAM_ONLY = [
    "X7K2P9",  # a booking code
    "HP-55821",
    "Seats 41 and 42",  # a leg's team note
    "Late check-in arranged",  # a stay's team note
    "Interpreter booked by Lambda",  # an event's team note
    "Apartament Kazimierz",  # a team-only stay
    "EC 113",  # a team-only leg
    "Dmitri P.",  # crew: team only
    "+49 151 23456789",  # a person's phone
    "Nino",  # a team-only contact (Tbilisi)
]


def test_one_persons_day_in_the_order_they_live_it() -> None:
    result = run_tourctl("daysheet", EXAMPLE, "--date", "2024-05-03", "--person", "georgii")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Friday 3 May 2024" in text and "Time zones: Europe/Prague, Europe/Warsaw" in text
    order = [
        "Wake up: Pension U Mostu, Praha",
        "09:12 CEST  Train Praha → Kraków (EC 113)",
        "Departs: 09:12 CEST from Praha hl.n., Praha",
        "Arrives: 16:40 CEST at Kraków Główny, Kraków",
        "Booking: X7K2P9",
        "Tonight: Apartament Kazimierz, Kraków",
        "Phone: +48 12 000 00 00",
        "Note (Train Praha → Kraków (EC 113)): Seats 41 and 42, coach 254.",
        "Organizer: ComingOut: tour@example.org",
    ]
    positions = [text.index(line) for line in order]
    assert positions == sorted(positions), text


def test_an_event_day_has_doors_venue_contacts_languages_speakers_registration() -> None:
    text = invoke("daysheet", EXAMPLE, "--date", "2024-05-02", "--person", "georgii").stdout
    for line in [
        "Doors: 18:30",
        "When: 19:00 CEST – 21:00 CEST",
        "Venue: Safespace Bookstore, Praha",
        "Address: Example street 1, 110 00 Praha 1",
        "Accessibility: Step-free entrance from the courtyard",
        "Contact: Jana Example (host): +420 601 234 567",
        "Languages: en, ru",
        "Speakers: Georgii K.",
        "Registration: https://example.org/register/prague",
    ]:
        assert line in text


def test_a_zone_change_is_called_out() -> None:
    text = invoke("daysheet", EXAMPLE, "--date", "2024-05-15", "--person", "georgii").stdout
    assert "zone change: Europe/Vilnius → Asia/Tbilisi on arrival at 05:05" in text
    assert "clocks forward 1h" in text
    assert "Tonight: on board, Flight Vilnius → Tbilisi (A2 712)" in text


def test_a_sheet_for_partners_is_safe_to_send_to_a_host() -> None:
    for fmt in ("text", "markdown", "html", "json"):
        result = run_tourctl(
            "daysheet", EXAMPLE, "--date", "2024-05-04", "-a", "partners", "--format", fmt
        )
        assert result.returncode == 0, result.stderr
        text = html.unescape(result.stdout) if fmt == "html" else result.stdout
        for secret in TEAM_ONLY:
            assert secret not in text, (fmt, secret)
        # What partners may see: the leg and the stay raised to partners, the event.
        assert "LO 3920" in text and "Lambda's guest room" in text
        assert "Lambda Community Space" in text


def test_the_public_sees_only_public_names() -> None:
    text = invoke("daysheet", EXAMPLE, "--date", "2024-05-04", "-a", "public").stdout
    assert "Alexandra" not in text
    assert "Speakers: Georgii K., a speaker from ComingOut" in text
    assert "LO 3920" not in text


def test_json_is_stable_for_scripts() -> None:
    result = invoke("daysheet", EXAMPLE, "--person", "georgii", "-f", "json")
    document = json.loads(result.stdout)
    assert document["audience"] == "team" and document["person"] == "Georgii K."
    days = {day["date"]: day for day in document["days"]}
    assert list(days) == sorted(days)
    may16 = days["2024-05-16"]
    assert may16["timezones"] == ["Asia/Tbilisi"]
    assert [item["kind"] for item in may16["items"]] == ["event"]
    may15 = days["2024-05-15"]
    assert may15["zone_changes"][0]["to"] == "Asia/Tbilisi"
    assert may15["overnight"] == "vilnius-tbilisi"
    assert days["2024-05-03"]["tonight"][0]["name"] == "Apartament Kazimierz"


def test_unknown_person_and_bad_date_are_usage_errors() -> None:
    unknown = invoke("daysheet", EXAMPLE, "--person", "georgi")
    assert unknown.returncode == 2 and "did you mean 'georgii'" in unknown.stderr
    bad = invoke("daysheet", EXAMPLE, "--date", "4 May")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_output_file_never_overwrites_the_plan(tmp_path: Path) -> None:
    plan = tmp_path / "tour.yaml"
    plan.write_bytes(EXAMPLE.read_bytes())
    result = invoke("daysheet", plan, "-f", "html", "-o", plan)
    assert result.returncode == 2 and "the plan itself" in result.stderr
    assert plan.read_bytes() == EXAMPLE.read_bytes()


# --- the HTML page -----------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.lang: str | None = None
        self.headings: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name] or "")
        if tag in ("h1", "h2"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "h2":
            self.headings.append(data)


@pytest.fixture(scope="module")
def whole_tour(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sheets") / "daysheets.html"
    result = run_tourctl("daysheet", EXAMPLE, "--format", "html", "-o", path)
    assert result.returncode == 0, result.stderr
    assert "Wrote 21 day sheets" in result.stderr
    return path


def test_the_html_is_one_self_contained_page(whole_tour: Path) -> None:
    page = _Page()
    page.feed(whole_tour.read_text(encoding="utf-8"))
    assert page.lang == "en"
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags)
    assert "style" in page.tags and "table" in page.tags and "h2" in page.tags
    plan_text = EXAMPLE.read_text(encoding="utf-8")
    for link in page.links:
        assert link.startswith(("tel:", "mailto:")) or link in plan_text, link
    assert any(link.startswith("tel:+") for link in page.links)
    assert len(page.headings) == 21


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed (./scripts/test installs it as root with apt)")


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} is not installed (poppler-utils; ./scripts/test installs it)")
    return found


def _browser(tmp_path: Path, *args: str) -> None:
    profile = tmp_path / "profile"
    subprocess.run(
        [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_printed_it_is_one_page_per_day_in_a_real_browser(whole_tour: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "daysheets.pdf"
    _browser(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", whole_tour.as_uri())
    info = subprocess.run([_need("pdfinfo"), pdf], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)[1])  # type: ignore[index]
    page = _Page()
    page.feed(whole_tour.read_text(encoding="utf-8"))
    assert pages == len(page.headings) == 21
    for number, heading in enumerate(page.headings, start=1):
        text = subprocess.run(
            [_need("pdftotext"), "-f", str(number), "-l", str(number), pdf, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert heading in text, (number, heading)


def test_it_reads_on_a_phone_in_a_real_browser(whole_tour: Path, tmp_path: Path) -> None:
    shot = tmp_path / "phone.png"
    _browser(
        tmp_path,
        "--window-size=360,1600",
        "--hide-scrollbars",
        f"--screenshot={shot}",
        whole_tour.as_uri(),
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (360, 1600)
    artefacts = Path(__file__).resolve().parent.parent / "test-artefacts"
    artefacts.mkdir(exist_ok=True)
    (artefacts / "daysheet-360px.png").write_bytes(data)
    # Nothing wider than the screen: the page paints a green square if its content fits
    # the 360 px viewport, red if it would scroll sideways, and the screenshot tells which.
    probe = tmp_path / "probe.html"
    probe.write_text(
        whole_tour.read_text(encoding="utf-8").replace(
            "</body>",
            '<div id="fit" style="position:fixed;left:0;top:0;width:20px;height:20px"></div>'
            "<script>const fits = document.documentElement.scrollWidth <= innerWidth;"
            "document.getElementById('fit').style.background = fits ? '#00ff00' : '#ff0000';"
            "</script></body>",
        ),
        encoding="utf-8",
    )
    check = tmp_path / "fit.png"
    _browser(tmp_path, "--window-size=360,800", f"--screenshot={check}", probe.as_uri())
    assert _pixel(check.read_bytes(), 5, 5)[:3] == (0, 255, 0)


def _pixel(png: bytes, x: int, y: int) -> tuple[int, ...]:
    """One pixel of an 8-bit RGB(A) PNG, decoded with zlib alone (no imaging library)."""
    import struct
    import zlib

    width, _height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    channels = 3 if colour == 2 else 4
    data, offset = b"", 8
    while offset < len(png):
        length, kind = struct.unpack(">I4s", png[offset : offset + 8])
        if kind == b"IDAT":
            data += png[offset + 8 : offset + 8 + length]
        offset += 12 + length
    raw = zlib.decompress(data)
    stride = width * channels
    previous = bytearray(stride)
    row = bytearray(stride)
    for line in range(y + 1):
        start = line * (stride + 1)
        kind, scan = raw[start], raw[start + 1 : start + 1 + stride]
        row = bytearray(stride)
        for i, value in enumerate(scan):
            left = row[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 0:
                row[i] = value
            elif kind == 1:
                row[i] = (value + left) & 0xFF
            elif kind == 2:
                row[i] = (value + up) & 0xFF
            elif kind == 3:
                row[i] = (value + (left + up) // 2) & 0xFF
            else:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), left), (abs(guess - up), up), (abs(guess - corner), corner)
                )
                row[i] = (value + near[1]) & 0xFF
        previous = row
    return tuple(row[x * channels : (x + 1) * channels])
