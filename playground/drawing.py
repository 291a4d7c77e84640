"""Your own pictures: a drawing canvas, a clickable kernel grid and a PNG/JPEG upload.

Two small ``st.components.v2`` components written inline (HTML, CSS and JavaScript here, no build
step, no package):

- :func:`drawing_canvas`: a square canvas (mouse, pen or finger) with a Clear button; the drawing
  comes back as a PNG data URL when a stroke ends, and :func:`drawing_image` sends it through the
  same door as an upload, :func:`tfdl.data.read_image` (bytes, pixels and format checked before
  decoding);
- :func:`kernel_grid`: a kh×kw grid of cells; a click adds 1, a right click (or Shift+click)
  subtracts 1, values cycle in −2…2; buttons set the size (3×3, 5×5, 7×7) or clear it.

:func:`upload_widget` is ``st.file_uploader`` for PNG/JPEG; :func:`uploaded_image` checks the file
on the server with the same ``read_image`` (the browser's file-type filter is only a hint). Bad
files raise ``ValueError``, shown by the page's ``friendly_errors`` in the user's language.

A drawing is kept in the session (``_drawing_<key>``) so it is still there when the student comes
back from another page; it is not put in the link (a link carries settings, not pictures).
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from playground.i18n import _
from playground.limits import MAX_UPLOAD_MB
from tfdl.data import image_bytes_from_data_url, read_image
from tfdl.parsing import parse_grid

__all__ = [
    "CANVAS_SIZE",
    "KERNEL_SIZES",
    "drawing_canvas",
    "drawing_image",
    "kept_drawing",
    "kernel_from_report",
    "kernel_grid",
    "upload_widget",
    "uploaded_image",
]

#: The drawing canvas' side in pixels, and the pen's width (thick, like the digits' strokes).
CANVAS_SIZE, PEN_WIDTH = 224, 30
#: The sizes the kernel grid offers; values cycle in −KERNEL_RANGE…KERNEL_RANGE.
KERNEL_SIZES, KERNEL_RANGE = (3, 5, 7), 2
_MAX_DRAWING_PIXELS = 1024 * 1024  # a canvas sends 224×224; anything much bigger did not come from it

_DRAW_HTML = """
<div class="tfdl-draw">
  <canvas class="tfdl-canvas" width="224" height="224"></canvas>
  <div class="tfdl-row"><button type="button" class="tfdl-clear">Clear</button><span class="tfdl-hint"></span></div>
