"""Email checks against a real DNS server on loopback (dnslib): MX, null MX, NXDOMAIN, SERVFAIL…"""

from __future__ import annotations

import pytest

from tests.servers import DnsTestServer
from tourctl.contacts import CheckOptions, ContactItem, ContactResult, run_checks

pytest_plugins = ["tests.servers.fixtures"]
pytestmark = pytest.mark.usefixtures("clean_network_env")


def mail(address: str) -> ContactItem:
    return ContactItem("safespace-prague", "Jana Example", "email", address, "CZ", "venues[0]")


def check(dns: DnsTestServer, *addresses: str) -> list[ContactResult]:
    """The results of ``addresses``, checked beside one that answers: with every lookup
    unanswered the run would be "no network" (test_no_network_*) and say not-checked."""
    # Long enough for a loaded machine to answer; the silent domain costs this much.
    options = CheckOptions(timeout=1.0, dns_server=dns.address)
    answers = mail("someone@withmx.example")
    return run_checks([*(mail(a) for a in addresses), answers], options)[: len(addresses)]


@pytest.mark.parametrize(
    ("domain", "status", "detail"),
    [
        ("withmx.example", "ok", "mail server mail.withmx.example (+1 more)"),
        ("aonly.example", "ok", "no MX record; mail goes to the domain's own address (A)"),
        ("nullmx.example", "error", "The domain name nullmx.example does not accept email."),
        ("nomail.example", "error", "The domain name nomail.example does not send email."),
        ("nxdomain.example", "error", "The domain name nxdomain.example does not exist."),
        (
            "servfail.example",
            "warning",
            "could not be checked: the DNS server failed to answer (SERVFAIL or refused)",
        ),
        (
            "silent.example",
            "warning",
            "could not be checked: the DNS server did not answer in time",
        ),
    ],
)
def test_deliverability(dns_server: DnsTestServer, domain: str, status: str, detail: str) -> None:
    (result,) = check(dns_server, f"jana@{domain}")
    assert (result.status, result.detail) == (status, detail)
    assert result.elapsed_ms is not None
    assert dns_server.stats.count(domain) >= 1


def test_a_timeout_is_never_ok(dns_server: DnsTestServer) -> None:
    """email-validator lets an unanswered domain through; tourctl must not call that ok."""
    (result,) = check(dns_server, "jana@silent.example")
    assert result.status == "warning"
    assert dns_server.stats.count("silent.example") >= 1  # it did ask, and got no answer


def test_syntax_error_asks_no_dns(dns_server: DnsTestServer) -> None:
    options = CheckOptions(timeout=1.0, dns_server=dns_server.address)
    (result,) = run_checks([mail("jana.example.org")], options)
    assert result.status == "error"
    assert result.detail.startswith("not a valid email address: ")
    assert dns_server.stats.count() == 0


def test_each_domain_is_looked_up_once_per_run(dns_server: DnsTestServer) -> None:
    results = check(dns_server, "jana@withmx.example", "petr@withmx.example", "info@withmx.example")
    assert [r.status for r in results] == ["ok", "ok", "ok"]
    assert [r.item.value for r in results] == [
        "jana@withmx.example",
        "petr@withmx.example",
        "info@withmx.example",
    ]
    assert dns_server.stats.queries == [("withmx.example", "MX")]


def test_lookups_run_concurrently(dns_server: DnsTestServer) -> None:
    """The server answers meet-a and meet-b only once it has been asked for both.

    Looked up one after the other, the first would time out (a warning); so two
    oks prove the lookups were in flight at the same time.
    """
    options = CheckOptions(timeout=5, dns_server=dns_server.address)
    results = run_checks([mail("jana@meet-a.example"), mail("petr@meet-b.example")], options)
    assert [(r.status, r.detail) for r in results] == [
        ("ok", "mail server mail.meet-a.example"),
        ("ok", "mail server mail.meet-b.example"),
    ]


def test_unreachable_dns_server_is_no_network() -> None:
    from tests.servers import closed_port

    options = CheckOptions(timeout=0.3, dns_server=f"127.0.0.1:{closed_port()}")
    (result,) = run_checks([mail("jana@withmx.example")], options)
    assert result.status == "not-checked"  # nothing answered at all: no network
    assert result.detail.startswith("not checked: no network (could not be checked")


def test_deadline_while_dns_is_unanswered(dns_server: DnsTestServer) -> None:
    options = CheckOptions(timeout=3, deadline=1, dns_server=dns_server.address)
    items = [mail("jana@silent.example"), mail("petr@silent.example"), mail("x@withmx.example")]
    results = run_checks(items, options)
    assert [(r.status, r.detail) for r in results] == [
        ("error", "not checked: deadline of 1 s reached"),
        ("error", "not checked: deadline of 1 s reached"),
        ("ok", "mail server mail.withmx.example (+1 more)"),
    ]
