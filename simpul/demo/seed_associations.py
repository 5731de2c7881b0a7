"""Demo data for associations (issue 4): IPI's settings, member types, boards and members, FPPTI with
its 2017-2020 board, ISIPII. Reuses the organisations and people `seed.py` creates; get-or-create
throughout, so running it again adds nothing.

Call it from seed.py as a step after the stories: `STEPS.append(seed_associations)` (it takes the Seed).
Board terms, inauguration dates, decisions and membership numbers are invented for the demo, except
FPPTI's 2017-2020 term, which story 001 names.
"""

import datetime

from simpul.associations import services
from simpul.associations.models import BoardTerm, Membership, MembershipStatus, MemberType

NOTE = "Board terms, inauguration dates and decisions other than FPPTI's 2017-2020 board are invented for the demo."

IPI_TYPES = [
    # code, name, vote, stand, speak, by decision, pays dues
    ("biasa", "Anggota biasa", True, True, True, False, True),
    ("luar-biasa", "Anggota luar biasa", False, False, True, False, True),
    ("kehormatan", "Anggota kehormatan", False, False, True, True, False),
]


def _types(association, rows):
    for order, (code, name, vote, stand, speak, decision, dues) in enumerate(rows, start=1):
        if not MemberType.objects.filter(association=association, code=code).exists():
            services.member_type_save(
                actor=None,
                association=association,
                code=code,
                name=name,
                may_vote=vote,
                may_stand=stand,
                may_speak=speak,
                by_decision_only=decision,
                pays_dues=dues,
                order=order,
            )
    return {t.code: t for t in MemberType.objects.filter(association=association)}


def _board(organisation, start: int, end: int, inaugurated: datetime.date | None, seats, decree: str = ""):
    term = BoardTerm.objects.filter(organisation=organisation, starts_on=datetime.date(start, 1, 1)).first()
    if term is None:
        term = services.board_term_create(
            actor=None,
            organisation=organisation,
            starts_on=datetime.date(start, 1, 1),
            ends_on=datetime.date(end, 12, 31),
            inaugurated_on=inaugurated,
            decree=decree,
        )
        for person, position, division in seats:
            services.board_position_add(
                actor=None, term=term, person=person, position=position, division=division
            )
    return term


def _member(person, chapter, member_type, *, approve: bool = True):
    existing = Membership.objects.filter(
        person=person, association__path=chapter.path.split("/", 1)[0] + "/"
    ).first()
    if existing:
        return existing
    membership = services.membership_apply(
        actor=None, person=person, chapter=chapter, member_type=member_type
    )
    return services.membership_approve(actor=None, membership=membership) if approve else membership


def seed_associations(seed) -> None:
    orgs, people = seed.orgs, seed.people
    ipi, fppti = orgs["ipi"], orgs["fppti"]
    isipii = orgs.get("isipii")

    services.association_settings_update(
        actor=None,
        association=ipi,
        joining_fee=50000,
        dues_amount=120000,
        grace_days=90,
        member_number_format="{region}.{year}.{seq:06d}",
        card_title="Kartu Tanda Anggota",
    )
    ipi_types = _types(ipi, IPI_TYPES)
    services.association_settings_update(
        actor=None, association=fppti, dues_amount=250000, member_number_format="FPPTI-{province}-{seq:05d}"
    )
    fppti_types = _types(fppti, [("biasa", "Anggota", True, True, True, False, True)])
    if isipii is not None:
        services.association_settings_update(
            actor=None, association=isipii, dues_amount=100000, member_number_format="ISIPII-{year}-{seq:05d}"
        )
        isipii_types = _types(
            isipii,
            [
                ("biasa", "Anggota biasa", True, True, True, False, True),
                ("kehormatan", "Anggota kehormatan", False, False, True, True, False),
            ],
        )

    # Boards: IPI central, NTB and Sukoharjo now; FPPTI's 2017-2020 board (story 001), now past.
    _board(
        ipi,
        2023,
        2026,
        datetime.date(2023, 3, 15),
        [(people["ipi-chair"], "chair", "")],
        decree="SK PP IPI (demo)",
    )
    _board(orgs["ipi-ntb"], 2022, 2026, datetime.date(2022, 2, 10), [(people["ipi-ntb-chair"], "chair", "")])
    _board(orgs["ipi-sukoharjo"], 2021, 2026, datetime.date(2021, 6, 5), [(people["tunardi"], "chair", "")])
    _board(
        fppti,
        2017,
        2020,
        datetime.date(2017, 11, 22),
        [(people["fppti-chair"], "chair", "")],
        decree="Pelantikan Pengurus FPPTI 2017-2020",
    )

    # Members: the officers, librarians of the stories, one application waiting, one honorary member.
    _member(people["ipi-chair"], ipi, ipi_types["biasa"])
    _member(people["ipi-ntb-chair"], orgs["ipi-ntb"], ipi_types["biasa"])
    tunardi = _member(people["tunardi"], orgs["ipi-sukoharjo"], ipi_types["biasa"])
    for key, chapter in (("school-librarian", "ipi-jawa-tengah"), ("village-librarian", "ipi-ntb")):
        if key in people:
            _member(
                people[key],
                orgs[chapter],
                ipi_types["luar-biasa" if key == "school-librarian" else "biasa"],
                approve=key != "village-librarian",
            )
    _member(people["fppti-chair"], fppti, fppti_types["biasa"])
    if isipii is not None and "special-librarian" in people:
        _member(people["special-librarian"], isipii, isipii_types["biasa"])
    if not Membership.objects.filter(person=people["sitti-rohmi"], association=ipi).exists():
        services.membership_grant_honorary(
            actor=None,
            person=people["sitti-rohmi"],
            chapter=orgs["ipi-ntb"],
            member_type=ipi_types["kehormatan"],
            decision="Keputusan PD IPI NTB (demo)",
        )
    if tunardi.status == MembershipStatus.ACTIVE and not tunardi.dues.exists():
        year = datetime.date.today().year
        payment = services.dues_submit(
            actor=None, membership=tunardi, year=year, amount=120000, paid_on=datetime.date(year, 1, 10)
        )
        services.dues_confirm(actor=None, payment=payment)
