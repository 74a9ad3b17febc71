"""Browser tests of the trust boundary: joining a child's team is a request the lead professional
decides, and privileged roles wait for a second administrator. Demo data (see the README): Sam Okafor
is William Thompson's social worker and lead professional; Hana Kowalski is a health visitor in the
same authority; Ada and Bea are the two administrators.
"""

from __future__ import annotations

import uuid

from selenium.webdriver.common.by import By

from conftest import h1_text
from test_access_policy import click_and_wait, main_text, open_result
from test_children import submit_search

LEAD = "sam.social-worker@ashdown.example"
HEALTH_VISITOR = "hana.health-visitor@ashdown.example"
FIRST_ADMIN = "ada.admin@signpost.example"
SECOND_ADMIN = "bea.admin@signpost.example"


def test_a_practitioner_asks_to_join_and_the_lead_professional_admits_them(driver, nojs_driver, base_url, sign_in, axe):
    sign_in(driver, HEALTH_VISITOR)
    submit_search(driver, base_url, "new-referral", givenName="William", familyName="Thompson", dateOfBirth="2015-03-07")
    open_result(driver, "William Thompson")
    assert "Signpost" in main_text(driver) and "Index record" not in main_text(driver)
    axe(driver)

    # No reason: the error summary links to the field and nothing is sent.
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Ask to join the team']"))
    summary = driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary").text
    assert "Say why you need to join" in summary
    axe(driver)
    driver.find_element(By.ID, "reason").send_keys("Health visitor: new baby in the household, home visits weekly")
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Ask to join the team']"))
    assert "You asked to join this child's team" in main_text(driver)
    assert "Index record" not in main_text(driver)
    axe(driver)

    # The lead professional sees the request and admits with a reason.
    driver.delete_all_cookies()
    sign_in(driver, LEAD)
    driver.get(f"{base_url}/team/requests")
    assert h1_text(driver) == "Requests to join a team"
    card = next(c for c in driver.find_elements(By.CSS_SELECTOR, ".govuk-summary-card") if "Hana Kowalski" in c.text)
    assert "William Thompson" in card.text and "new baby in the household" in card.text
    axe(driver)
    card.find_element(By.TAG_NAME, "textarea").send_keys("Agreed with the family: weekly home visits")
    click_and_wait(driver, card.find_element(By.XPATH, ".//button[normalize-space()='Admit to the team']"))
    assert "The practitioner was admitted to the team" in main_text(driver)
    axe(driver)

    # Now the health visitor sees the record, in a browser without JavaScript too.
    sign_in(nojs_driver, HEALTH_VISITOR)
    submit_search(nojs_driver, base_url, "new-referral", givenName="William", familyName="Thompson", dateOfBirth="2015-03-07")
    open_result(nojs_driver, "William Thompson")
    assert "Index record" in main_text(nojs_driver)


def test_a_privileged_role_waits_for_a_second_administrator(driver, nojs_driver, base_url, sign_in, axe):
    email = f"new.manager.{uuid.uuid4().hex[:8]}@ashdown.example"
    sign_in(driver, FIRST_ADMIN)
    driver.get(f"{base_url}/admin/accounts")
    driver.find_element(By.ID, "name").send_keys("Nell Newman")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.CSS_SELECTOR, "select#organisation option[value='ASH-CSC']").click()
    driver.find_element(By.CSS_SELECTOR, "input[name='role[]'][value='data-manager']").click()
    for field, value in [("dbsCheckedOn", "2026-01-05"), ("trainedOn", "2026-01-06"), ("agreementSignedOn", "2026-01-07")]:
        driver.find_element(By.ID, field).send_keys(value)
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Create account']"))
    body = main_text(driver)
    assert "wait for a second administrator" in body
    assert "otpauth://" not in driver.page_source, "no administrator sees another person's second factor"
    grants = driver.find_element(By.ID, "grants").find_element(By.XPATH, "following-sibling::table").text
    assert "Nell Newman" in grants and "Another administrator must approve this." in grants
    axe(driver)

    # The second administrator approves, here without JavaScript; the page is then checked with axe.
    sign_in(nojs_driver, SECOND_ADMIN)
    nojs_driver.get(f"{base_url}/admin/accounts")
    row = next(r for r in nojs_driver.find_elements(By.CSS_SELECTOR, "table.govuk-table tbody tr") if "Nell Newman" in r.text
               and "Approve" in r.text)
    click_and_wait(nojs_driver, row.find_element(By.XPATH, ".//button[starts-with(normalize-space(), 'Approve')]"))
    assert "The roles were granted. The auditors have been alerted." in main_text(nojs_driver)
    driver.delete_all_cookies()
    sign_in(driver, SECOND_ADMIN)
    driver.get(f"{base_url}/admin/accounts")
    assert "Nell Newman" in main_text(driver)
    axe(driver)
