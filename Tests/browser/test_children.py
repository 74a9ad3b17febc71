"""Browser tests of finding a child: a forgiving search with a stated reason, then the signpost.

The demo seeds William Thompson (born 2015-03-07, Ashdown Vale, social worker Sam Okafor as lead
professional). A Kingsbridge police officer, outside his team, searches with a typo and a nickname.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import h1_text, wait_for

OUTSIDER = "pat.police@kingsbridge.example"
SECOND_OUTSIDER = "yusuf.youth-justice@riverside.example"


def type_date(driver, field_id: str, iso_date: str) -> None:
    """Types a YYYY-MM-DD date into a GOV.UK date input's day, month and year boxes, as a person would."""
    year, month, day = iso_date.split("-")
    for box_id, value in ((field_id, day.lstrip("0")), (f"{field_id}-month", month.lstrip("0")), (f"{field_id}-year", year)):
        box = driver.find_element(By.ID, box_id)
        box.clear()
        box.send_keys(value)


def submit_search(driver, base_url, reason: str | None, **criteria: str) -> None:
    driver.get(f"{base_url}/children/search")
    wait_for(driver, EC.presence_of_element_located((By.ID, "givenName")))
    if reason:
        driver.find_element(By.CSS_SELECTOR, f"input[name='reason'][value='{reason}']").click()
    for field, value in criteria.items():
        if field == "dateOfBirth":
            type_date(driver, field, value)
        else:
            driver.find_element(By.ID, field).send_keys(value)
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.XPATH, "//button[normalize-space()='Search']").click()
    wait_for(driver, EC.staleness_of(old))


def test_a_typo_and_a_nickname_still_find_the_child_and_open_the_signpost(driver, base_url, sign_in, axe):
    sign_in(driver, OUTSIDER)
    submit_search(driver, base_url, "child-protection-enquiry", givenName="Bill", familyName="Tompson", dateOfBirth="2015-03-07")
    results = driver.find_element(By.ID, "results").text
    assert "found" in results
    rows = driver.find_elements(By.CSS_SELECTOR, "table.govuk-table tbody tr")
    assert rows, "expected at least one result"
    first = rows[0].text
    # A nickname and a typo with no place is worth checking, not 99 in 100: the calibrated band is possible.
    assert "William Thompson" in first and "Possible match" in first, first
    assert "check the details" in first
    # His sister at the same address is not offered as a likely match.
    assert not any("Grace Thompson" in row.text and "Likely match" in row.text for row in rows)
    # Plain English: a band, not a score; the count in the heading, which has the focus.
    assert "score" not in driver.find_element(By.TAG_NAME, "main").text
    assert driver.switch_to.active_element.get_attribute("id") == "results"
    assert "found: Find a child" in driver.title
    axe(driver)

    old = driver.find_element(By.TAG_NAME, "html")
    rows[0].find_element(By.LINK_TEXT, "William Thompson").click()
    wait_for(driver, EC.staleness_of(old))
    assert h1_text(driver) == "William Thompson"
    body = driver.find_element(By.TAG_NAME, "main").text
    assert "Signpost" in body
    assert "Sam Okafor" in body and "Lead professional" in body
    assert "01632 960199" in body, "the emergency duty number is on every signpost"
    for hidden in ["14 Church Road", "LS6 2AB", "Joanne", "999 000 001", "9990000019"]:
        assert hidden not in body, f"the signpost must not show {hidden}"
    axe(driver)


def test_a_search_with_too_little_detail_is_refused_with_an_error_summary(driver, base_url, sign_in, axe):
    sign_in(driver, SECOND_OUTSIDER)
    submit_search(driver, base_url, "new-referral", givenName="William", familyName="Thompson")
    summary = wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".govuk-error-summary")))
    assert "NHS number or UPN, or a name with a date of birth or postcode" in summary.text
    assert driver.title.startswith("Error:")
    axe(driver)
    # Without a reason, nothing is searched either.
    submit_search(driver, base_url, None, givenName="William", familyName="Thompson", dateOfBirth="2015-03-07")
    summary = wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".govuk-error-summary")))
    assert "Choose why you are searching" in summary.text


ADDER = "cara.camhs@kingsbridge.example"


def test_adding_a_child_checks_for_existing_records_first(driver, base_url, sign_in, axe):
    sign_in(driver, ADDER)
    driver.get(f"{base_url}/children/new")
    axe(driver)
    # Nothing filled in: every problem is in the error summary.
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.XPATH, "//button[normalize-space()='Check and add the child']").click()
    wait_for(driver, EC.staleness_of(old))
    summary = driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary").text
    assert "given name" in summary and "date of birth" in summary
    axe(driver)
    # The details of a child who is already known: the page searches first, under the search rules (a
    # stated reason), and offers the existing record.
    driver.find_element(By.ID, "reason").click()
    for field, value in {"givenName": "Will", "familyName": "Thompson", "dateOfBirth": "2015-03-07"}.items():
        box = driver.find_element(By.ID, field)
        box.clear()
        box.send_keys(value)
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.XPATH, "//button[normalize-space()='Check and add the child']").click()
    wait_for(driver, EC.staleness_of(old))
    assert h1_text(driver) == "Is this child already known?"
    assert "William Thompson" in driver.find_element(By.TAG_NAME, "main").text
    axe(driver)
