"""The dashboard's FastAPI app, mounted by the Airflow API server at ``/antara``.

Airflow does not authenticate plugin apps (a Starlette mount inherits none of the core API's dependencies), so every
route here depends on Airflow's own ``requires_access_dag``: a valid JWT (the UI's ``_token`` cookie or an
``Authorization: Bearer`` header) of a user who may read ``antara_ingest``'s runs. No token → 401, a bad token → 403.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from antara_dashboard import charts
from antara_dashboard.metrics import (
    EDITION_NAMES,
    Snapshot,
    WarehouseUnavailable,
    configured_warehouse_uri,
    display_uri,
    read_snapshot,
)

log = logging.getLogger(__name__)

DAG_ID = "antara_ingest"
URL_PREFIX = "/antara"
_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(["html"])
)


def _require_dag_run_access() -> Any:
    """Airflow's own authorisation dependency: may the caller read antara_ingest's runs?"""
    from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity
    from airflow.api_fastapi.core_api.security import requires_access_dag

    return Depends(requires_access_dag("GET", DagAccessEntity.RUN, param_dag_id=DAG_ID))


def _series(buckets: dict[str, dict[str, float]], names: dict[str, str] | None = None) -> list[charts.Series]:
    keys = list(dict.fromkeys(k for counts in buckets.values() for k in counts))
    return [charts.Series((names or {}).get(k, k), [counts.get(k, 0) for counts in buckets.values()]) for k in keys]


def render_charts(snap: Snapshot) -> dict[str, str]:
    """The page's charts, by element id, as SVG markup."""
    backlog_colours = {k: ("#D55E00" if k.endswith("failed") else "#E69F00") for k in snap.translation_backlog}
    return {
        "hourly": charts.stacked_bars(
            "Articles ingested per hour, by edition",
            list(snap.hourly_by_edition),
            _series(snap.hourly_by_edition, EDITION_NAMES),
        ),
        "daily": charts.stacked_bars(
            "Articles per day (Jakarta time), by edition",
            list(snap.daily_by_edition),
            _series(snap.daily_by_edition, EDITION_NAMES),
        ),
        "categories": charts.stacked_bars(
            "Articles per day, by category", list(snap.daily_by_category), _series(snap.daily_by_category)
        ),
        "fetches": charts.stacked_bars(
            "Fetches per hour, by outcome", list(snap.fetches_by_outcome), _series(snap.fetches_by_outcome)
        ),
        "backlog": charts.horizontal_bars(
            "Translation backlog (articles)", snap.translation_backlog, colours=backlog_colours
        ),
        "throughput": charts.stacked_bars(
            "Articles translated per day, by source edition",
            list(snap.translated_daily),
            _series(snap.translated_daily, EDITION_NAMES),
        ),
        "rates": charts.lines(
            "Duplicate and story-link rate per day (%)", list(snap.rates_daily), _series(snap.rates_daily), percent=True
        ),
        "links": charts.horizontal_bars("Story links by kind", snap.story_links),
    }


def _snapshot_or_problem() -> tuple[Snapshot | None, str | None, str]:
    uri = configured_warehouse_uri()
    try:
        return read_snapshot(uri), None, display_uri(uri)
    except WarehouseUnavailable as exc:
        return None, str(exc), display_uri(uri)


def create_app() -> FastAPI:
    app = FastAPI(
        title="ANTARA dashboard",
        description="Warehouse metrics of the antara_ingest pipeline.",
        dependencies=[_require_dag_run_access()],
    )

    @app.get("/", response_class=HTMLResponse)
    def dashboard(request: Request) -> HTMLResponse:
        snap, problem, shown_uri = _snapshot_or_problem()
        page = _templates.get_template("dashboard.html").render(
            snap=snap,
            problem=problem,
            warehouse=shown_uri,
            charts={k: Markup(v) for k, v in render_charts(snap).items()} if snap else {},
            generated_at=datetime.now(UTC),
            editions=EDITION_NAMES,
        )
        return HTMLResponse(page, status_code=200 if snap else 503)

    @app.get("/api/snapshot")
    def snapshot() -> JSONResponse:
        snap, problem, shown_uri = _snapshot_or_problem()
        if snap is None:
            return JSONResponse({"error": problem, "warehouse": shown_uri}, status_code=503)
        return JSONResponse(jsonable_encoder(asdict(snap)))

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
