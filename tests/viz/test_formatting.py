"""tfdl.viz.formatting: significant digits, not one decimal (LeNet-5's 0.035 MiB is not 0.0)."""

import pytest

from tfdl.viz.formatting import format_significant


@pytest.mark.parametrize(("value", "digits", "expected"), [
    (36952 / 2**20, 3, "0.0352"),  # LeNet-5's activations: 9,238 float32 values
    (0.0293884, 3, "0.0294"),
    (62.378, 3, "62.4"),
    (1234.5, 3, "1234"),           # more integer digits than `digits`: all kept
    (123.6, 3, "124"),
    (9.996, 3, "10.0"),            # rounding carries into a new digit
    (0.000123456, 2, "0.00012"),
    (-0.0456, 3, "-0.0456"),
    (0.5, 3, "0.500"),
    (0.0, 3, "0"),
    (7, 1, "7"),
])
def test_significant_digits(value, digits, expected):
    assert format_significant(value, digits) == expected
    assert float(expected) == pytest.approx(value, rel=0.5 * 10 ** (1 - digits))


def test_decimal_comma_and_bad_digits():
    assert format_significant(0.0293884, decimal_point=",") == "0,0294"
    assert format_significant(float("nan")) == "nan"
    with pytest.raises(ValueError, match="`digits` must be an integer >= 1. Received: digits=0"):
        format_significant(1.0, 0)

