"""Accounts through django-allauth: sign-up, verification, login, password reset, rate limits."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from simpul.people.models import User
from simpul.testing import factories

PASSWORD = "kopi-tubruk-Mataram-2024"


def _signup(client, email="ayu@example.org", full_name="Ayu Lestari"):
    return client.post(
        reverse("account_signup"),
        {"full_name": full_name, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def _link(message) -> str:
    return re.search(r"https?://[^/]+(/\S+)", message.body).group(1)


@pytest.fixture
def verified_user(db):
    user = factories.UserFactory(email="verified@example.org", password=PASSWORD)
    factories.PersonFactory(user=user, full_name="Verified")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_signup_page_asks_for_the_full_name(client, db):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert 'name="full_name"' in response.content.decode()
    assert 'name="email"' in response.content.decode()


def test_signup_creates_the_person_with_the_name_typed(client, db):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="ayu@example.org")
    assert user.person.full_name == "Ayu Lestari"


def test_signup_sends_a_verification_email(client, db):
    response = _signup(client)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ayu@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_login_is_refused_until_the_address_is_confirmed(client, db):
    _signup(client)
    client.logout()
    mail.outbox.clear()
    response = client.post(reverse("account_login"), {"login": "ayu@example.org", "password": PASSWORD})
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_confirming_the_address_allows_login(client, db):
    _signup(client)
    confirm = _link(mail.outbox[0])
    client.logout()
    assert client.get(confirm).status_code == 200
    client.post(confirm)
    assert EmailAddress.objects.get(email="ayu@example.org").verified
    client.logout()
    response = client.post(reverse("account_login"), {"login": "AYU@example.org", "password": PASSWORD})
    assert response["Location"] == reverse("people:profile")
    assert client.get(reverse("people:profile")).status_code == 200


def test_duplicate_email_signup_creates_no_second_account(client, verified_user):
    response = _signup(client, email="VERIFIED@example.org", full_name="Impostor")
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="verified@example.org").count() == 1
    # The owner is told (enumeration is prevented, so the page itself looks the same).
    assert mail.outbox[-1].to == ["verified@example.org"]


def test_signup_without_a_name_is_refused_at_the_field(client, db):
    response = _signup(client, full_name="")
    assert response.status_code == 200
    assert 'id="id_full_name_error"' in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_an_invalid_email_is_refused_at_the_field(client, db):
    response = _signup(client, email="not-an-address")
    assert 'id="id_email_error"' in response.content.decode()
    assert not User.objects.exists()


def test_password_reset_sends_an_email_with_a_working_link(client, verified_user):
    response = client.post(reverse("account_reset_password"), {"email": "verified@example.org"})
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    link = _link(mail.outbox[0])
    response = client.get(link, follow=True)
    assert response.status_code == 200
    new = "teh-manis-Solo-2025!"
    response = client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else link,
        {"password1": new, "password2": new},
    )
    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.check_password(new)


def test_failed_logins_are_rate_limited(client, verified_user):
    # allauth ships its own Indonesian; ask for English to read its source messages.
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": verified_user.email, "password": "wrong"}, **english
        )
        assert "not correct" in response.content.decode()
    response = client.post(
        reverse("account_login"), {"login": verified_user.email, "password": PASSWORD}, **english
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_email_verification_sent",
    ],
)
def test_account_pages_use_the_simpul_layout(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html and "<h1>" in html


@pytest.mark.parametrize("name", ["account_email", "account_change_password", "account_logout"])
def test_signed_in_account_pages_use_the_simpul_layout(client, verified_user, name):
    client.force_login(verified_user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'class="site-header"' in response.content.decode()


def test_login_fields_have_labels(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert '<label for="id_login">' in html and '<label for="id_password">' in html
