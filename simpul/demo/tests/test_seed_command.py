"""The seed command and its guard, each on a database of its own (not the module-shared demo world of
test_seed.py: the command must be seen making the demo from nothing)."""

import pytest
from django.core.management import call_command

from simpul.demo import seed as demo_seed

pytestmark = pytest.mark.django_db


def test_seed_command_prints_the_logins(seed_regions, capsys):
    call_command("seed")
    out = capsys.readouterr().out
    assert "tunardi@simpul.test" in out
    assert demo_seed.DEMO_PASSWORD in out
    # what every app's seed added, not only the base records
    holdings = next(line for line in out.splitlines() if line.startswith("Isi basis data:"))
    counts = {
        what: int(n.replace(".", ""))
        for n, what in (
            part.split(" ", 1) for part in holdings.removeprefix("Isi basis data: ").rstrip(".").split(", ")
        )
    }
    assert counts["kegiatan"] > 0 and counts["pendaftaran kegiatan"] > counts["kegiatan"]
    assert counts["permohonan sertifikasi"] > 0 and counts["laporan program"] > 0
    assert counts["item repositori"] > 0


def test_seed_refuses_without_regions(db):
    with pytest.raises(demo_seed.SeedError):
        demo_seed.run()
