"""Throwaway certificates (trustme): a CA the client can be told to trust, and a server context."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass(frozen=True)
class ThrowawayCA:
    """A CA, its PEM file for ``ca_bundle``/``TOURCTL_CA_BUNDLE``, and a server certificate.

    The certificate names 127.0.0.1, localhost and web.example, not other.example:
    both names resolve to 127.0.0.1 in the test zone, so one server shows both cases.
    """

    ca: trustme.CA
    ca_file: Path
    server_context: ssl.SSLContext


def make_throwaway_ca(
    directory: Path, hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "web.example")
) -> ThrowawayCA:
    ca = trustme.CA()
    ca_file = directory / "test-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*hosts).configure_cert(context)
    return ThrowawayCA(ca, ca_file, context)
