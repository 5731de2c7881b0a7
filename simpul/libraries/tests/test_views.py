import io

import openpyxl
import pytest
from django.urls import reverse

from simpul.libraries import views
from simpul.libraries.models import Application, Library, Status
from simpul.libraries.services import registrations

from .factories import LibraryFactory


def test_the_directory_lists_finds_and_filters(client, library, mataram_library):
    page = client.get(reverse("libraries:directory")).content.decode()
    assert "Perpustakaan Desa Pucangan" in page and "Perpustakaan Kota Mataram" in page
    page = client.get(reverse("libraries:directory"), {"q": "pucangan"}).content.decode()
    assert "Perpustakaan Desa Pucangan" in page and "Perpustakaan Kota Mataram" not in page
    page = client.get(reverse("libraries:directory"), {"region": "52"}).content.decode()
    assert "Perpustakaan Kota Mataram" in page and "Pucangan" not in page
    page = client.get(
        reverse("libraries:directory"), {"region": "33.11.12", "type": "school"}
    ).content.decode()
    assert "No library matches" in page


def test_the_directory_row_shows_each_value_escaped_with_its_badge_and_map_point(client, regions):
    LibraryFactory(
        name='Taman Baca <b>"Cerdas"</b> & Ceria',
        status=Status.LISTED,
        region=regions["52.71.01.1004"],
        latitude="-8.583333",
        longitude="116.116667",
    )
    page = client.get(reverse("libraries:directory"), {"q": "taman baca"}).content.decode()
    assert "<b>" not in page
    assert "Taman Baca &lt;b&gt;&quot;Cerdas&quot;&lt;/b&gt; &amp; Ceria" in page
    assert 'data-name="Taman Baca &lt;b&gt;&quot;Cerdas&quot;&lt;/b&gt; &amp; Ceria"' in page
    assert 'data-lat="-8.583333" data-lng="116.116667"' in page
    assert '<span class="badge badge-muted">' in page  # listed, not registered


def test_the_directory_finds_a_library_by_npp(client, library):
    page = client.get(reverse("libraries:directory"), {"q": library.npp}).content.decode()
    assert "1 library" in page and "Pucangan" in page


