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

import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import (RENDER_TIMEOUT_S, ROOT, alerts, button, new_driver, page_errors,
                             screenshot, store_counts, streamlit_server, upload_for_import,
                             wait_for, wait_until_rendered)

pytestmark = pytest.mark.browser

# (url path, page script, title key); "" is the home page. The first request of the session
# is deliberately not the home page: a fresh server must still run it through app.py.
PAGES: list[tuple[str, str, str]] = [
    ("complaints", "pages/complaints.py", "nav.complaints"),
    ("", "pages/overview.py", "nav.overview"),
    ("cycle-times", "pages/cycle_times.py", "nav.cycle_times"),
    ("satisfaction", "pages/satisfaction.py", "nav.satisfaction"),
    ("people", "pages/people.py", "nav.people"),
    ("retro", "pages/retro.py", "nav.retro"),
    ("data", "pages/data.py", "nav.data"),
    ("explore", "pages/explore.py", "nav.explore"),
    ("settings", "pages/settings.py", "nav.settings"),  # local mode: the one user is admin
]

@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served on a free local port, on a store of its own that starts empty, so the
    first page view takes the real first-start path (importing the demo portfolio)."""
    with streamlit_server(tmp_path_factory.mktemp("browser_server")) as base:
        yield base


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("url_path,script,title_key", PAGES, ids=[p[1] for p in PAGES])
def test_page_renders_without_errors(server, browser, url_path, script, title_key, lang):
    from selenium.webdriver.common.by import By

    from analytics.i18n import t

    if not (ROOT / script).is_file():
        pytest.skip(f"{script} is not in this checkout")
    browser.get(f"{server}/{url_path}?lang={lang}")
    wait_until_rendered(browser)
    screenshot(browser, f"{Path(script).stem}_{lang}")
    assert not page_errors(browser), page_errors(browser)
    # the page is the one asked for, in the language asked for: its navigation entry is the
    # current one
    current = browser.find_elements(By.CSS_SELECTOR,
                                    '[data-testid="stSidebarNavLink"][aria-current="page"]')
    assert len(current) == 1 and t(title_key, lang) in current[0].text.splitlines()


@pytest.mark.parametrize("url_path", ["", "retro", "cycle-times"])
def test_the_cards_of_a_row_are_one_height(server, browser, url_path):
    """A card with a target line or a low-confidence mark is no taller than the others of its
    row: every bordered card of a row ends at the same line."""
    browser.get(f"{server}/{url_path}?lang=zh")
    wait_until_rendered(browser)
    boxes = browser.execute_script("""
      return [...document.querySelectorAll('[data-testid="stMetric"]')].map(m => {
        const box = m.closest('[data-testid="stVerticalBlock"]').getBoundingClientRect();
        return [Math.round(box.top), Math.round(box.height)];
      });""")
    rows: dict[int, set[int]] = {}
    for top, height in boxes:
        rows.setdefault(top, set()).add(height)
    assert len(boxes) >= 4 and any(len(h) for h in rows.values())
    assert all(len(heights) == 1 for heights in rows.values()), rows


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


def _sidebar_radio_values(driver) -> list[tuple[str, bool]]:
    """(label, checked) of every radio option in the sidebar, language switch first."""
    from selenium.webdriver.common.by import By

    labels = driver.find_elements(By.CSS_SELECTOR,
                                  '[data-testid="stSidebar"] [role="radiogroup"] label')
    return [(label.text.strip(), label.find_element(By.CSS_SELECTOR, "input").is_selected())
            for label in labels]


def test_switching_language_keeps_group_by_and_the_link(server, browser):
    """A relabelled widget is a new widget to the browser; the grain once fell back to Week
    and left the URL when the language changed."""
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/complaints?lang=zh&grain=quarter&period=year_to_date")
    wait_until_rendered(browser)
    assert ("季度", True) in _sidebar_radio_values(browser)
    english = next(label for label in browser.find_elements(
        By.CSS_SELECTOR, '[data-testid="stSidebar"] [role="radiogroup"] label')
        if label.text.strip() == "English")
    english.click()
    wait_for(lambda: "lang=en" in browser.current_url, "the English link")
    wait_until_rendered(browser)
    screenshot(browser, "complaints_after_language_switch")
    assert ("Quarter", True) in _sidebar_radio_values(browser)
    assert "grain=quarter" in browser.current_url
    assert "period=year_to_date" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, '[data-testid="stMain"] h1').text == "Complaints"


def test_a_typed_date_commits_on_enter(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{server}/?lang=en")
    wait_until_rendered(browser)
    assert "date_from" not in browser.current_url  # the default preset: no dates in the link
    segments = browser.find_elements(
        By.CSS_SELECTOR, '[data-testid="stSidebar"] [data-testid="stDateInput"] '
                         '[role="spinbutton"]')
    segments[0].click()  # the start date's year
    for part in ("2025", "01", "15"):
        ActionChains(browser).send_keys(part).perform()
        time.sleep(0.2)
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_for(lambda: "date_from=2025-01-15" in browser.current_url, "the typed date in the link")
    wait_until_rendered(browser)
    assert "period=" not in browser.current_url  # a custom range: its dates, no preset
    preset = browser.find_element(By.CSS_SELECTOR,
                                  '[data-testid="stSidebar"] [data-testid="stSelectbox"] input')
    assert preset.get_attribute("value") == "Custom range"


def test_upload_and_import_in_the_browser(server, browser, tmp_path):
    """The Data page's whole path through a real upload: preview, import, counts, and the
    data still there after a reload (it went to the shared store)."""
    from selenium.webdriver.common.by import By

    csv = tmp_path / "browser_tickets.csv"
    csv.write_text("Issue key,Created,Resolved,Priority\n"
                   "BR-1,2025-03-01 09:00,2025-03-01 17:00,High\n"
                   "BR-2,2025-03-02 09:00,2025-03-01 09:00,Low\n", encoding="utf-8")
    browser.get(f"{server}/data?lang=en")
    wait_until_rendered(browser)
    before = store_counts(browser)
    upload_for_import(browser, csv)
    wait_until_rendered(browser)
    screenshot(browser, "data_preview")
    wait_for(lambda: button(browser, "Import 1 file"), "the import button").click()
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
    assert store_counts(browser) == (before[0], before[1] + 1, before[2])

    browser.refresh()  # F5: a new session, the same shared store
    wait_until_rendered(browser)
    assert store_counts(browser) == (before[0], before[1] + 1, before[2])
    assert not page_errors(browser), page_errors(browser)


def test_hostile_upload_and_query_leave_the_server_serving(server, browser, tmp_path):
    """The inputs that once ended the server, sent through the real page: the crash workbook
    (a far cell reference python-calamine aborts on) and the SQL that grew the server past
    6 GB. Each gets its sentence; then the server still answers its health check and another
    session still renders the overview."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from hostile import HOSTILE_SQL, far_reference_workbook

    crash = tmp_path / "crash.xlsx"
    crash.write_bytes(far_reference_workbook("lower_case"))
    browser.get(f"{server}/explore?lang=en")
    wait_until_rendered(browser)
    browser.find_element(By.CSS_SELECTOR, '[data-testid="stFileUploaderDropzoneInput"]'
                         ).send_keys(str(crash))
    refusal = wait_for(lambda: [a for a in alerts(browser, "Error") if "crash.xlsx" in a],
                        "the upload's refusal")
    assert "crash.xlsx could not be read safely" in refusal[0], refusal

    wait_until_rendered(browser)
    area = browser.find_element(By.CSS_SELECTOR, '[data-testid="stTextArea"] textarea')
    area.click()
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys(HOSTILE_SQL["generate_series"])
    started = time.monotonic()
    wait_for(lambda: button(browser, "Run query"), "the SQL form's button").click()
    stopped = wait_for(lambda: [a for a in alerts(browser, "Error") if "query" in a.lower()],
                        "the query's refusal")
    assert time.monotonic() - started < 60
    assert "2 GB" in stopped[0] or "seconds" in stopped[0], stopped
    screenshot(browser, "hostile_explore")

    with urllib.request.urlopen(f"{server}/_stcore/health", timeout=5) as r:
        assert r.status == 200 and r.read().strip() == b"ok"

    other = new_driver(tmp_path / "second_profile")
    try:
        other.get(f"{server}/?lang=en")
        wait_until_rendered(other)
        screenshot(other, "hostile_other_session")
        assert other.find_element(By.CSS_SELECTOR, '[data-testid="stMain"] h1').text == "Overview"
        assert not page_errors(other), page_errors(other)
    finally:
        other.quit()


