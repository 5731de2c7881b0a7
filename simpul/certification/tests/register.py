"""Helpers for the public register's tests: a certificate for a holder of a given name, and the page's
HTML and the API's JSON for a question."""

from django.test import TestCase
from django.urls import reverse

from .. import services
from ..models import Certificate
from . import factories as f


def certify(setup, name: str) -> Certificate:
    """A competent decision for a new applicant called `name` (its commit callbacks run): the certificate."""
    person = f.applicant()
    person.full_name = name
    person.save()
    application = f.assessed_application(setup, person=person)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.application_decide(actor=setup["admin"], application=application)
    return Certificate.objects.get(application=application)


def page(client, **params) -> str:
    return client.get(reverse("certification:register"), params).content.decode()


def api(client, **params) -> dict:
    return client.get(reverse("api:certification_register"), params).json()
