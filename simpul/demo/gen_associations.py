"""National-scale association data: 120,000 IPI memberships across IPI's chapters in every province
and regency/city (the chapters `generator.py` creates), with statuses, numbers and the kept counters.

Call it after the national generator: `generate_associations(seed=seed, log=log)`; before removing
generated data, call `remove_generated_associations()` (memberships protect the people they point at).

Like generator.py it bypasses the services (bulk inserts, no audit entries) and keeps their rules by
construction: numbers from one association-wide sequence (unique), one membership per person, counters
equal to the rows. No cards are issued here: issuing and rendering them is what bench/associations.py measures.
"""

import datetime
import random
import time
from collections import Counter
from collections.abc import Callable

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count

from simpul.associations.models import (
    AssociationSettings,
    ChapterCount,
    Membership,
    MembershipEvent,
    MembershipStatus,
    MemberType,
)
from simpul.demo.models import Generation
from simpul.organisations.models import Kind, Organisation
from simpul.people.models import Person

BATCH = 5000
STATUS_WEIGHTS = [
    (MembershipStatus.ACTIVE, 84),
    (MembershipStatus.GRACE, 6),
    (MembershipStatus.EXPIRED, 4),
    (MembershipStatus.PENDING, 3),
    (MembershipStatus.RESIGNED, 2),
    (MembershipStatus.ENDED, 1),
]
SCALE = "associations"


def _ipi_types(ipi) -> dict[str, MemberType]:
    rows = [
        ("biasa", "Anggota biasa", True, True, False, True),
        ("luar-biasa", "Anggota luar biasa", False, False, False, True),
        ("kehormatan", "Anggota kehormatan", False, False, True, False),
    ]
    for order, (code, name, vote, stand, decision, dues) in enumerate(rows, start=1):
        MemberType.objects.get_or_create(
            association=ipi,
            code=code,
            defaults={
                "name": name,
                "may_vote": vote,
                "may_stand": stand,
                "by_decision_only": decision,
                "pays_dues": dues,
                "order": order,
            },
        )
    return {t.code: t for t in MemberType.objects.filter(association=ipi)}


def generate_associations(
    *, memberships: int = 120_000, seed: int = 20250626, log: Callable[[str], None] = print
) -> dict:
    """Generate `memberships` IPI memberships (deterministic for a seed and the same people)."""
    started = time.monotonic()
    if Generation.objects.filter(scale=SCALE).exists():
        raise ValueError("Association data were already generated; remove them first.")
    rng = random.Random(seed)
    ipi = Organisation.objects.get(slug="ipi")
    chapters = list(
        Organisation.objects.under(ipi)
        .filter(kind=Kind.CHAPTER)
        .order_by("path")
        .values_list("pk", "region_id", "depth")
    )
    if not chapters:
        raise ValueError("IPI has no chapters: run `simpul generate --scale national` first.")
    regency_chapters = [c for c in chapters if c[1] and "." in c[1]] or chapters
    taken = set(Membership.objects.filter(association=ipi).values_list("person_id", flat=True))
    people = [
        (pk, name)
        for pk, name in Person.objects.order_by("id")
        .values_list("pk", "full_name")
        .iterator(chunk_size=20000)
        if pk not in taken
    ][:memberships]
    if len(people) < memberships:
        log(f"  only {len(people):,} people without an IPI membership: generating that many")
    types = _ipi_types(ipi)
    settings_, _ = AssociationSettings.objects.get_or_create(association=ipi)
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    today = datetime.date.today()
    seq = settings_.next_member_seq
    first_id = (Membership.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    rows, counts = [], Counter()
    with transaction.atomic():
        for pk, name in people:
            chapter_id, region, _depth = (
                rng.choice(chapters) if rng.random() < 0.1 else rng.choice(regency_chapters)
            )
            status = rng.choices(statuses, weights)[0]
            member_type = types["luar-biasa"] if rng.random() < 0.12 else types["biasa"]
            joined = today - datetime.timedelta(days=rng.randint(30, 365 * 25))
            number = ""
            if status != MembershipStatus.PENDING:
                number = f"{(region or '00').replace('.', '')}.{joined.year}.{seq:06d}"
                seq += 1
            paid_year = {
                MembershipStatus.ACTIVE: today.year + rng.choice([0, 0, 1]),
                MembershipStatus.GRACE: today.year - 1,
            }.get(status, today.year - rng.randint(2, 6))
            rows.append(
                Membership(
                    id=first_id + len(rows),
                    person_id=pk,
                    association=ipi,
                    chapter_id=chapter_id,
                    member_type=member_type,
                    status=status,
                    number=number,
                    sort_name=name.lower()[:150],
                    joined_on=None if status == MembershipStatus.PENDING else joined,
                    paid_until=None
                    if status == MembershipStatus.PENDING
                    else datetime.date(paid_year, 12, 31),
                    status_reason=""
                    if status in (MembershipStatus.ACTIVE, MembershipStatus.PENDING)
                    else "generated",
                )
            )
            counts[(chapter_id, status)] += 1
            if len(rows) % BATCH == 0:
                Membership.objects.bulk_create(rows[-BATCH:], batch_size=BATCH)
        rest = len(rows) % BATCH
        if rest:
            Membership.objects.bulk_create(rows[-rest:], batch_size=BATCH)
        MembershipEvent.objects.bulk_create(
            [
                MembershipEvent(membership_id=m.id, kind=MembershipEvent.Kind.IMPORTED, to_status=m.status)
                for m in rows
            ],
            batch_size=BATCH,
        )
        AssociationSettings.objects.filter(pk=settings_.pk).update(next_member_seq=seq)
        _rebuild_counts(ipi)
        _reset_membership_sequences()
        last_id = rows[-1].id if rows else first_id
        Generation.objects.create(
            scale=SCALE,
            seed=seed,
            id_ranges={"associations.membership": [first_id, last_id]},
            counts={"memberships": len(rows)},
            seconds=round(time.monotonic() - started, 2),
        )
    log(f"  memberships: {len(rows):,} in {time.monotonic() - started:.1f} s")
    return {"memberships": len(rows)}


def _reset_membership_sequences() -> None:
    """PostgreSQL's sequences must move past the ids assigned here (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Membership, MembershipEvent])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _rebuild_counts(association) -> None:
    """Set every chapter's counters from its rows (one grouped query)."""
    by_chapter: dict[int, dict[str, int]] = {}
    grouped = (
        Membership.objects.filter(association=association)
        .values("chapter_id", "status")
        .annotate(n=Count("id"))
    )
    for row in grouped:
        by_chapter.setdefault(row["chapter_id"], {})[row["status"]] = row["n"]
    ChapterCount.objects.filter(organisation_id__in=by_chapter).delete()
    fields = list(MembershipStatus.values)
    ChapterCount.objects.bulk_create(
        [
            ChapterCount(organisation_id=pk, **{f: values.get(f, 0) for f in fields})
            for pk, values in by_chapter.items()
        ],
        batch_size=BATCH,
    )


def remove_generated_associations(log: Callable[[str], None] = print) -> int:
    removed = 0
    with transaction.atomic():
        for generation in Generation.objects.filter(scale=SCALE):
            span = generation.id_ranges.get("associations.membership")
            if span:
                removed += Membership.objects.filter(id__range=span).delete()[0]
            generation.delete()
        ipi = Organisation.objects.filter(slug="ipi").first()
        if ipi:
            _rebuild_counts(ipi)
    log(f"Removed {removed:,} generated association rows.")
    return removed
