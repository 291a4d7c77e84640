"""Numbers for people: a value with a fixed number of significant digits.

One decimal place turns the 0.0294 MiB of LeNet-5's activations into "0.0 MiB"; significant
digits keep small values readable and large ones short. The module itself is pure Python.

Example:
    >>> format_significant(0.02938)
    '0.0294'
"""

from __future__ import annotations

import math

from tfdl.validation import int_min_error

__all__ = ["format_significant"]


def format_significant(value: float, digits: int = 3, decimal_point: str = ".") -> str:
    """``value`` rounded to ``digits`` significant digits, written without an exponent.

    ``d = digits − 1 − ⌊log10 |x_r|⌋`` decimals, where ``x_r`` is ``value`` rounded to ``digits``
    significant digits (so 9.996 becomes "10.0", not "10.00"); numbers with more integer digits
    than ``digits`` keep them all (``123456 → "123456"``); zero is ``"0"``.

    Args:
        value: a finite real number (``nan``/``inf`` are written as Python writes them).
        digits: significant digits, >= 1.
        decimal_point: the decimal separator (``","`` for Russian text, say).

    Returns:
        The formatted number.

    Example:
        >>> format_significant(0.0293884), format_significant(62.378), format_significant(1234.5)
        ('0.0294', '62.4', '1234')
    """
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 1:
        raise int_min_error("digits", digits, 1)
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
