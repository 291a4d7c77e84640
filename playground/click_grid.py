"""Clicks from inline ``st.components.v2`` components, shared by the pages.

- :func:`fresh_report`: what a component reported since the last run (read before it is drawn), the
  step every clickable component here needs (the Train page's plane, the cell grid below);
- :func:`cell_grid`: a rows × columns grid of cells with one of them highlighted; a click reports the
  cell ``{"row", "col", "n"}`` (``n`` a nonce, so a second click on one cell is a second report), read
  back with :func:`new_cell`. The Architectures page's receptive-field tracer picks its output cell
  with it (its sliders stay, the keyboard's way).
"""

from __future__ import annotations

import streamlit as st

__all__ = ["GRID_SIZE", "cell_from_report", "cell_grid", "fresh_report", "new_cell"]

GRID_SIZE = 200  # the grid's longer side in CSS pixels

_CSS = """
.tfdl-cellgrid { display: block; max-width: 100%; cursor: pointer; background: #fff;
  border: 1px solid var(--st-border-color, #888); border-radius: var(--st-base-radius, 0.5rem); }
.tfdl-cellgrid-hint { font-size: 0.85em; opacity: 0.7; font-family: var(--st-font, sans-serif);
  color: var(--st-text-color); margin-top: 0.3rem; }
"""

_JS = """
export default function ({ parentElement, data, setStateValue }) {
  let canvas = parentElement.querySelector(".tfdl-cellgrid");
  if (!canvas) {
    canvas = document.createElement("canvas"); canvas.className = "tfdl-cellgrid";
    const hint = document.createElement("div"); hint.className = "tfdl-cellgrid-hint";
    parentElement.append(canvas, hint);
  }
  parentElement.querySelector(".tfdl-cellgrid-hint").textContent = data.hint;
  canvas.setAttribute("aria-label", data.hint);
  const rows = data.rows, cols = data.cols, k = Math.max(1, Math.ceil(data.size / Math.max(rows, cols)));
  canvas.width = cols * k; canvas.height = rows * k;
  canvas.style.width = Math.round(data.size * cols / Math.max(rows, cols)) + "px";
  const ctx = canvas.getContext("2d");
  const draw = (r0, c0) => {
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, cols * k, rows * k);
    if (k >= 4) {
      ctx.strokeStyle = "#d0d0d0"; ctx.lineWidth = 1;
      const line = (x0, y0, x1, y1) => { ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke(); };
      for (let i = 0; i <= rows; i++) line(0, i * k, cols * k, i * k);
      for (let j = 0; j <= cols; j++) line(j * k, 0, j * k, rows * k);
    }
    ctx.fillStyle = "#d62728"; ctx.fillRect(c0 * k, r0 * k, k, k);
  };
  draw(data.row, data.col);
  canvas.onclick = (ev) => {
    const b = canvas.getBoundingClientRect();
    const row = Math.min(rows - 1, Math.max(0, Math.floor((ev.clientY - b.top) / b.height * rows)));
    const col = Math.min(cols - 1, Math.max(0, Math.floor((ev.clientX - b.left) / b.width * cols)));
    draw(row, col);  // at once; the rerun draws the server's choice
    setStateValue("cell", { row: row, col: col, n: Date.now() + Math.random() });
  };
}
"""

_cells = st.components.v2.component("tfdl_cell_grid", css=_CSS, js=_JS)


def fresh_report(key: str, field: str):
    """The value component ``key`` last reported under ``field``, if it is new since the previous call
    (a rerun for another widget brings the old report again), else ``None``."""
    state = st.session_state.get(key)
    report = state.get(field) if isinstance(state, dict) else None
    seen = f"_seen_{field}_{key}"
    if report is None or report == st.session_state.get(seen):
        return None
    st.session_state[seen] = report
    return report


def cell_from_report(report, rows: int, cols: int) -> tuple[int, int] | None:
    """The ``(row, col)`` a click reported, or ``None`` when it is not two whole numbers inside the
    ``rows`` × ``cols`` grid (nothing the component itself would send)."""
    if not isinstance(report, dict):
        return None
    cell = report.get("row"), report.get("col")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in cell):
        return None
    if not (0 <= cell[0] < rows and 0 <= cell[1] < cols):
        return None
    return cell


def new_cell(key: str, rows: int, cols: int) -> tuple[int, int] | None:
    """The cell clicked on grid ``key`` since the last run (read before the grid is drawn), else ``None``."""
    return cell_from_report(fresh_report(key, "cell"), rows, cols)


def cell_grid(key: str, rows: int, cols: int, row: int, col: int, hint: str) -> None:
    """Draw the ``rows`` × ``cols`` grid with cell (``row``, ``col``) highlighted; read a click with
    :func:`new_cell` before drawing it in the next run."""
    _cells(
        key=key,
        data={"rows": int(rows), "cols": int(cols), "row": int(row), "col": int(col), "size": GRID_SIZE, "hint": hint},
        on_cell_change=lambda: None,
        width="content",
    )
