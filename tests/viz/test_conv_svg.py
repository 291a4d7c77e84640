"""tfdl.viz.conv_svg: well-formed SVG whose highlights are what the maths reads.

References are the worked examples of CURRICULUM §1 (exact numbers from the course notes) and
plain numpy indexing, as for the matplotlib figures (tests/viz/test_conv.py).
"""

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from tfdl import functional as F
from tfdl.viz import conv_svg as vs
from tfdl.viz.conv import PADDING_MODE_COLORS

X_STRIDE2 = np.array([[1, 2, 3, 1, 0], [3, 4, 5, 2, 1], [1, 0, 2, 3, 4], [0, 1, 3, 1, 2], [1, 2, 4, 2, 3]], float)
K_STRIDE2 = np.array([[0, 1, 0], [1, 0, -1], [0, -1, 0]], float)
Y_STRIDE2 = np.array([[0, 2], [-5, 2]], float)
NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    assert svg.startswith("<svg")
    return ET.fromstring(svg)  # raises on malformed XML


def _panels(root) -> list:
    return [g for g in root.iter(f"{NS}g") if g.get("class") == "panel"]


def _of_class(node, cls) -> list:
    return [e for e in node.iter() if e.get("class") == cls]


def _cells(node, cls) -> list[tuple[int, int]]:
    return sorted((int(e.get("data-row")), int(e.get("data-col"))) for e in _of_class(node, cls))


def _values(panel) -> list[str]:
    return [e.text for e in _of_class(panel, "value")]


def _taps(i, j, kh, kw, s, d, top=0, left=0):
    rows = i * s + np.arange(kh) * d + top
    cols = j * s + np.arange(kw) * d + left
    return np.stack(np.meshgrid(rows, cols, indexing="ij"), axis=-1)


def _box(rect) -> tuple[float, float, float, float]:
    return tuple(float(rect.get(k)) for k in ("x", "y", "width", "height"))


@pytest.mark.parametrize("cell", [(0, 0), (0, 1), (1, 0), (1, 1)])
def test_walk_highlights_the_window_of_the_notes_stride2_example(cell):
    i, j = cell
    root = _parse(
        vs.kernel_walk_svg(X_STRIDE2, ((0, 0), (0, 0)), _taps(i, j, 3, 3, 2, 1), Y_STRIDE2, cell, kernel=K_STRIDE2)
    )
    panel_in, panel_out = _panels(root)
    taps = _cells(panel_in, "tap")
    assert taps == [(2 * i + a, 2 * j + b) for a in range(3) for b in range(3)]
    values = np.array([X_STRIDE2[r, c] for r, c in taps]).reshape(3, 3)
    assert (values * K_STRIDE2).sum() == Y_STRIDE2[i, j]  # the highlighted cells give the notes' output
    assert _cells(panel_out, "out-cell") == [cell]
    assert _cells(panel_in, "gap") == [] and _of_class(panel_in, "pad") == []
    (window,) = _of_class(panel_in, "window")
    side = float(_of_class(panel_in, "tap")[0].get("width"))
    x, y, width, height = _box(window)
    assert (x / side, y / side, width / side, height / side) == (2 * j, 2 * i, 3, 3)
    weights = [e.text for e in _of_class(panel_in, "weight")]
    assert weights == [f"×{int(v)}" for v in K_STRIDE2.ravel()]
    assert _values(panel_in) == [str(int(v)) for v in X_STRIDE2.ravel()]
    assert _values(panel_out) == [str(int(v)) for v in Y_STRIDE2.ravel()]


def test_walk_shows_dilation_gaps_and_padding_cells():
    x = np.arange(25.0).reshape(5, 5)
    xp = np.pad(x, 2, mode="reflect")
    root = _parse(
        vs.kernel_walk_svg(
            xp, ((2, 2), (2, 2)), _taps(1, 0, 3, 3, 2, 2), np.zeros((3, 3)), (1, 0), padding_mode="reflect"
        )
    )
    panel_in = _panels(root)[0]
    taps = _cells(panel_in, "tap")
    assert taps == [(r, c) for r in (2, 4, 6) for c in (0, 2, 4)]
    gaps = _cells(panel_in, "gap")
    span = {(r, c) for r in range(2, 7) for c in range(0, 5)}
    assert set(gaps) == span - set(taps) and len(gaps) == 25 - 9
    side = float(_of_class(panel_in, "tap")[0].get("width"))
    covered = np.zeros((9, 9), bool)
    for band in _of_class(panel_in, "pad"):
        assert band.get("fill") == PADDING_MODE_COLORS["reflect"]
        x0, y0, w, h = (round(v / side) for v in _box(band))
        covered[y0 : y0 + h, x0 : x0 + w] = True
    expected = np.ones((9, 9), bool)
    expected[2:7, 2:7] = False
    np.testing.assert_array_equal(covered, expected)  # 81 - 25 padding cells, the border of 2
    assert _values(panel_in)[:9] == [str(int(v)) for v in xp[0]]  # the reflected values


