import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from simpul.associations import services
from simpul.associations.models import Membership
from simpul.testing.factories import PersonFactory

from .factories import application, member, png_upload


def test_public_pages_show_associations_chapters_boards_and_counts(client, ipi, types):
    import datetime

    member(ipi["sukoharjo"], types["biasa"])
    term = services.board_term_create(
        actor=None,
        organisation=ipi["jateng"],
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2099, 1, 1),
    )
    services.board_position_add(
        actor=None, term=term, person=member(ipi["jateng"], types["biasa"]).person, position="chair"
    )
    assert "Ikatan Pustakawan Indonesia" in client.get(reverse("associations:list")).content.decode()
    body = client.get(reverse("associations:detail", args=[ipi["jateng"].slug])).content.decode()
    assert "Current board" in body and "chair" in body and "IPI Kabupaten Sukoharjo" in body
    assert client.get(reverse("associations:detail", args=["no-such"])).status_code == 404


def test_member_applies_with_documents_and_sees_the_application(as_user, member_user, ipi, types):
    client = as_user(member_user)
    response = client.post(
        reverse("associations:apply", args=[ipi["sukoharjo"].slug]),
        {"chapter": ipi["sukoharjo"].pk, "member_type": types["biasa"].pk, "photo": png_upload()},
    )
    assert response.status_code == 302
    assert "pending" in client.get(reverse("associations:me")).content.decode()


def test_a_fake_pdf_upload_gets_a_clear_message(as_user, member_user, ipi, types):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.png", b"GIF89a not a png", content_type="image/png")
    response = as_user(member_user).post(
        reverse("associations:apply", args=[ipi["sukoharjo"].slug]),
        {"chapter": ipi["sukoharjo"].pk, "member_type": types["biasa"].pk, "photo": fake},
    )
    assert response.status_code == 200 and "is not a PDF, JPEG or PNG file" in response.content.decode()
    assert not Membership.objects.exists()


def test_officer_sees_members_of_their_chapters_only(as_user, officer_user, ipi, types):
    mine = member(ipi["sukoharjo"], types["biasa"])
    other = member(ipi["ntb"], types["biasa"])
    client = as_user(officer_user)
    body = client.get(reverse("associations:members")).content.decode()
    assert mine.person.display_name in body and other.person.display_name not in body
    assert client.get(reverse("associations:member", args=[other.pk])).status_code == 404
    assert (
        client.post(
            reverse("associations:member_status", args=[other.pk]), {"status": "ended", "reason": "x"}
        ).status_code
        == 404
    )


def test_member_list_rows_show_name_with_titles_number_status_and_link(as_user, officer_user, ipi, types):
    person = PersonFactory(full_name="Sitti Rohmi Djalilah", title_prefix="Dr. Ir.", title_suffix="M.Pd")
    m = member(ipi["sukoharjo"], types["biasa"], person=person)
    body = as_user(officer_user).get(reverse("associations:members")).content.decode()
    row = body.split(f'href="{reverse("associations:member", args=[m.pk])}"', 1)[1].split("</tr>", 1)[0]
    assert "Dr. Ir. Sitti Rohmi Djalilah, M.Pd" in row
    assert m.number in row and "IPI Kabupaten Sukoharjo" in row and types["biasa"].name in row
    assert str(m.get_status_display()) in row


