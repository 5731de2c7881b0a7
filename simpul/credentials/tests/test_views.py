import pytest
from django.urls import reverse

from simpul.credentials import services


def test_verify_page_shows_a_valid_credential_with_name_but_no_personal_data(client, card):
    card.holder.phone = "+6281234567890"
    card.holder.save()
    response = client.get(reverse("credentials:verify", args=[card.code]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Valid." in body and "Dr. Ir. Hj. Sitti Rohmi Djalilah, M.Pd" in body and card.number in body
    assert "holder@example.org" not in body and "6281234567890" not in body


def test_a_forged_code_is_clearly_not_found(client, card):
    response = client.get(reverse("credentials:verify", args=[card.code[:-1] + "x"]))
    assert response.status_code == 404 and "Not found." in response.content.decode()


def test_a_revoked_credential_shows_its_reason(client, card):
    services.credential_revoke(actor=None, credential=card, reason="Membership ended by the chapter")
    body = client.get(reverse("credentials:verify", args=[card.code])).content.decode()
    assert "Revoked." in body and "Membership ended by the chapter" in body


def test_a_tampered_record_is_flagged(client, card):
    type(card).objects.filter(pk=card.pk).update(title="Something else")
    body = client.get(reverse("credentials:verify", args=[card.code])).content.decode()
    assert "Not trustworthy." in body


def test_lookups_are_rate_limited(client, card, settings):
    settings.SIMPUL_VERIFY_RATE_PER_MINUTE = 3
    url = reverse("credentials:verify", args=[card.code])
    statuses = [client.get(url, REMOTE_ADDR="10.9.9.9").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_api_verifies_by_code(client, card):
    response = client.get(f"/api/v1/credentials/{card.code}")
    data = response.json()
    assert response.status_code == 200
    assert data["status"] == "valid" and data["holder_name"] == card.holder_name and data["signature_valid"]
    assert client.get("/api/v1/credentials/forged-code").status_code == 404


def test_badge_json_downloads_a_signed_document(client, card):
    response = client.get(reverse("credentials:badge_json", args=[card.code]))
    assert response.status_code == 200 and response.json()["proof"]["type"] == "DataIntegrityProof"


def test_public_keys_lists_the_current_key(client):
    assert client.get(reverse("credentials:keys")).json()["keys"][0]["current"] is True


def test_holder_downloads_pdf_and_png(as_user, card):
    client = as_user(card.holder.user)
    assert client.get(reverse("credentials:pdf", args=[card.code])).content.startswith(b"%PDF")
    assert client.get(reverse("credentials:png", args=[card.code]))["Content-Type"] == "image/png"
    assert card.number in client.get(reverse("credentials:mine")).content.decode()


def test_officer_of_the_issuer_downloads_but_an_outsider_gets_404(as_user, card, officer_user, outsider_user):
    assert as_user(officer_user).get(reverse("credentials:pdf", args=[card.code])).status_code == 200
    assert as_user(outsider_user).get(reverse("credentials:pdf", args=[card.code])).status_code == 404


def test_officer_outside_the_issuer_cannot_revoke(as_user, officer_user, holder, ipi):
    from .factories import issue

    ntb_card = issue(holder, ipi["ntb"])
    response = as_user(officer_user).post(
        reverse("credentials:revoke", args=[ntb_card.code]), {"reason": "x"}
    )
    assert response.status_code == 404


def test_officer_revokes_with_a_reason(as_user, officer_user, card):
    client = as_user(officer_user)
    response = client.post(reverse("credentials:revoke", args=[card.code]), {"reason": "Duplicate card"})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.revoke_reason == "Duplicate card"


def test_verify_form_sends_to_the_code(client, card):
    response = client.get(reverse("credentials:verify_form"), {"code": card.code})
    assert response.status_code == 302 and response["Location"].endswith(f"/verify/{card.code}/")


@pytest.mark.usefixtures("card")
def test_batch_page_shows_progress_and_zip(as_user, officer_user, ipi, django_capture_on_commit_callbacks):
    from simpul.credentials.models import Credential

    with django_capture_on_commit_callbacks(execute=True):
        batch = services.credential_batch_create(
            actor=officer_user, issuer=ipi["jateng"], label="Cards", credentials=Credential.objects.all()
        )
    client = as_user(officer_user)
    assert "1 of 1 rendered" in client.get(reverse("credentials:batch", args=[batch.pk])).content.decode()
    response = client.get(reverse("credentials:batch_zip", args=[batch.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"PK")