def test_walk_takes_a_walk_step_like_the_figure():
    x = X_STRIDE2
    step = list(F.walk(x, K_STRIDE2, stride=2, padding=1, dilation=1, padding_mode="zeros"))[3]
    out = F.conv2d(x[..., None], K_STRIDE2[..., None, None], stride=2, padding=1)[..., 0]
    root = _parse(vs.kernel_walk_svg(step, ((1, 1), (1, 1)), out=out, x=x, kernel=K_STRIDE2))
    panel_in, panel_out = _panels(root)
    i, j = step.window.index
    assert _cells(panel_out, "out-cell") == [(i, j)]
    taps = _cells(panel_in, "tap")
    assert taps == sorted(map(tuple, _taps(i, j, 3, 3, 2, 1).reshape(-1, 2).tolist()))
    xp = np.pad(x, 1)
    assert sum(xp[r, c] * K_STRIDE2[r - 2 * i, c - 2 * j] for r, c in taps) == out[i, j] == step.output
    with pytest.raises(ValueError, match="walk step needs"):
        vs.kernel_walk_svg(step, ((1, 1), (1, 1)), out=out)
    with pytest.raises(ValueError, match="taps"):
        vs.kernel_walk_svg(np.zeros((3, 3)), ((0, 0), (0, 0)), np.zeros((3, 2)), np.zeros((1, 1)), (0, 0))


def test_number_grid_prints_every_value_beside_the_picture():
    root = _parse(vs.number_grid_svg(np.array([[0, 16], [7, 3]])))
    panels = _panels(root)
    assert len(panels) == 2 and _values(panels[0]) == ["0", "16", "7", "3"] and _values(panels[1]) == []
    rgb = np.arange(2 * 3 * 3).reshape(2, 3, 3)
    panels = _panels(_parse(vs.number_grid_svg(rgb)))
    assert len(panels) == 4  # R, G, B numbers + the colour picture
    assert _values(panels[1]) == [str(v) for v in rgb[..., 1].ravel()]
    # the colour picture, scaled to [0, 255] over all channels as matplotlib shows it: (0, 1, 2)·255/17 first
    fills = [e.get("fill") for e in panels[3].iter(f"{NS}rect") if e.get("fill", "none").startswith("#")]
    assert fills[0] == "#000f1e" and fills[-1] == "#e1f0ff" and len(fills) == 6
    with pytest.raises(ValueError, match="x.shape"):
        vs.number_grid_svg(np.zeros(4))


def test_big_grids_skip_numbers_and_decimals_are_short():
    assert _values(_panels(_parse(vs.number_grid_svg(np.zeros((40, 40)))))[0]) == []
    assert _values(_panels(_parse(vs.number_grid_svg(np.array([[1 / 3, 2.5]]))))[0]) == ["0.33", "2.5"]


def test_output_numbers_and_maps():
    y = np.stack([Y_STRIDE2, -Y_STRIDE2], axis=-1)
    root = _parse(vs.conv_output_svg(y, channel=1))
    panels = _panels(root)
    assert len(panels) == 4  # numbers + picture of channel 1, then both maps
    assert _values(panels[0]) == ["0", "-2", "5", "-2"]
    assert len(_of_class(panels[3], "chosen")) == 1 and _of_class(panels[2], "chosen") == []
    assert len(_panels(_parse(vs.conv_output_svg(Y_STRIDE2)))) == 2
    with pytest.raises(ValueError, match="channel"):
        vs.conv_output_svg(y, channel=2)


def test_receptive_field_regions_are_drawn_where_given():
    root = _parse(
        vs.receptive_field_svg(np.zeros((8, 8)), [(3, 3, 3, 3), (-1, -1, 10, 10)], labels=["layer 1", "layer 2"])
    )
    inner, outer = _of_class(root, "receptive-field")
    (x1, y1, w1, h1), (x2, y2, w2, h2) = _box(inner), _box(outer)
    side = w1 / 3
    assert (x1 / side, y1 / side, h1 / side) == (3, 3, 3)
    assert (x2 / side, y2 / side, w2 / side, h2 / side) == (-1, -1, 10, 10)
    assert inner.get("stroke-dasharray") is None and outer.get("stroke-dasharray")  # over padding: dashed
    assert [e.text for e in root.iter(f"{NS}text")][-2:] == ["layer 1", "layer 2"]


