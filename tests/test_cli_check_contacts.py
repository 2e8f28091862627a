"""End-to-end: the installed ``tourctl check-contacts`` against loopback HTTP and DNS servers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import TOURS, invoke, run_tourctl
from tests.servers import DnsTestServer, HttpTestServer

pytest_plugins = ["tests.servers.fixtures"]
pytestmark = pytest.mark.usefixtures("clean_network_env")

PLAN = """\
version: 1
tour:
  id: contacts-e2e
  title: Contacts
  organizer:
    name: Org
    email: tour@withmx.example
    website: {ok}
venues:
  - id: prague
    name: Venue
    city: Praha
    country: CZ
    contacts:
      - name: Jana
        email: jana@withmx.example
        phone: "+420 601 234 567"
        website: {moved}
      - name: Petr
        email: petr@nullmx.example
        phone: "12"
        website: {missing}
      - name: Eva
        email: eva@silent.example
        website: http://web.example:{port}/ok
"""


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}


@pytest.fixture
def plan(tmp_path: Path, http_server: HttpTestServer) -> Path:
    path = tmp_path / "contacts.yaml"
    path.write_text(
        PLAN.format(
            ok=http_server.url("/ok"),
            moved=http_server.url("/moved"),
            missing=http_server.url("/missing"),
            port=http_server.ports["127.0.0.1"],
        ),
        encoding="utf-8",
    )
    return path


def test_json_results_against_real_servers(
    plan: Path, http_server: HttpTestServer, dns_server: DnsTestServer
) -> None:
    result = invoke(
        "check-contacts", plan, "--format", "json", "--timeout", "1",
        "--dns-server", dns_server.address, env=_env(),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    payload = json.loads(result.stdout)
    by_value = {(r["contact"], r["kind"]): r for r in payload["results"]}
    assert by_value[("Org", "email")]["status"] == "ok"
    assert by_value[("Org", "website")]["status"] == "ok"
    assert by_value[("Org", "website")]["value"] == http_server.url("/ok")
    assert by_value[("Jana", "phone")]["status"] == "ok"
    assert "+420601234567" in by_value[("Jana", "phone")]["detail"]
    moved = by_value[("Jana", "website")]
    assert moved["status"] == "warning"
    assert moved["final_url"] == http_server.url("/ok")
    assert by_value[("Petr", "email")]["status"] == "error"  # null MX: accepts no mail
    assert by_value[("Petr", "phone")]["status"] == "error"
    assert by_value[("Petr", "website")]["status"] == "error"
    assert "404" in by_value[("Petr", "website")]["detail"]
    silent = by_value[("Eva", "email")]
    assert silent["status"] == "warning"  # a DNS timeout is never a pass
    assert by_value[("Eva", "website")]["status"] == "ok"  # resolved by --dns-server
    assert payload["errors"] == sum(r["status"] == "error" for r in payload["results"])
    assert payload["warnings"] == sum(r["status"] == "warning" for r in payload["results"])
    assert {r["venue"] for r in payload["results"]} == {"organizer", "prague"}
    for row in payload["results"]:
        assert {"venue", "contact", "kind", "value", "status", "detail"} <= set(row)


def test_offline_sends_nothing(
    plan: Path, http_server: HttpTestServer, dns_server: DnsTestServer
) -> None:
    result = invoke(
        "check-contacts", plan, "--offline", "--format", "json",
        "--dns-server", dns_server.address, env=_env(),
    )  # fmt: skip
    payload = json.loads(result.stdout)
    assert http_server.stats.count() == 0
    assert dns_server.stats.count() == 0
    statuses = {(r["contact"], r["kind"]): r["status"] for r in payload["results"]}
    assert statuses[("Petr", "phone")] == "error"
    assert statuses[("Jana", "website")] == "ok"
    assert result.returncode == 1


def test_text_table_and_strict(tmp_path: Path, http_server: HttpTestServer) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(
        "version: 1\ntour:\n  id: t\n  title: T\n  organizer:\n    name: Org\n"
        f"    website: {http_server.url('/moved')}\n",
        encoding="utf-8",
    )
    result = invoke("check-contacts", path, "--timeout", "2", env=_env())
    assert result.returncode == 0, result.stdout + result.stderr  # a warning alone passes
    assert "Organizer: Org" in result.stdout
    assert "warning" in result.stdout
    assert "1 contact detail checked: 0 errors, 1 warning" in result.stdout
    strict = invoke("check-contacts", path, "--timeout", "2", "--strict", env=_env())
    assert strict.returncode == 1


def test_bundled_plan_offline() -> None:
    result = invoke(
        "check-contacts", TOURS / "solidarity-europe-2024.yaml", "--offline", "-f", "json"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    payload = json.loads(result.stdout)
    assert payload["errors"] == 0
    assert len(payload["results"]) == 19


def test_bad_dns_server_is_usage_error(plan: Path) -> None:
    result = invoke("check-contacts", plan, "--dns-server", "not a server:xx")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_unloadable_plan_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("version: 1\ntour: [\n", encoding="utf-8")
    result = invoke("check-contacts", path)
    assert result.returncode == 1
    assert "yaml-syntax" in result.stderr


def test_unloadable_plan_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("version: 1\ntour: [\n", encoding="utf-8")
    result = invoke("check-contacts", path, "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["findings"][0]["code"] == "yaml-syntax"


# --- no network at all (issue 12, point 14), on the installed CLI -----------------------------

NETWORKED = """\
version: 1
tour:
  id: t
  title: T
  organizer: {{name: Org, email: tour@withmx.example, website: "http://web.example:{port}/ok"}}
