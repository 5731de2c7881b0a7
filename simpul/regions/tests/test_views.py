import pytest
from django import forms
from django.template import Context, Template

from simpul.regions.forms import RegionField
from simpul.regions.models import RegionCodeChange

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_browse_lists_provinces_with_their_number_of_regencies(client, regions):
    response = client.get("/regions/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nusa Tenggara Barat" in page and 'href="/regions/52/"' in page
    assert [p.child_count for p in response.context["provinces"]] == [1, 1, 1]


def test_browse_without_regions_says_how_to_load_them(client, db):
    assert "simpul regions load" in client.get("/regions/").content.decode()


def test_browse_search_finds_regions_by_name_with_their_path(client, regions):
    page = client.get("/regions/", {"q": "ampenan"}).content.decode()
    assert 'href="/regions/52.71.01/"' in page
    assert "Kota Mataram, Nusa Tenggara Barat" in page


def test_a_region_page_shows_code_kind_time_zone_breadcrumbs_and_children(client, regions):
    response = client.get("/regions/52.71/")
    page = response.content.decode()
    assert "<h1>Kota Mataram</h1>" in page
    assert "52.71" in page and "city" in page and "WITA (UTC+8)" in page
    assert 'href="/regions/52/"' in page  # breadcrumb to the province
    assert 'href="/regions/52.71.01/"' in page  # a child district


def test_a_village_page_shows_its_postal_code(client, regions):
    page = client.get("/regions/33.11.12.2001/").content.decode()
    assert "57168" in page and "Kartasura" in page


def test_villages_of_a_district_are_paginated(client, regions, add_region):
    for n in range(2, 62):
        add_region(f"52.71.01.{1100 + n}", f"Kelurahan {n}", kind="kelurahan")
    first = client.get("/regions/52.71.01/")
    assert len(first.context["page_obj"].object_list) == 50
    second = client.get("/regions/52.71.01/", {"page": 2})
    assert len(second.context["page_obj"].object_list) == 11


def test_an_unknown_region_is_not_found(client, regions):
    assert client.get("/regions/99/").status_code == 404


def test_an_old_code_redirects_to_the_region_that_replaced_it(client, regions):
    RegionCodeChange.objects.create(old_code="91.71", new_code=regions["52.71"], year=2022, reason="test")
    response = client.get("/regions/91.71/")
    assert response.status_code == 302 and response["Location"] == "/regions/52.71/"


def test_pick_page_without_javascript_offers_provinces_in_a_select(client, regions):
    page = client.get("/regions/pick/").content.decode()
    assert '<select id="pick-code" name="code">' in page
    assert '<option value="52">Nusa Tenggara Barat (52)</option>' in page


def test_pick_page_walks_down_showing_the_code_and_the_children(client, regions):
    page = client.get("/regions/pick/", {"code": "52.71"}).content.decode()
    assert "<strong>52.71</strong>" in page
    assert '<option value="52.71.01">Ampenan (52.71.01)</option>' in page
    assert "/regions/pick/?code=52&amp;max_level=4" in page  # back up one step


def test_pick_page_stops_at_the_deepest_level_the_form_accepts(client, regions):
    page = client.get("/regions/pick/", {"code": "52.71", "max_level": 2}).content.decode()
    assert "<strong>52.71</strong>" in page
    assert "<select" not in page


def test_pick_page_search_by_name_links_each_result_to_its_code(client, regions):
    page = client.get("/regions/pick/", {"q": "ampenan"}).content.decode()
    assert "/regions/pick/?code=52.71.01&amp;max_level=4" in page
    assert "2 regions found." in page


def test_picker_partial_returns_buttons_and_announces_the_count(client, regions):
    response = client.get("/regions/pick/", {"q": "ampenan", "field": "id_region"}, **HTMX)
    page = response.content.decode()
    assert "<html" not in page
    assert 'data-code="52.71.01.1004"' in page and 'type="button"' in page
    assert 'id="id_region_status" hx-swap-oob="innerHTML">2 regions found.' in page


def test_picker_partial_without_a_query_lists_what_is_inside_the_scope(client, regions):
    page = client.get("/regions/pick/", {"code": "52.71", "field": "id_region"}, **HTMX).content.decode()
    assert 'data-code="52.71.01"' in page
    assert "1 region in Kota Mataram." in page


def test_picker_partial_ignores_a_field_id_that_is_not_an_id(client, regions):
    page = client.get("/regions/pick/", {"q": "ampenan", "field": '"><script>'}, **HTMX).content.decode()
    assert "<script" not in page and "hx-swap-oob" not in page


class ResidenceForm(forms.Form):
    region = RegionField(label="Region", required=False)


class ChapterForm(forms.Form):
    region = RegionField(label="Region", min_level=2, max_level=2)


def test_region_field_accepts_a_typed_code_with_or_without_dots(regions):
    form = ResidenceForm({"region": "5271"})
    assert form.is_valid()
    assert form.cleaned_data["region"] == regions["52.71"]


def test_region_field_refuses_an_unknown_code_with_its_message(regions):
    form = ResidenceForm({"region": "99.99"})
    assert not form.is_valid()
    assert form.errors["region"] == ["There is no region with the code 99.99."]


def test_region_field_points_an_old_code_to_its_replacement(regions):
    RegionCodeChange.objects.create(old_code="91.71", new_code=regions["52.71"], year=2022, reason="test")
    form = ResidenceForm({"region": "91.71"})
    assert not form.is_valid()
    assert "52.71" in form.errors["region"][0]


def test_region_field_holds_to_its_levels(regions):
    assert ChapterForm({"region": "52.71"}).is_valid()
    assert ChapterForm({"region": "52"}).errors["region"] == ["Choose a region at a finer level."]
    assert "Choose a larger region" in ChapterForm({"region": "52.71.01"}).errors["region"][0]


@pytest.mark.django_db
def test_region_field_is_optional_when_not_required():
    form = ResidenceForm({"region": ""})
    assert form.is_valid() and form.cleaned_data["region"] is None


def test_the_widget_shows_the_path_and_links_to_the_step_by_step_page(regions):
    form = ResidenceForm(initial={"region": regions["52.71"]})
    html = Template("{{ form.region }}").render(Context({"form": form}))
    assert 'value="52.71"' in html
    assert "Kota Mataram, Nusa Tenggara Barat" in html
    assert "/regions/pick/?max_level=4&amp;code=52.71" in html
    assert 'aria-describedby="id_region_path"' in html
    assert 'hx-get="/regions/pick/"' in html
    assert "region-picker.js" in html


def test_the_widget_keeps_a_refused_code_for_correction(regions):
    form = ResidenceForm({"region": "99.99"})
    form.is_valid()
    html = Template("{{ form.region }}").render(Context({"form": form}))
    assert 'value="99.99"' in html and 'aria-invalid="true"' in html