def test_texts_are_escaped():
    svg = vs.number_grid_svg(np.eye(2), titles=("a < b & c", "<picture>"))
    titles = [e.text for e in _parse(svg).iter(f"{NS}text") if e.get("font-size") == "12.0"]
    assert titles == ["a < b & c", "<picture>"]


def _panel(root, name):
    (panel,) = [p for p in _panels(root) if p.get("data-panel") == name]
    return panel


def _fonts(panel) -> list[float]:
    return [float(e.get("font-size")) for e in _of_class(panel, "value")]


def test_a_big_walk_is_a_picture_with_a_zoom_of_the_numbers_around_the_kernel():
    """A 30×30 padded grid: its cells are too small for MIN_NUMBER_FONT, so the input is a picture and
    the zoom prints the cells around the kernel (the window ±1) in a readable font, kernel weights too."""
    from tfdl.viz.conv import MIN_NUMBER_FONT

    x = np.arange(28 * 28, dtype=float).reshape(28, 28) % 251
    k = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], float)
    xp = np.pad(x, 1)
    out = F.conv2d(x[..., None], k[..., None, None], padding=1)[..., 0]
    root = _parse(vs.kernel_walk_svg(xp, ((1, 1), (1, 1)), _taps(10, 20, 3, 3, 1, 1), out, (10, 20), kernel=k))
    panel_in, zoom, panel_out = _panel(root, "input"), _panel(root, "zoom"), _panel(root, "output")
    assert _values(panel_in) == [] and _values(panel_out) == []  # pictures
    assert _values(zoom) == [str(int(v)) for v in xp[9:14, 19:24].ravel()]  # rows 9..13, cols 19..23 (±1)
    assert min(_fonts(zoom)) >= MIN_NUMBER_FONT * 4 / 3  # px
    assert len(_of_class(zoom, "weight")) == 9 and _cells(zoom, "tap") == _cells(panel_in, "tap")
    (frame,) = _of_class(panel_in, "zoom-region")
    side = float(_of_class(panel_in, "tap")[0].get("width"))
    assert [round(v / side) for v in _box(frame)] == [19, 9, 5, 5]
    title = [e.text for e in panel_out.iter(f"{NS}text") if e.get("font-size") == "12.0"][0]
    assert title == f"output: [10, 20] = {int(out[10, 20])}"  # too small to print: the value in the title


def test_a_small_walk_prints_every_number_at_a_readable_size():
    from tfdl.viz.conv import MIN_NUMBER_FONT

    root = _parse(
        vs.kernel_walk_svg(X_STRIDE2, ((0, 0), (0, 0)), _taps(1, 1, 3, 3, 2, 1), Y_STRIDE2, (1, 1), kernel=K_STRIDE2)
    )
    assert not [p for p in _panels(root) if p.get("data-panel") == "zoom"]
    assert min(_fonts(_panel(root, "input")) + _fonts(_panel(root, "output"))) >= MIN_NUMBER_FONT * 4 / 3


def test_a_1d_signal_puts_its_output_under_the_input_cell_under_cell():
    x = np.array([[1, 3, 2, 5, 4, 6, 2, 1, 0, 3, 2, 4]], float)
    k = np.array([[1, 0, -1]], float)
    out = F.conv2d(x[..., None], k[..., None, None])[..., 0]
    root = _parse(vs.kernel_walk_svg(x, ((0, 0), (0, 0)), _taps(0, 4, 1, 3, 1, 1), out, (0, 4), kernel=k))
    groups = [g for g in root if g.tag == f"{NS}g"]  # one per panel, placed by a translate
    (x_in, y_in), (x_out, y_out) = [tuple(map(float, g.get("transform")[10:-1].split(","))) for g in groups]
    assert x_in == x_out and y_out > y_in  # under the input, left-aligned
    assert _values(_panel(root, "output")) == [str(int(v)) for v in out.ravel()]
    side_in = float(_of_class(_panel(root, "input"), "tap")[0].get("width"))
    assert float(_of_class(_panel(root, "output"), "out-cell")[0].get("width")) == side_in  # same cells
