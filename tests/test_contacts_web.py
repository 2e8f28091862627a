"""Website checks against a real HTTP(S) server on loopback: answers, redirects, retries, limits.

Nothing here leaves 127.0.0.0/8: host names go to the loopback DNS server.
"""

from __future__ import annotations

import pytest

from tests.servers import (
    BackgroundLoop,
    DnsTestServer,
    HttpTestServer,
    ThrowawayCA,
    closed_port,
    loopback_hosts,
)
from tourctl.contacts import CheckOptions, ContactItem, ContactResult, run_checks
from tourctl.contacts.items import DEFAULT_USER_AGENT

pytest_plugins = ["tests.servers.fixtures"]
pytestmark = pytest.mark.usefixtures("clean_network_env")

# Generous for answers that come at once (a loaded CI machine is slow); tests of timeouts
# pass their own short one.
FAST = {"timeout": 2.0, "retry_base": 0.05}


def site(url: str, venue: str = "safespace-prague") -> ContactItem:
    return ContactItem(venue, "Jana Example", "website", url, "CZ", "venues[0].contacts[0].website")


def check_one(url: str, **options: object) -> ContactResult:
    (result,) = run_checks([site(url)], CheckOptions(**{**FAST, **options}))  # type: ignore[arg-type]
    return result


@pytest.mark.parametrize(
    ("path", "status", "detail", "final"),
    [
        ("/ok", "ok", "200 OK", None),
        ("/found", "ok", "200 OK (redirected to {base}/ok)", "/ok"),
        ("/moved", "warning", "moved permanently: use {base}/ok instead (200 OK)", "/ok"),
        ("/moved-308", "warning", "moved permanently: use {base}/ok instead (200 OK)", "/ok"),
        ("/chain?n=3", "ok", "200 OK (redirected to {base}/chain?n=0)", "/chain?n=0"),
        ("/missing", "error", "404 Not Found", None),
        ("/gone", "error", "410 Gone", None),
        ("/error", "error", "500 Internal Server Error", None),
        ("/no-head", "ok", "200 OK", None),
        ("/head-forbidden", "ok", "200 OK", None),
        ("/head-missing", "ok", "200 OK", None),
        ("/flaky", "ok", "200 OK, after 1 retry", None),
    ],
)
def test_status_and_detail(
    http_server: HttpTestServer, path: str, status: str, detail: str, final: str | None
) -> None:
    base = http_server.url("")
    result = check_one(http_server.url(path))
    assert (result.status, result.detail) == (status, detail.format(base=base))
    assert result.final_url == (base + final if final else None)
    assert result.elapsed_ms is not None


def test_head_refused_falls_back_to_get(http_server: HttpTestServer) -> None:
    for path in ("/no-head", "/head-forbidden", "/head-missing"):
        assert check_one(http_server.url(path)).status == "ok"
        assert http_server.stats.methods(path) == ["HEAD", "GET"]


def test_plain_head_is_enough(http_server: HttpTestServer) -> None:
    check_one(http_server.url("/ok"))
    assert http_server.stats.methods("/ok") == ["HEAD"]


def test_redirect_loop_is_an_error(http_server: HttpTestServer) -> None:
    result = check_one(http_server.url("/loop-a"))
    a, b = http_server.url("/loop-a"), http_server.url("/loop-b")
    assert (result.status, result.detail) == ("error", f"redirect loop: {a} → {b} → {a}")
    assert http_server.stats.count() == 2  # it saw the loop instead of going round it


def test_redirect_limit(http_server: HttpTestServer) -> None:
    assert check_one(http_server.url("/chain?n=3"), max_redirects=3).status == "ok"
    result = check_one(http_server.url("/chain?n=4"), max_redirects=3)
    assert result.status == "error"
    assert result.detail.startswith("more than 3 redirects")


def test_redirect_to_other_scheme_is_an_error(http_server: HttpTestServer) -> None:
    result = check_one(http_server.url("/to-ftp"))
    assert result.status == "error"
    assert "ftp://127.0.0.1/file, which is not an http(s) address" in result.detail


def test_failure_after_a_redirect_says_where(http_server: HttpTestServer) -> None:
    dead = f"http://127.0.0.1:{closed_port()}/"
    result = check_one(http_server.url(f"/redirect?to={dead}"))
    assert (result.status, result.detail) == (
        "error",
        f"connection refused at {dead} (redirected there)",
    )


