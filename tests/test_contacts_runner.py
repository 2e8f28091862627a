"""The run as a whole: items from a plan, result shape, offline mode, the cache, options."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.servers import DnsTestServer, HttpTestServer
from tourctl.contacts import (
    CheckOptions,
    ContactItem,
    ContactResult,
    ContactStatus,
    items_from_plan,
    results_as_dict,
    run_checks,
)
from tourctl.contacts.resolver import DnsServer, parse_dns_server
from tourctl.model import Plan

pytest_plugins = ["tests.servers.fixtures"]
pytestmark = pytest.mark.usefixtures("clean_network_env")


def item(kind: str, value: str, venue: str = "safespace-prague") -> ContactItem:
    return ContactItem(venue, "Jana Example", kind, value, "CZ", "venues[0].contacts[0]")  # type: ignore[arg-type]


PLAN = {
    "version": 1,
    "tour": {
        "id": "solidarity-europe-2024",
        "title": "Solidarity",
        "organizer": {
            "name": "ComingOut",
            "email": "tour@example.org",
            "website": "https://example.org",
        },
    },
    "venues": [
        {
            "id": "safespace-prague",
            "name": "Safespace",
            "city": "Prague",
            "country": "CZ",
            "contacts": [
                {"name": "Jana", "email": "jana@example.org", "phone": "+420 601 234 567"},
                {"name": "Petr", "website": "https://example.org/safespace"},
            ],
        },
        {"id": "empty", "name": "No contacts", "city": "Berlin", "country": "DE"},
        {
            "id": "kulturhaus",
            "name": "Kulturhaus",
            "city": "Berlin",
            "country": "DE",
            "contacts": [{"name": "Max", "phone": "030 1234567", "visibility": "team"}],
        },
    ],
}


def test_items_from_plan_in_plan_order() -> None:
    items = items_from_plan(Plan.model_validate(PLAN))
    assert [(i.venue, i.contact, i.kind, i.value, i.country, i.path) for i in items] == [
        ("organizer", "ComingOut", "email", "tour@example.org", None, "tour.organizer.email"),
        (
            "organizer",
            "ComingOut",
            "website",
            "https://example.org",
            None,
            "tour.organizer.website",
        ),
        (
            "safespace-prague",
            "Jana",
            "email",
            "jana@example.org",
            "CZ",
            "venues[0].contacts[0].email",
        ),
        (
            "safespace-prague",
            "Jana",
            "phone",
            "+420 601 234 567",
            "CZ",
            "venues[0].contacts[0].phone",
        ),
        (
            "safespace-prague",
            "Petr",
            "website",
            "https://example.org/safespace",
            "CZ",
            "venues[0].contacts[1].website",
        ),
        ("kulturhaus", "Max", "phone", "030 1234567", "DE", "venues[2].contacts[0].phone"),
    ]


def test_result_shape_is_specs() -> None:
    ok = ContactResult(item("website", "https://example.org/"), ContactStatus.OK, "200 OK")
    assert ok.as_dict() == {
        "venue": "safespace-prague",
        "contact": "Jana Example",
        "kind": "website",
        "value": "https://example.org/",
        "status": "ok",
        "detail": "200 OK",
    }
    moved = ContactResult(ok.item, ContactStatus.WARNING, "moved", "https://example.org/new", 12)
    assert moved.as_dict()["final_url"] == "https://example.org/new"
    assert moved.as_dict()["elapsed_ms"] == 12
    bad = ContactResult(ok.item, ContactStatus.ERROR, "404 Not Found")
    document = results_as_dict([ok, moved, bad, bad])
    assert (document["errors"], document["warnings"]) == (2, 1)
    assert json.loads(json.dumps(document)) == document


def every_kind(web: HttpTestServer) -> list[ContactItem]:
    return [
        item("email", "jana@withmx.example"),
        item("email", "not-an-address"),
        item("phone", "+420 601 234 567"),
        item("website", web.url("/ok")),
        item("website", web.url("/missing")),
        item("website", "gopher://example.org/"),
    ]


def test_offline_sends_nothing(http_server: HttpTestServer, dns_server: DnsTestServer) -> None:
    options = CheckOptions(offline=True, dns_server=dns_server.address)
    results = run_checks(every_kind(http_server), options)
    assert [(r.status, r.detail) for r in results] == [
        ("ok", "valid address (mail server not checked: offline)"),
        ("error", "not a valid email address: An email address must have an @-sign."),
        ("ok", "valid mobile number: +420601234567"),
        ("ok", "valid web address (not fetched: offline)"),
        ("ok", "valid web address (not fetched: offline)"),  # would be a 404 online
        ("error", "not a web address: write a full http:// or https:// URL"),
    ]
    assert http_server.stats.connections == 0
    assert http_server.stats.count() == 0
    assert dns_server.stats.count() == 0


def test_online_uses_both_servers(http_server: HttpTestServer, dns_server: DnsTestServer) -> None:
    """The counterpart of the offline test: the same items do reach the servers online."""
    options = CheckOptions(timeout=2, dns_server=dns_server.address)
    results = run_checks(every_kind(http_server), options)
    assert [r.status for r in results] == ["ok", "error", "ok", "ok", "error", "error"]
    assert http_server.stats.count() == 3  # HEAD /ok; HEAD, then GET /missing
    assert dns_server.stats.count() == 1


def test_progress_sees_every_result(http_server: HttpTestServer) -> None:
    seen: list[ContactResult] = []
    items = [item("website", http_server.url("/ok")), item("phone", "+420 601 234 567")]
    results = run_checks(items, CheckOptions(timeout=2), seen.append)
    assert sorted(seen, key=results.index) == results


def test_no_items() -> None:
    assert run_checks([], CheckOptions()) == []


# --- the cache ---------------------------------------------------------------------------------


def test_cache_remembers_successes_only(http_server: HttpTestServer, tmp_path: Path) -> None:
    cache = tmp_path / "contacts-cache.json"
    options = CheckOptions(timeout=2, cache_path=cache)
    items = [item("website", http_server.url("/ok")), item("website", http_server.url("/missing"))]

    first = run_checks(items, options)
    assert [r.status for r in first] == ["ok", "error"]
    saved = json.loads(cache.read_text())
    assert list(saved["entries"]) == [f"website {http_server.url('/ok')}"]

    second = run_checks(items, options)
    assert [(r.status, r.detail) for r in second] == [
        ("ok", "200 OK (cached)"),
        ("error", "404 Not Found"),
    ]
    assert http_server.stats.count("/ok") == 1  # not asked again
    assert http_server.stats.count("/missing") == 4  # HEAD and GET, twice: failures are rechecked
    assert [p.name for p in tmp_path.iterdir()] == [cache.name]  # no temporary file left


def test_cache_entries_expire(http_server: HttpTestServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    url = http_server.url("/ok")
    old = {"checked": time.time() - 7200, "detail": "200 OK"}
    cache.write_text(json.dumps({"version": 1, "entries": {f"website {url}": old}}))
    options = CheckOptions(timeout=2, cache_path=cache, cache_max_age=3600)
    (result,) = run_checks([item("website", url)], options)
    assert (result.status, result.detail) == ("ok", "200 OK")
    assert http_server.stats.count("/ok") == 1
    assert json.loads(cache.read_text())["entries"][f"website {url}"]["checked"] > old["checked"]


def test_an_empty_cache_file_is_an_empty_cache(http_server: HttpTestServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    cache.write_text("")
    (result,) = run_checks(
        [item("website", http_server.url("/ok"))], CheckOptions(cache_path=cache)
    )
    assert result.status == "ok"
    assert json.loads(cache.read_text())["version"] == 1


@pytest.mark.parametrize(
    "content", ["{ this is not json", "version: 1\ntour: {}\n", "[1, 2]", "[" * 100_000]
)
def test_a_file_that_is_not_a_cache_is_refused_and_kept(
    http_server: HttpTestServer, tmp_path: Path, content: str
) -> None:
    cache = tmp_path / "cache.json"
    cache.write_text(content)
    with pytest.raises(ValueError, match="not a tourctl contacts cache"):
        run_checks([item("website", http_server.url("/ok"))], CheckOptions(cache_path=cache))
    assert cache.read_text() == content
    assert http_server.stats.count() == 0


def test_cache_in_missing_folder_fails_before_checking(
    http_server: HttpTestServer, tmp_path: Path
) -> None:
    options = CheckOptions(cache_path=tmp_path / "nowhere" / "cache.json")
    with pytest.raises(ValueError, match="does not exist"):
        run_checks([item("website", http_server.url("/ok"))], options)
    assert http_server.stats.count() == 0


def test_offline_neither_reads_nor_writes_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    run_checks(
        [item("website", "https://example.org/")], CheckOptions(offline=True, cache_path=cache)
    )
    assert not cache.exists()


# --- options ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("127.0.0.1", DnsServer("127.0.0.1", 53)),
        ("127.0.0.1:5353", DnsServer("127.0.0.1", 5353)),
        ("::1", DnsServer("::1", 53)),
        ("[::1]:5353", DnsServer("::1", 5353)),
        ("dns.example:53", DnsServer("dns.example", 53)),
    ],
)
def test_parse_dns_server(text: str, expected: DnsServer) -> None:
    assert parse_dns_server(text) == expected


@pytest.mark.parametrize("text", ["127.0.0.1:0", "127.0.0.1:http", ":53", "[::1", "[::1]x"])
def test_parse_dns_server_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="HOST"):
        parse_dns_server(text)


def test_malformed_dns_server_fails_before_checking(http_server: HttpTestServer) -> None:
    with pytest.raises(ValueError):
        run_checks([item("website", http_server.url("/ok"))], CheckOptions(dns_server="x:99999"))
    assert http_server.stats.count() == 0


@pytest.mark.parametrize(
    "bad",
    [{"timeout": 0}, {"concurrency": 0}, {"per_host": 0}, {"deadline": -1}, {"max_retries": -1}],
)
def test_options_are_validated(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        CheckOptions(**bad)  # type: ignore[arg-type]


def test_deadline_is_derived_from_timeout() -> None:
    assert CheckOptions().run_deadline == 120
    assert CheckOptions(timeout=0.5).run_deadline == 30
    assert CheckOptions(timeout=0.5, deadline=3).run_deadline == 3


def test_no_network_only_when_nothing_online_answered() -> None:
    from tourctl.contacts.items import ContactItem, ContactStatus, Verdict, no_network

    def result(kind: str, verdict: Verdict) -> object:
        return verdict.to(ContactItem("v", "c", kind, "x", "CZ", "p"))  # type: ignore[arg-type]

    phone = result("phone", Verdict.ok("valid"))
    timed_out = result("email", Verdict.warning("timed out", network="unreachable"))
    refused = result("website", Verdict.error("refused", network="answered"))
    gone = no_network([phone, timed_out])  # type: ignore[list-item]
    assert [r.status for r in gone] == [ContactStatus.OK, ContactStatus.NOT_CHECKED]
    assert gone[1].detail == "not checked: no network (timed out)"
    kept = no_network([phone, timed_out, refused])  # type: ignore[list-item]
    assert [r.status for r in kept] == [
        ContactStatus.OK,
        ContactStatus.WARNING,
        ContactStatus.ERROR,
    ]
    assert no_network([phone]) == [phone]  # type: ignore[list-item]


def test_dns_lookups_run_on_threads_that_never_hold_the_process() -> None:
    import threading

    from tourctl.contacts.runner import DaemonThreads

    pool = DaemonThreads("tourctl-dns-test")
    seen: list[threading.Thread] = []

    def look_up(name: str) -> str:
        seen.append(threading.current_thread())
        if name == "bad":
            raise LookupError(name)
        return name.upper()

    assert pool.submit(look_up, "ok").result(timeout=5) == "OK"
    failed = pool.submit(look_up, "bad").exception(timeout=5)
    assert isinstance(failed, LookupError)
    assert seen and all(t.daemon and t.name == "tourctl-dns-test" for t in seen)
