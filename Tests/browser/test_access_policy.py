"""Browser tests of the access policy: shielding, break-glass, sensitive services, consent, alerts.

Demo data (see the README): Maya Clarke (born 2012-06-19, Ashdown Vale, postcode LS7 3QP) is
shielded by Dana, the Ashdown data manager, and her review is overdue. Jade Wilson is known to early
help (Eli) and, with her consent, to the sexual health clinic (Nia). Grace Thompson is on the index by
consent. Yusuf works in Riverside, another authority; Pat (Kingsbridge police) has a child-protection role.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import h1_text, wait_for
from test_children import submit_search

OTHER_AUTHORITY = "yusuf.youth-justice@riverside.example"
CHILD_PROTECTION = "pat.police@kingsbridge.example"
DATA_MANAGER = "dana.data-manager@ashdown.example"
AUDITOR = "alex.auditor@ashdown.example"
EARLY_HELP = "eli.early-help@ashdown.example"
SEXUAL_HEALTH = "nia.sexual-health@ashdown.example"


def click_and_wait(driver, element) -> None:
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    wait_for(driver, EC.staleness_of(old))


def open_result(driver, name: str) -> None:
    rows = driver.find_elements(By.CSS_SELECTOR, "table.govuk-table tbody tr")
    assert any(name in row.text for row in rows), f"{name} should be among the results"
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, name))
    assert h1_text(driver) == name


def main_text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "main").text


def test_a_shielded_child_is_not_found_by_postcode_and_shows_only_the_brokering_route(driver, base_url, sign_in, axe):
    sign_in(driver, OTHER_AUTHORITY)
    # The postcode is hidden by the shield: a search that uses it finds nothing.
    submit_search(driver, base_url, "new-referral", givenName="Maya", familyName="Clarke", postcode="LS7 3QP")
    assert driver.find_element(By.ID, "results").text.startswith("0 children found")
    assert "Maya Clarke" not in main_text(driver)
    axe(driver)

    # Name and date of birth are visible fields: the child is found, and shows only the brokering route.
    submit_search(driver, base_url, "new-referral", givenName="Maya", familyName="Clarke", dateOfBirth="2012-06-19")
    open_result(driver, "Maya Clarke")
    body = main_text(driver)
    assert "Shielded signpost" in body
    assert "data manager" in driver.find_element(By.ID, "brokering-route").text
    for hidden in ["3 Quarry Walk", "LS7 3QP", "Sam Okafor", "Laura Clarke", "Who is working with this child"]:
        assert hidden not in body, f"a shielded signpost must not show {hidden!r}"
    assert "Emergency: open the full record" not in body, "break-glass is for child-protection roles only"
    axe(driver)


def test_break_glass_warns_first_then_opens_the_record_for_this_session(driver, base_url, sign_in, axe):
    sign_in(driver, CHILD_PROTECTION)
    submit_search(driver, base_url, "child-protection-enquiry", givenName="Maya", familyName="Clarke", dateOfBirth="2012-06-19")
    open_result(driver, "Maya Clarke")
    assert "3 Quarry Walk" not in main_text(driver)
    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "break-glass"))
    warning = driver.find_element(By.ID, "break-glass-warning").text
    assert "triggers immediate review" in warning and "this session only" in warning
    axe(driver)

    # A reason alone is not enough: the warning must be acknowledged.
    driver.find_element(By.ID, "reason").send_keys("Police protection: child reported missing tonight")
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Open the record']"))
    assert "Confirm that you have read the warning" in driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary").text
    axe(driver)

    driver.find_element(By.ID, "confirm").click()
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Open the record']"))
    body = main_text(driver)
    assert "You opened this record with break-glass" in body
    assert "3 Quarry Walk" in body
    axe(driver)


def test_the_data_manager_sees_the_overdue_shield_review_and_the_hidden_service(driver, base_url, sign_in, axe):
    sign_in(driver, DATA_MANAGER)
    reviews = driver.find_element(By.ID, "overdue-shield-reviews").text
    assert "Maya Clarke" in reviews
    axe(driver)
    driver.get(f"{base_url}/information-governance")
    assert h1_text(driver) == "Information governance"
    assert "Maya Clarke" in main_text(driver)
    axe(driver)


def test_a_sensitive_involvement_is_seen_only_by_its_service(driver, base_url, sign_in, axe):
    sign_in(driver, EARLY_HELP)
    submit_search(driver, base_url, "new-referral", givenName="Jade", familyName="Wilson", dateOfBirth="2010-11-03")
    open_result(driver, "Jade Wilson")
    body = main_text(driver)
    assert "Sexual Health" not in body and "Nia Adeyemi" not in body
    assert "Another service is involved: request brokered contact" in body
    axe(driver)

    driver.delete_all_cookies()
    sign_in(driver, SEXUAL_HEALTH)
    submit_search(driver, base_url, "new-referral", givenName="Jade", familyName="Wilson", dateOfBirth="2010-11-03")
    open_result(driver, "Jade Wilson")
    body = main_text(driver)
    assert "Ashdown Vale Sexual Health Clinic" in body and "Sensitive service" in body


def test_consent_is_shown_to_the_team_and_recorded_with_an_error_summary(driver, base_url, sign_in, axe):
    sign_in(driver, EARLY_HELP)
    submit_search(driver, base_url, "new-referral", givenName="Grace", familyName="Thompson", dateOfBirth="2022-06-15")
    open_result(driver, "Grace Thompson")
    consent = driver.find_element(By.ID, "consent")
    assert consent.text == "Consent and lawful basis"
    assert "In force" in main_text(driver) and "Joanne Thompson" in main_text(driver)
    axe(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Record consent"))
    axe(driver)
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Record consent']"))
    summary = driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary").text
    assert "Say who gave consent" in summary and "Choose what the consent covers" in summary
    assert driver.title.startswith("Error:")
    axe(driver)


def test_auditors_see_alerts_for_hidden_field_searches_and_acknowledge_them(driver, base_url, sign_in, axe):
    sign_in(driver, OTHER_AUTHORITY)
    submit_search(driver, base_url, "new-referral", givenName="Maya", familyName="Clarke", dateOfBirth="2012-06-19", postcode="LS7 3QP")
    assert driver.find_element(By.ID, "results").text.startswith("0 children found")
    driver.delete_all_cookies()

    sign_in(driver, AUDITOR)
    driver.get(f"{base_url}/alerts")
    assert h1_text(driver) == "Alerts"
    body = main_text(driver)
    assert "Search on a hidden field of a shielded child" in body
    axe(driver)
    # Acknowledging needs a note.
    buttons = driver.find_elements(By.XPATH, "//button[normalize-space()='Acknowledge']")
    click_and_wait(driver, buttons[0])
    assert "Enter a note" in driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary").text
    axe(driver)
    note = driver.find_elements(By.CSS_SELECTOR, "textarea[name='note']")[0]
    note.send_keys("Checked with the practitioner's manager: a genuine referral.")
    form = note.find_element(By.XPATH, "./ancestor::form")
    click_and_wait(driver, form.find_element(By.TAG_NAME, "button"))
    assert "a genuine referral" in main_text(driver)
