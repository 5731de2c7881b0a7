"""Each province's time zone (WIB, WITA, WIT). Every region below a province shares its zone.

The one place that knows this table: the loader fills Region.time_zone from it, and events use it
to put a venue's times in the right zone.
"""

from .models import TimeZone

# Province code -> zone. WIB: Sumatra, Java, Kalimantan Barat and Tengah; WITA: Bali, Nusa Tenggara,
# Kalimantan Selatan, Timur and Utara, Sulawesi; WIT: Maluku and Papua.
PROVINCE_TIME_ZONES: dict[str, TimeZone] = {
    **dict.fromkeys(["11", "12", "13", "14", "15", "16", "17", "18", "19", "21"], TimeZone.WIB),
    **dict.fromkeys(["31", "32", "33", "34", "35", "36"], TimeZone.WIB),
    **dict.fromkeys(["61", "62"], TimeZone.WIB),
    **dict.fromkeys(["51", "52", "53"], TimeZone.WITA),
    **dict.fromkeys(["63", "64", "65"], TimeZone.WITA),
    **dict.fromkeys(["71", "72", "73", "74", "75", "76"], TimeZone.WITA),
    **dict.fromkeys(["81", "82"], TimeZone.WIT),
    **dict.fromkeys(["91", "92", "93", "94", "95", "96"], TimeZone.WIT),
}


def time_zone_for(code: str) -> TimeZone:
    """The zone of the region with `code` ("52.71.01" -> WITA). KeyError for an unknown province."""
    return PROVINCE_TIME_ZONES[code[:2]]
