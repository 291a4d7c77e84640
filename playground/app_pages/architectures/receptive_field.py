"""Architectures page, receptive-field tracer: pick a convolution or pooling layer of the page's model and
one of its output cells (a click on the layer's output grid, :mod:`playground.click_grid`, or the row and
column sliders); the input box that cell sees is drawn on a digit resized to the model's input,
with the field size, the jump (effective stride) and the padding offset (``tfdl.receptive``).

Called from ``architectures.py`` as ``receptive_field_section(name, shape, options)`` inside a lazy
expander: the model is built only while the expander is open. Its settings (open, layer, output cell:
:data:`RF_KEYS`) go through ``playground.state``, so a shared link opens the same trace; row and column
-1 mean the centre cell.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground.app_pages.architectures import rf_settings as rfs
from playground.app_pages.architectures.rf_settings import RF_KEYS, cell_slider, centre, declare, pick_layer
from playground.common import friendly_errors, lazy_expander
from playground.i18n import _, fmt_number

__all__ = ["RF_KEYS", "receptive_field_section"]


@st.cache_resource(show_spinner=False, max_entries=2)
def _model(name: str, shape: tuple, options: tuple):
    """The untrained model of the page's settings (deterministic in them; weights are never used)."""
    from tfdl.models import create_model

    return create_model(name, input_shape=tuple(shape), **dict(options))


@st.cache_data(show_spinner=False, max_entries=24)
def _layers(name: str, shape: tuple, options: tuple) -> dict:
    """Traceable layer name -> its output (rows, columns)."""
    from tfdl.receptive import traceable_layers

    model = _model(name, shape, options)
    return {n: tuple(int(d) for d in model.get_layer(n).output.shape[1:3]) for n in traceable_layers(model)}


@st.cache_data(show_spinner=False, max_entries=256)
def _box(name: str, shape: tuple, options: tuple, layer: str, row: int, col: int) -> dict:
    from tfdl.receptive import receptive_box

    return receptive_box(_model(name, shape, options), layer, row, col)


def _picture(shape: tuple) -> np.ndarray:
    """A digit from tfdl's set, resized (nearest) to the model's input rows × columns."""
    from tfdl.data import digit_image

    h, w = shape[0], shape[1]
    image = digit_image(0, size=max(h, w, 8))[0].astype("float32") / 255.0
    n = image.shape[0]
    return image[np.arange(h) * n // h][:, np.arange(w) * n // w]


def _figure(image: np.ndarray, rf: dict):
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    fig, ax = plt.subplots(figsize=(4.2, 4.2 * image.shape[0] / image.shape[1]))
    shown = ax.imshow(image, cmap="gray", vmin=0, vmax=1)
    fig.colorbar(shown, ax=ax, fraction=0.046, pad=0.04, label=_("pixel value"))
    top, left, bottom, right = rf["unclipped"]
    ax.add_patch(
        Rectangle(
            (left - 0.5, top - 0.5),
            right - left + 1,
            bottom - top + 1,
            fill=False,
            edgecolor="tab:orange",
            linestyle="--",
            linewidth=1.5,
            clip_on=False,
            label=_("whole field (with padding)"),
        )
    )
    if rf["box"][0] is not None:
        top, left, bottom, right = rf["box"]
        ax.add_patch(
            Rectangle(
                (left - 0.5, top - 0.5),
                right - left + 1,
                bottom - top + 1,
                facecolor="tab:red",
                alpha=0.35,
                edgecolor="tab:red",
                linewidth=2,
                label=_("pixels the cell sees"),
            )
        )
    ax.set_xlim(min(-0.5, rf["unclipped"][1] - 1), max(image.shape[1] - 0.5, rf["unclipped"][3] + 1))
    ax.set_ylim(max(image.shape[0] - 0.5, rf["unclipped"][2] + 1), min(-0.5, rf["unclipped"][0] - 1))
    ax.set_xlabel(_("column"))
    ax.set_ylabel(_("row"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=1, fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def receptive_field_section(name: str, shape: tuple, options: tuple = ()) -> None:
    """The tracer, inside an expander that builds the model only while open."""
    declare()
    box = lazy_expander(_("Receptive field of one output cell"), key="arch_rf_open")
    if box is None:
        return
    with box, friendly_errors():
        with st.spinner(_("Building the model…")):
            layers = _layers(name, tuple(shape), options)
        if not layers:
            st.info(_("This model has no convolution or pooling layer whose field can be traced."))
            return
        pick_layer(name, list(layers))
        layer = st.selectbox(_("Layer"), list(layers), key="arch_rf_layer", on_change=centre)
        out_h, out_w = layers[layer]
        rfs.take_click(layer, out_h, out_w)
        c_row, c_col = st.columns(2)
        row = cell_slider(c_row, _("Output row"), "arch_rf_row", layer, out_h)
        col = cell_slider(c_col, _("Output column"), "arch_rf_col", layer, out_w)
        rf = _box(name, tuple(shape), options, layer, int(row), int(col))
        left, right = st.columns([3, 2])
        left.pyplot(_figure(_picture(shape), rf))
        (r_h, r_w), (j_h, j_w), (s_h, s_w) = rf["size"], rf["jump"], rf["start"]
        num = lambda v: fmt_number(v, "g")
        rfs.cell_picker(right, layer, out_h, out_w, row, col)
        right.metric(_("Field size"), f"{r_h} × {r_w}")
        right.metric(_("Jump (effective stride)"), f"{j_h} × {j_w}")
        right.metric(
            _("Padding offset"),
            f"{num(s_h - (r_h - 1) / 2)}; {num(s_w - (r_w - 1) / 2)}",
            help=_(
                "Where the field of cell (0, 0) starts, in input pixels: negative values hang over the zero padding."
            ),
        )
        top, lft, bottom, rgt = rf["box"]
        u_top, u_left, u_bottom, u_right = rf["unclipped"]
        st.markdown(
            _(
                "Cell ({row}, {col}) of **{layer}** ({out_h} × {out_w}) sees rows {top}…{bottom} and columns "
                "{left}…{right} of the {h} × {w} input; its whole field is rows {u_top}…{u_bottom}, columns "
                "{u_left}…{u_right}. Centre: row {c_h} + {row} · {j_h}, column {c_w} + {col} · {j_w}."
            ).format(
                row=row,
                col=col,
                layer=layer,
                out_h=out_h,
                out_w=out_w,
                top=top,
                bottom=bottom,
                left=lft,
                right=rgt,
                h=shape[0],
                w=shape[1],
                u_top=u_top,
                u_bottom=u_bottom,
                u_left=u_left,
                u_right=u_right,
                c_h=num(s_h),
                c_w=num(s_w),
                j_h=j_h,
                j_w=j_w,
            )
        )
        import pandas as pd

        table = pd.DataFrame(
            [
                {
                    _("layer"): item["name"],
                    _("type"): item["type"],
                    _("field size"): f"{item['size'][0]} × {item['size'][1]}",
                    _("jump"): f"{item['jump'][0]} × {item['jump'][1]}",
                    _("start"): f"{num(item['start'][0])}; {num(item['start'][1])}",
                }
                for item in rf["layers"]
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch")
        st.caption(
            _(
                "Numbers from tfdl.shapes.receptive_field over the layer stack (with branches, the widest one); "
                "the box is the union over all branches, taps on zero padding left out."
            )
        )
