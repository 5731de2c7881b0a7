import decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from simpul.events import services
from simpul.events.models import Registration
from simpul.events.reports import learning_gain
from simpul.organisations.models import Role
from simpul.testing.factories import PersonFactory, grant

from .factories import make_event, person_with_account

pytestmark = pytest.mark.django_db


def test_api_lists_an_event_and_registers_the_signed_in_person_once(member_user, ipi):
    event = make_event(ipi["ntb"], title="Webinar API", capacity=5)
    anonymous = Client()
    listed = anonymous.get("/api/v1/events").json()
    assert [e["title"] for e in listed["items"]] == ["Webinar API"]
    assert anonymous.get(f"/api/v1/events/{event.pk}").json()["capacity"] == 5
    url = reverse("api:event_register", kwargs={"event_id": event.pk})
    assert anonymous.post(url, {}, content_type="application/json").status_code == 401
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_user)
    assert client.post(url, {}, content_type="application/json").status_code == 403  # no CSRF token
    client.get("/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    first = client.post(url, {}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    second = client.post(url, {}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["status"] == "confirmed" and first.json()["id"] == second.json()["id"]
    assert Registration.objects.count() == 1


def test_api_refuses_registration_after_the_event_with_a_reason(member_user, ipi):
    event = make_event(ipi["ntb"], days_from_now=-2)
    client = Client()
    client.force_login(member_user)
    response = client.post(f"/api/v1/events/{event.pk}/registrations", {}, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]


def test_nomination_within_province_quota_and_learning_gain(ipi, regions, client):
    programme = services.programme_create(
        actor=None, title="Bimtek 2022", organiser=ipi["central"], year=2022
    )
    services.province_quota_set(actor=None, programme=programme, province=regions["52"], quota=1)
    batch = make_event(ipi["ntb"], title="Bimtek Angkatan 1", kind="technical_training", programme=programme)
    officer = PersonFactory(full_name="Petugas Dinas")
    grant(officer, Role.LIBRARY_OFFICER, region=regions["52"])
    client.force_login(officer.user)
    response = client.post(
        reverse("events:nominate", args=[programme.slug]), {"full_name": "Pustakawan Desa", "province": "52"}
    )
    assert response.status_code == 302
    refused = client.post(
        reverse("events:nominate", args=[programme.slug]), {"full_name": "Di Luar Wilayah", "province": "33"}
    ).content.decode()
    assert "Di Luar Wilayah" in refused  # kept, with the reason shown
    first = programme.nominations.get()
    second = services.nomination_create(
        actor=None, programme=programme, person=person_with_account("Kedua"), province=regions["52.71"]
    )
    services.nomination_decide(actor=None, nomination=first, approve=True)
    with pytest.raises(ValidationError):
        services.nomination_decide(actor=None, nomination=second, approve=True)  # the quota of 1 is full
    type(first).objects.filter(pk=first.pk).update(batch=batch)
    services.nomination_scores_set(actor=None, nomination=first, pre_test="40", post_test="70")
    total, per_batch = learning_gain(programme)
    assert total.gain == decimal.Decimal("30.00") and total.normalised == decimal.Decimal("0.50")
    assert [(g.label, g.gain) for g in per_batch] == [("Bimtek Angkatan 1", decimal.Decimal("30.00"))]