def test_member_list_searches_filters_and_answers_htmx_with_rows(as_user, officer_user, ipi, types):
    m = member(ipi["sukoharjo"], types["biasa"])
    client = as_user(officer_user)
    response = client.get(
        reverse("associations:members"),
        {"q": m.person.full_name.split()[0], "status": "active"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert m.person.display_name in body and "<html" not in body
    assert (
        "No members match."
        in client.get(reverse("associations:members"), {"status": "expired"}).content.decode()
    )


def test_export_holds_only_the_officers_members(as_user, officer_user, ipi, types):
    mine = member(ipi["sukoharjo"], types["biasa"])
    member(ipi["ntb"], types["biasa"])
    response = as_user(officer_user).get(reverse("associations:members_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Member number" and len(rows) == 2 and rows[1][0] == mine.number


def test_api_lists_associations_chapters_and_scoped_memberships(client, as_user, officer_user, ipi, types):
    member(ipi["sukoharjo"], types["biasa"])
    other = member(ipi["ntb"], types["biasa"])
    data = client.get("/api/v1/associations").json()
    assert data[0]["short_name"] == "IPI" and data[0]["counts"]["members"] == 2
    chapters = client.get(f"/api/v1/associations/{ipi['central'].pk}/chapters").json()
    assert {c["name"] for c in chapters["items"]} >= {"IPI Jawa Tengah", "IPI Nusa Tenggara Barat"}
    assert client.get("/api/v1/associations/memberships").status_code == 401
    items = as_user(officer_user).get("/api/v1/associations/memberships").json()["items"]
    assert len(items) == 1 and other.number not in {i["number"] for i in items}


def test_officer_approves_from_the_queue_once(as_user, officer_user, ipi, types):
    pending = application(ipi["sukoharjo"], types["biasa"])
    client = as_user(officer_user)
    assert pending.person.display_name in client.get(reverse("associations:applications")).content.decode()
    client.post(reverse("associations:member_approve", args=[pending.pk]))
    client.post(reverse("associations:member_approve", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.status == "active" and pending.number
    assert (
        pending.card.number in client.get(reverse("associations:member", args=[pending.pk])).content.decode()
    )


def test_officer_records_dues_and_member_sees_history(as_user, officer_user, ipi, types):
    m = member(ipi["sukoharjo"], types["biasa"])
    client = as_user(officer_user)
    client.post(
        reverse("associations:member_dues", args=[m.pk]),
        {"kind": "dues", "year": 2040, "amount": 120000, "paid_on": "2025-01-02"},
    )
    m.refresh_from_db()
    assert m.paid_until.year == 2040


def test_documents_are_served_only_to_the_applicant_and_officers(
    as_user, officer_user, outsider_user, ipi, types, member_user
):
    pending = application(ipi["sukoharjo"], types["biasa"], person=member_user.person)
    doc = pending.documents.get()
    assert (
        as_user(officer_user).get(reverse("associations:document", args=[doc.pk]))["Content-Type"]
        == "image/png"
    )
    assert as_user(outsider_user).get(reverse("associations:document", args=[doc.pk])).status_code == 404
    assert as_user(member_user).get(reverse("associations:document", args=[doc.pk])).status_code == 200


def test_import_dry_run_reports_and_saves_nothing_then_imports(as_user, officer_user, ipi, types):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = "name,gelar belakang,chapter,member type,number\nSri Lestari,S.IP.,IPI Kabupaten Sukoharjo,biasa,\nAhmad,,IPI Nusa Tenggara Barat,biasa,\n,,,,\nBudi,,IPI Jawa Tengah,nope,\n"
    client = as_user(officer_user)

    def upload(dry):
        data = {"file": SimpleUploadedFile("m.csv", csv.encode()), "default_chapter": ipi["jateng"].pk}
        if dry:
            data["dry_run"] = "on"
        return client.post(reverse("associations:import"), data).content.decode()

    body = upload(True)
    assert "Dry run" in body and "1 rows ready, 2 with errors." in body and "not one you look after" in body
    assert not Membership.objects.exists()
    upload(False)
    imported = Membership.objects.get()
    assert (
        imported.person.display_name == "Sri Lestari, S.IP." and imported.status == "active" and imported.card
    )


def test_announcements_page_sends_and_shows_the_log(
    as_user, officer_user, ipi, types, django_capture_on_commit_callbacks
):
    member(ipi["sukoharjo"], types["biasa"])
    client = as_user(officer_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("associations:announcements"),
            {
                "organisation": ipi["jateng"].pk,
                "include_sub_chapters": "on",
                "subject": "Rapat",
                "body": "Isi",
            },
        )
    body = client.get(response["Location"]).content.decode()
    assert "1 of 1 sent" in body


def test_boards_are_managed_within_scope(as_user, officer_user, ipi):
    client = as_user(officer_user)
    response = client.post(
        reverse("associations:boards", args=[ipi["jateng"].slug]),
        {"starts_on": "2024-01-01", "ends_on": "2027-12-31", "inaugurated_on": "2024-02-01"},
    )
    board_url = response["Location"]
    client.post(board_url, {"full_name": "Tunardi", "title_suffix": "SE.", "position": "chair"})
    assert (
        "Tunardi, SE."
        in client.get(reverse("associations:detail", args=[ipi["jateng"].slug])).content.decode()
    )
    assert client.get(reverse("associations:boards", args=[ipi["ntb"].slug])).status_code == 404


def test_honorary_is_for_officers_of_the_association(as_user, officer_user, admin_user, ipi, types):
    assert (
        as_user(officer_user).get(reverse("associations:honorary", args=[ipi["central"].slug])).status_code
        == 404
    )
    response = as_user(admin_user).post(
        reverse("associations:honorary", args=[ipi["central"].slug]),
        {
            "full_name": "Sitti Rohmi Djalilah",
            "title_prefix": "Dr. Ir. Hj.",
            "chapter": ipi["central"].pk,
            "member_type": types["kehormatan"].pk,
            "decision": "SK 1/2025",
        },
    )
    assert response.status_code == 302 and Membership.objects.get().honorary_decision == "SK 1/2025"


def test_cards_batch_renders_a_chapters_cards(
    as_user, officer_user, ipi, types, django_capture_on_commit_callbacks
):
    member(ipi["sukoharjo"], types["biasa"])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(officer_user).post(reverse("associations:cards_batch", args=[ipi["jateng"].slug]))
    assert "1 of 1 rendered" in as_user(officer_user).get(response["Location"]).content.decode()


def test_workspace_is_for_officers(as_user, officer_user, member_user):
    assert as_user(member_user).get(reverse("associations:manage")).status_code == 403
    assert as_user(officer_user).get(reverse("associations:manage")).status_code == 200


def test_member_list_finds_a_chapter_by_typed_name_and_counts_from_the_counters(
    as_user, officer_user, ipi, types
):
    in_sukoharjo = member(ipi["sukoharjo"], types["biasa"])
    in_jateng = member(ipi["jateng"], types["biasa"])
    client = as_user(officer_user)
    body = client.get(reverse("associations:members")).content.decode()
    assert "2 members" in body and "<option" not in body.split('name="status"')[0]
    body = client.get(reverse("associations:members"), {"chapter_q": "sukoharjo"}).content.decode()
    assert in_sukoharjo.person.display_name in body and in_jateng.person.display_name not in body
    assert "1 member" in body and f'value="{ipi["sukoharjo"].pk}"' in body


def test_member_list_offers_the_chapters_an_ambiguous_name_may_mean(as_user, officer_user, ipi, types):
    member(ipi["sukoharjo"], types["biasa"])
    body = as_user(officer_user).get(reverse("associations:members"), {"chapter_q": "IPI"}).content.decode()
    assert "Several chapters match" in body and "IPI Kabupaten Sukoharjo" in body
    assert "IPI Nusa Tenggara Barat" not in body  # outside the officer's scope


def test_member_list_chapter_outside_the_scope_is_ignored(as_user, officer_user, ipi, types):
    other = member(ipi["ntb"], types["biasa"])
    body = (
        as_user(officer_user)
        .get(reverse("associations:members"), {"chapter": ipi["ntb"].pk})
        .content.decode()
    )
    assert other.person.display_name not in body


def test_member_list_name_search_counts_are_bounded(as_user, officer_user, ipi, types, monkeypatch):
    from simpul.associations import selectors
    from simpul.testing.factories import PersonFactory

    monkeypatch.setattr(selectors, "MEMBER_COUNT_CAP", 1)
    for name in ("Budi Santoso", "Budi Hartono"):
        member(ipi["sukoharjo"], types["biasa"], PersonFactory(full_name=name))
    body = as_user(officer_user).get(reverse("associations:members"), {"q": "budi"}).content.decode()
    assert "More than 1 members" in body and "Budi Hartono" in body


def _pager_of(page: str) -> str:
    start = page.index('<nav class="pagination"')
    return page[start : page.index("</nav>", start) + len("</nav>")]


@pytest.mark.parametrize("language", ["id", "en"])
def test_member_list_shows_the_same_pager_as_the_other_lists(as_user, officer_user, ipi, types, language):
    from simpul.testing.factories import OrganisationFactory

    for n in range(30):  # two pages of 25 on both lists
        member(ipi["sukoharjo"], types["biasa"], PersonFactory(full_name=f"Sari Wulandari {n:02}"))
        OrganisationFactory(name=f"Perpustakaan Sari {n:02}")
    client = as_user(officer_user)
    client.post(reverse("set_language"), {"language": language})
    query = {"q": "Sari", "page": "2"}
    members = client.get(reverse("associations:members"), query).content.decode()
    organisations = client.get(reverse("organisations:list"), query).content.decode()
    pager = _pager_of(members)
    assert pager == _pager_of(organisations)
    page_two = "Halaman 2 dari 2" if language == "id" else "Page 2 of 2"
    assert f'<span aria-current="page">{page_two}</span>' in pager
    assert 'href="?q=Sari&amp;page=1" rel="prev"' in pager and 'rel="next"' not in pager


def test_api_member_count_is_bounded_and_says_when_there_are_more(
    as_user, officer_user, ipi, types, monkeypatch
):
    from simpul.core.pagination import BoundedLimitOffsetPagination

    for _ in range(3):
        member(ipi["sukoharjo"], types["biasa"])
    client = as_user(officer_user)
    body = client.get("/api/v1/associations/memberships").json()
    assert body["count"] == 3 and body["count_exact"] is True
    monkeypatch.setattr(BoundedLimitOffsetPagination, "cap", 2)
    body = client.get("/api/v1/associations/memberships", {"limit": 10}).json()
    assert body["count"] == 2 and body["count_exact"] is False
    assert len(body["items"]) == 3  # the rows themselves are all there; only the count stops


def test_member_list_rows_escape_what_people_typed_and_show_a_dash_for_what_is_missing(
    as_user, officer_user, ipi, types
):
    person = PersonFactory(full_name='<b>Ana</b> "Q" & Co', title_prefix="<i>Dr.</i>")
    pending = application(ipi["sukoharjo"], types["biasa"], person=person)  # no number, no dues yet
    body = as_user(officer_user).get(reverse("associations:members")).content.decode()
    row = body.split(f'href="{reverse("associations:member", args=[pending.pk])}"', 1)[1].split("</tr>", 1)[0]
    assert "&lt;i&gt;Dr.&lt;/i&gt; &lt;b&gt;Ana&lt;/b&gt; &quot;Q&quot; &amp; Co" in row
    assert "<b>" not in body and "<i>Dr." not in body
    cells = row.split("<td>")[1:]
    assert cells[0] == "—</td>" and cells[-1] == "—</td>"  # the member number and dues paid until
    assert '<option value="" selected>any</option>' in body


def test_member_list_counts_follow_a_status_change_at_once(
    as_user, officer_user, ipi, types, django_capture_on_commit_callbacks
):
    kept = member(ipi["sukoharjo"], types["biasa"])
    leaving = member(ipi["sukoharjo"], types["biasa"])
    member(ipi["jateng"], types["biasa"])
    client = as_user(officer_user)

    def count(**params):
        return client.get(reverse("associations:members"), params).content.decode().split('role="status">')[1]

    assert count().startswith("3 members") and count(status="active").startswith("3 members")
    assert count(chapter=ipi["sukoharjo"].pk, status="active").startswith("2 members")
    with django_capture_on_commit_callbacks(execute=True):  # committed, as a request's write is
        services.membership_change_status(
            actor=None, membership=leaving, status="ended", reason="moved abroad"
        )
    assert count(status="active").startswith("2 members") and count(status="ended").startswith("1 member<")
    assert count(chapter=ipi["sukoharjo"].pk, status="active").startswith("1 member<")
    body = client.get(reverse("associations:members"), {"status": "ended"}).content.decode()
    assert '<option value="ended" selected>' in body
    assert leaving.person.display_name in body and kept.person.display_name not in body


def test_member_list_of_an_association_officer_counts_every_chapter(as_user, ipi, types):
    from simpul.organisations.models import Role
    from simpul.testing.factories import grant

    officer = PersonFactory(user__email="central@example.org")
    grant(officer, Role.ASSOCIATION_OFFICER, organisation=ipi["central"])
    people = {
        chapter: member(ipi[chapter], types["biasa"], PersonFactory(full_name=f"Sari {name}")).person
        for chapter, name in (
            ("central", "Pusat"),
            ("jateng", "Jateng"),
            ("sukoharjo", "Suko"),
            ("ntb", "Lombok"),
        )
    }
    client = as_user(officer.user)
    assert "4 members" in client.get(reverse("associations:members")).content.decode()
    # A search counts its matches, not the chapter's members.
    body = client.get(
        reverse("associations:members"), {"chapter": ipi["jateng"].pk, "q": "suko"}
    ).content.decode()
    assert "1 member<" in body and people["sukoharjo"].display_name in body
    assert people["jateng"].display_name not in body
    assert "4 members" in client.get(reverse("associations:members"), {"q": "sari"}).content.decode()
    body = client.get(reverse("associations:members"), {"chapter": ipi["jateng"].pk}).content.decode()
    assert "2 members" in body
    assert (
        "1 member<"
        in client.get(reverse("associations:members"), {"chapter": ipi["ntb"].pk}).content.decode()
    )


def test_member_list_of_a_region_officer_holds_and_counts_the_chapters_in_the_region(
    as_user, ipi, types, regions
):
    from simpul.organisations.models import Role
    from simpul.testing.factories import grant

    officer = PersonFactory(user__email="region@example.org")
    grant(officer, Role.ASSOCIATION_OFFICER, region=regions["33"])  # Jawa Tengah and all in it
    in_province = member(ipi["jateng"], types["biasa"], PersonFactory(full_name="Sari Jateng")).person
    in_regency = member(ipi["sukoharjo"], types["biasa"], PersonFactory(full_name="Sari Suko")).person
    outside = member(ipi["ntb"], types["biasa"], PersonFactory(full_name="Sari Lombok")).person
    body = as_user(officer.user).get(reverse("associations:members")).content.decode()
    assert "2 members" in body and in_province.display_name in body and in_regency.display_name in body
    assert outside.display_name not in body
