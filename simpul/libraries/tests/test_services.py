import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from simpul.core.models import AuditEntry
from simpul.libraries import permissions
from simpul.libraries.models import Application, Library, LibraryChange, LibraryStat, Status
from simpul.libraries.services import libraries as library_services
from simpul.libraries.services import registrations
from simpul.libraries.services.stats import stats_differences
from simpul.organisations.models import Role, RoleAssignment
from simpul.testing import factories

from .factories import LibraryFactory


def stat(region_code, library_type, status):
    row = LibraryStat.objects.filter(
        region_code=region_code, library_type=library_type, status=status
    ).first()
    return row.count if row else 0


def test_a_registered_library_gets_an_npp_from_its_location_and_type(library):
    assert library.npp == "3311012A0000001"
    assert library.organisation.kind == "library"
    assert library.organisation.region_id == "33.11.12.2001"


def test_npps_follow_in_sequence_per_prefix(regions, library):
    second = LibraryFactory(region=regions["33.11.12.2001"])
    school = LibraryFactory(region=regions["33.11.12.2001"], library_type="school")
    assert second.npp == "3311012A0000002"
    assert school.npp == "3311012B0000001"


def test_an_imported_npp_moves_the_counter_past_it(regions):
    LibraryFactory(region=regions["33.11.12.2001"], npp="3311012A0000090")
    assert LibraryFactory(region=regions["33.11.12.2001"]).npp == "3311012A0000091"


def test_creating_a_library_counts_it_at_every_level(library):
    for code in ("", "33", "33.11", "33.11.12"):
        assert stat(code, "public", "registered") == 1
    assert stats_differences() == {}


def test_a_subtype_must_belong_to_the_type(regions):
    with pytest.raises(ValidationError):
        LibraryFactory(region=regions["33.11.12.2001"], library_type="school", subtype="village")


def test_an_edit_keeps_history_audit_and_organisation_in_step(library, manager_user):
    library_services.library_update(
        actor=manager_user, library=library, name="Perpustakaan Desa Pucangan Baru", seats=30
    )
    library.refresh_from_db()
    assert library.organisation.name == "Perpustakaan Desa Pucangan Baru"
    change = library.changes.first()
    assert change.kind == LibraryChange.Kind.UPDATE
    assert change.changes["seats"] == [0, 30]
    assert change.actor == manager_user
    assert AuditEntry.objects.filter(action="library.update", object_id=str(library.pk)).exists()


def test_the_yearly_update_is_recorded_even_when_nothing_changed(library, manager_user):
    Library.objects.filter(pk=library.pk).update(data_updated_on=datetime.date(2020, 1, 1))
    library_services.library_update(actor=manager_user, library=library, yearly=True)
    library.refresh_from_db()
    assert library.data_updated_on == datetime.date.today()
    assert library.changes.first().kind == LibraryChange.Kind.YEARLY


def test_moving_a_library_moves_its_counts(library, regions):
    library_services.library_update(actor=None, library=library, region=regions["52.71.01.1004"])
    assert stat("33", "public", "registered") == 0
    assert stat("52.71.01", "public", "registered") == 1
    assert stats_differences() == {}


def test_closing_a_library_moves_it_between_statuses(library):
    library_services.library_set_status(actor=None, library=library, status=Status.CLOSED)
    assert stat("", "public", "registered") == 0
    assert stat("", "public", "closed") == 1


def test_register_then_approve_issues_the_npp_and_makes_the_applicant_manager(
    regions, member_user, office_user
):
    application = registrations.application_register(
        actor=member_user,
        applicant=member_user.person,
        position="Kepala Perpustakaan",
        name="Perpustakaan SD Negeri 3 Kartasura",
        library_type="school",
        subtype="sd",
        region=regions["33.11.12.2001"],
    )
    assert application.library.status == Status.PENDING
    assert application.library.npp is None
    registrations.application_verify(actor=office_user, application=application)
    registrations.application_approve(actor=office_user, application=application)
    library = Library.objects.get(pk=application.library.pk)
    assert library.status == Status.REGISTERED
    assert library.npp == "3311012B0000001"
    assert RoleAssignment.objects.filter(
        person=member_user.person, role=Role.LIBRARY_MANAGER, organisation_id=library.pk
    ).exists()
    assert stats_differences() == {}


def test_a_rejection_needs_a_reason_and_takes_the_library_off_the_queue(regions, member_user, office_user):
    application = registrations.application_register(
        actor=member_user, applicant=member_user.person, position="Relawan",
        name="TBM Cahaya", library_type="community", region=regions["33.11.12.2001"],
    )  # fmt: skip
    with pytest.raises(ValidationError):
        registrations.application_reject(actor=office_user, application=application, reason="  ")
    registrations.application_reject(actor=office_user, application=application, reason="No collection yet.")
    application.refresh_from_db()
    assert application.state == Application.State.REJECTED
    assert application.library.status == Status.REJECTED
    with pytest.raises(ValidationError):
        registrations.application_approve(actor=office_user, application=application)


def test_a_claim_of_a_listed_library_makes_the_applicant_manager(library, member_user, office_user):
    application = registrations.application_claim(
        actor=member_user, applicant=member_user.person, library=library, position="Pengelola"
    )
    with pytest.raises(ValidationError):
        registrations.application_claim(
            actor=member_user, applicant=member_user.person, library=library, position="x"
        )
    registrations.application_approve(actor=office_user, application=application)
    assert RoleAssignment.objects.filter(person=member_user.person, organisation_id=library.pk).exists()
    library.refresh_from_db()
    assert library.npp == "3311012A0000001"  # kept, not re-issued


def test_reminders_go_to_managers_of_libraries_with_old_data(library, manager_user):
    Library.objects.filter(pk=library.pk).update(
        data_updated_on=datetime.date.today() - datetime.timedelta(days=400)
    )
    call_command("libraries", "send-reminders")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager_user.email]
    assert "Perpustakaan Desa Pucangan" in mail.outbox[0].body
    call_command("libraries", "send-reminders")
    assert len(mail.outbox) == 1  # not again within a month


def test_check_stats_finds_and_repairs_drift(library, capsys):
    LibraryStat.objects.filter(region_code="33").update(count=7)
    with pytest.raises(SystemExit):
        call_command("libraries", "check-stats")
    assert "differ" in capsys.readouterr().out
    call_command("libraries", "check-stats", "--rebuild")
    assert stats_differences() == {}
    call_command("libraries", "check-stats")
    assert "equal a recount" in capsys.readouterr().out


def test_an_office_outside_the_region_cannot_decide(library, member_user, mataram_office_user):
    application = registrations.application_claim(
        actor=member_user, applicant=member_user.person, library=library, position="Pengelola"
    )
    assert not permissions.can_decide(mataram_office_user, application)
    assert not permissions.applications_decidable_by(mataram_office_user).exists()


def test_a_manager_edits_only_their_library(library, mataram_library, manager_user):
    assert permissions.can_edit(manager_user, library)
    assert not permissions.can_edit(manager_user, mataram_library)
    assert list(permissions.libraries_editable_by(manager_user)) == [library]


def test_every_write_is_audited(regions):
    before = AuditEntry.objects.count()
    factories.PersonFactory()
    LibraryFactory(region=regions["52.71.01.1004"])
    assert AuditEntry.objects.filter(action="library.create").count() == 1
    assert AuditEntry.objects.count() > before
