"""On-failure notifications: a webhook (Slack or Apprise API) and/or e-mail through Airflow's SMTP provider.

``on_failure`` is an Airflow ``on_failure_callback``. It is configured by environment only, so the same DAG file
notifies wherever it is deployed:

* ``ANTARA_NOTIFY_URL``: a URL that takes a JSON POST — a Slack incoming webhook (reads ``text``) or an Apprise API
  ``/notify`` endpoint (reads ``title``/``body``); the body also carries the fields as plain keys.
* ``ANTARA_NOTIFY_EMAIL``: comma-separated recipients, sent through the Airflow connection
  ``ANTARA_NOTIFY_SMTP_CONN_ID`` (default ``smtp_default``) with ``airflow.providers.smtp``.

A notification that cannot be delivered is logged and never raised: it must not mask the task's own failure.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

import requests
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


def post_webhook(url: str, failure: Failure, timeout_s: float) -> None:
    """POST the failure as JSON: Slack reads ``text``, Apprise reads ``title``/``body``, scripts read the fields."""
    payload = {"text": f"*{failure.title}*\n{failure.body}", "title": failure.title, "body": failure.body}
    payload.update(asdict(failure))
    response = requests.post(url, json=payload, timeout=timeout_s)
    response.raise_for_status()


def send_email(recipients: list[str], failure: Failure, conn_id: str) -> None:
    """Send the failure through Airflow's SMTP provider (the connection holds host, port, TLS and sender)."""
    from html import escape

    from airflow.providers.smtp.hooks.smtp import SmtpHook

    html = "<pre>" + escape(failure.body) + "</pre>"
    if failure.log_url:
        html += f'<p><a href="{escape(failure.log_url)}">Open the task log</a></p>'
    with SmtpHook(smtp_conn_id=conn_id) as hook:
        hook.send_email_smtp(to=recipients, subject=failure.title, html_content=html)


def notify(failure: Failure, settings: NotifySettings | None = None) -> dict[str, bool]:
    """Deliver one failure to every configured channel; return which ones succeeded."""
    settings = settings or NotifySettings()
    delivered: dict[str, bool] = {}
    if settings.url:
        try:
            post_webhook(settings.url, failure, settings.timeout_s)
            delivered["webhook"] = True
        except requests.RequestException as exc:
            log.error("could not post the failure of %s to the webhook: %s", failure.task_label, exc)
            delivered["webhook"] = False
    if settings.recipients:
        try:
            send_email(settings.recipients, failure, settings.smtp_conn_id)
            delivered["email"] = True
        except Exception as exc:  # SMTP, connection lookup and TLS errors all mean "not delivered"
            log.error("could not e-mail the failure of %s to %s: %s", failure.task_label, settings.recipients, exc)
            delivered["email"] = False
    if not delivered:
        log.debug("no notification channel configured (ANTARA_NOTIFY_URL / ANTARA_NOTIFY_EMAIL)")
    return delivered


def on_failure(context: dict[str, Any]) -> None:
    """``on_failure_callback``: notify the configured channels about this failed task instance."""
    failure = failure_from_context(context)
    delivered = notify(failure)
    if delivered:
        log.info("failure of %s.%s notified: %s", failure.dag_id, failure.task_label, delivered)
