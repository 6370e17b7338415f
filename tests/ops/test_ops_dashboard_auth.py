"""The dashboard inside Airflow's real API server app: mounted by the plugin, guarded by Airflow's authentication."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from seed import seed_warehouse

pytestmark = pytest.mark.usefixtures("airflow_db")


@pytest.fixture(scope="module")
def api(airflow_db: Path) -> Iterator[object]:
    """Airflow's API server app (core API + auth manager + plugins) in this process."""
    from airflow.api_fastapi.app import create_app, purge_cached_app
    from fastapi.testclient import TestClient

    purge_cached_app()
    with TestClient(create_app("core")) as client:
        yield client
    purge_cached_app()


def _token(role: str = "admin") -> str:
    from airflow.api_fastapi.app import get_auth_manager
    from airflow.api_fastapi.auth.managers.simple.user import SimpleAuthManagerUser

    manager = get_auth_manager()
    return manager.generate_jwt(SimpleAuthManagerUser(username="admin", role=role))


@pytest.fixture
def seeded(monkeypatch: pytest.MonkeyPatch, duckdb_uri: str) -> str:
    seed_warehouse(duckdb_uri)
    monkeypatch.setenv("AIRFLOW_CONN_ANTARA_WAREHOUSE", duckdb_uri)
    return duckdb_uri


def test_plugin_is_registered_with_a_nav_entry(api) -> None:
    response = api.get("/api/v2/plugins", headers={"Authorization": f"Bearer {_token()}"})
    assert response.status_code == 200, response.text
    plugin = next(p for p in response.json()["plugins"] if p["name"] == "antara_dashboard")
    assert plugin["fastapi_apps"][0]["url_prefix"] == "/antara"
    assert plugin["external_views"][0]["destination"] == "nav"
    assert plugin["external_views"][0]["href"] == "antara/"
    assert plugin["external_views"][0]["name"] == "ANTARA"  # short enough not to be truncated in the nav
    assert plugin["external_views"][0]["icon_dark_mode"].startswith("data:image/svg+xml")


@pytest.mark.parametrize("path", ["/antara/", "/antara/api/snapshot"])
def test_no_data_without_a_token(api, seeded: str, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 401
    assert "Invented headline" not in response.text


def test_a_browser_without_a_session_is_pointed_at_the_login(api, seeded: str) -> None:
    response = api.get("/antara/", headers={"Accept": "text/html"})
    assert response.status_code == 401
    assert 'href="/auth/login"' in response.text
    assert "Invented headline" not in response.text


@pytest.mark.parametrize("where", ["header", "cookie"])
def test_a_forged_token_is_refused(api, seeded: str, where: str) -> None:
    forged = _token()[:-4] + "AAAA"
    if where == "header":
        response = api.get("/antara/api/snapshot", headers={"Authorization": f"Bearer {forged}"})
    else:
        api.cookies.set("_token", forged)
        try:
            response = api.get("/antara/api/snapshot")
        finally:
            api.cookies.clear()
    assert response.status_code == 403
    assert "articles" not in response.text


def test_a_valid_bearer_token_gets_the_data(api, seeded: str) -> None:
    response = api.get("/antara/api/snapshot", headers={"Authorization": f"Bearer {_token()}"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["totals"]["articles"] == 9
    assert body["warehouse"] == seeded


def test_the_session_cookie_gets_the_page_with_plots(api, seeded: str) -> None:
    api.cookies.set("_token", _token(role="viewer"))
    try:
        response = api.get("/antara/")
    finally:
        api.cookies.clear()
    assert response.status_code == 200, response.text
    assert response.text.count('<svg xmlns="http://www.w3.org/2000/svg"') == 8
    assert 'id="freshness-feeds"' in response.text and 'data-name="id-politik"' in response.text
    assert "Invented headline number" in response.text
    assert "https://www.antaranews.com/berita/1000/invented-story-0" in response.text


def test_busy_or_missing_warehouse_is_a_clear_503(api, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AIRFLOW_CONN_ANTARA_WAREHOUSE", f"duckdb:///{tmp_path / 'absent.duckdb'}")
    response = api.get("/antara/api/snapshot", headers={"Authorization": f"Bearer {_token()}"})
    assert response.status_code == 503
    assert "first antara_ingest run" in response.json()["error"]
