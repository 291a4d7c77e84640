"""Train page, 2-D mode: your own points, clicked onto the plane, edited in a table or uploaded as CSV.

The points live in the session (``train_points_base``, a table ``x1, x2, label``, with the table
editor's changes on top); a click, an upload, *Example points* or *Clear* replaces the table
(a new editor key, so its edits start over). ``tfdl.data.points_from_rows`` checks them before
training (numbers only, finite, inside the square, labels 0–4, at least two classes); a copied
link carries the settings, not the points.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from playground.app_pages.train import plane_click
from playground.app_pages.train import settings as cfg
from playground.common import friendly_errors
from playground.i18n import _

BASE_KEY = "train_points_base"
VERSION_KEY = "train_points_version"
SIG_KEY = "train_points_sig"  # the points' fingerprint, part of cfg.settings_2d() in "own" mode
TEXT_KEY = "train_points_text"  # the points as CSV, for the code export (playground.code_export)
APPLIED_KEY = "_train_points_applied"  # the uploaded file already turned into the table
COLUMNS = ("x1", "x2", "label")


def table(rows=()):
    import pandas as pd

    return pd.DataFrame(list(rows), columns=list(COLUMNS)).astype({"x1": float, "x2": float, "label": "Int64"})


def example():
    """24 points of three blobs (rounded to one decimal), so the mode opens with something to train on."""
    from tfdl.data import make_blobs

    x, y = make_blobs(24, noise=0.05, seed=0, classes=3)
    return table([(round(float(a), 1), round(float(b), 1), int(k)) for (a, b), k in zip(x, y)])


def replace(new) -> None:
    """A new table of points (the editor starts over from it)."""
    s = st.session_state
    s[BASE_KEY] = new
    s[VERSION_KEY] = s.get(VERSION_KEY, 0) + 1


def _rows(edited) -> list:
    """The rows that are three numbers (what the plane can draw while the table is being edited)."""
    import pandas as pd

    out = []
    for r in edited.to_dict("records"):
        values = [r.get(c) for c in COLUMNS]
        if all(v is not None and not pd.isna(v) for v in values):
            out.append([float(values[0]), float(values[1]), int(values[2])])
    return out


def _upload() -> None:
    """A new CSV replaces the points once it reads without error (the error stays while the file does)."""
    from tfdl.data import MAX_POINTS_CSV_BYTES, read_points_csv

    file = st.file_uploader(
        _("Upload a CSV file (columns x1, x2, label)"),
        type=["csv"],
        key="train_points_csv",
        help=_("At most {n} bytes.").format(n=MAX_POINTS_CSV_BYTES),
    )
    if file is None or st.session_state.get(APPLIED_KEY) == file.file_id:
        return
    with friendly_errors():
        x, y = read_points_csv(file.getvalue())
        st.session_state[APPLIED_KEY] = file.file_id
        replace(table([(float(a), float(b), int(k)) for (a, b), k in zip(x, y)]))
        st.rerun()


def show():
    """The plane, the table, the upload; returns ``((x, y), (x_test, y_test))`` or ``None`` (the
    error is shown) after ``tfdl.data.split_points`` with the page's share and seed."""
    from tfdl.data import points_csv, points_from_rows, split_points
    from tfdl.viz import CLASS_COLORS

    s = st.session_state
    if BASE_KEY not in s:
        replace(example())
    s.setdefault(VERSION_KEY, 0)
    st.caption(
        _(
            "Your points stay in this session: a copied link carries the settings, not the points. "
            "Download them as CSV to keep them."
        )
    )
    left, right = st.columns([1, 1])
    with left:
        st.radio(
            _("Class of a new point"),
            cfg.POINT_CLASSES,
            key="train_pclass",
            horizontal=True,
            format_func=lambda k: _("class {k}").format(k=k),
        )
        plane_box = st.container()
    with right:
        edited = st.data_editor(
            s[BASE_KEY],
            num_rows="dynamic",
            hide_index=True,
            key=f"train_points_editor_{s[VERSION_KEY]}",
            height=260,
            column_config={
                "x1": st.column_config.NumberColumn("x1", min_value=-6.0, max_value=6.0, format="%.2f"),
                "x2": st.column_config.NumberColumn("x2", min_value=-6.0, max_value=6.0, format="%.2f"),
                "label": st.column_config.NumberColumn(_("label"), min_value=0, max_value=4, step=1),
            },
        )
    spot = plane_click.new_click("train_plane")
    if spot is not None:  # a click adds a point of the chosen class; the table starts over with it
        replace(table([*_rows(edited), (spot[0], spot[1], int(s["train_pclass"]))]))
        st.rerun()
    with plane_box:
        plane_click.plane(
            "train_plane",
            _rows(edited),
            int(s["train_pclass"]),
            CLASS_COLORS,
            _("Click to add a point of the chosen class."),
        )
    with right:
        _upload()
    b1, b2, b3 = st.columns(3)
    b1.button(_("Example points"), key="train_points_example", on_click=lambda: replace(example()))
    b2.button(_("Clear the points"), key="train_points_clear", on_click=lambda: replace(table()))
    with friendly_errors():
        x, y = points_from_rows(edited.astype(object).where(edited.notna(), None).to_dict("records"))
        text = points_csv(x, y)
        s[SIG_KEY], s[TEXT_KEY] = hashlib.sha1(text.encode()).hexdigest()[:12], text
        b3.download_button(_("Download CSV"), text, file_name="points.csv", mime="text/csv", key="train_points_get")
        st.caption(_("{n} points, classes {classes}").format(n=len(y), classes=", ".join(map(str, sorted(set(y))))))
        return split_points(x, y, float(s["train_ratio"]), int(s["train_seed"]))
    s[SIG_KEY] = s[TEXT_KEY] = None
    return None
