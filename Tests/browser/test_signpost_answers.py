"""The signpost answers "who is working with this child, and how do I reach them?" in five seconds:
the lead professional with a phone number at the top, phones and emails that call and write, and a
link to record one's own involvement."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from conftest import wait_for
from test_children import submit_search

OUTSIDER = "pat.police@kingsbridge.example"


def test_the_signpost_links_every_phone_and_email_and_offers_recording_an_involvement(driver, base_url, sign_in):
    sign_in(driver, OUTSIDER)
    submit_search(driver, base_url, "child-protection-enquiry", givenName="William", familyName="Thompson", dateOfBirth="2015-03-07")
    driver.find_element(By.PARTIAL_LINK_TEXT, "William Thompson").click()
    wait_for(driver, lambda d: "William Thompson" in d.find_element(By.TAG_NAME, "h1").text)
    lead_row = driver.find_element(By.XPATH, "//dt[normalize-space()='Lead professional']/following-sibling::dd")
    assert lead_row.find_elements(By.CSS_SELECTOR, "a[href^='tel:']"), lead_row.text
    phones = driver.find_elements(By.CSS_SELECTOR, "table a[href^='tel:']")
    emails = driver.find_elements(By.CSS_SELECTOR, "table a[href^='mailto:']")
    assert phones and emails
    assert all(" " not in link.get_attribute("href") for link in phones), "tel: links carry no spaces"
    assert "7 March 2015" in driver.find_element(By.TAG_NAME, "main").text, "dates read in words"
    link = driver.find_element(By.LINK_TEXT, "Record your involvement")
    assert link.get_attribute("href").endswith("#record-involvement")
    assert driver.find_element(By.ID, "record-involvement")
