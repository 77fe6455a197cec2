"""Regenerate the README's screenshots: the app on the demo portfolio, in English, for the
year from October 2025 to September 2026 (the retro for its last quarter), each page
captured whole.

    .venv/bin/python docs/screenshots/make.py

Needs Chromium and chromedriver (Debian: apt-get install chromium chromium-driver
fonts-wqy-zenhei). The app runs on a store of its own in a temporary folder, so the shipped
data/ is left as it is.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WIDTH = 1400
PERIOD = "date_from=2025-10-01&date_to=2026-09-30"
SHOTS = {  # file name -> URL path and query
    "overview": f"?lang=en&{PERIOD}",
    "complaints": f"complaints?lang=en&{PERIOD}",
    "cycle_times": f"cycle-times?lang=en&{PERIOD}",
    "satisfaction": f"satisfaction?lang=en&{PERIOD}",
    "retro": "retro?lang=en&quarter=2026Q3",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_rendered(driver: webdriver.Chrome, timeout: float = 120) -> None:
    """Until Streamlit has stopped running the script and the page has kept still a moment."""
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        running = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]')
        if running:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 2.5:
            return
        time.sleep(0.25)
    raise SystemExit("the page did not finish rendering in time")


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="pulse-shots-"))
    port = _free_port()
    env = {**os.environ, "PULSE_DB": str(work / "pulse.duckdb"), "PULSE_AUTO_DEMO": "1",
           "TMPDIR": str(work)}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
         str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    options = webdriver.ChromeOptions()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--window-size={WIDTH},1000", "--hide-scrollbars"):
        options.add_argument(flag)
    driver = None
    try:
        for _ in range(180):
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        for name, path in SHOTS.items():
            driver.set_window_size(WIDTH, 1000)
            driver.get(f"{base}/{path}")
            _wait_until_rendered(driver)
            height = driver.execute_script(
                "const m = document.querySelector('[data-testid=\"stMain\"]');"
                "return Math.max(m ? m.scrollHeight : 0, document.body.scrollHeight);")
            driver.set_window_size(WIDTH, min(int(height) + 40, 6000))
            _wait_until_rendered(driver)
            driver.save_screenshot(str(HERE / f"{name}.png"))
            print(f"wrote docs/screenshots/{name}.png")
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
