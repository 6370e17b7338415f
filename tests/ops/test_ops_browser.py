"""A real browser (Debian's headless Chromium, driven by Selenium through Debian's chromedriver) signs in to the
Airflow UI, sees antara_ingest's successful run, opens the dashboard from the navigation and checks its plots.

Screenshots go to ``$ANTARA_SCREENSHOTS_DIR`` (default: a temp dir); their paths are printed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from support.paths import REPO

pytestmark = pytest.mark.stack

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)
WAIT_S = 60


@pytest.fixture(scope="module")
def screenshots() -> Path:
    directory = Path(os.environ.get("ANTARA_SCREENSHOTS_DIR") or REPO / "build" / "screenshots")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not binary.exists():
            message = f"{binary} is missing: apt-get install -y chromium chromium-driver"
            # CI installs them (.ci/run) and must run this test; elsewhere a missing browser only skips it.
            pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never try to download a browser or driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def _shot(driver, directory: Path, name: str) -> Path:
    path = directory / f"{name}.png"
    driver.save_screenshot(str(path))
    print(f"screenshot: {path}")
    return path


@contextmanager
def _screenshot_on_failure(driver, directory: Path, step: str) -> Iterator[None]:
    """A failing step leaves a picture of what the browser showed."""
    try:
        yield
    except Exception:
        _shot(driver, directory, f"failed-{step}")
        raise


def _sign_in(driver, stack) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{stack.url}/auth/login")
    wait = WebDriverWait(driver, WAIT_S)
    username = wait.until(ec.visibility_of_element_located((By.NAME, "username")))
    username.send_keys("admin")
    driver.find_element(By.NAME, "password").send_keys(stack.password)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(lambda d: any(c["name"] == "_token" for c in d.get_cookies()))


def test_browser_sees_the_run_and_the_dashboard_plots(standalone_run, browser, screenshots: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    stack = standalone_run.stack
    assert standalone_run.state == "success", stack.run_report(standalone_run.run_id)
    wait = WebDriverWait(browser, WAIT_S)

    # Without a session the dashboard shows no data.
    browser.get(f"{stack.url}/antara/")
    assert "Not signed in to Airflow" in browser.page_source
    assert "<svg" not in browser.page_source

    with _screenshot_on_failure(browser, screenshots, "sign-in"):
        _sign_in(browser, stack)

    # The DAG's run list shows the successful run.
    browser.get(f"{stack.url}/dags/antara_ingest/runs")
    with _screenshot_on_failure(browser, screenshots, "runs"):
        wait.until(ec.presence_of_element_located((By.XPATH, f"//*[contains(text(), '{standalone_run.run_id}')]")))
        success = "//*[translate(normalize-space(text()), 'SUCES', 'suces')='success']"  # the state badge
        wait.until(ec.presence_of_element_located((By.XPATH, success)))
    _shot(browser, screenshots, "01-antara_ingest-runs")

    # The navigation entry opens the dashboard inside the Airflow UI (an iframe on the plugin's page).
    browser.get(f"{stack.url}/plugin/antara-dashboard")
    with _screenshot_on_failure(browser, screenshots, "plugin-page"):
        frame = wait.until(ec.presence_of_element_located((By.TAG_NAME, "iframe")))
        wait.until(lambda d: frame.get_attribute("src").rstrip("/").endswith("/antara"))
        browser.switch_to.frame(frame)
        charts = wait.until(ec.presence_of_all_elements_located((By.CSS_SELECTOR, "svg.chart")))
    assert len(charts) == 8
    browser.switch_to.default_content()
    _shot(browser, screenshots, "02-dashboard-in-airflow-ui")

    # The page itself, full size: every plot rendered with data, the latest articles link to ANTARA.
    browser.get(f"{stack.url}/antara/")
    charts = wait.until(ec.presence_of_all_elements_located((By.CSS_SELECTOR, "svg.chart")))
    empty = [c.get_attribute("data-chart") for c in charts if c.get_attribute("data-points") == "0"]
    rendered = {c.find_element(By.TAG_NAME, "title").get_attribute("textContent"): c.size for c in charts}
    assert all(size["height"] > 100 and size["width"] > 300 for size in rendered.values()), rendered
    assert len([c for c in charts if c.get_attribute("data-points") != "0"]) >= 5, empty
    bars = browser.find_elements(By.CSS_SELECTOR, "#chart-hourly rect.bar")
    assert bars and all(float(b.get_attribute("height")) > 0 for b in bars)
    links = browser.find_elements(By.CSS_SELECTOR, "#latest a")
    assert links and all("antaranews.com/" in a.get_attribute("href") for a in links)
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(1400, min(int(height) + 100, 6000))
    _shot(browser, screenshots, "03-dashboard-full-page")
