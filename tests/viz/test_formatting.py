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



# --- numbers in the interface's language (issue 13: the Russian page read "2,296 МиБ") ----------

NNBSP = "\u202f"  # narrow no-break space: Russian's thousands separator (Unicode CLDR)


@pytest.mark.parametrize(("value", "spec", "en", "ru"), [
    (2296.4, ",.0f", "2,296", f"2{NNBSP}296"),
    (138357544, ",", "138,357,544", f"138{NNBSP}357{NNBSP}544"),  # VGG-16's parameters
    (1234567.891, ",.2f", "1,234,567.89", f"1{NNBSP}234{NNBSP}567,89"),
    (0.964, ".1%", "96.4%", "96,4%"),
    (-0.00153, ".2e", "-1.53e-03", "-1,53e-03"),
    (0.25, "g", "0.25", "0,25"),
    (42, "", "42", "42"),
])
def test_numbers_in_english_and_russian(value, spec, en, ru):
    from tfdl.viz.formatting import format_number

    assert format_number(value, spec) == en == format(value, spec)  # English is Python's own
    assert format_number(value, spec, locale="ru") == ru
    # the Russian text reads back as the English one: only the separators differ
    assert float(ru.replace(NNBSP, "").replace(",", ".").rstrip("%")) == float(en.replace(",", "").rstrip("%"))


def test_significant_digits_in_russian_and_a_bad_locale():
    from tfdl.viz.formatting import format_number

    assert format_significant(36952 / 2**20, locale="ru") == "0,0352"
    assert format_significant(62.378, locale="en") == "62.4"
    with pytest.raises(ValueError, match="`locale` must be one of"):
        format_number(1.0, locale="de")
