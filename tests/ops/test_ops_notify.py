"""The on-failure notifier, fired by a real failing Airflow task and delivered to local receivers."""

from __future__ import annotations

import email
import json
from email.policy import default as email_policy
from pathlib import Path

import pytest
from dagfiles import load_test_dag
from receivers import smtp_receiver, webhook_receiver

from pipeline.notify import Failure, NotifySettings, notify

FAILURE = Failure(
    dag_id="antara_ingest",
    task_id="fetch_feed",
    map_index=2,
    map_index_label="id-politik",
    run_id="manual__2026-03-10T09:00:00+00:00",
    try_number=3,
    exception="FeedFailed: feed id-politik failed: HTTP 503",
    log_url="http://127.0.0.1:8080/dags/antara_ingest/runs/r/tasks/fetch_feed/mapped/2",
)


FAILING_DAG = """
from datetime import datetime

from airflow.sdk import dag, get_current_context, task

from pipeline.notify import on_failure


@dag(dag_id="notify_webhook_test", schedule=None, start_date=datetime(2026, 1, 1),
     default_args={"on_failure_callback": on_failure})
def failing():
    @task(map_index_template="{{ feed_name }}")
    def fetch(feed: str) -> str:
        get_current_context()["feed_name"] = feed
        if feed == "id-ekonomi":
            raise RuntimeError(f"feed {feed} answered HTTP 503")
        return feed

    fetch.expand(feed=["id-politik", "id-ekonomi"])


failing_dag = failing()
"""


def _failing_dag(folder: Path, monkeypatch: pytest.MonkeyPatch):
    """A DAG whose mapped task fails on one input, notifier attached."""
    return load_test_dag(folder, "notify_webhook_test", FAILING_DAG, "failing_dag", monkeypatch)


def test_a_failing_task_posts_its_details_to_the_webhook(
    airflow_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with webhook_receiver() as (url, received):
        monkeypatch.setenv("ANTARA_NOTIFY_URL", url)
        dagrun = _failing_dag(tmp_path, monkeypatch).test()
    assert str(getattr(dagrun.state, "value", dagrun.state)) == "failed"
    assert len(received) == 1, received  # only the failed map index notifies
    body = received[0]
    assert body["dag_id"] == "notify_webhook_test"
    assert body["task_id"] == "fetch"
    assert body["map_index"] == 1
    assert body["map_index_label"] == "id-ekonomi"
    assert body["run_id"] == dagrun.run_id
    assert body["exception"] == "RuntimeError: feed id-ekonomi answered HTTP 503"
    assert "notify_webhook_test" in (body["log_url"] or "")
    assert body["title"] == "Airflow task failed: notify_webhook_test.fetch[id-ekonomi]"
    assert "RuntimeError: feed id-ekonomi answered HTTP 503" in body["text"]


def test_webhook_payload_serves_slack_and_apprise() -> None:
    with webhook_receiver() as (url, received):
        delivered = notify(FAILURE, NotifySettings(url=url))
    assert delivered == {"webhook": True}
    body = received[0]
    assert body["text"].startswith("*Airflow task failed: antara_ingest.fetch_feed[id-politik]*\n")  # Slack
    assert body["title"] == "Airflow task failed: antara_ingest.fetch_feed[id-politik]"  # Apprise
    assert "Run: manual__2026-03-10T09:00:00+00:00" in body["body"]
    assert body["try_number"] == 3


def test_an_unreachable_or_refusing_receiver_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    with webhook_receiver(status=500) as (url, received):
        assert notify(FAILURE, NotifySettings(url=url)) == {"webhook": False}
    assert len(received) == 1
    assert notify(FAILURE, NotifySettings(url=url, timeout_s=2)) == {"webhook": False}  # server gone
    assert "could not deliver 'Airflow task failed: antara_ingest.fetch_feed[id-politik]' by webhook" in caplog.text


def test_failure_is_emailed_through_the_smtp_provider(airflow_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_receiver() as (port, received):
        extra = json.dumps({"disable_ssl": True, "disable_tls": True, "from_email": "airflow@example.org"})
        monkeypatch.setenv(
            "AIRFLOW_CONN_SMTP_ANTARA_TEST",
            json.dumps({"conn_type": "smtp", "host": "127.0.0.1", "port": port, "extra": extra}),
        )
        settings = NotifySettings(email="ops@example.org, news@example.org", smtp_conn_id="smtp_antara_test")
        delivered = notify(FAILURE, settings)
    assert delivered == {"email": True}
    assert received[0]["rcpt"] == ["ops@example.org", "news@example.org"]
    message = email.message_from_string(received[0]["data"], policy=email_policy)
    assert message["Subject"] == "Airflow task failed: antara_ingest.fetch_feed[id-politik]"
    html = message.get_body(("html",)).get_content()
    assert "FeedFailed: feed id-politik failed: HTTP 503" in html
    assert 'href="http://127.0.0.1:8080/dags/antara_ingest/runs/r/tasks/fetch_feed/mapped/2"' in html


def test_missing_smtp_connection_is_logged(caplog: pytest.LogCaptureFixture, airflow_db: Path) -> None:
    settings = NotifySettings(email="ops@example.org", smtp_conn_id="no_such_smtp_connection")
    assert notify(FAILURE, settings) == {"email": False}
    assert "by email to ['ops@example.org']" in caplog.text


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTARA_NOTIFY_URL", "http://127.0.0.1:9/hook")
    monkeypatch.setenv("ANTARA_NOTIFY_EMAIL", " a@example.org,,b@example.org ")
    settings = NotifySettings()
    assert settings.url == "http://127.0.0.1:9/hook"
    assert settings.recipients == ["a@example.org", "b@example.org"]
    assert notify(FAILURE, NotifySettings(url=None, email=None)) == {}