venues:
  - id: prague
    name: Venue
    city: Praha
    country: CZ
    contacts:
      - {{name: Jana, email: jana@withmx.example, phone: "+420 601 234 567"}}
      - {{name: Petr, email: petr@no-such-domain.example}}
"""


def _networked(tmp_path: Path, http_server: HttpTestServer) -> Path:
    path = tmp_path / "networked.yaml"
    path.write_text(NETWORKED.format(port=http_server.ports["127.0.0.1"]), encoding="utf-8")
    return path


def _dead_udp_port() -> int:
    """A loopback UDP port nothing listens on (bound, then let go)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_domain_that_does_not_exist_stays_an_error_with_a_working_resolver(
    tmp_path: Path, http_server: HttpTestServer, dns_server: DnsTestServer
) -> None:
    plan = _networked(tmp_path, http_server)
    result = run_tourctl(
        "check-contacts", plan, "-f", "json", "--timeout", "2",
        "--dns-server", dns_server.address, env=_env(),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    payload = json.loads(result.stdout)
    statuses = {(r["contact"], r["kind"]): r["status"] for r in payload["results"]}
    assert statuses[("Petr", "email")] == "error"  # NXDOMAIN for this one name only
    assert statuses[("Jana", "email")] == "ok"
    assert statuses[("Org", "website")] == "ok"
    assert payload["not_checked"] == 0
    assert "no network" not in result.stderr


def test_no_network_is_one_line_not_checked_and_exit_4(
    tmp_path: Path, http_server: HttpTestServer
) -> None:
    plan = _networked(tmp_path, http_server)
    dead = f"127.0.0.1:{_dead_udp_port()}"
    result = run_tourctl(
        "check-contacts", plan, "-f", "json", "--timeout", "1", "--dns-server", dead, env=_env()
    )
    assert result.returncode == 4, result.stdout + result.stderr
    payload = json.loads(result.stdout)
    statuses = {(r["contact"], r["kind"]): r["status"] for r in payload["results"]}
    assert statuses == {
        ("Org", "email"): "not-checked",
        ("Org", "website"): "not-checked",
        ("Jana", "email"): "not-checked",
        ("Jana", "phone"): "ok",  # offline anyway
        ("Petr", "email"): "not-checked",  # not an error: nothing was asked
    }
    assert (payload["errors"], payload["warnings"], payload["not_checked"]) == (0, 0, 4)
    lines = [line for line in result.stderr.splitlines() if "no network" in line]
    assert lines == ["no network: nothing could be checked online; use --offline for syntax only"]
    text = run_tourctl("check-contacts", plan, "--timeout", "1", "--dns-server", dead, env=_env())
    assert text.returncode == 4
    assert "4 not checked (no network)" in text.stdout
    assert text.stderr.count("no network:") == 1


def test_the_command_ends_at_its_deadline_while_dns_is_unanswered(
    tmp_path: Path, dns_server: DnsTestServer
) -> None:
    """A lookup still waiting for a DNS server that never answers does not keep the process
    alive past ``--deadline``: without the fix it ended only when the lookup's own
    ``--timeout`` (20 s here) ran out."""
    import time

    plan = tmp_path / "silent.yaml"
    plan.write_text(
        "version: 1\ntour:\n  id: silent\n  title: Silent\n  organizer:\n    name: Org\n"
        "    email: org@silent.example\nvenues:\n  - id: v\n    name: V\n    city: Praha\n"
        "    country: CZ\n    contacts:\n      - name: Eva\n        email: eva@silent.example\n",
        encoding="utf-8",
    )
    started = time.monotonic()
    result = run_tourctl(
        "check-contacts", plan, "-f", "json", "--timeout", "20", "--deadline", "1",
        "--dns-server", dns_server.address, env=_env(), timeout=60,
    )  # fmt: skip
    took = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    details = {r["detail"] for r in json.loads(result.stdout)["results"]}
    assert details == {"not checked: deadline of 1 s reached"}
    assert took < 12, f"the command took {took:.1f} s with a 1 s deadline"
