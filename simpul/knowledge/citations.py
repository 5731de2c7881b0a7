"""Citations of one item: BibTeX, RIS and CSL-JSON, each with the item's persistent URL."""

import json
import re
import unicodedata

from .dates import parse_partial_date
from .models import DC, Item, ItemType

BIBTEX_TYPE = {
    ItemType.BOOK: "book",
    ItemType.CHAPTER: "incollection",
    ItemType.PAPER: "inproceedings",
    ItemType.PROCEEDINGS: "proceedings",
    ItemType.REPORT: "techreport",
    ItemType.POLICY: "misc",
}
RIS_TYPE = {
    ItemType.BOOK: "BOOK",
    ItemType.CHAPTER: "CHAP",
    ItemType.PAPER: "CPAPER",
    ItemType.PROCEEDINGS: "CONF",
    ItemType.REPORT: "RPRT",
    ItemType.POLICY: "GOVDOC",
    ItemType.AUDIO: "SOUND",
    ItemType.VIDEO: "VIDEO",
    ItemType.IMAGE: "FIGURE",
    ItemType.PRESENTATION: "SLIDE",
}
CSL_TYPE = {
    ItemType.BOOK: "book",
    ItemType.CHAPTER: "chapter",
    ItemType.PAPER: "paper-conference",
    ItemType.PROCEEDINGS: "book",
    ItemType.REPORT: "report",
    ItemType.POLICY: "legislation",
    ItemType.AUDIO: "song",
    ItemType.VIDEO: "motion_picture",
    ItemType.IMAGE: "graphic",
    ItemType.PRESENTATION: "speech",
}
FORMATS = {
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "csl": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


def _values(item: Item, element: str) -> list[str]:
    return [e.value for e in item.elements.all() if e.element == element]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def citation_key(item: Item) -> str:
    creators = _values(item, DC.CREATOR)
    family = _ascii(creators[0].split(",")[0].split()[-1] if creators and creators[0].split() else "simpul")
    family = re.sub(r"[^A-Za-z]", "", family).lower() or "simpul"
    return f"{family}{item.year or ''}_{item.pk}"


def _bibtex_escape(value: str) -> str:
    value = " ".join(str(value).split())
    for char in "\\{}":
        value = value.replace(char, "")
    for char in "&%$#_":
        value = value.replace(char, "\\" + char)
    return value


def _names(creators: list[str]) -> list[str]:
    """Creators as written; a name without a comma is kept whole (Indonesian names often have no family name)."""
    return [c.strip() for c in creators if c.strip()]


def bibtex(item: Item, url: str) -> str:
    fields = [("title", item.title)]
    creators = _names(_values(item, DC.CREATOR))
    if creators:
        fields.append(("author", " and ".join(c if "," in c else "{" + c + "}" for c in creators)))
    if item.year:
        fields.append(("year", str(item.year)))
    publisher = _values(item, DC.PUBLISHER) or [item.collection.organisation.name]
    fields.append(("publisher", publisher[0]))
    if item.item_type in (ItemType.PAPER, ItemType.CHAPTER):
        fields.append(("booktitle", item.collection.name))
    if item.item_type == ItemType.REPORT:
        fields.append(("institution", publisher[0]))
    if item.abstract:
        fields.append(("abstract", item.abstract[:2000]))
    subjects = _values(item, DC.SUBJECT)
    if subjects:
        fields.append(("keywords", ", ".join(subjects)))
    fields.append(("language", item.language))
    fields.append(("url", url))
    fields.append(("note", f"{item.get_item_type_display()}; {item.get_licence_display()}"))
    entry_type = BIBTEX_TYPE.get(item.item_type, "misc")
    body = ",\n".join(
        f"  {name} = {{{value if name == 'author' else _bibtex_escape(value)}}}" for name, value in fields
    )
    return f"@{entry_type}{{{citation_key(item)},\n{body}\n}}\n"


def ris(item: Item, url: str) -> str:
    lines = [("TY", RIS_TYPE.get(item.item_type, "GEN")), ("TI", item.title)]
    lines += [("AU", c) for c in _names(_values(item, DC.CREATOR))]
    if item.year:
        lines.append(("PY", str(item.year)))
    if item.date_issued:
        parsed = parse_partial_date(item.date_issued)
        if parsed:
            y, m, d = parsed
            month = f"{m:02d}" if m else ""
            day = f"{d:02d}" if d else ""
            lines.append(("DA", f"{y}/{month}/{day}/"))
    publisher = _values(item, DC.PUBLISHER) or [item.collection.organisation.name]
    lines.append(("PB", publisher[0]))
    if item.item_type in (ItemType.PAPER, ItemType.CHAPTER):
        lines.append(("T2", item.collection.name))
    if item.abstract:
        lines.append(("AB", " ".join(item.abstract.split())))
    lines += [("KW", s) for s in _values(item, DC.SUBJECT)]
    lines.append(("LA", item.language))
    lines.append(("UR", url))
    lines.append(("ID", str(item.pk)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {' '.join(str(value).split())}\r\n" for tag, value in lines)


def csl_json(item: Item, url: str) -> str:
    data: dict = {
        "id": f"simpul-{item.pk}",
        "type": CSL_TYPE.get(item.item_type, "document"),
        "title": item.title,
        "URL": url,
        "language": item.language,
        "publisher": (_values(item, DC.PUBLISHER) or [item.collection.organisation.name])[0],
    }
    creators = _names(_values(item, DC.CREATOR))
    if creators:
        data["author"] = [
            {"family": c.split(",", 1)[0].strip(), "given": c.split(",", 1)[1].strip()}
            if "," in c
            else {"literal": c}
            for c in creators
        ]
    if item.date_issued:
        parsed = parse_partial_date(item.date_issued)
        if parsed:
            data["issued"] = {"date-parts": [[p for p in parsed if p is not None]]}
    if item.abstract:
        data["abstract"] = item.abstract
    if item.item_type in (ItemType.PAPER, ItemType.CHAPTER):
        data["container-title"] = item.collection.name
    subjects = _values(item, DC.SUBJECT)
    if subjects:
        data["keyword"] = ", ".join(subjects)
    return json.dumps([data], ensure_ascii=False, indent=2)


RENDER = {"bibtex": bibtex, "ris": ris, "csl": csl_json}
