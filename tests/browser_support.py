"""What the browser tests share: starting the real server, Chromium through chromedriver,
waiting for a page to finish rendering, reading errors, screenshots, an upload on the Data page.

The server is started as Streamlit's own end-to-end tests do: ``streamlit run`` on a free
port, then ``/_stcore/health`` polled. Without Chromium the tests are skipped, except under CI
(``CI`` set), where a missing browser is a broken set-up and fails: .ci/run installs
``chromium`` and ``chromium-driver``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1440,1000",
)
ERROR_SELECTORS = ('[data-testid="stException"]', '[data-testid="stAlertContentError"]')
RENDER_TIMEOUT_S = 90
SERVER_TIMEOUT_S = 90


def unavailable(reason: str) -> None:
    """Fail under CI (the set-up is broken), skip on a developer machine without a browser."""
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run under CI: {reason}; .ci/run installs chromium "
                    "and chromium-driver", pytrace=False)
    pytest.skip(f"browser test skipped: {reason} (apt-get install chromium chromium-driver)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(work: Path, *, port: int | None = None, env: dict[str, str] | None = None,
                     args: tuple[str, ...] = (), log_name: str = "streamlit.log") -> Iterator[str]:
    """``streamlit run app.py`` on a local port with its store (and temp files) in ``work``;
    yields its base URL once /_stcore/health answers, and stops it afterwards."""
    port = port or free_port()
    environment = {**os.environ, "PULSE_DB": str(work / "pulse.duckdb"), "PULSE_AUTO_DEMO": "1",
                   "TMPDIR": str(work), **(env or {})}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / log_name, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false", *args],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}; see tests/artifacts/"
                            f"{log_name}", pytrace=False)
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


def chromium(tmp_path_factory: pytest.TempPathFactory):
    """Headless Chromium through Debian's chromedriver, with a fresh profile (a generator for
    a fixture: the browser is closed afterwards)."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        unavailable("chromium or chromedriver is not installed")
    if importlib.util.find_spec("selenium") is None:
        unavailable("selenium is not installed (pip install -e '.[test]')")
    driver = new_driver(tmp_path_factory.mktemp("chromium_profile"))
    try:
        yield driver
    finally:
        driver.quit()


def new_driver(profile: Path):
    """Headless Chromium with a fresh profile: a browser session of its own on the server."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(RENDER_TIMEOUT_S)
    return driver


#: True while anything on the page is still being drawn: a chart without its plot (plotly
#: draws after its chunk loads), a placeholder skeleton, or an element Streamlit has marked
#: stale (greyed while a rerun redraws it).
_STILL_DRAWING = """
const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
const drawn = [...charts].filter(c => {
    const svg = c.querySelector('.js-plotly-plot .main-svg');
    return svg !== null && svg.getBoundingClientRect().width > 0;
});
return drawn.length < charts.length
    || document.querySelector('[data-testid="stSkeleton"]') !== null
    || document.querySelector('[data-stale="true"]') !== null;
"""


def wait_until_rendered(driver, settle_s: float = 1.5) -> None:
    """Wait for a title in the main area, for the script to stop running (the status widget
    gone) and for every chart to be drawn, all for ``settle_s``: the page is then as the user
    sees it, and a screenshot shows it whole."""
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + RENDER_TIMEOUT_S
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        titled = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMain"] h1')
        running = (driver.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]')
                   or driver.execute_script(_STILL_DRAWING))
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


#: The tallest page a screenshot takes whole (a window taller than this is not opened).
FULL_PAGE_MAX_PX = 9_000


def screenshot(driver, name: str, *, full_page: bool = True) -> None:
    """Save the page as ``tests/artifacts/<name>.png``: the whole page, not only the first
    screen (Streamlit scrolls its main area itself, so the window is made as tall as the page
    for the picture, the page redrawn at that size, then the window restored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = driver.get_window_size()
    if full_page:
        height = driver.execute_script(
            "const m = document.querySelector('[data-testid=\"stMain\"]');"
            "return m ? m.scrollHeight : document.body.scrollHeight;")
        if height and height > size["height"]:
            driver.set_window_size(size["width"], min(int(height) + 120, FULL_PAGE_MAX_PX))
            wait_until_rendered(driver, settle_s=1.0)
    try:
        driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    finally:
        if driver.get_window_size() != size:
            driver.set_window_size(size["width"], size["height"])


def alerts(driver, kind: str) -> list[str]:
    """The texts of the page's alerts of one kind ("Error", "Success" …); none while the page
    is being redrawn."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    try:
        return [e.text for e in driver.find_elements(By.CSS_SELECTOR,
                                                     f'[data-testid="stAlertContent{kind}"]')]
    except StaleElementReferenceException:
        return []


def button(driver, label: str):
    """The enabled, visible button whose text ends with ``label`` (an icon's name may come
    first), or None (also while the page is redrawn)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    try:
        return next((b for b in driver.find_elements(By.CSS_SELECTOR, "button")
                     if b.text.strip().endswith(label) and b.is_enabled() and b.is_displayed()),
                    None)
    except StaleElementReferenceException:
        return None


def wait_for(condition, what: str):
    """``condition()``'s first true value, polled until RENDER_TIMEOUT_S."""
    deadline = time.monotonic() + RENDER_TIMEOUT_S
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def upload_for_import(driver, file: Path, label: str = "Import 1 file"):
    """Give ``file`` to the Data page's uploader; the enabled import button its preview
    offers (the preview runs in a worker, so the page redraws meanwhile)."""
    from selenium.webdriver.common.by import By

    wait_for(lambda: driver.find_elements(
        By.CSS_SELECTOR, '[data-testid="stFileUploaderDropzoneInput"]'), "the uploader"
    )[0].send_keys(str(file))
    return wait_for(lambda: button(driver, label), "the preview to offer an import")


def store_counts(driver) -> tuple[int, int, int]:
    """The Data page's line 'In the store now: N projects, N tickets, N survey responses.'"""
    from selenium.webdriver.common.by import By

    text = driver.find_element(By.CSS_SELECTOR, '[data-testid="stMain"]').text
    found = re.search(r"In the store now: ([\d,]+) projects, ([\d,]+) tickets, ([\d,]+) survey", text)
    assert found, text[:500]
    return tuple(int(g.replace(",", "")) for g in found.groups())  # type: ignore[return-value]
