"""Ask other authorities: a practitioner in Kingsbridge asks the national hub about a child who lives in
Ashdown Vale, and sees whom to contact there as Ashdown Vale's own policy allows; a child shielded in
Ashdown Vale yields only its front door. The form and its answers are axe-clean at 1280 and 320 px with
no sideways scroll, with its error summary, and it works without JavaScript.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from browser_conftest import axe_check, wait_for
from test_children import type_date
from test_every_width import _check_every_width as check_every_width

TEACHER = "tom.teacher@kingsbridge.example"


def ask(driver, base_url, reason: str, sex: str | None, **criteria: str) -> None:
    driver.get(f"{base_url}/national-lookup")
    wait_for(driver, EC.presence_of_element_located((By.ID, "givenName")))
    driver.find_element(By.CSS_SELECTOR, f"input[name='reason'][value='{reason}']").click()
    for field, value in criteria.items():
        if field == "dateOfBirth":
            type_date(driver, field, value)
        else:
            driver.find_element(By.ID, field).send_keys(value)
    if sex:
        driver.find_element(By.CSS_SELECTOR, f"input[name='gender'][value='{sex}']").click()
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.XPATH, "//button[normalize-space()='Ask other authorities']").click()
    wait_for(driver, EC.staleness_of(old))


def test_a_child_known_in_another_authority_shows_whom_to_contact_there(driver, base_url, sign_in):
    sign_in(driver, TEACHER)
    driver.get(f"{base_url}/children/search")
    driver.find_element(By.ID, "ask-nationally").find_element(By.LINK_TEXT, "Ask other authorities").click()
    wait_for(driver, EC.presence_of_element_located((By.ID, "givenName")))
    assert not driver.find_elements(By.ID, "upn"), "the hub's encodings hold no UPN"
    check_every_width(driver, "national-lookup")

    ask(driver, base_url, "new-referral", "male", givenName="William", familyName="Thompson", dateOfBirth="2015-03-07")
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "1 authority may know this child" in main, main
    assert "Ashdown Vale" in main
    assert "Ashdown Vale Children's Social Care" in main and "01632 960410" in main, main
    assert driver.title.startswith("1 authority may know this child")
    check_every_width(driver, "national-lookup-found")

    ask(driver, base_url, "new-referral", "female", givenName="Maya", familyName="Clarke", dateOfBirth="2012-06-19")
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "cannot say who is involved" in main, main
    assert "01632 960101" in main
    assert "Social Care" not in main.split("How to reach them")[0].split("may know this child")[1], main
    check_every_width(driver, "national-lookup-brokered")

    driver.get(f"{base_url}/national-lookup")
    driver.find_element(By.ID, "givenName").send_keys("William")
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.XPATH, "//button[normalize-space()='Ask other authorities']").click()
    wait_for(driver, EC.staleness_of(old))
    assert driver.find_elements(By.CLASS_NAME, "govuk-error-summary")
    check_every_width(driver, "national-lookup-error")


def test_without_javascript_a_missing_reason_keeps_what_was_typed(nojs_driver, base_url, sign_in):
    sign_in(nojs_driver, TEACHER)
    nojs_driver.get(f"{base_url}/national-lookup")
    nojs_driver.find_element(By.ID, "givenName").send_keys("William")
    nojs_driver.find_element(By.ID, "familyName").send_keys("Thompson")
    old = nojs_driver.find_element(By.TAG_NAME, "html")
    nojs_driver.find_element(By.XPATH, "//button[normalize-space()='Ask other authorities']").click()
    wait_for(nojs_driver, EC.staleness_of(old))
    summary = nojs_driver.find_element(By.CLASS_NAME, "govuk-error-summary").text
    assert "Choose why you are searching" in summary, summary
    assert nojs_driver.find_element(By.ID, "givenName").get_attribute("value") == "William"
    assert nojs_driver.find_element(By.ID, "familyName").get_attribute("value") == "Thompson"
    assert nojs_driver.title.startswith("Error: Ask other authorities")
