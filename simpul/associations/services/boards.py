"""Boards (terms and positions) and announcements to a chapter's members."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot
from simpul.organisations.models import Kind, Organisation
from simpul.people.models import Person, User
from simpul.people.services import person_create

from ..models import POSITION_ORDER, Announcement, BoardPosition, BoardTerm
from ..tasks import send_announcement


@transaction.atomic
def board_term_create(
    *,
    actor,
    organisation: Organisation,
    starts_on: datetime.date,
    ends_on: datetime.date,
    inaugurated_on: datetime.date | None = None,
    decree: str = "",
) -> BoardTerm:
    """A board term (kepengurusan) of an association or chapter, e.g. 2017-2020, with its inauguration."""
    if organisation.kind not in (Kind.ASSOCIATION, Kind.CHAPTER):
        raise ValidationError(_("Boards belong to associations and their chapters."))
    term = BoardTerm(
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        inaugurated_on=inaugurated_on,
        decree=decree,
    )
    term.full_clean()
    term.save()
    audit_record(actor=actor, action="board_term.create", instance=term)
    return term


@transaction.atomic
def board_position_add(
    *, actor, term: BoardTerm, person: Person, position: str, division: str = ""
) -> BoardPosition:
    seat = BoardPosition(
        term=term,
        person=person,
        position=position,
        division=division,
        order=POSITION_ORDER.get(position, 99) * 100 + term.positions.count(),
    )
    seat.full_clean(validate_constraints=False)
    if position == "chair" and term.positions.filter(position="chair").exists():
        raise ValidationError({"position": _("This board already has a chair.")})
    seat.save()
    audit_record(actor=actor, action="board_position.add", instance=seat)
    return seat


@transaction.atomic
def board_position_remove(*, actor, seat: BoardPosition) -> None:
    audit_record(actor=actor, action="board_position.remove", instance=seat, before=snapshot(seat), after={})
    seat.delete()


@transaction.atomic
def announcement_send(
    *, actor, organisation: Organisation, subject: str, body: str, include_sub_chapters: bool = True
) -> Announcement:
    """Queue an e-mail to the chapter's members (and those of the chapters under it); a background
    task sends it and keeps the sent log."""
    announcement = Announcement(
        organisation=organisation,
        subject=subject,
        body=body,
        include_sub_chapters=include_sub_chapters,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    announcement.full_clean()
    announcement.save()
    audit_record(actor=actor, action="announcement.send", instance=announcement)
    transaction.on_commit(lambda: send_announcement.enqueue(announcement.pk))
    return announcement


def person_find_or_create(
    *, actor, email: str = "", full_name: str = "", title_prefix: str = "", title_suffix: str = ""
) -> Person:
    """The person behind an account's e-mail, or a new person (without an account) by name."""
    if email:
        user = User.objects.filter(email=email.strip().lower()).select_related("person").first()
        person = getattr(user, "person", None) if user else None
        if person is None:
            raise ValidationError({"email": _("No Simpul account has this e-mail address.")})
        return person
    return person_create(
        actor=actor, full_name=full_name, title_prefix=title_prefix, title_suffix=title_suffix
    )
