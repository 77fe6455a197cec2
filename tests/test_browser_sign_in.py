"""Sign-in end to end: Streamlit's st.login against a real OpenID Connect provider, in Chromium.

The test starts a local OpenID provider (oidc-provider-mock: discovery, authorization form,
token and userinfo endpoints, signed ID tokens) and the app with an ``[auth]`` section that
points at it and a roles file. A visitor signs in on the provider's form as a viewer, then as
an editor: the viewer reads the dashboards but the Data page offers no upload and no import
button; the editor's Data page takes a file and imports it.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest
from browser_support import (alerts, button, free_port, page_errors, screenshot,
                             store_counts, streamlit_server, upload_for_import, wait_for,
                             wait_until_rendered)

pytestmark = pytest.mark.browser

VIEWER, EDITOR = "viewer@example.com", "editor@example.com"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A local OpenID provider that knows the two users and their claims."""
    oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
    with oidc_provider_mock.run_server_in_thread() as server:
        base = f"http://127.0.0.1:{server.server_port}"
        for email, name in ((VIEWER, "Vera Viewer"), (EDITOR, "Ed Editor")):
            request = urllib.request.Request(
                f"{base}/users/{email}", method="PUT",
                data=json.dumps({"email": email, "name": name}).encode(),
                headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=10) as r:
                assert r.status == 204
        yield base


@pytest.fixture(scope="module")
def signed_server(tmp_path_factory: pytest.TempPathFactory, provider: str) -> Iterator[str]:
    work = tmp_path_factory.mktemp("sign_in_server")
    port = free_port()
    secrets = work / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-long-random-secret-for-the-test-only"\n'
        'client_id = "delivery-pulse"\n'
        'client_secret = "delivery-pulse-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n', encoding="utf-8")
    roles = work / "roles.toml"
    roles.write_text(f'default = "none"\n[roles]\n"{VIEWER}" = "viewer"\n"{EDITOR}" = "editor"\n',
                     encoding="utf-8")
    with streamlit_server(work, port=port, env={"PULSE_ROLES": str(roles)},
                          args=("--secrets.files", str(secrets)),
                          log_name="streamlit_sign_in.log") as base:
        yield base


def sign_in(driver, app: str, provider: str, email: str) -> None:
    """From a signed-out browser: the app's sign-in button, the provider's form, back."""
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(f"{app}/?lang=en")
    wait_for(lambda: button(driver, "Sign in"), "the sign-in button").click()
    wait_for(lambda: driver.current_url.startswith(provider), "the provider's form")
    field = wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, 'input[name="sub"]'),
                     "the subject field")[0]
    field.send_keys(email)
    screenshot(driver, "sign_in_provider")
    driver.find_element(By.XPATH, '//button[normalize-space()="Authorize"]').click()
    wait_for(lambda: driver.current_url.startswith(app)
             and "oauth2callback" not in driver.current_url, "the way back to the app")
    driver.get(f"{app}/?lang=en")  # the provider's redirect lands on the home page, in Chinese
    wait_until_rendered(driver)


def sidebar_text(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, '[data-testid="stSidebar"]').text


def test_a_visitor_must_sign_in_first(signed_server, browser):
    from selenium.webdriver.common.by import By

    browser.delete_all_cookies()
    browser.get(f"{signed_server}/data?lang=en")
    wait_for(lambda: button(browser, "Sign in"), "the sign-in button")
    screenshot(browser, "sign_in_page")
    main = browser.find_element(By.CSS_SELECTOR, '[data-testid="stMain"]').text
    assert "Sign in with your work account" in main
    assert not browser.find_elements(By.CSS_SELECTOR, '[data-testid="stFileUploader"]')
    assert not browser.find_elements(By.CSS_SELECTOR, '[data-testid="stMetric"]')


def test_a_viewer_sees_the_dashboards_but_no_import_button(signed_server, provider, browser,
                                                           tmp_path):
    from selenium.webdriver.common.by import By

    sign_in(browser, signed_server, provider, VIEWER)
    assert f"Signed in as {VIEWER} (viewer)" in sidebar_text(browser)
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, '[data-testid="stMetric"]'),
              "the overview's figures")
    screenshot(browser, "sign_in_viewer_overview")
    browser.get(f"{signed_server}/data?lang=en")
    wait_until_rendered(browser)
    screenshot(browser, "sign_in_viewer_data")
    assert not browser.find_elements(By.CSS_SELECTOR, '[data-testid="stFileUploader"]')
    assert not [b for b in browser.find_elements(By.CSS_SELECTOR, "button")
                if "Import" in b.text and "file" in b.text]
    assert "importing and undoing need the editor role" in \
        browser.find_element(By.CSS_SELECTOR, '[data-testid="stMain"]').text
    assert not page_errors(browser), page_errors(browser)


def test_an_editor_can_upload_and_import(signed_server, provider, browser, tmp_path):
    sign_in(browser, signed_server, provider, EDITOR)
    assert f"Signed in as {EDITOR} (editor)" in sidebar_text(browser)
    browser.get(f"{signed_server}/data?lang=en")
    wait_until_rendered(browser)
    csv = tmp_path / "editor_tickets.csv"
    csv.write_text("Issue key,Created,Priority\nED-1,2025-04-01 09:00,High\n", encoding="utf-8")
    before = store_counts(browser)
    upload_for_import(browser, csv)
    wait_until_rendered(browser)
    screenshot(browser, "sign_in_editor_data")
    wait_for(lambda: button(browser, "Import 1 file"), "the import button").click()
    wait_for(lambda: [a for a in alerts(browser, "Success") if "editor_tickets.csv" in a],
             "the import's result")
    wait_until_rendered(browser)
    assert store_counts(browser) == (before[0], before[1] + 1, before[2])
    assert not page_errors(browser), page_errors(browser)


def test_signing_out_ends_the_session(signed_server, provider, browser):
    from selenium.webdriver.common.by import By

    sign_in(browser, signed_server, provider, EDITOR)
    wait_for(lambda: button(browser, "Sign out"), "the sign-out button").click()

    # Streamlit forgets the identity, then the provider confirms the end of its own session
    wait_for(lambda: browser.current_url.startswith(provider), "the provider's sign-out")
    wait_for(lambda: browser.find_elements(By.XPATH, '//button[normalize-space()="End session"]'),
              "the provider's confirmation")[0].click()
    wait_for(lambda: browser.current_url.startswith(signed_server)
              and "oauth2" not in browser.current_url, "the way back to the app")
    browser.get(f"{signed_server}/data?lang=en")
    wait_for(lambda: button(browser, "Sign in"), "the sign-in button")
    assert not browser.find_elements(By.CSS_SELECTOR, '[data-testid="stFileUploader"]')
