"""A clickable plane (an inline ``st.components.v2`` component, as :mod:`playground.drawing`): the
square ``[−6, 6]²`` with the points drawn in their class colours; a click reports its spot
``{"x1", "x2", "n"}`` (``n`` a nonce, so two clicks on one spot are two points)."""

from __future__ import annotations

import math

import streamlit as st

from playground.click_grid import fresh_report

SIZE = 280  # pixels per side
EXTENT = 6.0

_CSS = """
.tfdl-plane { display: block; width: 280px; max-width: 100%; aspect-ratio: 1; cursor: crosshair;
  border: 1px solid var(--st-border-color, #888); border-radius: var(--st-base-radius, 0.5rem); background: #fff; }
.tfdl-plane-hint { font-size: 0.85em; opacity: 0.7; font-family: var(--st-font, sans-serif);
  color: var(--st-text-color); margin-top: 0.3rem; }
"""

_JS = """
export default function ({ parentElement, data, setStateValue }) {
  let canvas = parentElement.querySelector(".tfdl-plane");
  if (!canvas) {
    canvas = document.createElement("canvas"); canvas.className = "tfdl-plane";
    const hint = document.createElement("div"); hint.className = "tfdl-plane-hint";
    parentElement.append(canvas, hint);
  }
  parentElement.querySelector(".tfdl-plane-hint").textContent = data.hint;
  canvas.setAttribute("aria-label", data.hint);
  const size = data.size, e = data.extent, ctx = canvas.getContext("2d");
  canvas.width = size; canvas.height = size;
  const px = (v) => (v + e) / (2 * e) * size, py = (v) => (e - v) / (2 * e) * size;
  const draw = (points) => {
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, size, size);
    for (let g = -e; g <= e; g += 1) {
      ctx.strokeStyle = g === 0 ? "#888" : "#e4e4e4"; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(px(g), 0); ctx.lineTo(px(g), size); ctx.stroke();
      ctx.beginPath(); ctx.moveTo(0, py(g)); ctx.lineTo(size, py(g)); ctx.stroke();
    }
    points.forEach(([a, b, k]) => {
      ctx.fillStyle = data.colors[k % data.colors.length]; ctx.strokeStyle = "#fff"; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.arc(px(a), py(b), 4.5, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
    });
  };
  const shown = data.points.slice();
  draw(shown);
  canvas.onclick = (ev) => {
    const r = canvas.getBoundingClientRect();
    const x1 = Math.round(((ev.clientX - r.left) / r.width * 2 * e - e) * 100) / 100;
    const x2 = Math.round((e - (ev.clientY - r.top) / r.height * 2 * e) * 100) / 100;
    shown.push([x1, x2, data.cls]); draw(shown);  // at once; the server's list replaces it on the rerun
    setStateValue("click", { x1: x1, x2: x2, n: Date.now() + Math.random() });
  };
}
"""

_plane = st.components.v2.component("tfdl_plane", css=_CSS, js=_JS)


def click_from_report(report) -> tuple[float, float] | None:
    """The spot a click reported, or ``None`` when the report is not two finite numbers in the square
    (nothing the component itself would send)."""
    if not isinstance(report, dict):
        return None
    spot = report.get("x1"), report.get("x2")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in spot):
        return None
    if max(abs(v) for v in spot) > EXTENT:
        return None
    return float(spot[0]), float(spot[1])


def new_click(key: str) -> tuple[float, float] | None:
    """The spot of a click since the last run (read before the plane is drawn), else ``None``."""
    return click_from_report(fresh_report(key, "click"))


def plane(key: str, points: list, cls: int, colors, hint: str) -> None:
    """Draw the plane with ``points`` (``[x1, x2, label]`` rows); a click will add one of class ``cls``."""
    _plane(
        key=key,
        data={"points": points, "cls": int(cls), "colors": list(colors), "size": SIZE, "extent": EXTENT, "hint": hint},
        on_click_change=lambda: None,
        width="content",
    )
