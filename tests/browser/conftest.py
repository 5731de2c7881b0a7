"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live_server.

Needs /usr/bin/chromium (Debian package `chromium`). Without it these tests are skipped, unless
SIMPUL_REQUIRE_BROWSER=1 (set by CI), which turns the skip into a failure.
"""

import os
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client

from simpul.organisations import services as organisation_services
from simpul.people import services as people_services

# Playwright's sync API runs an event loop in this thread; Django refuses database work in a thread
# with a running loop unless told it is safe. Here it is: the loop only waits on the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("SIMPUL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PASSWORD = "correct horse battery"  # what simpul.testing.factories.UserFactory sets
NARROW = {"width": 360, "height": 740}  # a small Android phone
WIDE = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium package to run the browser tests"
        if os.environ.get("SIMPUL_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """`new_context(user=None, **options)`: a fresh browser context (empty cache), signed in as `user`."""
    contexts = []

    def _new(user=None, **options):
        options.setdefault("viewport", WIDE)
        options.setdefault("locale", "en-US")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(15_000)
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
            )
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()


@pytest.fixture
def people(regions, ipi, member_user, officer_user, admin_user, outsider_user):
    """The personas by name (and, under "ipi", the IPI organisations), with a little data so lists and
    profiles are not empty. The member's e-mail address is verified, so the member can sign in."""
    EmailAddress.objects.create(user=member_user, email=member_user.email, verified=True, primary=True)
    person = member_user.person
    people_services.education_add(
        actor=member_user,
        person=person,
        level="S1",
        institution="Universitas Indonesia",
        major="Ilmu Perpustakaan",
    )
    organisation_services.employment_add(
        actor=member_user, person=person, organisation=ipi["sukoharjo"], position="Pustakawan Ahli Pertama"
    )
    return {
        "member": member_user,
        "officer": officer_user,
        "admin": admin_user,
        "outsider": outsider_user,
        "ipi": ipi,
        "regions": regions,
    }
