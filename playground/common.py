"""The playground's one way to show an error: :func:`friendly_errors`.

Settings live in :mod:`playground.state`, texts in :mod:`playground.i18n`, what pages hand each
other in :mod:`playground.session`.
"""

from __future__ import annotations

from contextlib import contextmanager

import streamlit as st

from playground.i18n import error_text

__all__ = ["friendly_errors"]


@contextmanager
def friendly_errors(stop: bool = False):
    """Show a ``ValueError`` raised in the block (tfdl's way of explaining bad settings) as an error
    box in the user's language, never a traceback.

    The rest of the block is skipped and the page goes on after it (other tabs still draw); with
    ``stop=True`` the page stops there. tfdl's errors carry a code and parameters, so the Russian
    box is a Russian sentence with the same numbers (:func:`playground.i18n.error_text`).

    Example:
        with friendly_errors():
            out = tfdl.shapes.conv_output_size(size, k, stride=s)
            st.metric(_("Output size"), out)
    """
    try:
        yield
    except ValueError as exc:
        st.error(error_text(exc))
        if stop:
            st.stop()
