"""The team's shared record in a real browser: a concern walked from posting to acknowledgement, and
the chronology, contacts and forum pages axe-clean at 1280 and 320 px with no sideways scroll.

Hana (the health visitor in Grace's team) raises a concern on Grace's forum; Eli, Grace's lead
professional, finds it on his home page, opens it and acknowledges it with a note; Hana sees that it
was acknowledged.
"""

from __future__ import annotations

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import h1_text, wait_for
from test_every_width import _check_every_width

HEALTH_VISITOR = "hana.health-visitor@ashdown.example"
LEAD = "eli.early-help@ashdown.example"


def _click(driver, element) -> None:
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    wait_for(driver, EC.staleness_of(old))


def _open_grace(driver, base_url) -> str:
    driver.get(f"{base_url}/")
    _click(driver, driver.find_element(By.LINK_TEXT, "Grace Thompson"))
    assert "Grace Thompson" in h1_text(driver)
    return driver.current_url.split("?")[0].split("#")[0]


def test_a_concern_goes_from_posting_to_acknowledgement(driver, base_url, sign_in):
    title = f"Tired and hungry {int(time.time())}"
    sign_in(driver, HEALTH_VISITOR)
    child = _open_grace(driver, base_url)
    _click(driver, driver.find_element(By.CSS_SELECTOR, "#shared-record a[href$='/forum']"))
    assert h1_text(driver) == "Forum for Grace Thompson"
    _check_every_width(driver, "forum")
    driver.find_element(By.ID, "title").send_keys(title)
    driver.find_element(By.ID, "kind-concern").click()
    driver.find_element(By.ID, "raiseAttention").click()
    driver.find_element(By.ID, "body").send_keys("Grace fell asleep at nursery twice this week and asked for food.")
    _click(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Post']"))
    assert "Your concern has been raised" in driver.find_element(By.ID, "notice").text

    driver.delete_all_cookies()
    sign_in(driver, LEAD)
    concerns = driver.find_element(By.ID, "concern-list")
    assert "A concern about Grace Thompson" in concerns.text
    _check_every_width(driver, "home-with-concern")
    driver.get(f"{child}/forum")
    thread = next(s for s in driver.find_elements(By.CSS_SELECTOR, "section.signpost-thread") if title in s.text)
    assert "Raised for attention" in thread.text
    box = thread.find_element(By.CSS_SELECTOR, "textarea[name='note']")
    _click(driver, thread.find_element(By.XPATH, ".//button[normalize-space()='Acknowledge the concern']"))
    assert driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary"), "an empty note is refused"
    _check_every_width(driver, "forum-error")
    thread = next(s for s in driver.find_elements(By.CSS_SELECTOR, "section.signpost-thread") if title in s.text)
    box = thread.find_element(By.CSS_SELECTOR, "textarea[name='note']")
    box.send_keys("Spoke to Joanne; breakfast club place from Monday.")
    _click(driver, thread.find_element(By.XPATH, ".//button[normalize-space()='Acknowledge the concern']"))
    assert "The concern has been acknowledged" in driver.find_element(By.ID, "notice").text
    thread = next(s for s in driver.find_elements(By.CSS_SELECTOR, "section.signpost-thread") if title in s.text)
    assert "Acknowledged by Eli" in thread.text and "breakfast club" in thread.text
    _check_every_width(driver, "forum-acknowledged")

    driver.delete_all_cookies()
    sign_in(driver, HEALTH_VISITOR)
    driver.get(f"{child}/forum")
    thread = next(s for s in driver.find_elements(By.CSS_SELECTOR, "section.signpost-thread") if title in s.text)
    assert "Acknowledged by Eli" in thread.text


def test_the_chronology_and_the_contacts_at_every_width(driver, base_url, sign_in):
    sign_in(driver, LEAD)
    child = _open_grace(driver, base_url)
    driver.get(f"{child}/chronology")
    wait_for(driver, lambda d: h1_text(d) == "Chronology for Grace Thompson")
    assert driver.find_elements(By.CSS_SELECTOR, ".moj-timeline__item"), "Grace's chronology has entries"
    _check_every_width(driver, "chronology")
    driver.get(f"{child}/chronology/new")
    wait_for(driver, lambda d: h1_text(d) == "Add to the chronology")
    _check_every_width(driver, "chronology-new")
    driver.get(f"{child}/contacts")
    wait_for(driver, lambda d: h1_text(d) == "Agency contacts for Grace Thompson")
    _check_every_width(driver, "contacts")
