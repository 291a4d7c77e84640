"""Numbers for people: a value with a fixed number of significant digits, in a language's separators.

One decimal place turns the 0.0294 MiB of LeNet-5's activations into "0.0 MiB"; significant
digits keep small values readable and large ones short. English writes 2,296.5; Russian writes
2 296,5 (a narrow no-break space between thousands, a decimal comma). The module itself is pure
Python.

Example:
    >>> format_significant(0.02938), format_number(2296.5, ",.1f", locale="ru")
    ('0.0294', '2\u202f296,5')
"""

from __future__ import annotations

import math

from tfdl.validation import int_min_error, one_of_error

__all__ = ["SEPARATORS", "format_number", "format_significant"]

#: ``{locale: (thousands separator, decimal separator)}``. Russian groups thousands with a narrow
#: no-break space (U+202F), as its typography (and Unicode CLDR) does, and writes a decimal comma.
SEPARATORS = {"en": (",", "."), "ru": ("\u202f", ",")}


def _separators(locale: str) -> tuple[str, str]:
    if locale not in SEPARATORS:
        raise one_of_error("locale", locale, tuple(SEPARATORS))
    return SEPARATORS[locale]


def format_number(value: float, spec: str = "", locale: str = "en") -> str:
    """``format(value, spec)`` written with the separators of ``locale``.

    Python's format spec says how (``",.0f"``: grouped thousands, no decimals; ``".1%"``; ``".3g"``);
    ``locale`` says with what: ``","`` and ``"."`` become the language's thousands and decimal
    separators (:data:`SEPARATORS`).

    Args:
        value: a number.
        spec: a Python format spec (``""``: ``str``-like).
        locale: ``"en"`` or ``"ru"``.

    Returns:
        The formatted number.

    Example:
        >>> format_number(2296.4, ",.0f"), format_number(2296.4, ",.0f", locale="ru")
        ('2,296', '2\u202f296')
        >>> format_number(0.964, ".1%", locale="ru"), format_number(-1.5e-3, ".1e", locale="ru")
        ('96,4%', '-1,5e-03')
    """
    thousands, decimal = _separators(locale)
    text = format(value, spec)
    if (thousands, decimal) == (",", "."):
        return text
    return text.translate({ord(","): thousands, ord("."): decimal})


def format_significant(value: float, digits: int = 3, decimal_point: str = ".", locale: str | None = None) -> str:
    """``value`` rounded to ``digits`` significant digits, written without an exponent.

    ``d = digits − 1 − ⌊log10 |x_r|⌋`` decimals, where ``x_r`` is ``value`` rounded to ``digits``
    significant digits (so 9.996 becomes "10.0", not "10.00"); numbers with more integer digits
    than ``digits`` keep them all (``123456 → "123456"``); zero is ``"0"``.

    Args:
        value: a finite real number (``nan``/``inf`` are written as Python writes them).
        digits: significant digits, >= 1.
        decimal_point: the decimal separator (``","`` for Russian text, say).
        locale: ``"en"`` or ``"ru"``: the language's decimal separator (overrides ``decimal_point``).

    Returns:
        The formatted number.

    Example:
        >>> format_significant(0.0293884), format_significant(62.378), format_significant(1234.5)
        ('0.0294', '62.4', '1234')
    """
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 1:
        raise int_min_error("digits", digits, 1)
    if locale is not None:
        decimal_point = _separators(locale)[1]
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    if abs(value) >= 10 ** (digits - 1):  # enough integer digits: keep them all
        text = f"{value:.0f}"
    else:
        rounded = float(f"{value:.{digits - 1}e}")
        decimals = max(0, digits - 1 - math.floor(math.log10(abs(rounded))))
        text = f"{rounded:.{decimals}f}"
    return text.replace(".", decimal_point) if decimal_point != "." else text
