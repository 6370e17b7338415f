"""The dashboard's FastAPI app, mounted by the Airflow API server at ``/antara``.

Airflow does not authenticate plugin apps (a Starlette mount inherits none of the core API's dependencies), so every
route here depends on Airflow's own ``requires_access_dag``: a valid JWT (the UI's ``_token`` cookie or an
``Authorization: Bearer`` header) of a user who may read ``antara_ingest``'s runs. No token → 401, a bad token → 403.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from antara_dashboard import charts
from antara_dashboard.metrics import (
    DEFAULT_WINDOW,
    EDITION_COLOURS,
    EDITION_NAMES,
    FETCH_OUTCOMES,
    WINDOWS,
    Snapshot,
    Timeline,
    WarehouseUnavailable,
    configured_warehouse_uri,
    display_uri,
    read_snapshot,
    resolve_zone,
)
from antara_dashboard.runs import RunHealth, read_run_health
from pipeline.freshness import format_minutes

log = logging.getLogger(__name__)

DAG_ID = "antara_ingest"
URL_PREFIX = "/antara"
REFRESH_S = 60
WINDOW_PATTERN = "^(" + "|".join(WINDOWS) + ")$"
_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(["html"])
)


def _require_dag_run_access() -> Any:
    """Airflow's own authorisation dependency: may the caller read antara_ingest's runs?"""
    from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity
    from airflow.api_fastapi.core_api.security import requires_access_dag

    return Depends(requires_access_dag("GET", DagAccessEntity.RUN, param_dag_id=DAG_ID))


def _timeline_chart(title: str, timeline: Timeline | None, y_title: str, x_title: str, colours=None) -> str:
    if timeline is None:
        return charts.stacked_bars(title, [], [])
    series = [charts.Series(name, values, (colours or {}).get(name)) for name, values in timeline.series.items()]
    return charts.stacked_bars(
        title,
        timeline.labels,
        series,
        axes=(x_title, y_title),
        missing=timeline.missing,
        now_fraction=timeline.now_fraction,
    )


def render_charts(snap: Snapshot) -> dict[str, str]:
    """The page's charts, by element id, as SVG markup; axis titles name the unit, the bucket and the time zone."""
    window = WINDOWS[snap.window]
    per = f"per {window.unit}"
    ingest_axis = f"ingest time ({snap.time_zone})"
    backlog_colours = {k: ("#D55E00" if k.endswith("failed") else "#E69F00") for k in snap.translation_backlog}
    outcome_colours = {name: colour for name, colour in FETCH_OUTCOMES.values()}
    rates = snap.rates
    return {
        "hourly": _timeline_chart(
            "New articles by edition", snap.articles_by_edition, f"articles {per}", ingest_axis, EDITION_COLOURS
        ),
        "categories": _timeline_chart(
            "Articles by category", snap.articles_by_category, f"articles {per}", f"published ({snap.time_zone})"
        ),
        "fetches": _timeline_chart(
            "Fetches by outcome", snap.fetches_by_outcome, f"requests {per}", ingest_axis, outcome_colours
        ),
        "throughput": _timeline_chart(
            "Articles translated, by source edition",
            snap.translated_by_edition,
            f"articles {per}",
            ingest_axis,
            EDITION_COLOURS,
        ),
        "backlog": charts.horizontal_bars(
            "Translation backlog (articles)", snap.translation_backlog, colours=backlog_colours
        ),
        "rates": charts.lines(
            "Duplicate and story-link rate",
            rates.labels if rates else [],
            [charts.Series(name, values) for name, values in (rates.series if rates else {}).items()],
            percent=True,
            notes=rates.notes if rates else None,
            axes=(ingest_axis, f"% of articles {per}"),
            now_fraction=rates.now_fraction if rates else None,
        ),
        "links": charts.horizontal_bars("Story links by kind", snap.story_links),
        "translation_quality": translation_quality_chart(snap.translation_quality or []),
    }


