"""The lab's three views tabs, after Convolution and Pooling (each builds its pictures only while open):

- ``matrix_tab.py``: the convolution as a matrix product; ``matrix_more.py``: Mᵀ·y and im2col;
- ``transposed_tab.py``: zero insertion, padding, the flipped kernel, both size rules;
- ``sharing_tab.py``: dense vs locally connected vs convolution (parameters, what one output sees);
- ``view_common.py`` and ``view_settings.py``: what they share, their settings.
"""

from __future__ import annotations

from playground.app_pages.convolution.matrix_tab import matrix_tab
from playground.app_pages.convolution.sharing_tab import sharing_tab
from playground.app_pages.convolution.transposed_tab import transposed_tab
from playground.app_pages.convolution.view_settings import VIEW_OPS

DRAW = {"matrix": matrix_tab, "transposed": transposed_tab, "sharing": sharing_tab}


def views_tabs(tabs, x, op: str) -> None:
    """Draw each view tab in its container; only the open one (``op``) computes."""
    for name, tab in zip(VIEW_OPS, tabs):
        with tab:
            DRAW[name](x, is_open=op == name)
