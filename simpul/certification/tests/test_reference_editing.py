"""The LSP administrator corrects and retires reference data in the app: TUKs, assessors, schemes with their
units and documents, eligibility rules, SKKNI standards and units."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from simpul.core.models import AuditEntry
from simpul.organisations.models import Kind, Role
from simpul.testing import factories as base

from .. import services
from ..models import Element, EligibilityRule, Scheme, Status
from . import factories as f


@pytest.fixture
def setup(regions):
    return f.lsp_setup(regions)


@pytest.fixture
def other(regions, setup):
    """A second LSP with its own administrator, TUK, standard, unit, scheme and assessor."""
    lsp = base.OrganisationFactory(
        kind=Kind.CERTIFICATION_BODY, name="LSP Arsiparis", region=regions["31.71"]
    )
    admin = base.PersonFactory(full_name="Admin Arsiparis", user__email="lsp2@example.org")
    base.grant(admin, Role.CERTIFICATION_ADMIN, organisation=lsp)
    standard = services.standard_create(
        actor=None, code="Kepmenaker 40/2018", title="SKKNI Arsip", version=2018
    )
    unit = services.unit_create(
        actor=None, standard=standard, code="ARS.01", title="Arsip dinamis", elements=[("Menata", "KUK")]
    )
    scheme = services.scheme_create(actor=None, lsp=lsp, code="ARS", title="Arsiparis", units=[unit])
    return {
        "lsp": lsp,
        "admin": admin.user,
        "tuk": services.tuk_create(actor=None, lsp=lsp, name="TUK Arsip", region=regions["31.71"]),
        "standard": standard,
        "unit": unit,
        "scheme": scheme,
        "assessor": services.assessor_create(
            actor=None, lsp=lsp, person=base.PersonFactory(), met_number="MET-ARS-1", schemes=[scheme]
        ),
    }


def _text(response) -> str:
    return response.content.decode()


def _scheme_post(scheme, **changes) -> dict:
    """The scheme edit form as its page fills it, with `changes` on top."""
    data = {
        "code": scheme.code,
        "title": scheme.title,
        "kind": scheme.kind,
        "occupation": scheme.occupation,
        "kkni_level": scheme.kkni_level or "",
        "validity_years": scheme.validity_years,
        "units": "\n".join(u.code for u in scheme.ordered_units()),
    }
    for required in scheme.required_documents.all():
        data[f"doc_{required.kind}"] = "mandatory" if required.mandatory else "optional"
    data.update(changes)
    return data


def _options(page: str, name: str) -> set[str]:
    """The values offered by the <select> or checkboxes called `name` on a page."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    if select:
        return set(re.findall(r'<option value="(\d+)"', select.group(1)))
    return set(re.findall(rf'name="{name}" value="(\d+)"', page))


