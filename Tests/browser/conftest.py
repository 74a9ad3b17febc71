"""Shared fixtures for Signpost's browser tests.

The tests drive a running Signpost server (normally `signpost demo`) through headless Chromium:

    SIGNPOST_URL                 the server's base URL (default http://127.0.0.1:8080)
    SIGNPOST_DEMO_CREDENTIALS    the demo-credentials.json written beside the demo database
                                 (default: demo-credentials.json in the repository root)
    AXE_CORE_JS                  optional path to an axe.min.js to use instead of the bundled one
"""

from __future__ import annotations

import base64
import glob
import hashlib
import hmac
import json
import os
import re
import struct
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# What axe-core checks: every WCAG 2.0, 2.1 and 2.2 success criterion at levels A and AA that it has a rule for.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# --- configuration -----------------------------------------------------------------------------------


from selenium.common.exceptions import WebDriverException as _WebDriverException


def _robust_staleness_of(element):
    """Like EC.staleness_of, but ChromeDriver sometimes reports a node from the old document with a
    generic "does not belong to the document" error instead of a stale-element error: both mean the
    page has been replaced."""

    def _predicate(_driver):
        try:
            element.is_enabled()
            return False
        except _WebDriverException:
            return True

    return _predicate


EC.staleness_of = _robust_staleness_of


@pytest.fixture(scope="session")
def base_url() -> str:
    return os.environ.get("SIGNPOST_URL", "http://127.0.0.1:8080").rstrip("/")


@pytest.fixture(scope="session")
def credentials() -> dict[str, dict]:
    """The demo accounts, keyed by email."""
    path = Path(os.environ.get("SIGNPOST_DEMO_CREDENTIALS", REPO_ROOT / "demo-credentials.json"))
    if not path.is_file():
        pytest.exit(f"demo credentials not found at {path}: set SIGNPOST_DEMO_CREDENTIALS", returncode=2)
    with path.open(encoding="utf-8") as handle:
        accounts = json.load(handle)
    return {account["email"]: account for account in accounts}


# --- TOTP ----------------------------------------------------------------------------------------------


def totp_code(secret_base32: str, step: int, digits: int = 6) -> str:
    """RFC 6238 / RFC 4226: HMAC-SHA1 over the big-endian step counter, dynamic truncation."""
    secret = secret_base32.strip().replace(" ", "").upper()
    secret += "=" * (-len(secret) % 8)
    key = base64.b32decode(secret)
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def current_step(period: int = 30) -> int:
    return int(time.time()) // period


class TOTPGenerator:
    """Hands out codes that the server will accept once each.

    The server refuses a code for a step at or before the last step it accepted for that account (replay
    protection) and accepts steps within ±1 of its own. So for each email this remembers the last step it
    handed out (in pytest's cache too, so that re-running the suite against the same server within a
    minute still works), uses the current step or the next one, and only if both are spent sleeps until
    a new step begins.
    """

    PERIOD = 30

    def __init__(self, base_url: str, cache=None):
        self._base_url = base_url
        self._cache = cache
        self._last: dict[str, int] = {}

    def _key(self, email: str) -> str:
        digest = hashlib.sha256(f"{self._base_url} {email}".encode()).hexdigest()[:16]
        return f"signpost/totp-last-step/{digest}"

    def _last_step(self, email: str) -> int | None:
        last = self._last.get(email)
        if self._cache is not None:
            cached = self._cache.get(self._key(email), None)
            if isinstance(cached, int) and (last is None or cached > last):
                last = cached
        return last

    def _remember(self, email: str, step: int) -> None:
        self._last[email] = step
        if self._cache is not None:
            self._cache.set(self._key(email), step)

    def code(self, email: str, secret: str) -> str:
        while True:
            now = current_step(self.PERIOD)
            last = self._last_step(email)
            step = now if last is None or last < now else last + 1
            if step <= now + 1:
                # Step now+1 is accepted from now until the end of step now+2: a minute of margin.
                self._remember(email, step)
                return totp_code(secret, step)
            time.sleep((now + 1) * self.PERIOD - time.time() + 0.2)

    def wrong_code(self, secret: str) -> str:
        """A well-formed code that is not valid in any step the server could accept right now."""
        now = current_step(self.PERIOD)
        valid = {totp_code(secret, step) for step in range(now - 2, now + 4)}
        for candidate in ("000000", "123456", "999999", "314159"):
            if candidate not in valid:
                return candidate
        raise AssertionError("unreachable: four fixed codes cannot all be valid")


@pytest.fixture(scope="session")
def totp(request, base_url) -> TOTPGenerator:
    cache = getattr(request.config, "cache", None)
    return TOTPGenerator(base_url, cache)


# --- the browser ---------------------------------------------------------------------------------------


def chrome_options(javascript: bool = True) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                     "--lang=en-GB", "--disable-extensions", "--no-first-run", "--disable-gpu"):
        options.add_argument(argument)
    if os.path.exists(CHROMIUM):
        options.binary_location = CHROMIUM
    prefs = {
        "credentials_enable_service": False,
        "profile.password_manager_enabled": False,
        "profile.password_manager_leak_detection": False,
    }
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    return options


def new_driver(javascript: bool = True) -> webdriver.Chrome:
    service = Service(CHROMEDRIVER) if os.path.exists(CHROMEDRIVER) else Service()
    driver = webdriver.Chrome(service=service, options=chrome_options(javascript))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    return driver


