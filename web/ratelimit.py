"""A per-client rate limit on questions and searches, shared by every worker through `web.sqlite`.

A token bucket per client: `per_minute` requests in any burst, refilled at `per_minute` a minute.
Clients on loopback (the machine itself: local use, the load benchmark) are not limited unless
asked. Behind a reverse proxy on loopback, uvicorn gives the client's own address from
X-Forwarded-For (its `--forwarded-allow-ips` default trusts 127.0.0.1), so each client is counted.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import sqlite3
import time

from web.errors import TooManyRequests
from web.webdb import WebDB

log = logging.getLogger(__name__)


def client_key(host: str | None) -> tuple[str, bool]:
    """(the key a client is counted under, whether it is on loopback). An IPv6 client is counted
    by its /64 network: one machine is often given a whole /64 to pick addresses from."""
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return host or "unknown", False
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        elif not address.is_loopback:
            return str(ipaddress.ip_network(f"{address}/64", strict=False)), False
    return str(address), address.is_loopback


class RateLimiter:
    """`check(host)` counts one request of a client, or raises TooManyRequests with the seconds
    until the next is allowed."""

    def __init__(self, db: WebDB, per_minute: int, *, loopback: bool = False) -> None:
        self.db = db
        self.per_minute = per_minute
        self.loopback = loopback

    def check(self, host: str | None) -> None:
        if self.per_minute <= 0:
            return
        key, local = client_key(host)
        if local and not self.loopback:
            return
        try:
            wait = self._take(key, time.time())
        except (sqlite3.Error, OSError) as err:
            # a limiter that cannot count (web.sqlite on read-only storage) must not stop the site
            log.warning("rate limit not applied (web.sqlite: %s)", err)
            return
        if wait:
            raise TooManyRequests(
                f"Too many questions from your address: at most {self.per_minute} a minute. "
                f"Try again in {wait} s",
                retry_after=wait,
            )

    def _take(self, key: str, now: float) -> int:
        """Take a token from the client's bucket; 0, or the whole seconds until one is there."""
        rate = self.per_minute / 60  # tokens a second
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT tokens, updated FROM buckets WHERE client = ?", (key,)
            ).fetchone()
            tokens = self.per_minute if row is None else row[0] + (now - row[1]) * rate
            tokens = min(float(self.per_minute), tokens)
            if tokens < 1:
                return max(1, math.ceil((1 - tokens) / rate))
            conn.execute(
                "INSERT INTO buckets VALUES (?, ?, ?) ON CONFLICT (client) DO UPDATE "
                "SET tokens = excluded.tokens, updated = excluded.updated",
                (key, tokens - 1, now),
            )
            # A bucket untouched for a minute is full again: forgetting it changes nothing.
            conn.execute("DELETE FROM buckets WHERE updated < ?", (now - 60,))
        return 0