def test_redirect_to_another_host(http_server: HttpTestServer, server_loop: BackgroundLoop) -> None:
    with HttpTestServer(server_loop, ["127.0.0.7"]) as other:
        target = other.url("/ok")
        result = check_one(http_server.url(f"/redirect?to={target}&status=308"))
        assert (result.status, result.final_url) == ("warning", target)
        assert other.stats.count("/ok") == 1


def test_503_is_retried_then_succeeds(http_server: HttpTestServer) -> None:
    assert check_one(http_server.url("/flaky")).status == "ok"
    assert http_server.stats.methods("/flaky") == ["HEAD", "HEAD"]


def test_429_honours_retry_after(http_server: HttpTestServer) -> None:
    result = check_one(http_server.url("/rate-limited"))
    assert (result.status, result.detail) == ("ok", "200 OK, after 1 retry")
    first, second = http_server.stats.matching("/rate-limited")
    assert second.at - first.at >= 0.95  # Retry-After: 1 (a lower bound: never flaky)


def test_retry_after_is_capped(http_server: HttpTestServer) -> None:
    # The server asks for an hour; the cap makes it a tenth of a second, so the retry happens.
    result = check_one(http_server.url("/rate-limited-long"), retry_cap=0.1)
    assert (result.status, result.detail) == ("ok", "200 OK, after 1 retry")


def test_retries_are_bounded(http_server: HttpTestServer) -> None:
    result = check_one(http_server.url("/always-503"), max_retries=2)
    assert (result.status, result.detail) == (
        "error",
        "503 Service Unavailable, still after 2 retries",
    )
    assert http_server.stats.count("/always-503") == 3


def test_slower_than_timeout(http_server: HttpTestServer) -> None:
    result = check_one(http_server.url("/slow?delay=3"), timeout=0.5)
    assert (result.status, result.detail) == ("error", "timed out after 0.5 s")


def test_closed_port_is_refused() -> None:
    result = check_one(f"http://127.0.0.1:{closed_port()}/")
    assert (result.status, result.detail) == ("error", "connection refused")


def test_huge_body_is_not_downloaded(http_server: HttpTestServer) -> None:
    result = check_one(http_server.url("/big"), timeout=5)
    assert (result.status, result.detail) == ("ok", "200 OK")
    assert http_server.stats.methods("/big") == ["HEAD", "GET"]
    # 300 MB offered; what left the server is what the kernel buffered before the client hung up.
    assert http_server.stats.big_bytes_sent < 32 * 1024 * 1024


def test_user_agent(http_server: HttpTestServer) -> None:
    check_one(http_server.url("/ok"))
    (request,) = http_server.stats.requests
    assert request.headers["user-agent"] == DEFAULT_USER_AGENT
    assert DEFAULT_USER_AGENT.startswith("tourctl/")
    assert "(+https://" in DEFAULT_USER_AGENT


@pytest.mark.parametrize("url", ["ftp://example.org/", "mailto:jana@example.org", "example.org"])
def test_only_http_and_https(url: str) -> None:
    result = check_one(url)
    assert result.status == "error"


def test_same_address_is_fetched_once(http_server: HttpTestServer) -> None:
    url = http_server.url("/ok")
    results = run_checks([site(url, "a"), site(url, "b")], CheckOptions(**FAST))  # type: ignore[arg-type]
    assert [r.status for r in results] == ["ok", "ok"]
    assert [r.item.venue for r in results] == ["a", "b"]
    assert http_server.stats.count("/ok") == 1


# --- host names through --dns-server -----------------------------------------------------------


def test_host_name_is_resolved_by_the_dns_server(
    http_server: HttpTestServer, dns_server: DnsTestServer
) -> None:
    url = f"http://web.example:{http_server.ports['127.0.0.1']}/ok"
    result = check_one(url, dns_server=dns_server.address)
    assert (result.status, result.detail) == ("ok", "200 OK")
    assert (
        http_server.stats.requests[0].headers["host"]
        == f"web.example:{http_server.ports['127.0.0.1']}"
    )
    assert dns_server.stats.count("web.example") >= 1


def test_unknown_host_is_a_dns_failure(dns_server: DnsTestServer) -> None:
    result = check_one("http://nowhere.example/", dns_server=dns_server.address)
    assert (result.status, result.detail) == (
        "error",
        "DNS failure: nowhere.example does not exist",
    )


# --- HTTPS ----------------------------------------------------------------------------------------


