"""The team's shared picture in a real browser: the agency-contact graph, the word cloud and the
relationships wheel, each with its table, axe-clean at 1280 and 320 px with no sideways scroll; the
links inside the pictures reachable by keyboard; and a person added to the wheel without JavaScript.
"""

from __future__ import annotations

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import h1_text, wait_for
from test_every_width import _check_every_width
from test_shared_record import LEAD, _click, _open_grace


def _picture(driver) -> None:
    svg = driver.find_element(By.CSS_SELECTOR, "svg.app-picture")
    # One image when it has no links; a named group when it has (an image's children are presentational).
    has_links = bool(svg.find_elements(By.TAG_NAME, "a"))
    assert svg.get_attribute("role") == ("group" if has_links else "img")
    assert svg.get_attribute("aria-labelledby")
    assert svg.find_element(By.TAG_NAME, "title").get_attribute("textContent")
    assert svg.find_element(By.TAG_NAME, "desc").get_attribute("textContent")


def test_the_three_pictures_and_their_tables_at_every_width(driver, base_url, sign_in):
    sign_in(driver, LEAD)
    child = _open_grace(driver, base_url)
    _click(driver, driver.find_element(By.CSS_SELECTOR, "#shared-record a[href$='/contact-graph']"))
    assert h1_text(driver) == "Agency contact over time for Grace Thompson"
    _picture(driver)
    assert driver.find_element(By.ID, "graph-table")
    gaps = driver.find_element(By.ID, "gaps").text
    assert "2 to 2½ year review" in gaps and "below 90%" in gaps
    # A point of the graph is a link, reachable by keyboard, to the chronology for that month.
    point = driver.find_element(By.CSS_SELECTOR, "svg.app-picture a")
    driver.execute_script("arguments[0].focus()", point)
    assert driver.switch_to.active_element == point
    assert "/chronology?" in point.get_dom_attribute("href")
    _check_every_width(driver, "contact-graph")

    driver.get(f"{child}/word-cloud")
    assert h1_text(driver) == "Word cloud for Grace Thompson"
    _picture(driver)
    table = driver.find_element(By.ID, "cloud-table").text.lower()
    for name in ["grace", "thompson", "joanne", "hana", "eli"]:
        assert f"\n{name} " not in table, f"{name} is a name on the record"
    _check_every_width(driver, "word-cloud")

    driver.get(f"{child}/relationships")
    assert h1_text(driver) == "Relationships wheel for Grace Thompson"
    _picture(driver)
    rows = driver.find_element(By.ID, "wheel-table").text
    assert "Kyle Barker" in rows and "New adult in the household in the last 3 months" in rows
    assert "No GP practice" in driver.find_element(By.ID, "gaps").text
    _check_every_width(driver, "relationships")


def test_a_person_is_added_to_the_wheel_without_javascript(nojs_driver, base_url, sign_in):
    driver = nojs_driver
    sign_in(driver, LEAD)
    child = _open_grace(driver, base_url)
    driver.get(f"{child}/relationships")
    name = f"Lee Carter {int(time.time())}"
    driver.find_element(By.ID, "basis").send_keys("Seen at the door")
    _click(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Add the person']"))
    assert driver.find_element(By.CSS_SELECTOR, ".govuk-error-summary"), "a name is needed"
    assert driver.find_element(By.ID, "basis").get_attribute("value") == "Seen at the door", "what was typed is kept"
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "livesWithChild").click()
    _click(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Add the person']"))
    assert "The person has been added" in driver.find_element(By.ID, "notice").text
    assert name in driver.find_element(By.ID, "wheel-table").text
