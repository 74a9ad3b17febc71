"""Every page works at a desktop width and on the narrowest phone: no axe-core WCAG 2.2 A/AA violation
at 1280 and at 320 pixels, and no horizontal scroll at 320 (WCAG 1.4.10, reflow).

The pages are the ones each demo role reaches from the navigation and the home page. The screenshots
in docs/screenshots come from the same walk (set SIGNPOST_SCREENSHOTS to a folder to write them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import axe_check, wait_for
from test_children import submit_search

KEY_WORKER = "eli.early-help@ashdown.example"
DATA_MANAGER = "dana.data-manager@ashdown.example"
ADMIN = "ada.admin@signpost.example"
AUDITOR = "alex.auditor@ashdown.example"
OUTSIDER = "pat.police@kingsbridge.example"

WIDTHS = [1280, 320]


def _check_every_width(driver, name: str) -> None:
    for width in WIDTHS:
        driver.set_window_size(width, 900)
        wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete")
        axe_check(driver)
        if width == 320:
            inner = driver.execute_script("return window.innerWidth")
            scroll = driver.execute_script("return document.documentElement.scrollWidth")
            assert scroll <= inner, f"{name} scrolls sideways at {inner} px: {scroll} px wide"
        folder = os.environ.get("SIGNPOST_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width, min(max(height, 600), 4000))
            driver.save_screenshot(str(Path(folder) / f"{name}-{width}.png"))
    driver.set_window_size(1280, 900)


def _open(driver, base_url: str, path: str) -> None:
    driver.get(f"{base_url}{path}")
    wait_for(driver, lambda d: d.find_elements(By.TAG_NAME, "main"))


@pytest.mark.parametrize(
    "account, paths",
    [
        (KEY_WORKER, ["/", "/children/search"]),
        (DATA_MANAGER, ["/", "/information-governance", "/team/requests"]),
        (ADMIN, ["/admin/accounts"]),
        (AUDITOR, ["/alerts", "/audit"]),
    ],
)
def test_the_navigation_pages_at_every_width(driver, base_url, sign_in, account, paths):
    sign_in(driver, account)
    for path in paths:
        _open(driver, base_url, path)
        _check_every_width(driver, f"{account.split('@')[0]}{path.replace('/', '-').rstrip('-')}")


def test_the_signpost_the_record_and_the_episode_at_every_width(driver, base_url, sign_in):
    sign_in(driver, OUTSIDER)
    submit_search(driver, base_url, "child-protection-enquiry", givenName="Bill", familyName="Tompson", dateOfBirth="2015-03-07")
    _check_every_width(driver, "search-results")
    driver.find_element(By.PARTIAL_LINK_TEXT, "William Thompson").click()
    wait_for(driver, lambda d: "William Thompson" in d.find_element(By.TAG_NAME, "h1").text)
    _check_every_width(driver, "signpost")

    driver.delete_all_cookies()
    sign_in(driver, KEY_WORKER)
    _open(driver, base_url, "/")
    _check_every_width(driver, "caseload-home")
    driver.find_element(By.LINK_TEXT, "Grace Thompson").click()
    wait_for(driver, lambda d: "Grace Thompson" in d.find_element(By.TAG_NAME, "h1").text)
    _check_every_width(driver, "record")
    driver.find_element(By.PARTIAL_LINK_TEXT, "A full early-help assessment").click()
    wait_for(driver, lambda d: "Early help for Grace Thompson" in d.find_element(By.TAG_NAME, "h1").text)
    _check_every_width(driver, "episode")
    episode = driver.current_url.split("?")[0]
    for path, heading, name in [
        ("/team?find=hana", "Team around the child", "episode-team"),
        ("/meetings", "Meetings", "episode-meetings"),
        ("/actions", "Action plan", "episode-actions"),
        ("/reviews", "Reviews", "episode-reviews"),
    ]:
        driver.get(episode + path)
        wait_for(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text == heading)
        _check_every_width(driver, name)
    driver.get(episode)
    wait_for(driver, lambda d: "Early help for Grace Thompson" in d.find_element(By.TAG_NAME, "h1").text)
    driver.find_element(By.PARTIAL_LINK_TEXT, "Close the episode").click()
    wait_for(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text == "Close the episode")
    _check_every_width(driver, "closing-question")

def test_the_draft_as_a_task_list_and_a_part_of_it_at_every_width(driver, base_url, sign_in):
    """Ruby Patel's draft (Eli's alone: the family declined consent), reached from the caseload."""
    sign_in(driver, KEY_WORKER)
    _open(driver, base_url, "/")
    driver.find_element(By.LINK_TEXT, "Ruby Patel").click()
    wait_for(driver, lambda d: "Ruby Patel" in d.find_element(By.TAG_NAME, "h1").text)
    link = "Needs a full assessment" if driver.find_elements(By.PARTIAL_LINK_TEXT, "Needs a full") else "A full early-help assessment"
    driver.find_element(By.PARTIAL_LINK_TEXT, link).click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "task-list"))
    statuses = [row.text for row in driver.find_elements(By.CSS_SELECTOR, ".govuk-task-list__status")]
    assert len(statuses) == 5 and all(s in ("Not started", "In progress", "Completed") for s in statuses), statuses
    _check_every_width(driver, "episode-task-list")
    driver.find_element(By.LINK_TEXT, "Continue the assessment").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "form[data-autosave]"))
    _check_every_width(driver, "assessment-part")

