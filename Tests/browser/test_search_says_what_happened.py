"""A search says what happened, in plain English, without revealing what it withheld.

Maya Clarke is shielded: a search by her postcode (a field the shield hides) withholds her. The page
must not say "no child is known" (one is), nor how many were withheld; it says no child *you can see*
matches, and who can help. "Add a child" is offered only after a search, so nobody adds a duplicate
before looking.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import wait_for
from test_children import submit_search

OTHER_AUTHORITY = "yusuf.youth-justice@riverside.example"


def test_a_withheld_child_reads_as_none_you_can_see_and_add_a_child_follows_the_search(driver, base_url, sign_in, axe):
    sign_in(driver, OTHER_AUTHORITY)
    driver.get(f"{base_url}/children/search")
    wait_for(driver, EC.presence_of_element_located((By.ID, "givenName")))
    assert not driver.find_elements(By.ID, "add-child"), "Add a child is offered only after a search"

    submit_search(driver, base_url, "new-referral", givenName="Maya", familyName="Clarke", postcode="LS7 3QP")
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "No child you can see matches these details" in main
    assert "known to services" not in main
    assert "withheld" not in main.lower()
    assert "data manager" in main
    assert driver.find_element(By.ID, "add-child").find_element(By.LINK_TEXT, "Add a child")
    assert driver.title.startswith("0 children found")
    axe(driver)
