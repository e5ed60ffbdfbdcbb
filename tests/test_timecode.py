import doctest

import pytest

from publisher import timecode
from publisher.timecode import clock, npt, parse_timecode


def test_doctests():
    assert doctest.testmod(timecode).failed == 0


@pytest.mark.parametrize(
    "text, seconds",
    [("0", 0), ("37", 37), ("7:48", 468), ("01:35:52", 5752), ("35:12.250", 2112.25),
     ("1:00:00", 3600)],
)
def test_parse_timecode(text, seconds):
    assert parse_timecode(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "1:2:3:4", "-5", "1:60:00", "1:00:75"])
def test_parse_timecode_rejects(text):
    with pytest.raises(ValueError):
        parse_timecode(text)


def test_clock_and_npt():
    assert clock(0) == "0:00"
    assert clock(59.9) == "0:59"
    assert clock(3600) == "1:00:00"
    assert clock(65, hours=True) == "0:01:05"
    assert npt(3723.5) == "01:02:03.500"
    assert npt(1.0005, sep=",") == "00:00:01,000"
