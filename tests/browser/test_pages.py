"""What a person with a browser notices: accessibility (axe-core), small screens, page weight,
forms without JavaScript, and a Content Security Policy that the pages themselves respect.

Add a page to PAGES when you add one to Simpul; every check below then runs on it.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from django.urls import reverse

from .conftest import NARROW, PASSWORD, WIDE

pytestmark = pytest.mark.browser

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
BLOCKING_IMPACTS = {"serious", "critical"}
HOME_PAGE_BUDGET = 150 * 1024  # bytes on the first load, all requests together


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    persona: str | None = None  # None: not signed in
    kwargs: Callable[[dict], dict] | None = None  # from the `people` fixture's data
    query: str = ""

    def url(self, data: dict) -> str:
        url = reverse(self.url_name, kwargs=self.kwargs(data) if self.kwargs else None)
        return f"{url}?{self.query}" if self.query else url


PAGES = [
    Page("home", "core:home"),
    Page("home signed in", "core:home", "member"),
    Page("login", "account_login"),
    Page("signup", "account_signup"),
    Page("password reset", "account_reset_password"),
    Page("regions", "regions:browse"),
    Page("region search", "regions:browse", query="q=kartasura"),
    Page("region", "regions:detail", kwargs=lambda d: {"code": "33.11"}),
    Page("region picker", "regions:pick", query="code=33.11"),
    Page("organisations", "organisations:list"),
    Page("organisation", "organisations:detail", kwargs=lambda d: {"slug": d["ipi"]["jateng"].slug}),
    Page("profile", "people:profile", "member"),
    Page("profile edit", "people:profile_edit", "member"),
    Page("education add", "people:education_add", "member"),
    Page("employment add", "organisations:employment_add", "member"),
    Page("roles", "organisations:roles", "officer"),
    Page("audit trail", "audit:list", "admin"),
]


def open_page(new_context, people, page_spec: Page, **context_options):
    context = new_context(user=people[page_spec.persona] if page_spec.persona else None, **context_options)
    page = context.new_page()
    response = page.goto(page_spec.url(people))
    assert response is not None and response.status == 200, (
        f"{page_spec.name}: GET {page_spec.url(people)} gave {response and response.status}"
    )
    return page, response


# Recorded from the first script that runs in each document, so a violation anywhere is seen.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
    (e.sourceFile ? ' (' + e.sourceFile + ':' + e.lineNumber + ')' : ''));
});
"""


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page, one readable line per rule.

    axe is evaluated through the DevTools protocol, which the page's CSP does not govern, so the
    policy stays on for the page itself.
    """
    page.evaluate(AXE_SOURCE)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


def too_wide(page) -> list[str]:
    """At a 360 px viewport: nothing if the page fits the screen, else one line naming what sticks out."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= NARROW["width"]:
        return []
    overflowing = page.evaluate(
        """(limit) => {
            const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                + (typeof e.className === 'string' && e.className.trim()
                   ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
            const over = (e) => e.getBoundingClientRect().right > limit + 0.5;
            // Absolutely placed boxes escape a scrolling wrapper unless an ancestor is positioned.
            const placed = (e) => ['absolute', 'fixed'].includes(getComputedStyle(e).position);
            // The outermost elements that stick out, each with its two nearest ancestors.
            return [...document.querySelectorAll('body *')]
                .filter(e => over(e) && (placed(e) || !(e.parentElement && over(e.parentElement))))
                .slice(0, 10)
                .map(e => [e.parentElement?.parentElement, e.parentElement, e]
                    .filter(Boolean).map(name).join(' > ')
                    + ' (' + Math.round(e.getBoundingClientRect().width) + ' px)');
        }""",
        NARROW["width"],
    )
    return [f"[360 px] {width} px wide at a 360 px viewport; wider than the screen: {overflowing}"]


def accessibility_and_width_problems(open_at: Callable[[dict], Any]) -> list[str]:
    """axe-core's serious and critical findings on a fresh load at 1280 px and on one at 360 px, and at
    360 px whatever makes the page wider than the screen (measured before axe runs). `open_at(viewport)`
    loads the page in a new context with that viewport and returns it."""
    problems = []
    for label, viewport in (("1280 px", WIDE), ("360 px", NARROW)):
        page = open_at(viewport)
        if viewport is NARROW:
            problems += too_wide(page)
        problems += [f"[{label}] {line}" for line in serious_violations(page)]
    return problems


@pytest.mark.parametrize("page_spec", PAGES, ids=lambda p: p.name)
def test_page_is_accessible_fits_a_360px_screen_and_keeps_its_content_security_policy(
    page_spec, new_context, people
):
    """A load at 1280 px in a normal context (no CSP bypass) that records every policy violation: the
    CSP header and no violation, then axe-core; a fresh load at 360 px: no sideways scrolling, then
    axe-core. Every problem found is listed together."""
    url = page_spec.url(people)
    context = new_context(user=people[page_spec.persona] if page_spec.persona else None, viewport=WIDE)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(f"page error: {error}"))
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, (
        f"{page_spec.name}: GET {url} gave {response and response.status}"
    )
    problems = []
    policy = response.headers.get("content-security-policy", "")
    if "script-src" not in policy:
        problems.append("no Content-Security-Policy header with script-src")
    violations = page.evaluate("window.__cspViolations")
    csp_console = [line for line in console if "Content Security Policy" in line or "page error" in line]
    if violations or csp_console:
        problems.append(
            f"breaks its own policy ({policy}):\n"
            + json.dumps({"violations": violations, "console": csp_console}, indent=2)
        )
    problems += [f"[1280 px] {line}" for line in serious_violations(page)]
    page, _ = open_page(new_context, people, page_spec, viewport=NARROW)
    problems += too_wide(page)
    problems += [f"[360 px] {line}" for line in serious_violations(page)]
    assert not problems, f"{page_spec.name} ({url}):\n" + "\n".join(problems)


def test_home_page_first_load_stays_under_150_kb(new_context, people):
    context = new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(reverse("core:home"), wait_until="networkidle")
    sizes = {}
    for response in responses:
        if 300 <= response.status < 400:
            continue
        sizes[response.url] = len(response.body())
    total = sum(sizes.values())
    listing = "\n".join(
        f"  {size / 1024:7.1f} KB  {url}" for url, size in sorted(sizes.items(), key=lambda i: -i[1])
    )
    assert total < HOME_PAGE_BUDGET, f"The home page's first load is {total / 1024:.1f} KB:\n{listing}"


def test_member_signs_in_through_the_login_form_without_javascript(new_context, people):
    member = people["member"]
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(reverse("account_login"))
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='login']").fill(member.email)
    form.locator("input[name='password']").fill(PASSWORD)
    form.locator("[type='submit']").click()
    page.wait_for_url(f"**{reverse('people:profile')}")
    assert "Sri Wahyuni" in page.locator("main").inner_text()


def test_wrong_password_is_refused_at_the_form_without_javascript(new_context, people):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(reverse("account_login"))
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='login']").fill(people["member"].email)
    form.locator("input[name='password']").fill("not the password")
    form.locator("[type='submit']").click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("account_login"))
    assert page.locator("form:has(input[name='password'])").count() == 1
