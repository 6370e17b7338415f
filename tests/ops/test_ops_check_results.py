"""Each run's data-quality checks are kept in ``check_results`` and read back for the dashboard."""

from __future__ import annotations

from datetime import timedelta

from seed import T0, seed_warehouse

from pipeline.warehouse import Warehouse
from pipeline.warehouse.check_results import recent_check_results, save_check_report
from pipeline.warehouse.checks import CHECKS, CheckThresholds, run_checks


def test_a_report_is_saved_per_run_and_read_back_in_order(warehouse_uri: str) -> None:
    seed_warehouse(warehouse_uri)
    with Warehouse.open(warehouse_uri, auto_migrate=True) as wh:
        strict = run_checks(wh, CheckThresholds())
        relaxed = run_checks(wh, CheckThresholds(min_translation_coverage=0))
        assert save_check_report(wh, strict, "run-1", at=T0) == len(strict.results) == len(CHECKS)
        save_check_report(wh, relaxed, "run-2", at=T0 + timedelta(minutes=15))
        save_check_report(wh, relaxed, "run-2", at=T0 + timedelta(minutes=16))  # a retry replaces, not doubles
        history = recent_check_results(wh)
    assert [(r.run_id, r.check_name) for r in history][:2] == [
        ("run-1", "language_matches_edition"),
        ("run-1", "no_boilerplate"),
    ]
    assert len(history) == 2 * len(CHECKS)
    coverage = {r.run_id: r for r in history if r.check_name == "translation_coverage"}
    # 9 articles, 3 without a DONE translation; strict needs 90 % (ceil 8.1 = 9 done) so 0 may be missing.
    assert (coverage["run-1"].observed, coverage["run-1"].allowed, coverage["run-1"].checked) == (3, 0, 9)
    assert not coverage["run-1"].ok
    assert sorted(coverage["run-1"].sample_keys) == sorted(
        ["www.antaranews.com/berita/1002", "www.antaranews.com/berita/1004", "en.antaranews.com/news/1006"]
    )
    assert coverage["run-2"].ok and coverage["run-2"].relaxed
    assert (coverage["run-2"].allowed, coverage["run-2"].checked) == (9, 9)


def test_a_relaxed_check_says_so_instead_of_allowed_equals_all(duckdb_uri: str) -> None:
    seed_warehouse(duckdb_uri)
    with Warehouse.open(duckdb_uri, auto_migrate=True) as wh:
        relaxed = run_checks(wh, CheckThresholds(min_translation_coverage=0))["translation_coverage"]
        strict = run_checks(wh, CheckThresholds())["translation_coverage"]
    assert relaxed.render().startswith(
        "PASS translation_coverage: 3 of 9 offending (not enforced: limit relaxed for this run)"
    )
    assert strict.render().startswith("FAIL translation_coverage: 3 of 9 offending (none allowed)")
