"""Kemendagri codes and names: normalising what people type, and the name used for search."""

import re

_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_NON_DIGIT = re.compile(r"\D")

# Longest first: "kota administrasi jakarta pusat" loses the whole prefix, not only "kota ".
NAME_PREFIXES = ("kabupaten administrasi ", "kota administrasi ", "kabupaten ", "kota ")


def normalize_code(raw: str) -> str:
    """'5271', '52.71', ' 52 71 ' -> '52.71'; '' for something that cannot be a code."""
    raw = (raw or "").strip()
    if "." in raw:
        code = ".".join(part.strip() for part in raw.split("."))
    else:
        digits = _NON_DIGIT.sub("", raw)
        code = ".".join(p for p in (digits[0:2], digits[2:4], digits[4:6], digits[6:10]) if p)
    return code if _CODE.match(code) else ""


def level_of(code: str) -> int:
    return code.count(".") + 1


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def search_name_for(name: str) -> str:
    """'Kota Mataram' -> 'mataram': lower case, without the kota/kabupaten prefix people rarely type."""
    lowered = " ".join(name.lower().split())
    for prefix in NAME_PREFIXES:
        if lowered.startswith(prefix):
            return lowered.removeprefix(prefix)
    return lowered
