import pytest

from simpul.libraries import npp


def test_the_published_example_parses_into_prefix_and_sequence():
    assert npp.parse("6372052C0000001") == ("6372052C", 1)


@pytest.mark.parametrize("bad", ["", "6372052C000001", "637205C0000001", "6372052CC000001", "abc"])
def test_malformed_numbers_are_refused(bad):
    assert not npp.is_valid(bad)


def test_location_digits_pad_the_district_and_fill_missing_levels():
    assert npp.location_digits("63.72.05.1001") == "6372005"
    assert npp.location_digits("33.11") == "3311000"
    assert npp.location_digits("52") == "5200000"


def test_a_number_is_the_prefix_and_a_seven_digit_sequence():
    assert npp.format_npp(npp.prefix_for("33.11.12.2001", "school"), 42) == "3311012B0000042"
