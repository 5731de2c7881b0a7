"""The interface speaks Indonesian first: every UI string has a current Indonesian translation.

Needs GNU gettext (xgettext, msgfmt): CI installs it; elsewhere the tests skip with a reason.
"""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

PACKAGE = Path(__file__).resolve().parent.parent / "simpul"
CATALOGUE = Path("id") / "LC_MESSAGES" / "django.po"
# simpul/locale, and simpul/<app>/locale for the apps that keep their own catalogue.
LOCALE_DIRS = [Path(p).relative_to(PACKAGE) for p in django_settings.LOCALE_PATHS]

needs_gettext = pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgfmt")), reason="GNU gettext is not installed"
)


def _statistics(po: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr.strip()


@needs_gettext
@pytest.mark.parametrize("locale_dir", LOCALE_DIRS, ids=str)
def test_every_ui_string_in_the_code_has_an_indonesian_translation(
    locale_dir, tmp_path, monkeypatch, settings
):
    copy = tmp_path / "simpul"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    settings.LOCALE_PATHS = [copy / d for d in LOCALE_DIRS]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["id"], verbosity=0, no_obsolete=True)
    po = copy / locale_dir / CATALOGUE
    stats = _statistics(po)
    assert "untranslated" not in stats and "fuzzy" not in stats, (
        f"Strings without an Indonesian translation in simpul/{locale_dir} ({stats}). Run "
        "`simpul makemessages -l id` in simpul/ (or in the app's folder), translate the new entries in "
        "each catalogue, then `simpul compilemessages`."
    )


@needs_gettext
@pytest.mark.parametrize("locale_dir", LOCALE_DIRS, ids=str)
def test_the_compiled_catalogue_matches_the_translations(locale_dir, tmp_path):
    po = PACKAGE / locale_dir / CATALOGUE
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(po)], check=True)
    with compiled.open("rb") as fresh, po.with_suffix(".mo").open("rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog, (
            "django.mo is older than django.po: run `simpul compilemessages` and commit the .mo."
        )


def test_pages_speak_indonesian_until_the_visitor_switches_to_english(client, db, settings):
    settings.LANGUAGE_CODE = "id"
    page = client.get("/accounts/login/")
    assert page.headers["Content-Language"] == "id"
    assert '<html lang="id">' in page.content.decode()
    assert "Masuk" in page.content.decode()
    # A browser asking for English still gets Indonesian: the switch decides, not the phone's setting.
    assert "Masuk" in client.get("/accounts/login/", headers={"accept-language": "en"}).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    english = client.get("/accounts/login/")
    assert english.headers["Content-Language"] == "en"
    assert "Sign in" in english.content.decode()
