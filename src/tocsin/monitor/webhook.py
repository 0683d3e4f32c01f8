"""Webhook delivery of alerts: one JSON POST per alert, retried with exponential back-off.

Each alert is sent until one attempt succeeds (any 2xx), and its status is written right
after, in its own transaction: a delivered alert is never sent again, even if the run stops
halfway. Failures become error M001 in the alert's ``delivery_error`` and in the report; the
alert stays ``failed`` and is retried by the next delivery. When the endpoint is down (no
answer or 5xx after every retry), the remaining alerts wait for the next run instead of each
sitting through its own back-off. The body carries the alert id, and so does the
``Idempotency-Key`` header, so that a receiver can drop a repeat if a response was lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tocsin import __version__
from tocsin.config import Settings
from tocsin.errors import TocsinError
from tocsin.store import Database

log = logging.getLogger(__name__)

#: Statuses worth retrying: the server may recover (timeouts, rate limits, 5xx).
_RETRY_STATUS = frozenset({408, 425, 429})
_COLUMNS = (
    "id", "rule", "kind", "severity", "date", "source_code", "target_code", "value",
    "message", "evidence", "created_at", "delivery_attempts", "reason", "confidence",
    "sources", "quoted",
)  # fmt: skip


@dataclass(slots=True)
class DeliveryReport:
    """What one delivery pass did."""

    delivered: int = 0
    failed: int = 0
    pending: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Webhook:
    """Where and how to deliver: URL, retries after the first attempt, back-off, timeout."""

    url: str
    retries: int = 3
    backoff_s: float = 1.0
    timeout_s: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> Webhook:
        """The ``[monitor]`` webhook settings."""
        m = settings.monitor
        return cls(
            url=m.webhook_url,
            retries=m.webhook_retries,
            backoff_s=m.webhook_backoff_s,
            timeout_s=m.webhook_timeout_s,
        )


def payload(alert: dict[str, Any]) -> dict[str, Any]:
    """The JSON body for one stored alert row."""
    created = alert["created_at"]
    return {
        "id": alert["id"],
        "rule": alert["rule"],
        "kind": alert["kind"],
        "severity": alert["severity"],
        "date": alert["date"].isoformat() if alert["date"] else None,
        "source": alert["source_code"],
        "target": alert["target_code"],
        "value": alert["value"],
        "message": alert["message"],
        "reason": alert.get("reason"),
        "confidence": alert.get("confidence"),
        "sources": alert.get("sources"),
        "quoted": alert.get("quoted"),
        "evidence": list(alert["evidence"] or []),
        "created_at": created.isoformat() if created else None,
        "tocsin_version": __version__,
    }


def deliver_pending(
    db: Database,
    settings: Settings,
    *,
    webhook: Webhook | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliveryReport:
    """POST every alert not yet delivered to the webhook, oldest first; record each outcome.

    Returns counts (and M001 messages); never raises for delivery failures.
    """
    hook = webhook or Webhook.from_settings(settings)
    report = DeliveryReport()
    rows = _undelivered(db)
    with httpx.Client(timeout=hook.timeout_s, follow_redirects=False) as client:
        for index, alert in enumerate(rows):
            outcome = _send(client, hook, alert, sleep)
            _record(db, alert["id"], outcome)
            if outcome.ok:
                report.delivered += 1
                continue
            report.failed += 1
            report.errors.append(outcome.error)
            log.warning(outcome.error)
            if outcome.endpoint_down:
                report.pending = len(rows) - index - 1
                break
    return report


def _undelivered(db: Database) -> list[dict[str, Any]]:
    cur = db.cursor()
    try:
        result = cur.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM alerts WHERE delivery_status <> 'delivered' "
            "ORDER BY date NULLS LAST, created_at, id"
        )
        return [dict(zip(_COLUMNS, row, strict=True)) for row in result.fetchall()]
    finally:
        cur.close()


@dataclass(slots=True)
class _Outcome:
    ok: bool
    attempts: int
    error: str = ""
    endpoint_down: bool = False


def _send(
    client: httpx.Client, hook: Webhook, alert: dict[str, Any], sleep: Callable[[float], None]
) -> _Outcome:
    """Try once plus ``hook.retries`` times, waiting backoff_s, 2·backoff_s, ... in between."""
    body, reason, retryable = payload(alert), "", True
    attempts = 0
    for attempt in range(hook.retries + 1):
        if attempt:
            sleep(hook.backoff_s * 2 ** (attempt - 1))
        attempts += 1
        try:
            response = client.post(hook.url, json=body, headers={"Idempotency-Key": alert["id"]})
        except httpx.HTTPError as exc:
            reason = f"{type(exc).__name__}: {exc}"
            continue
        if response.is_success:
            return _Outcome(ok=True, attempts=attempts)
        reason = f"HTTP {response.status_code}"
        retryable = response.status_code >= 500 or response.status_code in _RETRY_STATUS
        if not retryable:
            break
    error = TocsinError("M001", url=hook.url, attempts=attempts, reason=reason).message
    return _Outcome(ok=False, attempts=attempts, error=error, endpoint_down=retryable)


def _record(db: Database, alert_id: str, outcome: _Outcome) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with db.transaction() as con:
        con.execute(
            "UPDATE alerts SET delivery_status = ?, "
            "delivery_attempts = delivery_attempts + ?, delivered_at = ?, delivery_error = ? "
            "WHERE id = ?",
            [
                "delivered" if outcome.ok else "failed",
                outcome.attempts,
                now if outcome.ok else None,
                None if outcome.ok else outcome.error,
                alert_id,
            ],
        )
