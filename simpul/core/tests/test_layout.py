"""The page layout's kept parts (`{% once %}`), the CSRF token and the CSP header: what every page
shows and guards stays the same although most of the layout is rendered once per process."""

import re

import pytest
from django.http import HttpResponse
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client, RequestFactory
from django.urls import reverse

from simpul.core.middleware import CSPMiddleware

FLOOR = reverse("core:floor")


def _tokens(html: str) -> list[str]:
    return re.findall(r'X-CSRFToken": "(\w+)"|name="csrfmiddlewaretoken" value="(\w+)"', html)


def _csrf_token(html: str) -> str:
    return next(token for pair in _tokens(html) for token in pair if token)


def test_each_page_carries_a_fresh_csrf_token_that_a_form_post_passes_with(db):
    client = Client(enforce_csrf_checks=True)
    first = client.get(FLOOR).content.decode()
    second = client.get(FLOOR).content.decode()
    assert _csrf_token(first) != _csrf_token(second)  # masked anew for each response
    switched = client.post(
        reverse("set_language"), {"language": "en", "next": FLOOR, "csrfmiddlewaretoken": _csrf_token(first)}
    )
    assert switched.status_code == 302


def test_a_tampered_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    token = _csrf_token(client.get(FLOOR).content.decode())
    tampered = ("b" if token[0] == "a" else "a") + token[1:]
    refused = client.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": tampered})
    assert refused.status_code == 403


def test_the_language_switch_keeps_the_page_and_its_query(client, db):
    page = client.get(FLOOR + "?q=it's&page=2").content.decode()
    assert 'name="next" value="/bench/floor?q=it&#x27;s&amp;page=2"' in page  # escaped, as before
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/bench/floor?q=it's&page=2"})
    assert switched["Location"] == "/bench/floor?q=it's&page=2"
    english = client.get(FLOOR).content.decode()
    assert '<html lang="en">' in english and "Sign in" in english and "Bahasa Indonesia" in english
    client.cookies["django_language"] = "id"
    indonesian = client.get(FLOOR).content.decode()
    assert '<html lang="id">' in indonesian and ">English</button>" in indonesian


def test_the_menu_follows_each_visitor(client, admin_user, member_user):
    admin = Client()
    admin.force_login(admin_user)
    admin_page = admin.get(FLOOR).content.decode()
    assert "Back office" in admin_page and "Audit trail" in admin_page and "Sign out" in admin_page

    member = Client()
    member.force_login(member_user)
    member_page = member.get(FLOOR).content.decode()
    assert "My profile" in member_page and "Sign out" in member_page
    assert "Back office" not in member_page and "Audit trail" not in member_page

    anonymous_page = client.get(FLOOR).content.decode()
    assert (
        "Sign in" in anonymous_page
        and "Sign out" not in anonymous_page
        and "My profile" not in anonymous_page
    )


def test_the_sign_out_form_posts_with_the_pages_token(member_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_user)
    page = client.get(FLOOR).content.decode()
    form = re.search(
        r'action="/accounts/logout/"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" value="(\w+)"',
        page,
    )
    assert form, "the sign-out form has its token"
    assert client.post(reverse("account_logout"), {"csrfmiddlewaretoken": form.group(1)}).status_code == 302
    assert "Sign in" in client.get(FLOOR).content.decode()


def test_a_kept_part_never_sees_the_user(member_user):
    request = RequestFactory().get("/")
    request.user = member_user
    request.META["CSRF_COOKIE"] = "a" * 32
    template = Template("{% load layout %}{% once %}[{{ user.email }}|{{ request.path }}]{% endonce %}")
    context = Context({"request": request, "user": member_user, "csrf_token": "x" * 64})
    assert template.render(context) == "[|]"


def test_a_kept_part_cannot_hold_a_block():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load layout %}{% once %}{% block title %}{% endblock %}{% endonce %}")


def _answer(request, use_nonce: bool):
    middleware = CSPMiddleware(lambda r: HttpResponse(str(r.csp_nonce) if use_nonce else "page"))
    middleware.process_request(request)
    response = middleware.get_response(request)
    return middleware.process_response(request, response)


def test_the_csp_nonce_is_fresh_for_each_response_that_uses_one():
    factory = RequestFactory()
    first, second = factory.get("/"), factory.get("/")
    one, two = _answer(first, True), _answer(second, True)
    assert one.content.decode() != two.content.decode()
    for response in (one, two):
        assert f"'nonce-{response.content.decode()}'" in response["Content-Security-Policy"]
    plain = _answer(factory.get("/"), False)
    assert "nonce" not in plain["Content-Security-Policy"]
    assert "script-src 'self'" in plain["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in plain["Content-Security-Policy"]


def test_every_page_has_its_security_headers(client, db):
    response = client.get(FLOOR)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