def test_https_with_trusted_ca(https_server: HttpTestServer, throwaway_ca: ThrowawayCA) -> None:
    result = check_one(https_server.url("/ok"), ca_bundle=str(throwaway_ca.ca_file))
    assert (result.status, result.detail) == ("ok", "200 OK")


def test_https_ca_from_environment(
    https_server: HttpTestServer, throwaway_ca: ThrowawayCA, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOURCTL_CA_BUNDLE", str(throwaway_ca.ca_file))
    assert check_one(https_server.url("/ok")).status == "ok"


def test_https_untrusted_is_a_tls_error(https_server: HttpTestServer) -> None:
    result = check_one(https_server.url("/ok"))
    assert result.status == "error"
    assert result.detail.startswith("TLS failure: certificate not accepted")
    assert https_server.stats.count() == 0


def test_https_by_name_checks_the_name(
    https_server: HttpTestServer, dns_server: DnsTestServer, throwaway_ca: ThrowawayCA
) -> None:
    port = https_server.ports["127.0.0.1"]
    options = {"dns_server": dns_server.address, "ca_bundle": str(throwaway_ca.ca_file)}
    good = check_one(f"https://web.example:{port}/ok", **options)
    assert (good.status, good.detail) == ("ok", "200 OK")
    wrong = check_one(f"https://other.example:{port}/ok", **options)  # not on the certificate
    assert wrong.status == "error"
    assert wrong.detail.startswith("TLS failure")


def test_bad_ca_bundle_is_refused_up_front(tmp_path: object) -> None:
    with pytest.raises(ValueError, match="cannot use the CA bundle"):
        check_one("http://127.0.0.1:9/", ca_bundle="/nonexistent/ca.pem")


# --- limits, deadline ---------------------------------------------------------------------------


def slow_items(server: HttpTestServer, per_host: int, delay: float) -> list[ContactItem]:
    return [
        site(server.url(f"/slow?delay={delay}&n={n}", host))
        for host in server.hosts
        for n in range(per_host)
    ]


def test_per_host_limit(server_loop: BackgroundLoop) -> None:
    with HttpTestServer(server_loop, loopback_hosts(4)) as server:
        options = CheckOptions(timeout=5, concurrency=16, per_host=2)
        results = run_checks(slow_items(server, 6, 0.3), options)
        assert {r.status for r in results} == {"ok"}
        assert len(server.stats.requests) == 24
        assert max(server.stats.max_in_flight.values()) == 2
        assert server.stats.max_in_flight_total <= 8


def test_global_limit(server_loop: BackgroundLoop) -> None:
    with HttpTestServer(server_loop, loopback_hosts(8, first=20)) as server:
        options = CheckOptions(timeout=5, concurrency=3, per_host=2)
        results = run_checks(slow_items(server, 2, 0.3), options)
        assert {r.status for r in results} == {"ok"}
        assert server.stats.max_in_flight_total == 3
        assert max(server.stats.max_in_flight.values()) <= 2


def test_deadline_ends_the_run(http_server: HttpTestServer) -> None:
    seen: list[ContactResult] = []
    items = [site(http_server.url("/slow?delay=5")), site(http_server.url("/ok"))]
    results = run_checks(items, CheckOptions(timeout=10, deadline=1.5), seen.append)
    assert [(r.status, r.detail) for r in results] == [
        ("error", "not checked: deadline of 1.5 s reached"),
        ("ok", "200 OK"),
    ]
    assert sorted(r.item.value for r in seen) == sorted(i.value for i in items)


def test_unanswered_host_lookup_shared_by_two_addresses(dns_server: DnsTestServer) -> None:
    """Two addresses wait on one lookup; the first timing out must not break the second."""
    items = [site("http://silent.example/a"), site("http://silent.example/b")]
    results = run_checks(items, CheckOptions(timeout=0.5, dns_server=dns_server.address))
    for result in results:
        assert result.status == "not-checked"  # the only lookup never answered: no network
        assert result.detail in {
            "not checked: no network (timed out after 0.5 s)",
            "not checked: no network (DNS failure: no answer for silent.example in time)",
        }


def test_retry_after_forms() -> None:
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    from tourctl.contacts.web import _parse_retry_after

    assert _parse_retry_after("7") == 7
    in_a_minute = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    assert 50 < (_parse_retry_after(in_a_minute) or 0) <= 60
    past = format_datetime(datetime.now(UTC) - timedelta(seconds=60), usegmt=True)
    assert _parse_retry_after(past) == 0
    assert _parse_retry_after("soon") is None