def test_the_directory_answers_htmx_with_the_results_only(client, library):
    response = client.get(reverse("libraries:directory"), {"q": "pucangan"}, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode() and "Pucangan" in response.content.decode()


def test_the_directory_pages_through_results(client, regions):
    for n in range(30):
        LibraryFactory(name=f"Perpustakaan {n:02d}", region=regions["52.71.01.1004"])
    first = client.get(reverse("libraries:directory")).content.decode()
    assert "Page 1 of 2" in first and "Perpustakaan 29" not in first
    assert "Perpustakaan 29" in client.get(reverse("libraries:directory"), {"page": 2}).content.decode()


def test_map_data_rides_on_the_rows_and_no_inline_script(client, regions):
    LibraryFactory(
        name="Perpustakaan Bermapa",
        region=regions["52.71.01.1004"],
        latitude="-8.580000",
        longitude="116.080000",
    )
    page = client.get(reverse("libraries:directory")).content.decode()
    assert 'data-lat="-8.580000"' in page
    assert "leaflet/leaflet.js" in page
    assert "style=" not in page


def test_pending_libraries_stay_out_of_the_directory(client, regions, member_user):
    registrations.application_register(
        actor=member_user, applicant=member_user.person, position="Kepala",
        name="Perpustakaan Rahasia", library_type="public", region=regions["33.11.12.2001"],
    )  # fmt: skip
    assert "Perpustakaan Rahasia" not in client.get(reverse("libraries:directory")).content.decode()
    pending = Library.objects.get(name="Perpustakaan Rahasia")
    assert client.get(reverse("libraries:detail", args=[pending.pk])).status_code == 404


def test_a_library_page_shows_its_data(client, library):
    page = client.get(reverse("libraries:detail", args=[library.pk])).content.decode()
    assert library.npp in page and "Pucangan" in page


def test_a_manager_updates_their_library_yearly(as_user, manager_user, library, regions):
    c = as_user(manager_user)
    data = {
        "name": library.name, "library_type": "public", "subtype": "village", "ownership": "state",
        "region": "33.11.12.2001", "books_titles": "1200", "books_copies": "3400", "services": ["circulation"],
    }  # fmt: skip
    for field in ("serials_titles", "serials_copies", "audiovisual_titles", "audiovisual_copies", "digital_titles",
                  "digital_copies", "librarians_lis", "librarians_other", "staff_lis", "staff_other", "rooms",
                  "room_area", "seats", "computers"):  # fmt: skip
        data[field] = "0"
    response = c.post(reverse("libraries:yearly_update", args=[library.pk]), data)
    assert response.status_code == 302
    library.refresh_from_db()
    assert library.books_copies == 3400
    history = c.get(reverse("libraries:history", args=[library.pk])).content.decode()
    assert "yearly update" in history and "3400" in history


def test_a_manager_cannot_edit_another_library(as_user, manager_user, mataram_library):
    c = as_user(manager_user)
    assert c.get(reverse("libraries:edit", args=[mataram_library.pk])).status_code == 404
    assert c.post(reverse("libraries:edit", args=[mataram_library.pk]), {"name": "x"}).status_code == 404


def test_a_form_error_is_shown_at_its_field(as_user, manager_user, library):
    response = as_user(manager_user).post(
        reverse("libraries:edit", args=[library.pk]), {"name": "", "region": "99.99"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is no region with the code 99.99" in page
    assert 'aria-invalid="true"' in page or "errorlist" in page


def test_registration_through_the_pages(as_user, member_user, office_user, regions, client):
    c = as_user(member_user)
    data = {"name": "TBM Sinar Ilmu", "library_type": "community", "ownership": "private", "region": "33.11.12.2001",
            "position": "Pengelola"}  # fmt: skip
    response = c.post(reverse("libraries:register"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get()
    assert "awaiting" in c.get(reverse("libraries:detail", args=[application.library.pk])).content.decode()
    c.force_login(office_user)
    assert "TBM Sinar Ilmu" in c.get(reverse("libraries:applications")).content.decode()
    c.post(reverse("libraries:application_approve", args=[application.pk]))
    application.library.refresh_from_db()
    assert application.library.status == Status.REGISTERED
    assert application.library.npp.startswith("3311012E")


def test_an_office_of_another_region_gets_404(as_user, library, member_user, mataram_office_user):
    application = registrations.application_claim(
        actor=member_user, applicant=member_user.person, library=library, position="Pengelola"
    )
    c = as_user(mataram_office_user)
    assert c.get(reverse("libraries:application", args=[application.pk])).status_code == 404
    assert c.post(reverse("libraries:application_approve", args=[application.pk])).status_code == 404
    application.refresh_from_db()
    assert application.state == "submitted"


def test_a_rejection_without_reason_is_refused_at_the_field(as_user, library, member_user, office_user):
    application = registrations.application_claim(
        actor=member_user, applicant=member_user.person, library=library, position="Pengelola"
    )
    response = as_user(office_user).post(
        reverse("libraries:application_reject", args=[application.pk]), {"reason": ""}
    )
    assert response.status_code == 400 and 'id="id_reason_error"' in response.content.decode()


def test_claiming_a_library_from_its_page(as_user, member_user, library):
    response = as_user(member_user).post(
        reverse("libraries:claim", args=[library.pk]), {"position": "Pustakawan"}
    )
    assert response.status_code == 302
    assert Application.objects.filter(kind="claim", library=library).exists()


def test_statistics_drill_down_from_country_to_district(client, library, mataram_library):
    page = client.get(reverse("libraries:statistics")).content.decode()
    assert "Jawa Tengah" in page and "Nusa Tenggara Barat" in page and "<svg" in page
    page = client.get(reverse("libraries:statistics"), {"region": "33.11"}).content.decode()
    assert "By district" in page and "Kartasura" in page
    assert client.get(reverse("libraries:statistics"), {"region": "99"}).status_code == 404


def test_statistics_do_not_count_rows(client, library, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(reverse("libraries:statistics"), {"region": "33"})


def test_a_small_export_comes_at_once_as_xlsx_with_neutralised_cells(client, regions):
    LibraryFactory(name='=HYPERLINK("http://evil")', region=regions["52.71.01.1004"], address="@SUM(A1)")
    response = client.get(reverse("libraries:export"), {"format": "xlsx", "region": "52"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["name"] == '\'=HYPERLINK("http://evil")'
    assert row["address"] == "'@SUM(A1)"
    assert row["npp"] == "5271001A0000001"


def test_a_csv_export_follows_the_filter(client, library, mataram_library):
    response = client.get(reverse("libraries:export"), {"format": "csv", "region": "33"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Pucangan" in text and "Mataram" not in text


def test_a_large_export_runs_as_a_job_with_a_download(as_user, member_user, library, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_INLINE_LIMIT", 0)
    c = as_user(member_user)
    response = c.get(reverse("libraries:export"), {"format": "xlsx"})
    assert response.status_code == 302
    job_page = c.get(response["Location"]).content.decode()
    assert "Download" in job_page
    job_id = response["Location"].rstrip("/").split("/")[-1]
    download = c.get(reverse("libraries:job_download", args=[job_id]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.cell(row=2, column=2).value == "Perpustakaan Desa Pucangan"


def test_anonymous_large_exports_ask_to_sign_in(client, library, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_INLINE_LIMIT", 0)
    assert "/accounts/login/" in client.get(reverse("libraries:export"))["Location"]


def test_someone_elses_job_is_not_found(as_user, member_user, outsider_user, library, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_INLINE_LIMIT", 0)
    location = as_user(member_user).get(reverse("libraries:export"))["Location"]
    assert as_user(outsider_user).get(location).status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_template_has_the_columns(client, fmt):
    response = client.get(reverse("libraries:import_template", args=[fmt]))
    if fmt == "xlsx":
        header = [c.value for c in openpyxl.load_workbook(io.BytesIO(response.content)).active[1]]
    else:
        header = response.content.decode("utf-8-sig").strip().split(",")
    assert header[:3] == ["npp", "name", "type"] and "region_code" in header


def _guide(response) -> dict[str, list]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["columns"]
    return {row[0]: list(row[1:]) for row in sheet.iter_rows(values_only=True)}


def test_the_template_explains_its_columns_in_the_language_of_each_request(client, settings):
    """The help texts are built per request: one language must not stick for everyone after it."""
    url = reverse("libraries:import_template", args=["xlsx"])

    def guide_in(language):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return _guide(client.get(url))

    for _round in range(2):
        english = guide_in("en")
        indonesian = guide_in("id")
        assert english["type"][1].startswith("One of: public, school")
        assert indonesian["type"][1].startswith("Salah satu dari: public, school")
        assert english["services"][1].startswith("Comma-separated: ")
        assert indonesian["services"][1].startswith("Pisahkan dengan koma: ")
        assert english["column"] == ["required", "what to write"]
        assert english["name"][0] == "yes" and indonesian["name"][0] != "yes"


@pytest.mark.parametrize("typed", ["33.11", "3311", "33.11.12", "52.71.01.1004", "99.99", "abc"])
def test_the_region_filter_field_reads_as_if_rendered_whole(client, regions, typed):
    """The directory fills a chosen region into a memoised field; it must read as the full rendering."""
    from simpul.libraries import display

    display._region_frame.cache_clear()
    display._region_path.cache_clear()
    page = client.get(reverse("libraries:directory"), {"region": typed}).content.decode()
    whole = display._field_html("en", "region", typed, 0)
    assert whole in page
    assert display._region_frame("en", 0) is not None  # the fast path found its slots
    if typed in ("33.11", "3311"):
        assert "Sukoharjo, Jawa Tengah" in whole and f'value="{typed}"' in whole and "code=33.11" in whole
    if typed in ("99.99", "abc"):
        assert 'class="errorlist"' in whole


def test_a_search_takes_percent_and_underscore_literally(client, regions):
    LibraryFactory(name="Taman Baca 100% Ceria", region=regions["52.71.01.1004"])
    LibraryFactory(name="Taman Baca 1000 Buku", region=regions["52.71.01.1004"])
    LibraryFactory(name="Taman Baca A_B", region=regions["52.71.01.1004"])
    LibraryFactory(name="Taman Baca AXB", region=regions["52.71.01.1004"])
    page = client.get(reverse("libraries:directory"), {"q": "100%"}).content.decode()
    assert "100% Ceria" in page and "1000 Buku" not in page and "1 library" in page
    page = client.get(reverse("libraries:directory"), {"q": "a_b"}).content.decode()
    assert "Taman Baca A_B" in page and "AXB" not in page
