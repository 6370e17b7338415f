"""Notifications on Airflow's notifier interface: task failures and freshness alarms, to a webhook and/or e-mail.

Built from Airflow's own pieces rather than by hand: :class:`FailureNotifier` is a ``BaseNotifier`` (Airflow calls
it as an ``on_failure_callback``), e-mail goes through the SMTP provider's ``SmtpNotifier`` (the connection holds
host, port, TLS and sender) and the webhook is a small ``BaseNotifier`` that POSTs JSON. Configured by environment
only, so the same DAG file notifies wherever it is deployed:

* ``ANTARA_NOTIFY_URL``: a URL that takes a JSON POST — a Slack incoming webhook (reads ``text``) or an Apprise API
  ``/notify`` endpoint (reads ``title``/``body``); the body also carries the message's fields as plain keys.
* ``ANTARA_NOTIFY_EMAIL``: comma-separated recipients, sent through the Airflow connection
  ``ANTARA_NOTIFY_SMTP_CONN_ID`` (default ``smtp_default``).

A notification that cannot be delivered is logged and never raised: it must not mask the task's own failure.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from html import escape
from typing import Any

import requests
from airflow.sdk import BaseNotifier
from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger(__name__)


class NotifySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ANTARA_NOTIFY_", extra="ignore")

    url: str | None = None
    email: str | None = None
    smtp_conn_id: str = "smtp_default"
    timeout_s: float = 10.0

    @property
    def recipients(self) -> list[str]:
        return [address.strip() for address in (self.email or "").split(",") if address.strip()]


@dataclass(frozen=True)
class Message:
    """What any notification says: a title, a plain-text body, an optional link, and machine-readable fields."""

    title: str
    body: str
    link: str | None = None
    link_text: str = "Open in Airflow"
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def html(self) -> str:
        html = "<pre>" + escape(self.body) + "</pre>"
        if self.link:
            html += f'<p><a href="{escape(self.link)}">{escape(self.link_text)}</a></p>'
        return html


@dataclass(frozen=True)
class Failure:
    """What a notification says about one failed task instance."""

    dag_id: str
    task_id: str
    map_index: int
    map_index_label: str | None
    run_id: str
    try_number: int | None
    exception: str
    log_url: str | None

    @property
    def task_label(self) -> str:
        return f"{self.task_id}[{self.map_index_label or self.map_index}]" if self.map_index >= 0 else self.task_id

    @property
    def title(self) -> str:
        return f"Airflow task failed: {self.dag_id}.{self.task_label}"

    @property
    def body(self) -> str:
        lines = [
            f"DAG: {self.dag_id}",
            f"Task: {self.task_label}",
            f"Run: {self.run_id}",
            f"Try: {self.try_number}",
            f"Exception: {self.exception}",
            f"Log: {self.log_url or '(unknown)'}",
        ]
        return "\n".join(lines)

    @property
    def message(self) -> Message:
        return Message(self.title, self.body, link=self.log_url, link_text="Open the task log", fields=asdict(self))


def failure_from_context(context: dict[str, Any]) -> Failure:
    """Read the failure out of an Airflow task context (``ti``, ``run_id``, ``exception``)."""
    ti = context["ti"]
    exception = context.get("exception")
    map_index = getattr(ti, "map_index", None)
    return Failure(
        dag_id=ti.dag_id,
        task_id=ti.task_id,
        map_index=-1 if map_index is None else int(map_index),
        map_index_label=getattr(ti, "rendered_map_index", None),
        run_id=context.get("run_id") or ti.run_id,
        try_number=getattr(ti, "try_number", None),
        exception=f"{type(exception).__name__}: {exception}" if exception is not None else "(no exception recorded)",
        log_url=getattr(ti, "log_url", None),
    )


class WebhookNotifier(BaseNotifier):
    """POST a message as JSON: Slack reads ``text``, Apprise reads ``title``/``body``, scripts read the fields."""

    def __init__(self, url: str, message: Message, timeout_s: float = 10.0) -> None:
        super().__init__()
        self.url, self.message, self.timeout_s = url, message, timeout_s

    def notify(self, context: dict[str, Any]) -> None:
        message = self.message
        payload = {"text": f"*{message.title}*\n{message.body}", "title": message.title, "body": message.body}
        payload.update(message.fields)
        response = requests.post(self.url, json=payload, timeout=self.timeout_s)
        response.raise_for_status()


def _email_notifier(message: Message, settings: NotifySettings) -> BaseNotifier:
    from airflow.providers.smtp.notifications.smtp import SmtpNotifier

    return SmtpNotifier(
        to=settings.recipients, subject=message.title, html_content=message.html, smtp_conn_id=settings.smtp_conn_id
    )


Channel = tuple[str, Callable[[NotifySettings], bool], Callable[[Message, NotifySettings], BaseNotifier]]
#: Each channel: (name, is it configured?, the notifier that delivers a message to it).
CHANNELS: tuple[Channel, ...] = (
    ("webhook", lambda s: bool(s.url), lambda m, s: WebhookNotifier(s.url or "", m, s.timeout_s)),
    ("email", lambda s: bool(s.recipients), _email_notifier),
)


def deliver(message: Message, settings: NotifySettings | None = None) -> dict[str, bool]:
    """Send one message to every configured channel; return which ones succeeded (failures are logged)."""
    settings = settings or NotifySettings()
    delivered: dict[str, bool] = {}
    for name, configured, build in CHANNELS:
        if not configured(settings):
            continue
        try:
            build(message, settings).notify({})
            delivered[name] = True
        except Exception as exc:  # HTTP, SMTP, connection lookup and TLS errors all mean "not delivered"
            target = settings.url if name == "webhook" else settings.recipients
            log.error("could not deliver %r by %s to %s: %s", message.title, name, target, exc)
            delivered[name] = False
    if not delivered:
        log.debug("no notification channel configured (ANTARA_NOTIFY_URL / ANTARA_NOTIFY_EMAIL)")
    return delivered


def notify(failure: Failure, settings: NotifySettings | None = None) -> dict[str, bool]:
    """Deliver one task failure to every configured channel."""
    return deliver(failure.message, settings)


class FailureNotifier(BaseNotifier):
    """``on_failure_callback``: notify the configured channels about the failed task instance in ``context``."""

    def notify(self, context: dict[str, Any]) -> None:
        failure = failure_from_context(context)
        delivered = notify(failure)
        if delivered:
            log.info("failure of %s.%s notified: %s", failure.dag_id, failure.task_label, delivered)


on_failure = FailureNotifier()
