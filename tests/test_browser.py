"""End to end: the real server in a real browser.

Starts ``streamlit run app.py`` on a free port with an empty store of its own (the first page
view imports the demo portfolio, as a real first start does), polls ``/_stcore/health`` as
Streamlit's own end-to-end tests do, then drives Debian's headless Chromium (through
chromedriver and Selenium) to every page and through an upload on the Data page. A page fails when the DOM holds a
Streamlit exception or an error alert; a screenshot of each page is saved under
tests/artifacts/ either way.

Without Chromium the test is skipped, except under CI (``CI`` set), where a missing browser is
a broken set-up and fails: .ci/run installs ``chromium`` and ``chromium-driver``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1440,1000",
)
# (url path, page script, title key); "" is the home page. The first request of the session
# is deliberately not the home page: a fresh server must still run it through app.py.
PAGES: list[tuple[str, str, str]] = [
    ("complaints", "pages/complaints.py", "nav.complaints"),
    ("", "pages/overview.py", "nav.overview"),
    ("cycle-times", "pages/cycle_times.py", "nav.cycle_times"),
    ("satisfaction", "pages/satisfaction.py", "nav.satisfaction"),
    ("retro", "pages/retro.py", "nav.retro"),
    ("data", "pages/data.py", "nav.data"),
    ("explore", "pages/explore.py", "nav.explore"),
]
ERROR_SELECTORS = ('[data-testid="stException"]', '[data-testid="stAlertContentError"]')
RENDER_TIMEOUT_S = 90
SERVER_TIMEOUT_S = 90


def _unavailable(reason: str) -> None:
    """Fail under CI (the set-up is broken), skip on a developer machine without a browser."""
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run under CI: {reason}; .ci/run installs chromium "
                    "and chromium-driver", pytrace=False)
    pytest.skip(f"browser test skipped: {reason} (apt-get install chromium chromium-driver)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served on a free local port, on a store of its own that starts empty, so the
    first page view takes the real first-start path (importing the demo portfolio)."""
    work = tmp_path_factory.mktemp("browser_server")
    port = _free_port()
    env = {**os.environ, "PULSE_DB": str(work / "pulse.duckdb"), "PULSE_AUTO_DEMO": "1",
           "TMPDIR": str(work)}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / "streamlit.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}; see tests/artifacts/"
                            "streamlit.log", pytrace=False)
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("streamlit did not become healthy in time", pytrace=False)
            time.sleep(0.5)
        yield base
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    """Headless Chromium through Debian's chromedriver, with a fresh profile."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        _unavailable("chromium or chromedriver is not installed")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed (pip install -e '.[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium_profile')}")
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(RENDER_TIMEOUT_S)
    try:
        yield driver
    finally:
        driver.quit()


def wait_until_rendered(driver, settle_s: float = 1.5) -> None:
    """Wait for a title in the main area and for the script to stop running (the status
    widget gone for ``settle_s``): the page is then as the user sees it."""
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + RENDER_TIMEOUT_S
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        titled = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMain"] h1')
        running = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]')
        if titled and not running:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= settle_s:
                return
        else:
            quiet_since = None
        time.sleep(0.25)
    raise AssertionError("the page did not finish rendering in time")


def page_errors(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text.strip() or selector for selector in ERROR_SELECTORS
            for e in driver.find_elements(By.CSS_SELECTOR, selector)]


def screenshot(driver, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize("url_path,script,title_key", PAGES, ids=[p[1] for p in PAGES])
def test_page_renders_without_errors(server, browser, url_path, script, title_key):
    from selenium.webdriver.common.by import By

    from analytics.i18n import t

    if not (ROOT / script).is_file():
        pytest.skip(f"{script} is not in this checkout")
    browser.get(f"{server}/{url_path}")
    wait_until_rendered(browser)
    screenshot(browser, Path(script).stem)
    assert not page_errors(browser), page_errors(browser)
    # the page is the one asked for: its navigation entry is the current one
    current = browser.find_elements(By.CSS_SELECTOR,
                                    '[data-testid="stSidebarNavLink"][aria-current="page"]')
    assert len(current) == 1 and t(title_key, "zh") in current[0].text.splitlines()


def test_url_keeps_language_and_filters_across_pages(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/?lang=en&grain=quarter")
    wait_until_rendered(browser)
    sidebar = browser.find_element(By.CSS_SELECTOR, '[data-testid="stSidebar"]').text
    assert "Customers" in sidebar and "客户" not in sidebar
    links = browser.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebarNavLink"]')
    data_link = next(a for a in links if a.get_attribute("href").rstrip("/").endswith("/data"))
    data_link.click()
    deadline = time.monotonic() + RENDER_TIMEOUT_S
    while "/data" not in browser.current_url and time.monotonic() < deadline:
        time.sleep(0.25)
    wait_until_rendered(browser)
    screenshot(browser, "data_en")
    assert browser.find_element(By.CSS_SELECTOR, '[data-testid="stMain"] h1').text == "Data"
    assert "Customers" in browser.find_element(By.CSS_SELECTOR, '[data-testid="stSidebar"]').text
    assert "lang=en" in browser.current_url and "grain=quarter" in browser.current_url
    assert not page_errors(browser), page_errors(browser)


def test_upload_and_import_in_the_browser(server, browser, tmp_path):
    """The Data page's whole path through a real upload: preview, import, counts."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    csv = tmp_path / "browser_tickets.csv"
    csv.write_text("Issue key,Created,Resolved,Priority\n"
                   "BR-1,2025-03-01 09:00,2025-03-01 17:00,High\n"
                   "BR-2,2025-03-02 09:00,2025-03-01 09:00,Low\n", encoding="utf-8")
    browser.get(f"{server}/data?lang=en")
    wait_until_rendered(browser)
    browser.find_element(By.CSS_SELECTOR, '[data-testid="stFileUploaderDropzoneInput"]'
                         ).send_keys(str(csv))
    deadline = time.monotonic() + RENDER_TIMEOUT_S
    button = None
    while button is None and time.monotonic() < deadline:
        try:
            button = next((b for b in browser.find_elements(By.CSS_SELECTOR, "button")
                           if b.text.strip().endswith("Import 1 file(s)") and b.is_enabled()), None)
        except StaleElementReferenceException:  # the page redrew while it was read
            button = None
        time.sleep(0.25)
    assert button is not None, "the preview did not offer an import"
    wait_until_rendered(browser)
    screenshot(browser, "data_preview")
    button.click()
    deadline = time.monotonic() + RENDER_TIMEOUT_S
    while time.monotonic() < deadline:
        done = [e.text for e in browser.find_elements(
            By.CSS_SELECTOR, '[data-testid="stAlertContentSuccess"]')]
        if done:
            break
        time.sleep(0.25)
    wait_until_rendered(browser)
    screenshot(browser, "data_imported")
    summary = "browser_tickets.csv: rows imported 1, folded into earlier versions 0, rejected 1"
    assert any(summary in text for text in done), done
    assert not page_errors(browser), page_errors(browser)
