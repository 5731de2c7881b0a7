from simpul.people.forms import PersonForm
from simpul.people.services import person_update
from simpul.testing import factories

NIK = "3311125507900001"


def _data(**overrides):
    data = {"full_name": "Sri", "nik": "", "nip": "", "phone": "", "region": ""}
    data.update(overrides)
    return data


def test_person_form_offers_no_remove_box_without_a_nik(db):
    form = PersonForm(person=factories.PersonFactory())
    assert "remove_nik" not in form.fields


def test_person_form_says_how_to_keep_a_saved_nik(db):
    person = person_update(actor=None, person=factories.PersonFactory(), nik=NIK)
    form = PersonForm(person=person)
    assert "33**********0001" in str(form.fields["nik"].help_text)
    assert "Leave empty to keep it" in str(form.fields["nik"].help_text)
    assert NIK not in form.as_div()


def test_person_form_refuses_a_new_nik_and_removal_together(db):
    person = person_update(actor=None, person=factories.PersonFactory(), nik=NIK)
    form = PersonForm(_data(nik="5271011203850002", remove_nik="on"), person=person)
    assert not form.is_valid()
    assert form.errors["nik"] == ["Either enter a new NIK or remove it, not both."]


def test_person_form_maps_nik_choices_to_the_service(db):
    person = factories.PersonFactory()
    form = PersonForm(_data(), person=person)
    assert form.is_valid()
    assert form.service_kwargs()["nik"] is None
