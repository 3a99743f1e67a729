import pytest

from citydip.dates import compatible, more_precise, parse_partial_date


@pytest.mark.parametrize("value", ["1988", "2014-07", "2015-02-03", "2016-02-29"])
def test_valid(value):
    assert parse_partial_date(value) == value


@pytest.mark.parametrize(
    "value, reason",
    [
        ("2015-02-30", "impossible"),
        ("2015-13", "impossible"),
        ("2015-2-3", "not a date"),
        ("17 May", "not a date"),
        ("2017-02-29", "impossible"),
    ],
)
def test_invalid(value, reason):
    with pytest.raises(ValueError, match=reason):
        parse_partial_date(value)


def test_compatible_and_precise():
    assert compatible("2014", "2014-07") and compatible(None, "2014")
    assert not compatible("2014-07", "2014-08")
    assert more_precise("2014", "2014-07-01") == "2014-07-01"
    assert more_precise("2014-07", "2014") == "2014-07"
