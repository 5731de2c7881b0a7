"""The events demo (Rakerpus XXIV, FPPTI's seminar, Bimtek 2022) and the events generator."""

import pytest
from django.db.models import F
from django.urls import reverse

from simpul.credentials.models import CredentialKind
from simpul.demo import gen_events
from simpul.demo import seed as demo_seed
from simpul.demo.gen_events import generate_events, remove_generated_events
from simpul.events.models import Event, Programme, Registration, RegistrationStatus
from simpul.events.services.certificates import event_credentials

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-events")]


def test_the_demo_has_rakerpus_checked_in_with_certificates_fppti_in_five_categories_and_bimtek(
    seeded, client
):
    rakerpus = Event.objects.get(slug="rakerpus-xxiv-ipi-2022")
    assert rakerpus.time_zone == "Asia/Makassar"
    assert rakerpus.confirmed_count == 600 == rakerpus.registrations.filter(status="confirmed").count()
    assert rakerpus.checked_in_count >= 590
    certificates = event_credentials(rakerpus)
    assert certificates.filter(kind=CredentialKind.EVENT_CERTIFICATE).count() > 500
    assert certificates.filter(holder_name="Dr. Ir. Hj. Sitti Rohmi Djalilah, M.Pd").exists()
    fppti = Event.objects.get(slug="seminar-nasional-fppti-2017")
    assert fppti.categories.count() == 5 and fppti.confirmed_count == 150
    bimtek = Programme.objects.get(slug="bimtek-tpbis-2022")
    assert bimtek.batches.exists()
    page = client.get(reverse("events:detail", args=[rakerpus.slug])).content.decode()
    assert "WITA" in page and "Niken Saptarini" in page
    before = Registration.objects.count()
    demo_seed.run()  # again: nothing added
    assert Registration.objects.count() == before


def test_the_generator_makes_and_removes_events_and_registrations(seeded):
    before_events, before_regs = Event.objects.count(), Registration.objects.count()
    counts = generate_events(scale="demo", seed=7, log=lambda _: None)
    assert counts == {"events": 200, "registrations": 5000}
    assert Registration.objects.count() == before_regs + 5000
    generated = Event.objects.filter(slug__startswith="gen-")
    assert not [e for e in generated if e.capacity and e.confirmed_count > e.capacity]
    confirmed = Registration.objects.filter(
        event__slug__startswith="gen-", status=RegistrationStatus.CONFIRMED
    )
    assert confirmed.count() == sum(generated.values_list("confirmed_count", flat=True))
    assert remove_generated_events(log=lambda _: None) > 5000
    assert (Event.objects.count(), Registration.objects.count()) == (before_events, before_regs)


def test_the_generator_writes_in_batches_with_each_events_own_categories(seeded, monkeypatch):
    """National scale writes in batches; the category ids kept running across them (a batch written
    mid-way used to restart the numbering and stop the national run with a duplicate key)."""
    monkeypatch.setattr(gen_events, "BATCH", 100)  # a batch every ~400 registrations: many flushes
    generate_events(scale="demo", seed=11, log=lambda _: None)
    generated = Event.objects.filter(slug__startswith="gen-")
    assert generated.count() == 200
    assert all(e.categories.count() == 2 for e in generated.prefetch_related("categories"))
    foreign = Registration.objects.filter(event__slug__startswith="gen-").exclude(category__event=F("event"))
    assert not foreign.exists()
