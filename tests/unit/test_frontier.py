"""The frontier's state machine and its table, on both engines: back-off, budget, permanent ends, due order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pipeline.models import ArticleRef, FetchAttempt, FetchOutcome, FrontierState
from pipeline.warehouse import Warehouse
from pipeline.warehouse.frontier import Frontier, RetryPolicy, RunOutcome

T0 = datetime(2026, 3, 8, 12, tzinfo=UTC)
POLICY = RetryPolicy(base=timedelta(minutes=15), budget=timedelta(hours=24))


def ref(n: int) -> ArticleRef:
    return ArticleRef(key=f"www.antaranews.com/berita/{n}", url=f"https://www.antaranews.com/berita/{n}/x", lang="id",
                      feeds=["id-terkini"], categories=["terkini"])  # fmt: skip


def failure(n: int, at: datetime, outcome: FetchOutcome = FetchOutcome.SERVER_ERROR, **extra) -> FetchAttempt:
    r = ref(n)
    return FetchAttempt(key=r.key, url=r.url, outcome=outcome, reason=outcome.value, at=at, **extra)


def test_transient_faults_back_off_exponentially_then_give_up_after_the_budget(warehouse_uri: str) -> None:
    with Warehouse.open(warehouse_uri) as wh:
        frontier = Frontier(wh)
        frontier.record_run(RunOutcome(discovered=[ref(1)]), T0, POLICY)
        waits, at = [], T0
        while True:
            frontier.record_run(RunOutcome(attempts=[failure(1, at)]), at, POLICY)
            row = frontier.rows([ref(1).key])[ref(1).key]
            if row.state is FrontierState.GIVEN_UP:
                break
            assert row.state is FrontierState.FAILED
            assert frontier.due(at, limit=10) == []  # not before its time
            waits.append(row.next_attempt_at - at)
            at = row.next_attempt_at
            assert frontier.due(at, limit=10) == [ref(1)]
        assert waits[:4] == [timedelta(minutes=m) for m in (15, 30, 60, 120)]
        assert at - T0 == POLICY.budget  # the last attempt happens at the end of the budget, then it gives up
        assert (row.attempts, row.last_error) == (len(waits) + 1, "server_error")
        assert frontier.status()["given_up"] == 1


@pytest.mark.parametrize(
    "outcome", [FetchOutcome.NOT_FOUND, FetchOutcome.GONE, FetchOutcome.NOT_ARTICLE, FetchOutcome.OFF_ALLOWLIST]
)
def test_permanent_outcomes_end_at_once(warehouse_uri: str, outcome: FetchOutcome) -> None:
    with Warehouse.open(warehouse_uri) as wh:
        frontier = Frontier(wh)
        frontier.record_run(RunOutcome(discovered=[ref(2)], attempts=[failure(2, T0, outcome)]), T0, POLICY)
        row = frontier.rows([ref(2).key])[ref(2).key]
        assert (row.state, row.next_attempt_at, row.last_error) == (FrontierState.GIVEN_UP, None, outcome.value)
        assert frontier.ended_keys([ref(2).key]) == {ref(2).key}
        assert frontier.due(T0 + timedelta(days=30), limit=10) == []


def test_retry_after_is_never_undercut_and_loaded_rows_stop(warehouse_uri: str) -> None:
    with Warehouse.open(warehouse_uri) as wh:
        frontier = Frontier(wh)
        later = T0 + timedelta(hours=6)
        attempt = failure(3, T0, FetchOutcome.RATE_LIMITED, retry_at=later)
        frontier.record_run(
            RunOutcome(discovered=[ref(3), ref(4)], attempts=[attempt], loaded=[ref(4).key]), T0, POLICY
        )
        rows = frontier.rows([ref(3).key, ref(4).key])
        assert rows[ref(3).key].next_attempt_at == later
        assert rows[ref(4).key].state is FrontierState.LOADED
        assert frontier.due(later, limit=10) == [ref(3)]
        # announced again after the re-check interval: a loaded row is due once more, as a recheck
        frontier.record_run(RunOutcome(discovered=[ref(4)]), later, POLICY)
        row = frontier.rows([ref(4).key])[ref(4).key]
        assert (row.state, row.source, row.attempts) == (FrontierState.DISCOVERED, "recheck", 0)


def test_a_row_written_without_a_reference_is_still_retried(warehouse_uri: str) -> None:
    """Other tools (a backfill, an operator) may insert bare rows: the frontier still fetches them."""
    with Warehouse.open(warehouse_uri) as wh:
        wh.execute(
            "INSERT INTO frontier (key, url, source, source_name, state, attempts, first_seen_at, updated_at)"
            " VALUES ('en.antaranews.com/news/7', 'https://en.antaranews.com/news/7/x', 'backfill', 'wayback',"
            " 'discovered', 0, ?, ?)",
            [T0, T0],
        )
        (due,) = Frontier(wh).due(T0, limit=5)
    assert (due.key, due.lang, due.feeds) == ("en.antaranews.com/news/7", "en", ["wayback"])
