"""The secret behind the feeds' unguessable addresses, and the addresses derived from it.

One key per tour, from ``TOURCTL_FEED_KEY`` or a key file in the user's config
folder (``platformdirs``), created on first use with owner-only permissions and
never inside the plan's folder or its git repository. A feed's secret path
segment is an HMAC-SHA256 of the tour id, the feed's name and its rotation
counter (the plan's ``publish.rotate``) under that key: stable from one publish
to the next, different under another key, and new for one feed alone when its
counter goes up. 160 bits of it are kept (32 base-32 letters).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from tourctl.errors import UsageError

KEY_ENV = "TOURCTL_FEED_KEY"
KEY_BYTES = 32
SEGMENT_BITS = 160


@dataclass(frozen=True)
class FeedKey:
    secret: bytes
    source: str
    """Where it came from: ``TOURCTL_FEED_KEY``, or the key file's path."""

    def segment(self, tour_id: str, feed: str, rotation: int = 0) -> str:
        """The feed's secret path segment: 32 lowercase base-32 letters (160 bits)."""
        message = f"tourctl feed\0{tour_id}\0{feed}\0{rotation}".encode()
        digest = hmac.new(self.secret, message, hashlib.sha256).digest()
        return base64.b32encode(digest[: SEGMENT_BITS // 8]).decode("ascii").lower()


def key_folder() -> Path:
    from platformdirs import user_config_path

    return user_config_path("tourctl", appauthor=False) / "feed-keys"


def load_key(tour_id: str, plan: str | None = None, *, create: bool = True) -> FeedKey:
    """The tour's key: ``TOURCTL_FEED_KEY`` if set, else its key file (made if missing)."""
    text = os.environ.get(KEY_ENV)
    if text:
        secret = text.strip().encode("utf-8")
        if len(secret) < 16:
            raise UsageError(f"{KEY_ENV} is too short to be a secret: use 32 random bytes or more")
        return FeedKey(secret, KEY_ENV)
    path = key_folder() / f"{tour_id}.key"
    _refuse_inside_plan_repo(path, plan)
    if path.is_file():
        return FeedKey(_read_key(path), str(path))
    if not create:
        raise UsageError(f"no feed key for '{tour_id}' yet ({path}); run `tourctl publish` first")
    return FeedKey(_create_key(path), str(path))


def _read_key(path: Path) -> bytes:
    info = path.stat()
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise UsageError(
            f"{path} can be read by other users; `chmod 600 {path}` (or make a new key: "
            "every secret feed address changes)"
        )
    data = path.read_bytes().strip()
    if len(data) < 32:
        raise UsageError(f"{path} does not hold a feed key; delete it to make a new one")
    return data


def _create_key(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    secret = secrets.token_hex(KEY_BYTES).encode("ascii")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        return _read_key(path)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secret + b"\n")
    return secret


def _refuse_inside_plan_repo(path: Path, plan: str | None) -> None:
    """The key must never live beside the plan, where a commit would publish it."""
    if plan is None or plan == "-":
        return
    folder = Path(plan).resolve().parent
    roots = [folder, *(p for p in folder.parents if (p / ".git").exists())]
    key = path.resolve()
    for root in roots:
        if key.is_relative_to(root) and (root == folder or (root / ".git").exists()):
            raise UsageError(
                f"the feed key would be kept at {path}, inside the plan's folder or repository; "
                f"set {KEY_ENV} instead (e.g. from your CI's secrets)"
            )