@pytest.fixture
def driver():
    browser = new_driver(javascript=True)
    yield browser
    browser.quit()


@pytest.fixture
def nojs_driver():
    browser = new_driver(javascript=False)
    yield browser
    browser.quit()


# --- page helpers --------------------------------------------------------------------------------------


def wait_for(driver, condition, timeout: float = 10):
    return WebDriverWait(driver, timeout).until(condition)


def path_of(driver) -> str:
    return urlparse(driver.current_url).path or "/"


def wait_for_path(driver, path: str, timeout: float = 10) -> None:
    try:
        wait_for(driver, lambda d: path_of(d) == path, timeout)
    except TimeoutException:
        pytest.fail(f"expected to be at {path}, but the browser is at {driver.current_url}")


def h1_text(driver) -> str:
    return wait_for(driver, EC.presence_of_element_located((By.TAG_NAME, "h1"))).text.strip()


class SignIn:
    """Fills in and submits the sign-in form as a person would."""

    def __init__(self, base_url: str, credentials: dict[str, dict], totp: TOTPGenerator):
        self.base_url = base_url
        self.credentials = credentials
        self.totp = totp

    def account(self, email: str) -> dict:
        try:
            return self.credentials[email]
        except KeyError:
            pytest.fail(f"{email} is not in the demo credentials file")

    def submit(self, driver, email: str, password: str | None = None, code: str | None = None) -> None:
        account = self.account(email)
        driver.get(f"{self.base_url}/sign-in")
        form_email = wait_for(driver, EC.presence_of_element_located((By.ID, "email")))
        form_email.clear()
        form_email.send_keys(email)
        driver.find_element(By.ID, "password").send_keys(account["password"] if password is None else password)
        driver.find_element(By.ID, "code").send_keys(
            self.totp.code(email, account["totpSecret"]) if code is None else code)
        button = driver.find_element(By.XPATH, "//form[@action='/sign-in']//button[normalize-space()='Sign in']")
        old_page = driver.find_element(By.TAG_NAME, "html")
        button.click()
        wait_for(driver, EC.staleness_of(old_page))

    def __call__(self, driver, email: str) -> None:
        """Signs in with the right password and a fresh code, and checks the dashboard is shown."""
        self.submit(driver, email)
        heading = h1_text(driver)
        assert heading.startswith("Welcome"), f"expected the dashboard after signing in as {email}, got h1 {heading!r}"


@pytest.fixture
def sign_in(base_url, credentials, totp) -> SignIn:
    return SignIn(base_url, credentials, totp)


# --- axe-core ------------------------------------------------------------------------------------------


def _axe_version(path: str) -> tuple[int, ...]:
    with open(path, encoding="utf-8", errors="replace") as handle:
        source = handle.read()
    # 4.x starts with a "/*! axe vX.Y.Z" banner; older builds only set axe.version="X.Y.Z".
    match = re.search(r"axe v(\d+)\.(\d+)\.(\d+)", source[:512]) or re.search(r'version="(\d+)\.(\d+)\.(\d+)"', source)
    return tuple(int(part) for part in match.groups()) if match else (0,)


def find_axe_js() -> str:
    """The newest axe.min.js among the installed axe packages (or AXE_CORE_JS if set)."""
    override = os.environ.get("AXE_CORE_JS")
    if override:
        return override
    candidates: list[str] = []
    for package in ("selenium_axe_python", "axe_selenium_python"):
        try:
            module = __import__(package)
        except ImportError:
            continue
        root = os.path.dirname(module.__file__)
        candidates += glob.glob(os.path.join(root, "**", "axe.min.js"), recursive=True)
    if not candidates:
        pytest.fail("axe.min.js not found: install Tests/browser/requirements.txt")
    return max(candidates, key=_axe_version)


_AXE_SOURCE: str | None = None


def _axe_source() -> str:
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        with open(find_axe_js(), encoding="utf-8") as handle:
            _AXE_SOURCE = handle.read()
    return _AXE_SOURCE


def run_axe(driver) -> dict:
    """Injects axe-core into the current page and returns its results for AXE_TAGS.

    WebDriver's script execution is not subject to the page's Content-Security-Policy, so this works
    on Signpost's pages although they forbid inline scripts.
    """
    if not driver.execute_script("return typeof window.axe === 'object';"):
        driver.execute_script(_axe_source())
    results = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
           .then(results => done({ok: true, results: results}))
           .catch(error => done({ok: false, error: String(error && error.stack || error)}));
        """,
        AXE_TAGS,
    )
    assert results["ok"], f"axe-core failed to run: {results['error']}"
    return results["results"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}  [{violation.get('helpUrl', '')}]")
        for node in violation.get("nodes", []):
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def axe_check(driver) -> dict:
    """Asserts axe-core finds no WCAG 2.x A/AA violations on the page the driver is showing."""
    results = run_axe(driver)
    assert results.get("passes"), f"axe-core checked nothing on {driver.current_url}"
    violations = results.get("violations", [])
    if violations:
        report = format_violations(violations)
        engine = results.get("testEngine", {}).get("version", "?")
        pytest.fail(f"axe-core {engine} found {len(violations)} WCAG A/AA violation(s) on {driver.current_url}:\n"
                    f"{report}", pytrace=False)
    return results


@pytest.fixture
def axe():
    return axe_check