</div>
"""

_CSS = """
.tfdl-draw, .tfdl-kernel { font-family: var(--st-font, sans-serif); color: var(--st-text-color); }
.tfdl-canvas { display: block; width: 224px; max-width: 100%; aspect-ratio: 1; background: #000;
  border: 1px solid var(--st-border-color, #888); border-radius: var(--st-base-radius, 0.5rem);
  touch-action: none; cursor: crosshair; }
.tfdl-row { display: flex; gap: 0.5rem; align-items: center; margin-top: 0.4rem; flex-wrap: wrap; }
.tfdl-hint { font-size: 0.85em; opacity: 0.7; }
button { font: inherit; color: var(--st-text-color); background: var(--st-secondary-background-color);
  border: 1px solid var(--st-border-color, #888); border-radius: var(--st-button-radius, 0.5rem);
  padding: 0.2rem 0.7rem; cursor: pointer; }
button:hover { border-color: var(--st-primary-color); color: var(--st-primary-color); }
.tfdl-cells { display: grid; gap: 3px; width: max-content; }
.tfdl-cell { width: 2.4rem; height: 2.4rem; padding: 0; font-variant-numeric: tabular-nums; font-weight: 600; }
"""

_DRAW_JS = """
export default function ({ parentElement, data, setStateValue }) {
  const canvas = parentElement.querySelector(".tfdl-canvas");
  const clear = parentElement.querySelector(".tfdl-clear");
  const size = data.size, ctx = canvas.getContext("2d");
  // kept on the element: this function runs again whenever the page reruns, even mid-stroke
  const s = canvas.__tfdl || (canvas.__tfdl = { drawing: false, last: null, blank: true, restored: null });
  const wipe = () => { ctx.fillStyle = "#000"; ctx.fillRect(0, 0, size, size); };
  if (canvas.width !== size) { canvas.width = size; canvas.height = size; }
  if (!s.ready) { wipe(); s.ready = true; }
  clear.textContent = data.clear;
  parentElement.querySelector(".tfdl-hint").textContent = data.hint;
  canvas.setAttribute("aria-label", data.hint);
  if (s.blank && data.image && s.restored !== data.image) {  // back on the page: show the last drawing
    s.restored = data.image;
    const img = new Image();
    img.onload = () => { if (s.blank) { ctx.drawImage(img, 0, 0, size, size); s.blank = false; } };
    img.src = data.image;
  }
  const at = (e) => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * size / r.width, (e.clientY - r.top) * size / r.height];
  };
  const line = (a, b) => {
    ctx.strokeStyle = "#fff"; ctx.lineWidth = data.pen; ctx.lineCap = "round"; ctx.lineJoin = "round";
    ctx.beginPath(); ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]); ctx.stroke();
  };
  canvas.onpointerdown = (e) => {
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    s.drawing = true; s.blank = false; s.last = at(e);
    line(s.last, s.last);
  };
  canvas.onpointermove = (e) => {
    if (!s.drawing) return;
    const p = at(e); line(s.last, p); s.last = p;
  };
  canvas.onpointerup = canvas.onpointercancel = () => {
    if (!s.drawing) return;
    s.drawing = false;
    setStateValue("image", canvas.toDataURL("image/png"));
  };
  clear.onclick = () => { wipe(); s.blank = true; s.restored = data.image; setStateValue("image", null); };
}
"""

_KERNEL_JS = """
export default function ({ parentElement, data, setStateValue }) {
  let root = parentElement.querySelector(".tfdl-kernel");
  if (!root) { root = document.createElement("div"); root.className = "tfdl-kernel"; parentElement.appendChild(root); }
  root.replaceChildren();
  let grid = data.grid.map((row) => row.slice());
  const top = data.range;
  const send = () => setStateValue("kernel", { grid: grid, n: Date.now() + Math.random() });
  const step = (v, d) => { let w = Math.round(v) + d; if (w > top) w = -top; if (w < -top) w = top; return w; };
  const cells = document.createElement("div");
  cells.className = "tfdl-cells";
  cells.style.gridTemplateColumns = `repeat(${grid[0].length}, auto)`;
  const paint = (b, v) => {
    const a = Math.min(Math.abs(v) / top, 1) * 0.55;
    b.textContent = Number.isInteger(v) ? String(v) : v.toFixed(2);
    b.style.background = v > 0 ? `rgba(214, 39, 40, ${a})` : v < 0 ? `rgba(31, 119, 180, ${a})` : "";
  };
  grid.forEach((row, i) => row.forEach((v, j) => {
    const b = document.createElement("button");
    b.type = "button"; b.className = "tfdl-cell"; b.dataset.row = i; b.dataset.col = j;
    b.title = data.help;
    paint(b, v);
    const change = (d) => { grid[i][j] = step(grid[i][j], d); paint(b, grid[i][j]); send(); };
    b.onclick = (e) => change(e.shiftKey ? -1 : 1);
    b.oncontextmenu = (e) => { e.preventDefault(); change(-1); };
    cells.appendChild(b);
  }));
  const bar = document.createElement("div");
  bar.className = "tfdl-row";
  data.sizes.forEach((k) => {
    const b = document.createElement("button");
    b.type = "button"; b.textContent = `${k}×${k}`;
    b.onclick = () => {  // the same centre, cropped or padded with zeros
      const h = grid.length, w = grid[0].length, di = Math.floor((k - h) / 2), dj = Math.floor((k - w) / 2);
      grid = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => {
        const r = i - di, c = j - dj;
        return r >= 0 && r < h && c >= 0 && c < w ? grid[r][c] : 0;
      }));
      send();
    };
    bar.appendChild(b);
  });
  const zero = document.createElement("button");
  zero.type = "button"; zero.textContent = data.zero;
  zero.onclick = () => { grid = grid.map((row) => row.map(() => 0)); send(); };
  bar.appendChild(zero);
  const hint = document.createElement("span");
  hint.className = "tfdl-hint"; hint.textContent = data.help;
  root.append(cells, bar, hint);
}
"""

_drawing = st.components.v2.component("tfdl_drawing", html=_DRAW_HTML, css=_CSS, js=_DRAW_JS)
_kernel = st.components.v2.component("tfdl_kernel", css=_CSS, js=_KERNEL_JS)


def drawing_canvas(key: str) -> str | None:
    """Draw the canvas; return the drawing as the browser sent it (a PNG data URL), ``None`` while blank.

    The drawing is kept in the session under ``_drawing_<key>`` and shown again when the canvas is
    drawn after another page. Decode it with :func:`drawing_image`.
    """
    shadow = f"_drawing_{key}"
    kept = st.session_state.get(shadow)
    result = _drawing(
        key=key,
        data={
            "image": kept,
            "size": CANVAS_SIZE,
            "pen": PEN_WIDTH,
            "clear": _("Clear"),
            "hint": _("Draw with the mouse, a pen or a finger."),
        },
        default={"image": kept},
        on_image_change=lambda: None,
        width="content",
    )
    url = result.get("image")
    st.session_state[shadow] = url
    return url or None


def kept_drawing(key: str) -> str | None:
    """The last drawing of canvas ``key`` in this session (a PNG data URL), or ``None``."""
    return st.session_state.get(f"_drawing_{key}") or None


def drawing_image(url: str | None, *, size, channels: int = 1, fit: str = "ink", **fit_args):
    """A drawing from :func:`drawing_canvas` as ``read_image`` makes it (``None`` for no drawing).

    Ink is white on black, as the digits are shown: no inversion. ``fit="ink"`` crops to the
    strokes and centres them (a digit); ``"pad"`` keeps the canvas as it is. ``fit_args``:
    ``margin``, ``min_aspect`` (see :func:`tfdl.data.read_image`).

    Raises:
        ValueError: what the browser sent is not a small PNG (only a tampered client sends one).
    """
    if not url:
        return None
    return read_image(
        image_bytes_from_data_url(url),
        size=size,
        channels=channels,
        fit=fit,
        max_pixels=_MAX_DRAWING_PIXELS,
        **fit_args,
    )


def upload_widget(label: str, key: str):
    """``st.file_uploader`` for one PNG or JPEG (the browser's type filter is a hint only); decode the
    file with :func:`uploaded_image`."""
    return st.file_uploader(
        label, type=["png", "jpg", "jpeg"], key=key, help=_("PNG or JPEG, at most {mb} MB.").format(mb=MAX_UPLOAD_MB)
    )


def uploaded_image(file, *, size, channels: int = 1, fit: str = "pad", **fit_args):
    """An uploaded file as ``read_image`` makes it, or ``None`` when there is none (``fit_args``:
    ``invert``, ``margin``, ``min_aspect``, see :func:`tfdl.data.read_image`).

    The bytes are checked on the server (size, format from the first bytes, pixels from the header,
    then decoding). Streamlit refuses files over ``server.maxUploadSize`` (``.streamlit/config.toml``,
    :data:`playground.limits.MAX_UPLOAD_MB`) and ``read_image`` the same byte count.

    Raises:
        ValueError: a file that is not a sound PNG/JPEG within the caps (coded: shown translated).
    """
    if file is None:
        return None
    return read_image(
        file.getvalue(), size=size, channels=channels, fit=fit, max_bytes=MAX_UPLOAD_MB * 2**20, **fit_args
    )


def kernel_from_report(report) -> np.ndarray | None:
    """The grid a :func:`kernel_grid` reported (``{"grid": rows, "n": nonce}``), or ``None`` when the
    report is not a grid of at most 7×7 finite numbers (nothing the component itself would send)."""
    grid = report.get("grid") if isinstance(report, dict) else None
    if not isinstance(grid, list) or not 1 <= len(grid) <= max(KERNEL_SIZES):
        return None
    if not all(isinstance(row, list) and len(row) == len(grid[0]) for row in grid) or len(grid[0]) > max(KERNEL_SIZES):
        return None
    values = [v for row in grid for v in row]
    if not values or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and abs(v) <= 1e6 for v in values
    ):
        return None
    return np.asarray(grid, dtype=float)


def _grid_of(text: str) -> np.ndarray:
    """The numbers of a typed kernel if the grid can show them (one channel, at most 7×7), else 3×3 zeros."""
    try:
        k = parse_grid(text, "kernel")
    except ValueError:  # a typed kernel the grid cannot show: the student starts from zeros
        return np.zeros((3, 3))
    return k[..., 0] if k.shape[-1] == 1 and max(k.shape[:2]) <= max(KERNEL_SIZES) else np.zeros((3, 3))


def kernel_grid(key: str, text: str) -> np.ndarray | None:
    """Draw the clickable kernel showing the typed kernel ``text`` (rows of numbers, as
    :func:`tfdl.parsing.parse_grid` reads them; a 3×3 of zeros when it is not one channel of at
    most 7×7).

    Returns the grid the student set since the last run, or ``None``: store it where ``text``
    comes from (``format_grid``), so the link carries it. The report is read before the
    component is drawn, so the grid drawn in this run is already the new one.
    """
    state = st.session_state.get(key)
    report = state.get("kernel") if isinstance(state, dict) else None
    seen = f"_kernel_seen_{key}"
    changed = None
    if report is not None and report != st.session_state.get(seen):
        st.session_state[seen] = report
        changed = kernel_from_report(report)
    shown = changed if changed is not None else _grid_of(text)
    _kernel(
        key=key,
        data={
            "grid": shown.tolist(),
            "sizes": list(KERNEL_SIZES),
            "range": KERNEL_RANGE,
            "zero": _("Zeros"),
            "help": _("Click: +1. Right click or Shift+click: −1. Values cycle from −2 to 2."),
        },
        on_kernel_change=lambda: None,
        width="content",
    )
    return changed
