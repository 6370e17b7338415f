"""Airflow plugin: the ANTARA dashboard (FastAPI app at /antara) and its entry in the Airflow UI's navigation."""

from __future__ import annotations

from typing import Any, ClassVar

from airflow.plugins_manager import AirflowPlugin
from antara_dashboard.app import URL_PREFIX, app


def _icon(colour: str) -> str:
    """The bar-chart icon as a data URI in one colour (``#`` escaped for the URI)."""
    return (
        "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'>"
        f"<path fill='%23{colour}' d='M3 20h18v2H3zM5 10h3v8H5zm5-6h3v14h-3zm5 9h3v5h-3z'/></svg>"
    )


ICON = _icon("0072B2")
ICON_DARK = _icon("7CC4FF")  # a lighter blue that reads on Airflow's dark navigation bar
NAV_LABEL = "ANTARA"  # short: Airflow's navigation truncates longer labels


class AntaraDashboardPlugin(AirflowPlugin):
    name = "antara_dashboard"
    fastapi_apps: ClassVar[list[dict[str, Any]]] = [{"app": app, "url_prefix": URL_PREFIX, "name": "ANTARA dashboard"}]
    external_views: ClassVar[list[dict[str, Any]]] = [
        {
            "name": NAV_LABEL,
            "href": "antara/",  # relative: resolved against the UI's base URL, so it works behind a proxy prefix
            "destination": "nav",
            "url_route": "antara-dashboard",
            "icon": ICON,
            "icon_dark_mode": ICON_DARK,
        }
    ]
