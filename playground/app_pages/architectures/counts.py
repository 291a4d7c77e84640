"""Counts in short form for the Architectures page's metrics (833.04 k, 62.38 M, 1.50 G)."""

from __future__ import annotations

from playground.i18n import fmt_number, pgettext


def short_count(n: float) -> str:
    """A count in short form with the language's suffixes: 833.04 k, 62.38 M, 1.50 G."""
    for unit, k in ((pgettext("number", "G"), 1e9), (pgettext("number", "M"), 1e6), (pgettext("number", "k"), 1e3)):
        if abs(n) >= k:
            return f"{fmt_number(n / k, '.2f')} {unit}"
    return fmt_number(n, ",.0f")
