"""Architectures page, receptive-field tracer: its settings through ``playground.state`` (a shared link
opens the same layer and output cell; row and column -1 mean the centre cell)."""

from __future__ import annotations

import streamlit as st

from playground.click_grid import cell_grid, new_cell
from playground.i18n import _
from playground.state import param, set_value

RF_KEYS = ["arch_rf_open", "arch_rf_layer", "arch_rf_row", "arch_rf_col"]
CELL_GRID = "arch_rf_cell"  # the clickable output grid (its clicks go into arch_rf_row / arch_rf_col)


def declare() -> None:
    """Declare the tracer's settings (every run with a built model, so the link keeps them)."""
    param("arch_rf_open", False)
    param("arch_rf_layer", "")
    param("arch_rf_row", -1, min=-1, max=100_000)
    param("arch_rf_col", -1, min=-1, max=100_000)


def pick_layer(model: str, names: list[str]) -> None:
    """Keep the chosen layer if ``model`` has it; else its fourth traceable layer, saying so when a
    link asked for another one."""
    asked = st.session_state["arch_rf_layer"]
    if asked in names:
        return
    used = names[min(len(names) - 1, 3)]
    if asked:
        st.warning(
            _("{model} has no traceable layer {layer}; the tracer shows {used}.").format(
                model=model, layer=asked[:40], used=used
            )
        )
    set_value("arch_rf_layer", used)


def centre() -> None:
    """A new layer: its centre cell (the cell of the old layer may not exist there)."""
    set_value("arch_rf_row", -1)
    set_value("arch_rf_col", -1)


def cell_slider(column, label: str, key: str, layer: str, n: int) -> int:
    """The row (or column) slider of ``layer``, which has ``n`` of them: one widget per layer and size (a
    new one starts at the setting ``key``; -1, the centre), its value kept in ``key`` for the link."""
    value = int(st.session_state[key])
    if value > n - 1:
        st.warning(_("{label}: the layer has {n}; the tracer uses the last one.").format(label=label, n=n))
    value = n // 2 if value < 0 else min(value, n - 1)
    if n <= 1:
        set_value(key, 0)
        return 0
    widget = f"{key}_{layer}_{n}"
    if widget not in st.session_state:
        st.session_state[widget] = value
    column.slider(label, 0, n - 1, key=widget)
    set_value(key, int(st.session_state[widget]))
    return int(st.session_state[widget])


def take_click(layer: str, n_rows: int, n_cols: int) -> None:
    """A cell clicked on the output grid since the last run becomes the row and column settings (and the
    sliders of ``layer``, drawn after this)."""
    cell = new_cell(CELL_GRID, n_rows, n_cols)
    if cell is None:
        return
    for setting, n, value in (("arch_rf_row", n_rows, cell[0]), ("arch_rf_col", n_cols, cell[1])):
        set_value(setting, value)
        st.session_state[f"{setting}_{layer}_{n}"] = value


def cell_picker(column, layer: str, n_rows: int, n_cols: int, row: int, col: int) -> None:
    """The layer's output grid in ``column``, cell (``row``, ``col``) highlighted; a click picks a cell."""
    hint = _("{layer}: {rows} × {cols} output cells. Click one to trace it.")
    with column:
        cell_grid(CELL_GRID, n_rows, n_cols, row, col, hint.format(layer=layer, rows=n_rows, cols=n_cols))
