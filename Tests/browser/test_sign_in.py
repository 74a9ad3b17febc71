"""Browser tests of signing in and out, error handling, and WCAG 2.x A/AA checks with axe-core.

Each test that signs in uses its own demo account, so no two sign-ins in a run compete for the same
30-second TOTP step (the `totp` fixture copes if they do, by using the next step or waiting).
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from conftest import h1_text, path_of, wait_for, wait_for_path

PRACTITIONER = "sam.social-worker@ashdown.example"
WRONG_CODE_ACCOUNT = "hana.health-visitor@ashdown.example"
DASHBOARD_ACCOUNT = "eli.early-help@ashdown.example"
NO_JAVASCRIPT_ACCOUNT = "tom.teacher@kingsbridge.example"
AUDITOR = "alex.auditor@ashdown.example"
ADMIN = "ada.admin@signpost.example"
DATA_MANAGER = "dana.data-manager@ashdown.example"
LAPSED = "lee.lapsed@riverside.example"
SUSPENDED = "sol.suspended@riverside.example"

GENERIC_FAILURE = "The email address, password or security code is not right"


def error_summary(driver):
    return wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".govuk-error-summary")))


def sign_out(driver) -> None:
    driver.find_element(By.XPATH, "//header//form[@action='/sign-out']//button[normalize-space()='Sign out']").click()
    wait_for_path(driver, "/signed-out")


# --- signing in and out --------------------------------------------------------------------------------


def test_sign_in_with_password_and_code_then_sign_out(driver, base_url, sign_in, credentials):
    sign_in(driver, PRACTITIONER)
    assert path_of(driver) == "/"
    assert driver.title.endswith("– Signpost"), driver.title
    header = driver.find_element(By.TAG_NAME, "header").text
    assert "Sign out" in header

    sign_out(driver)
    assert "You have signed out." in driver.find_element(By.TAG_NAME, "main").text

    # The session is gone: the dashboard now sends the browser to the sign-in page.
    driver.get(f"{base_url}/")
    wait_for_path(driver, "/sign-in")
    assert h1_text(driver) == "Sign in to Signpost"


def test_wrong_code_shows_error_summary(driver, sign_in, credentials, totp):
    account = credentials[WRONG_CODE_ACCOUNT]
    sign_in.submit(driver, WRONG_CODE_ACCOUNT, code=totp.wrong_code(account["totpSecret"]))

    assert path_of(driver) == "/sign-in"
    assert driver.title.startswith("Error:"), driver.title
    summary = error_summary(driver)
    assert "There is a problem" in summary.text
    assert GENERIC_FAILURE in summary.text

    links = summary.find_elements(By.CSS_SELECTOR, ".govuk-error-summary__list a")
    assert len(links) == 1
    assert links[0].get_attribute("href").endswith("#email")
    # The email is kept so it need not be typed again; the password and code are not.
    assert driver.find_element(By.ID, "email").get_attribute("value") == WRONG_CODE_ACCOUNT
    assert driver.find_element(By.ID, "password").get_attribute("value") == ""

    # Following the summary's link puts the cursor in the email field.
    links[0].click()
    assert driver.switch_to.active_element.get_attribute("id") == "email"


def test_empty_form_shows_an_error_for_each_field(driver, base_url):
    driver.get(f"{base_url}/sign-in")
    driver.find_element(By.XPATH, "//button[normalize-space()='Sign in']").click()
    summary = error_summary(driver)
    assert driver.title.startswith("Error:"), driver.title
    targets = [link.get_attribute("href").rsplit("#", 1)[-1]
               for link in summary.find_elements(By.CSS_SELECTOR, ".govuk-error-summary__list a")]
    assert targets == ["email", "password", "code"]
    for field in targets:
        message = driver.find_element(By.ID, f"{field}-error")
        assert message.is_displayed() and message.text.strip()
        # Each field points its screen-reader description at its own error message.
        assert f"{field}-error" in (driver.find_element(By.ID, field).get_attribute("aria-describedby") or "")


@pytest.mark.parametrize(
    ("email", "reason"),
    [
        (LAPSED, "Your enhanced DBS check is more than 3 years old"),
        (SUSPENDED, "Your account is suspended"),
    ],
    ids=["lapsed-dbs", "suspended"],
)
def test_vetting_failure_is_refused_with_the_reason(driver, base_url, sign_in, email, reason):
    sign_in.submit(driver, email)

    assert path_of(driver) == "/sign-in"
    summary = error_summary(driver)
    assert reason in summary.text
    assert GENERIC_FAILURE not in summary.text
    assert not h1_text(driver).startswith("Welcome")

    # Refused means no session was made.
    driver.get(f"{base_url}/")
    wait_for_path(driver, "/sign-in")


# --- accessibility -------------------------------------------------------------------------------------


def _open(path):
    def action(driver, base_url, sign_in):
        driver.get(f"{base_url}{path}")
    return action


def _signed_in(email, path):
    def action(driver, base_url, sign_in):
        sign_in(driver, email)
        if path != "/":
            driver.get(f"{base_url}{path}")
    return action


def _sign_in_with_empty_form(driver, base_url, sign_in):
    driver.get(f"{base_url}/sign-in")
    driver.find_element(By.XPATH, "//button[normalize-space()='Sign in']").click()
    error_summary(driver)


def _sign_in_with_unknown_account(driver, base_url, sign_in):
    # An email with no account: the generic failure, without counting a failure against a real account.
    driver.get(f"{base_url}/sign-in")
    driver.find_element(By.ID, "email").send_keys("nobody@example.invalid")
    driver.find_element(By.ID, "password").send_keys("not-a-password")
    driver.find_element(By.ID, "code").send_keys("000000")
    driver.find_element(By.XPATH, "//button[normalize-space()='Sign in']").click()
    error_summary(driver)


def _signed_out(driver, base_url, sign_in):
    driver.get(f"{base_url}/signed-out")


PAGES = {
    "sign-in": (_open("/sign-in"), "Sign in to Signpost"),
    "sign-in-empty-form-errors": (_sign_in_with_empty_form, "Sign in to Signpost"),
    "sign-in-wrong-credentials": (_sign_in_with_unknown_account, "Sign in to Signpost"),
    "signed-out": (_signed_out, "Sign in to Signpost"),
    "dashboard": (_signed_in(DASHBOARD_ACCOUNT, "/"), "Welcome"),
    "privacy": (_open("/privacy"), "Privacy notice for children, young people and families"),
    "accessibility-statement": (_open("/accessibility"), "Accessibility statement"),
    "audit-log": (_signed_in(AUDITOR, "/audit"), "Audit log"),
    "admin-accounts": (_signed_in(ADMIN, "/admin/accounts"), "Accounts"),
    "forbidden": (_signed_in(DATA_MANAGER, "/audit"), "You cannot do this"),
    "not-found": (_open("/no-such-page"), "Page not found"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_has_no_wcag_a_or_aa_violations(driver, base_url, sign_in, axe, page):
    open_page, heading = PAGES[page]
    open_page(driver, base_url, sign_in)
    assert h1_text(driver).startswith(heading)
    axe(driver)


def test_axe_check_reports_violations(driver, axe):
    """The checker itself: a page with known failures must fail it (so a silent no-op cannot pass)."""
    driver.get("data:text/html,<title>broken</title><img src='x.png'><input id='unlabelled'>")
    with pytest.raises(pytest.fail.Exception) as failure:
        axe(driver)
    message = str(failure.value)
    for rule in ("html-has-lang", "image-alt", "label"):
        assert rule in message
    assert "#unlabelled" in message


@pytest.mark.parametrize("path", ["/sign-in", "/privacy"])
def test_skip_link_is_first_focusable_and_targets_main_content(driver, base_url, path):
    driver.get(f"{base_url}{path}")
    h1_text(driver)
    ActionChains(driver).send_keys(Keys.TAB).perform()
    focused = driver.switch_to.active_element
    assert focused.tag_name == "a"
    assert focused.text == "Skip to main content"
    assert focused.get_attribute("href").endswith("#main-content")
    # Hidden until focused, then shown at the top of the page.
    assert focused.is_displayed()
    rect = focused.rect
    assert rect["x"] >= 0 and rect["y"] >= 0 and rect["width"] > 0 and rect["height"] > 0

    main = driver.find_element(By.ID, "main-content")
    assert main.tag_name == "main"

    # Following it moves focus to the main content, past the header.
    focused.send_keys(Keys.ENTER)
    wait_for(driver, lambda d: d.switch_to.active_element.get_attribute("id") == "main-content")


# --- without JavaScript --------------------------------------------------------------------------------


def test_sign_in_and_out_work_without_javascript(nojs_driver, base_url, sign_in):
    driver = nojs_driver
    # Prove JavaScript really is off in this browser: a page that sets its title from a script.
    driver.get("data:text/html,<title>static</title><script>document.title='scripted'</script>")
    assert driver.title == "static"

    sign_in(driver, NO_JAVASCRIPT_ACCOUNT)
    sign_out(driver)
    assert "You have signed out." in driver.find_element(By.TAG_NAME, "main").text
