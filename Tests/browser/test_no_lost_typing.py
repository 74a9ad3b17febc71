"""Typed assessment text is never lost.

The walk-through found "This form has expired" on about 5 in 20 "Save and continue" clicks with
JavaScript on. The cause: a long form's body arrives in several packets, and the CSRF check read the
body before it had been collected, so the token looked missing. The first test reproduces that without
a browser (the body sent in two parts). The second types into every part of an assessment with
autosave running and saves 50 times in a row.
"""

from __future__ import annotations

import http.cookiejar
import random
import re
import socket
import time
import urllib.request
from urllib.parse import quote, urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import h1_text, wait_for
from test_children import submit_search

KEY_WORKER = "eli.early-help@ashdown.example"


def _post_in_two_parts(base_url: str, path: str, cookie: str, body: bytes) -> tuple[int, str]:
    """POSTs with the headers and the first half of the body in one packet, the rest a moment later,
    as a browser's long form does."""
    url = urlparse(base_url)
    with socket.create_connection((url.hostname, url.port or 80), timeout=10) as connection:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\nCookie: {cookie}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        half = len(body) // 2
        connection.sendall(head + body[:half])
        time.sleep(0.3)
        connection.sendall(body[half:])
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, answer.decode("utf-8", "replace")


def test_a_form_body_that_arrives_in_parts_keeps_its_security_token(base_url):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base_url}/sign-in").read().decode()
    token = re.search(r'name="csrfToken" value="([^"]+)"', page).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    body = (
        f"csrfToken={quote(token)}&email=nobody%40example.invalid&password=wrong&code=000000"
        f"&notes={'a long answer ' * 2000}"
    ).encode()
    status, answer = _post_in_two_parts(base_url, "/sign-in", cookie, body)
    # The form was read: the sign-in is refused for its credentials, not as an expired form.
    assert "This form has expired" not in answer
    assert status == 401, answer[:400]


def _fill(driver, box, text: str) -> None:
    """Sets most of the text at once and types the last characters, so the page sees real input events
    (and autosave starts its timer) without typing thousands of keys."""
    driver.execute_script("arguments[0].value = arguments[1];", box, text[:-3])
    box.send_keys(text[-3:])


def _answer_boxes(driver):
    return driver.find_elements(By.CSS_SELECTOR, "form[data-autosave] textarea, form[data-autosave] input[type='text']")


def test_fifty_saves_with_autosave_running_lose_nothing(driver, base_url, sign_in):
    """Ruby Patel's draft (her family declined consent) is Eli's to write. Every part of it is filled
    with long text, each save lands at a random moment in autosave's cycle, and then every answer
    typed last is read back on check your answers and on each part."""
    rng = random.Random(20261202)
    sign_in(driver, KEY_WORKER)
    submit_search(driver, base_url, "new-referral", givenName="Ruby", familyName="Patel", dateOfBirth="2014-04-22")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Ruby Patel").click()
    wait_for(driver, lambda d: "Ruby Patel" in h1_text(d))
    link = "Needs a full assessment" if driver.find_elements(By.PARTIAL_LINK_TEXT, "Needs a full") else "A full early-help assessment"
    driver.find_element(By.PARTIAL_LINK_TEXT, link).click()
    wait_for(driver, lambda d: "Early help for Ruby Patel" in h1_text(d))
    driver.find_element(By.PARTIAL_LINK_TEXT, "Continue the assessment").click()
    wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "form[data-autosave]")))
    # Continue goes to the first unfinished part: start the rounds at part 1 whatever that is.
    first_part = re.sub(r"/sections/[^/?#]+", "/sections/header", driver.current_url)
    driver.get(first_part)
    wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "form[data-autosave]")))

    last_typed: dict[tuple[str, str], str] = {}
    saves = 0
    while saves < 50:
        heading = h1_text(driver)
        if "Check your answers" in heading:
            driver.get(first_part)
            wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "form[data-autosave]")))
            continue
        boxes = _answer_boxes(driver)
        assert boxes, f"no answer boxes on {heading!r}"
        for box in boxes:
            name = box.get_attribute("name")
            # Long enough that the page's body spans several packets; different on every save.
            text = f"Save {saves}, {name}: " + " ".join(rng.choice(["school", "home", "worry", "progress"]) for _ in range(300))
            _fill(driver, box, text)
            last_typed[(driver.current_url.split("#")[0], name)] = text
        # Submit before, during or just after a background save.
        time.sleep(rng.choice([0.0, 0.5, 2.9, 3.05, 3.2, 3.5]))
        old = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.XPATH, "//button[normalize-space()='Save and continue']").click()
        wait_for(driver, EC.staleness_of(old), timeout=20)
        main = driver.find_element(By.TAG_NAME, "main").text
        assert "This form has expired" not in main, f"save {saves} was refused as expired"
        assert not driver.find_elements(By.CSS_SELECTOR, ".govuk-error-summary"), f"save {saves}: {main[:500]}"
        saves += 1

    # Every answer as last typed is there when each part is opened again.
    for (url, name), text in last_typed.items():
        if driver.current_url.split("#")[0] != url:
            driver.get(url)
            wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "form[data-autosave]")))
        box = driver.find_element(By.NAME, name)
        assert box.get_attribute("value") == text, f"{name} on {url} lost what was typed"