def translation_quality_chart(rows: Sequence[Mapping[str, Any]]) -> str:
    """chrF per day, one line per direction and model revision: a new revision's dip shows beside the old one's.

    ``rows`` are translation_quality_daily rows (any order); a day a revision has no scored pairs is a gap.
    """
    days = sorted({str(row["day"]) for row in rows})
    by_series: dict[str, dict[str, tuple[float, int]]] = {}
    for row in rows:
        if row["chrf"] is None:
            continue
        name = f"{row['direction']} {row['model']}" + (f"@{row['revision']}" if row["revision"] else "")
        by_series.setdefault(name, {})[str(row["day"])] = (float(row["chrf"]), int(row["pairs"]))
    series = [
        charts.Series(name, [points.get(day, (None, 0))[0] for day in days])
        for name, points in sorted(by_series.items())
    ]
    notes = {
        name: [f"{points[day][1]} pairs" if day in points else "" for day in days] for name, points in by_series.items()
    }
    return charts.lines("chrF against ANTARA's translators", days, series, notes=notes, axes=("day", "chrF (0-100)"))


def _snapshot_or_problem(window: str, zone: str | None) -> tuple[Snapshot | None, str | None, str]:
    uri = configured_warehouse_uri()
    try:
        return read_snapshot(uri, window=window, zone=zone), None, display_uri(uri)
    except WarehouseUnavailable as exc:
        return None, str(exc), display_uri(uri)


def _link_feed_tasks(snap: Snapshot | None, health: RunHealth) -> None:
    for feed in snap.feeds if snap else []:
        feed.task_url = health.feed_tasks.get(feed.feed)


def _local(value: datetime | str | None, zone: tzinfo) -> str:
    """A time in the viewer's zone, the way every table on the page shows it."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def render_page(
    snap: Snapshot | None,
    problem: str | None,
    shown_uri: str,
    health: RunHealth,
    *,
    window: str = DEFAULT_WINDOW,
    tz: str | None = None,
    now: datetime | None = None,
) -> str:
    """The dashboard's HTML for one snapshot (the route's body; also what a test renders directly)."""
    _link_feed_tasks(snap, health)
    zone = resolve_zone(tz)
    return _templates.get_template("dashboard.html").render(
        snap=snap,
        problem=problem,
        warehouse=shown_uri,
        charts={k: Markup(v) for k, v in render_charts(snap).items()} if snap else {},
        health=health,
        generated_at=now or datetime.now(UTC),
        editions=EDITION_NAMES,
        windows=list(WINDOWS),
        window=window,
        tz=tz or "",
        zone=zone,
        local=lambda value: _local(value, zone),
        minutes=format_minutes,
        refresh_s=REFRESH_S,
    )


def create_app() -> FastAPI:
    app = FastAPI(
        title="ANTARA dashboard",
        description="Warehouse metrics of the antara_ingest pipeline.",
        dependencies=[_require_dag_run_access()],
    )

    @app.get("/", response_class=HTMLResponse)
    def dashboard(
        request: Request, window: str = Query(DEFAULT_WINDOW, pattern=WINDOW_PATTERN), tz: str | None = None
    ) -> HTMLResponse:
        snap, problem, shown_uri = _snapshot_or_problem(window, tz)
        health = read_run_health(datetime.now(UTC))
        page = render_page(snap, problem, shown_uri, health, window=window, tz=tz)
        return HTMLResponse(page, status_code=200 if snap else 503)

    @app.get("/api/snapshot")
    def snapshot(window: str = Query(DEFAULT_WINDOW, pattern=WINDOW_PATTERN), tz: str | None = None) -> JSONResponse:
        snap, problem, shown_uri = _snapshot_or_problem(window, tz)
        health = read_run_health(datetime.now(UTC))
        _link_feed_tasks(snap, health)
        if snap is None:
            return JSONResponse(
                {"error": problem, "warehouse": shown_uri, "runs": jsonable_encoder(asdict(health))}, status_code=503
            )
        return JSONResponse(jsonable_encoder({**asdict(snap), "runs": asdict(health)}))

    @app.exception_handler(StarletteHTTPException)
    async def explain_auth_errors(request: Request, exc: StarletteHTTPException) -> JSONResponse | HTMLResponse:
        """A browser without a session gets a page pointing at the login, an API client gets JSON."""
        if exc.status_code in (401, 403) and "text/html" in request.headers.get("accept", ""):
            body = (
                "<!doctype html><title>ANTARA dashboard: sign in</title>"
                f"<p>Not signed in to Airflow ({exc.status_code}: {exc.detail}). "
                '<a href="/auth/login" target="_top">Sign in</a>, then open the dashboard from the Airflow menu.</p>'
            )
            return HTMLResponse(body, status_code=exc.status_code)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    return app


app = create_app()
