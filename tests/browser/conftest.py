"""Drive the system Chromium through Playwright against a live test server.

Never ``playwright install``: the browser is the machine's ``/usr/bin/chromium``.
Without it (or without Playwright) the browser tests skip, unless
``ECONWATCH_REQUIRE_ALL=1`` (CI), where they fail. Every page is opened with a
route that aborts, and records, any request to a host other than 127.0.0.1:
the platform must work with no internet.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# fixtures make are still synchronous, so Django's async guard is lifted here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Serve on 127.0.0.1 (not "localhost"), the only host pages may talk to.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = os.environ.get("ECONWATCH_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1"}


def _missing(reason: str) -> None:
    if os.environ.get("ECONWATCH_REQUIRE_ALL") == "1":
        pytest.fail(f"ECONWATCH_REQUIRE_ALL=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """The system Chromium, headless."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _missing(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def offline(browser, live_server, settings) -> Iterator[tuple[object, list[str]]]:
    """A fresh browser page whose requests may only go to 127.0.0.1.

    Yields:
        ``(page, outside)``: the page and the list of URLs that tried to leave.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        locale="zh-CN",
        base_url=live_server.url,
    )
    outside: list[str] = []

    def guard(route) -> None:
        host = urlparse(route.request.url).hostname
        if host in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page, outside
    context.close()
    assert not outside, f"requests left 127.0.0.1: {outside}"


def log_in(page, username: str, password: str) -> None:
    """Log in through the login form."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