# TUK ---------------------------------------------------------------------------------------------------
def test_the_admin_corrects_a_tuk_and_sees_it_on_the_reference_page(setup, client):
    tuk = setup["tuk"]
    client.force_login(setup["admin"])
    page = _text(client.get(reverse("certification:tuk_edit", args=[tuk.pk])))
    assert 'value="TUK Perpustakaan UMS"' in page and 'value="33.11"' in page
    response = client.post(
        reverse("certification:tuk_edit", args=[tuk.pk]),
        {
            "name": "TUK Perpustakaan Universitas Muhammadiyah Surakarta",
            "region": "33.11",
            "address": "Pabelan",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("certification:reference")
    assert "TUK Perpustakaan Universitas Muhammadiyah Surakarta" in _text(response)
    assert "Saved." in _text(response)
    tuk.refresh_from_db()
    assert tuk.address == "Pabelan"
    entry = AuditEntry.objects.filter(action="certification.tuk.update", object_id=str(tuk.pk)).get()
    assert entry.actor == setup["admin"]
    assert entry.changes["fields"]["name"] == [
        "TUK Perpustakaan UMS",
        "TUK Perpustakaan Universitas Muhammadiyah Surakarta",
    ]


def test_a_tuk_edit_with_bad_input_shows_the_field_message_and_changes_nothing(setup, client, regions):
    services.tuk_create(actor=None, lsp=setup["lsp"], name="TUK Kartasura", region=regions["33.11"])
    tuk = setup["tuk"]
    client.force_login(setup["admin"])
    url = reverse("certification:tuk_edit", args=[tuk.pk])
    page = _text(client.post(url, {"name": "TUK Kartasura", "region": "33.11"}))
    assert "Another TUK of this LSP is already called TUK Kartasura." in page
    page = _text(client.post(url, {"name": "TUK Baru", "region": "99.99"}))
    assert "No region has the code 99.99." in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    page = _text(client.post(url, {"name": "TUK Kartasura", "region": "33.11"}))
    assert "TUK lain milik LSP ini sudah bernama TUK Kartasura." in page
    tuk.refresh_from_db()
    assert tuk.name == "TUK Perpustakaan UMS"
    assert not AuditEntry.objects.filter(action="certification.tuk.update").exists()


def test_a_retired_tuk_is_not_offered_for_new_sessions(setup, client):
    tuk = setup["tuk"]
    client.force_login(setup["admin"])
    assert str(tuk.pk) in _options(_text(client.get(reverse("certification:sessions"))), "tuk")
    response = client.post(reverse("certification:tuk_active", args=[tuk.pk]), {"active": "0"}, follow=True)
    assert "TUK retired" in _text(response)
    tuk.refresh_from_db()
    assert not tuk.is_active
    assert str(tuk.pk) not in _options(_text(client.get(reverse("certification:sessions"))), "tuk")
    with pytest.raises(ValidationError, match="retired"):
        services.session_create(
            actor=setup["admin"],
            tuk=tuk,
            schemes=[setup["scheme"]],
            title="Sesi baru",
            starts_at=setup["session"].event.starts_at,
            ends_at=setup["session"].event.ends_at,
            capacity=10,
        )
    assert AuditEntry.objects.filter(action="certification.tuk.retire", object_id=str(tuk.pk)).exists()
    client.post(reverse("certification:tuk_active", args=[tuk.pk]), {"active": "1"})
    assert str(tuk.pk) in _options(_text(client.get(reverse("certification:sessions"))), "tuk")


# Assessors ---------------------------------------------------------------------------------------------
def test_the_admin_changes_an_assessors_met_number_schemes_and_load(setup, client, regions):
    second = services.scheme_create(
        actor=None, lsp=setup["lsp"], code="KL-LP", title="Layanan Pemustaka", units=setup["units"][:1]
    )
    assessor = setup["assessor"]
    client.force_login(setup["admin"])
    url = reverse("certification:assessor_edit", args=[assessor.pk])
    page = _text(client.get(url))
    assert 'value="MET.000.001234.2019"' in page and "Bambang Supriyanto" in page
    response = client.post(
        url,
        {"met_number": "MET.000.009999.2024", "schemes": [setup["scheme"].pk, second.pk], "max_load": "5"},
        follow=True,
    )
    assert "MET.000.009999.2024" in _text(response)
    assessor.refresh_from_db()
    assert assessor.max_load == 5
    assert set(assessor.schemes.all()) == {setup["scheme"], second}
    assert AuditEntry.objects.filter(
        action="certification.assessor.update", object_id=str(assessor.pk)
    ).exists()


def test_a_met_number_already_used_is_refused(setup, client, other):
    assessor = setup["assessor"]
    client.force_login(setup["admin"])
    page = _text(
        client.post(
            reverse("certification:assessor_edit", args=[assessor.pk]),
            {"met_number": "MET-ARS-1", "schemes": [setup["scheme"].pk], "max_load": "0"},
        )
    )
    assert "Ensure this value is greater than or equal to 1." in page
    page = _text(
        client.post(
            reverse("certification:assessor_edit", args=[assessor.pk]),
            {"met_number": "MET-ARS-1", "schemes": [setup["scheme"].pk], "max_load": "4"},
        )
    )
    assert "Another assessor already has the MET number MET-ARS-1." in page
    assessor.refresh_from_db()
    assert assessor.met_number == "MET.000.001234.2019" and assessor.max_load == 10


def test_a_retired_assessor_cannot_be_assigned(setup, client):
    application = f.complete_application(setup)
    services.application_accept(actor=setup["admin"], application=application)
    services.session_add_applications(
        actor=setup["admin"], session=setup["session"], applications=[application]
    )
    assessor = setup["assessor"]
    client.force_login(setup["admin"])
    page = _text(client.get(reverse("certification:application", args=[application.pk])))
    assert str(assessor.pk) in _options(page, "assessor")
    client.post(reverse("certification:assessor_active", args=[assessor.pk]), {"active": "0"})
    assessor.refresh_from_db()
    assert not assessor.is_active
    page = _text(client.get(reverse("certification:application", args=[application.pk])))
    assert str(assessor.pk) not in _options(page, "assessor")
    with pytest.raises(ValidationError, match="retired"):
        services.assessor_assign(actor=setup["admin"], application=application, assessor=assessor)
    response = client.post(
        reverse("certification:assign", args=[application.pk]), {"assessor": assessor.pk}, follow=True
    )
    assert "Choose an assessor of this scheme." in _text(response)
    application.refresh_from_db()
    assert application.assessor is None


def test_an_assessor_with_assessees_waiting_cannot_be_retired_or_lose_their_scheme(setup, client):
    second = services.scheme_create(
        actor=None, lsp=setup["lsp"], code="KL-LP", title="Layanan Pemustaka", units=setup["units"][:1]
    )
    application = f.complete_application(setup)
    services.application_accept(actor=setup["admin"], application=application)
    services.session_add_applications(
        actor=setup["admin"], session=setup["session"], applications=[application]
    )
    assessor = setup["assessor"]
    services.assessor_assign(actor=setup["admin"], application=application, assessor=assessor)
    client.force_login(setup["admin"])
    response = client.post(
        reverse("certification:assessor_active", args=[assessor.pk]), {"active": "0"}, follow=True
    )
    assert "still has 1 assessee to assess" in _text(response)
    page = _text(
        client.post(
            reverse("certification:assessor_edit", args=[assessor.pk]),
            {"met_number": assessor.met_number, "schemes": [second.pk], "max_load": "10"},
        )
    )
    assert "still has 1 assessee to assess in Pengembangan Koleksi" in page
    assessor.refresh_from_db()
    assert assessor.is_active and list(assessor.schemes.all()) == [setup["scheme"]]


# Schemes -----------------------------------------------------------------------------------------------
def test_the_admin_edits_a_scheme_its_unit_order_validity_and_documents(setup, client):
    scheme = setup["scheme"]
    first, second = setup["units"]
    client.force_login(setup["admin"])
    url = reverse("certification:scheme_edit", args=[scheme.pk])
    page = _text(client.get(url))
    assert 'value="Pengembangan Koleksi"' in page and f"{first.code}\n{second.code}" in page
    data = _scheme_post(
        scheme,
        title="Pengembangan Koleksi Perpustakaan",
        validity_years="5",
        units=f"{second.code}\n{first.code}",
        doc_training="mandatory",
        doc_decree="",
    )
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("certification:reference")
    scheme.refresh_from_db()
    assert scheme.title == "Pengembangan Koleksi Perpustakaan" and scheme.validity_years == 5
    assert scheme.ordered_units() == [second, first]
    kinds = dict(scheme.required_documents.values_list("kind", "mandatory"))
    assert kinds["training"] is True and "decree" not in kinds
    public = _text(client.get(reverse("certification:scheme", args=[scheme.pk])))
    assert "valid for 5 years" in public and public.index(second.code) < public.index(first.code)
    actions = set(AuditEntry.objects.filter(object_id=str(scheme.pk)).values_list("action", flat=True))
    assert {
        "certification.scheme.update",
        "certification.scheme.units",
        "certification.scheme.documents",
    } <= actions


def test_a_scheme_edit_with_bad_input_changes_nothing(setup, client):
    scheme = setup["scheme"]
    other_scheme = services.scheme_create(
        actor=None, lsp=setup["lsp"], code="KL-LP", title="Layanan Pemustaka", units=setup["units"][:1]
    )
    client.force_login(setup["admin"])
    url = reverse("certification:scheme_edit", args=[scheme.pk])
    page = _text(client.post(url, _scheme_post(scheme, validity_years="11", units="NOPE.1")))
    assert "Ensure this value is less than or equal to 10." in page and "Unknown unit codes: NOPE.1." in page
    page = _text(client.post(url, _scheme_post(scheme, code=other_scheme.code, title="Baru")))
    assert "Another scheme of this LSP already has the code KL-LP." in page
    scheme.refresh_from_db()
    assert scheme.code == "KL-PK" and scheme.title == "Pengembangan Koleksi" and scheme.validity_years == 3


def test_units_cannot_leave_a_scheme_with_applications_in_progress_but_may_be_reordered(setup, client):
    scheme = setup["scheme"]
    first, second = setup["units"]
    f.complete_application(setup)
    client.force_login(setup["admin"])
    url = reverse("certification:scheme_edit", args=[scheme.pk])
    page = _text(client.post(url, _scheme_post(scheme, units=first.code)))
    assert "1 application of this scheme is in progress" in page
    assert scheme.ordered_units() == [first, second]
    client.post(url, _scheme_post(scheme, units=f"{second.code}\n{first.code}"))
    assert scheme.ordered_units() == [second, first]


def test_a_closed_scheme_refuses_new_applications_with_a_reason(setup, client):
    scheme = setup["scheme"]
    client.force_login(setup["admin"])
    client.post(reverse("certification:scheme_active", args=[scheme.pk]), {"active": "0"})
    scheme.refresh_from_db()
    assert not scheme.is_active
    assert AuditEntry.objects.filter(action="certification.scheme.close", object_id=str(scheme.pk)).exists()
    person = f.applicant()
    client.force_login(person.user)
    assert scheme.title not in _text(client.get(reverse("certification:index")))
    response = client.get(reverse("certification:apply", args=[scheme.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("certification:scheme", args=[scheme.pk])
    assert "This scheme is not open for applications." in _text(response)
    with pytest.raises(ValidationError, match="not open"):
        services.application_start(actor=person.user, person=person, scheme=scheme)
    client.force_login(setup["admin"])
    client.post(reverse("certification:scheme_active", args=[scheme.pk]), {"active": "1"})
    client.force_login(person.user)
    assert client.get(reverse("certification:apply", args=[scheme.pk])).status_code == 200


def test_a_closed_scheme_with_accepted_applicants_is_still_offered_for_sessions(setup, client):
    scheme = setup["scheme"]
    services.application_accept(actor=setup["admin"], application=f.complete_application(setup))
    services.scheme_set_active(actor=setup["admin"], scheme=scheme, is_active=False)
    client.force_login(setup["admin"])
    assert str(scheme.pk) in _options(_text(client.get(reverse("certification:sessions"))), "schemes")


# Eligibility rules -------------------------------------------------------------------------------------
def test_the_admin_edits_and_removes_an_eligibility_rule(setup, client):
    rule = setup["scheme"].rules.get(min_education="SMA")
    client.force_login(setup["admin"])
    url = reverse("certification:rule_edit", args=[rule.pk])
    assert "minimal 2 tahun" in _text(client.get(url))
    response = client.post(
        url,
        {"description": "SMA + 3 tahun di klaster", "min_education": "SMA", "min_years_in_cluster": "3"},
        follow=True,
    )
    assert "SMA + 3 tahun di klaster" in _text(response)
    rule.refresh_from_db()
    assert rule.min_years_in_cluster == 3
    page = _text(client.post(url, {"description": "", "min_education": "SMA", "min_years_in_cluster": "-1"}))
    assert "This field is required." in page
    rule.refresh_from_db()
    assert rule.description == "SMA + 3 tahun di klaster"
    response = client.post(reverse("certification:rule_remove", args=[rule.pk]), follow=True)
    assert not EligibilityRule.objects.filter(pk=rule.pk).exists()
    assert "SMA + 3 tahun di klaster" not in _text(response)
    assert AuditEntry.objects.filter(action="certification.rule.remove", object_id=str(rule.pk)).exists()


def test_a_rule_with_the_same_conditions_as_another_is_refused_with_a_message(setup, client, settings):
    settings.LANGUAGE_CODE = "en"
    scheme = setup["scheme"]
    before = list(scheme.rules.values_list("pk", flat=True))
    client.force_login(setup["admin"])
    same = {
        "description": "Lulusan D2 perpustakaan",
        "min_education": "D2",
        "library_science_required": "on",
        "min_years_in_cluster": "0",
    }
    response = client.post(reverse("certification:rule_add", args=[scheme.pk]), same, follow=True)
    assert response.status_code == 200
    assert "already has a rule with the same conditions" in _text(response)
    assert list(scheme.rules.values_list("pk", flat=True)) == before
    # Editing another rule into a copy of the first is refused on its form, and changes nothing.
    rule = scheme.rules.get(min_education="SMA")
    page = _text(client.post(reverse("certification:rule_edit", args=[rule.pk]), same))
    assert "already has a rule with the same conditions" in page
    rule.refresh_from_db()
    assert (rule.min_education, rule.min_years_in_cluster) == ("SMA", 2)


def test_the_last_eligibility_rule_of_a_scheme_cannot_be_removed(setup, client):
    rules = list(setup["scheme"].rules.all())
    client.force_login(setup["admin"])
    for rule in rules[:-1]:
        client.post(reverse("certification:rule_remove", args=[rule.pk]))
    response = client.post(reverse("certification:rule_remove", args=[rules[-1].pk]), follow=True)
    assert "A scheme needs at least one eligibility rule" in _text(response)
    assert list(setup["scheme"].rules.all()) == rules[-1:]


# Standards and units ----------------------------------------------------------------------------------
def test_the_admin_corrects_a_standard(setup, client):
    standard = setup["standard"]
    client.force_login(setup["admin"])
    url = reverse("certification:standard_edit", args=[standard.pk])
    assert 'value="Kepmenaker 236/2019"' in _text(client.get(url))
    client.post(
        url, {"code": "Kepmenaker 236 Tahun 2019", "title": "SKKNI Bidang Perpustakaan", "version": "2019"}
    )
    standard.refresh_from_db()
    assert standard.code == "Kepmenaker 236 Tahun 2019" and standard.title == "SKKNI Bidang Perpustakaan"
    services.standard_create(actor=None, code="Kepmenaker 83/2012", title="SKKNI lama", version=2012)
    page = _text(client.post(url, {"code": "Kepmenaker 83/2012", "title": "X", "version": "2012"}))
    assert "Kepmenaker 83/2012 (2012) is already recorded." in page
    standard.refresh_from_db()
    assert standard.version == 2019 and standard.title == "SKKNI Bidang Perpustakaan"


def test_the_admin_edits_a_unit_and_its_elements(setup, client):
    unit = setup["units"][0]
    client.force_login(setup["admin"])
    url = reverse("certification:unit_edit", args=[unit.pk])
    assert "Elemen 1.1: KUK a; KUK b" in _text(client.get(url))
    client.post(
        url,
        {
            "standard": setup["standard"].pk,
            "code": unit.code,
            "title": "Menyusun kebijakan pengembangan koleksi",
            "elements": "Merumuskan kebijakan: KUK a; KUK b; KUK d\nElemen 1.2: KUK c",
        },
    )
    unit.refresh_from_db()
    assert unit.title == "Menyusun kebijakan pengembangan koleksi"
    elements = list(unit.elements.order_by("order"))
    assert [e.title for e in elements] == ["Merumuskan kebijakan", "Elemen 1.2"]
    assert elements[0].criteria_list == ["KUK a", "KUK b", "KUK d"]
    page = _text(
        client.post(
            url,
            {"standard": setup["standard"].pk, "code": setup["units"][1].code, "title": "X", "elements": "A"},
        )
    )
    assert f"Another unit already has the code {setup['units'][1].code}." in page
    assert AuditEntry.objects.filter(action="certification.unit.update", object_id=str(unit.pk)).count() == 1


def test_elements_stay_while_a_scheme_using_the_unit_has_applications_in_progress(setup, client):
    unit = setup["units"][0]
    f.complete_application(setup)
    client.force_login(setup["admin"])
    page = _text(
        client.post(
            reverse("certification:unit_edit", args=[unit.pk]),
            {
                "standard": setup["standard"].pk,
                "code": unit.code,
                "title": unit.title,
                "elements": "Satu saja: KUK",
            },
        )
    )
    assert "elements cannot be added or removed" in page
    assert unit.elements.count() == 2


# Scope -------------------------------------------------------------------------------------------------
def _edit_urls(data) -> list[str]:
    rule = data["scheme"].rules.first()
    return [
        reverse("certification:tuk_edit", args=[data["tuk"].pk]),
        reverse("certification:assessor_edit", args=[data["assessor"].pk]),
        reverse("certification:scheme_edit", args=[data["scheme"].pk]),
        reverse("certification:rule_edit", args=[rule.pk]),
        reverse(
            "certification:unit_edit", args=[data["units"][0].pk if "units" in data else data["unit"].pk]
        ),
        reverse("certification:standard_edit", args=[data["standard"].pk]),
    ]


def test_outsiders_and_other_lsps_admins_get_404(setup, other, client, outsider_user):
    client.force_login(outsider_user)
    for url in _edit_urls(setup):
        assert client.get(url).status_code == 404, url
    client.force_login(other["admin"])
    for url in _edit_urls(setup):
        assert client.get(url).status_code == 404, url
    for url in _edit_urls(other):
        assert client.get(url).status_code == 200, url
    tuk, scheme, assessor = setup["tuk"], setup["scheme"], setup["assessor"]
    assert (
        client.post(
            reverse("certification:tuk_edit", args=[tuk.pk]), {"name": "X", "region": "33.11"}
        ).status_code
        == 404
    )
    assert client.post(reverse("certification:tuk_active", args=[tuk.pk]), {"active": "0"}).status_code == 404
    assert (
        client.post(reverse("certification:scheme_active", args=[scheme.pk]), {"active": "0"}).status_code
        == 404
    )
    assert (
        client.post(reverse("certification:assessor_active", args=[assessor.pk]), {"active": "0"}).status_code
        == 404
    )
    rule = scheme.rules.first()
    assert client.post(reverse("certification:rule_remove", args=[rule.pk])).status_code == 404
    tuk.refresh_from_db(), scheme.refresh_from_db(), assessor.refresh_from_db()
    assert tuk.name == "TUK Perpustakaan UMS" and tuk.is_active and scheme.is_active and assessor.is_active
    assert EligibilityRule.objects.filter(pk=rule.pk).exists()


def test_a_unit_another_lsp_uses_is_shared_and_left_to_the_site_admin(setup, other, client, admin_user):
    shared = setup["units"][0]
    services.scheme_set_units(actor=None, scheme=other["scheme"], units=[other["unit"], shared])
    client.force_login(setup["admin"])
    url = reverse("certification:unit_edit", args=[shared.pk])
    assert client.get(url).status_code == 404
    assert url not in _text(client.get(reverse("certification:reference")))
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_the_reference_page_links_each_row_to_its_edit_page(setup, client):
    client.force_login(setup["admin"])
    page = _text(client.get(reverse("certification:reference")))
    for url in _edit_urls(setup):
        assert f'href="{url}"' in page, url


def test_an_assessor_of_another_lsp_cannot_be_given_this_lsps_scheme(setup, other):
    with pytest.raises(ValidationError, match="own LSP"):
        services.assessor_update(actor=None, assessor=other["assessor"], schemes=[setup["scheme"]])
    assert list(other["assessor"].schemes.all()) == [other["scheme"]]


def test_reordering_units_keeps_results_of_assessed_applications(setup):
    application = f.assessed_application(setup)
    first, second = setup["units"]
    services.scheme_update(actor=None, scheme=setup["scheme"], units=[second, first])
    application = services.application_decide(actor=setup["admin"], application=application)
    assert application.status == Status.COMPETENT
    assert Scheme.objects.get(pk=setup["scheme"].pk).ordered_units() == [second, first]
    assert Element.objects.filter(unit=first).count() == 2