def test_a_fresh_server_never_shows_the_raw_page_list(browser, tmp_path_factory):
    """The first run of a fresh server happens in Streamlit's pages-folder mode, whose
    navigation lists the scripts of pages/ by file name; every navigation entry the browser
    ever draws, from the first byte on, must be one of app.py's titled pages."""
    from selenium.webdriver.common.by import By

    from analytics.i18n import t

    record_links = """
      window.__navSeen = [];
      new MutationObserver(() => {
        for (const a of document.querySelectorAll('[data-testid="stSidebarNavLink"]')) {
          const text = a.innerText.trim();
          if (text && !window.__navSeen.includes(text)) window.__navSeen.push(text);
        }
      }).observe(document, {childList: true, subtree: true, characterData: true});
    """
    driver = new_driver(tmp_path_factory.mktemp("first_start_profile"))
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": record_links})
        with streamlit_server(tmp_path_factory.mktemp("first_start"), log_name="first_start.log") as base:
            driver.get(f"{base}/?lang=en")
            wait_until_rendered(driver)
            seen = driver.execute_script("return window.__navSeen")
            shown = [a.text.strip() for a in
                     driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebarNavLink"]')]
    finally:
        driver.quit()
    titles = [t(key, "en") for key in ("nav.overview", "nav.complaints", "nav.cycle_times",
                                       "nav.satisfaction", "nav.people", "nav.retro", "nav.data",
                                       "nav.explore", "nav.settings")]  # local mode: admin
    assert [s.splitlines()[-1] for s in shown] == titles  # the navigation is there, in order
    assert {s.splitlines()[-1] for s in seen} <= set(titles), seen  # and nothing else ever was
