"""tfdl.viz.conv: the figures build, and what they highlight is what the maths reads.

References are the worked examples of CURRICULUM §1 (exact numbers from the course notes) and
plain numpy indexing, not the code under test.
"""

import numpy as np
import pytest

from tfdl.viz import conv as vz

# CURRICULUM §1, stride 2: x ⋆ k = [[0, 2], [-5, 2]]
X_STRIDE2 = np.array(
    [[1, 2, 3, 1, 0], [3, 4, 5, 2, 1], [1, 0, 2, 3, 4], [0, 1, 3, 1, 2], [1, 2, 4, 2, 3]], float
)
K_STRIDE2 = np.array([[0, 1, 0], [1, 0, -1], [0, -1, 0]], float)
Y_STRIDE2 = np.array([[0, 2], [-5, 2]], float)


def _cells(ax, gid):
    """(row, col) of the unit patches with this gid (a patch at xy=(c-.5, r-.5))."""
    out = []
    for p in ax.patches:
        if p.get_gid() == gid:
            x, y = p.get_xy()
            out.append((int(round(y + 0.5)), int(round(x + 0.5))))
    return sorted(out)


def _taps(i, j, kh, kw, s, d, top=0, left=0):
    rows = i * s + np.arange(kh) * d + top
    cols = j * s + np.arange(kw) * d + left
    return np.stack(np.meshgrid(rows, cols, indexing="ij"), axis=-1)


@pytest.mark.parametrize("cell", [(0, 0), (0, 1), (1, 0), (1, 1)])
def test_walk_highlights_the_window_of_the_notes_stride2_example(cell):
    i, j = cell
    fig = vz.kernel_walk_figure(X_STRIDE2, ((0, 0), (0, 0)), _taps(i, j, 3, 3, 2, 1), Y_STRIDE2,
                                cell, kernel=K_STRIDE2)
    ax_in, ax_out = fig.axes
    taps = _cells(ax_in, "tap")
    assert taps == [(2 * i + a, 2 * j + b) for a in range(3) for b in range(3)]
    # the highlighted cells times the kernel give the notes' output value
    values = np.array([X_STRIDE2[r, c] for r, c in taps]).reshape(3, 3)
    assert (values * K_STRIDE2).sum() == Y_STRIDE2[i, j]
    assert _cells(ax_out, "out-cell") == [cell]
    assert _cells(ax_in, "gap") == []
    assert not [im for im in ax_in.images if im.get_gid() == "pad"]  # no padding, no overlay
    # the window span and the kernel weights printed on the taps
    (window,) = [p for p in ax_in.patches if p.get_gid() == "window"]
    assert (window.get_width(), window.get_height()) == (3, 3)
    assert sum(t.get_text().startswith("×") for t in ax_in.texts) == 9


def test_walk_shows_dilation_gaps_and_padding_cells():
    x = np.arange(25.0).reshape(5, 5)
    xp = np.pad(x, 2, mode="reflect")  # padding 2 each side, reflect
    fig = vz.kernel_walk_figure(xp, ((2, 2), (2, 2)), _taps(1, 0, 3, 3, 2, 2), np.zeros((3, 3)),
                                (1, 0), padding_mode="reflect")
    ax_in = fig.axes[0]
    taps = _cells(ax_in, "tap")
    assert taps == [(r, c) for r in (2, 4, 6) for c in (0, 2, 4)]
    gaps = _cells(ax_in, "gap")
    span = {(r, c) for r in range(2, 7) for c in range(0, 5)}
    assert set(gaps) == span - set(taps) and len(gaps) == 25 - 9
    (overlay,) = [im for im in ax_in.images if im.get_gid() == "pad"]
    rgba = np.asarray(overlay.get_array())
    is_pad = rgba[..., 3] > 0
    expected = np.ones((9, 9), bool)
    expected[2:7, 2:7] = False
    np.testing.assert_array_equal(is_pad, expected)  # 81 - 25 padding cells, the border of 2
    import matplotlib.colors as mcolors

    assert np.allclose(rgba[0, 0, :3], mcolors.to_rgb(vz.PADDING_MODE_COLORS["reflect"]))
    # the printed values of the padded grid are the reflected ones
    printed = [t.get_text() for t in ax_in.texts]
    assert printed[: 9] == [str(int(v)) for v in xp[0]]


def test_walk_rejects_bad_taps():
    with pytest.raises(ValueError, match="taps"):
        vz.kernel_walk_figure(np.zeros((3, 3)), ((0, 0), (0, 0)), np.zeros((3, 2)),
                              np.zeros((1, 1)), (0, 0))


def test_number_grid_prints_every_value_beside_the_picture():
    x = np.array([[0, 16], [7, 3]])
    fig = vz.number_grid_figure(x)
    assert len(fig.axes) == 2
    assert [t.get_text() for t in fig.axes[0].texts] == ["0", "16", "7", "3"]
    rgb = np.arange(2 * 3 * 3).reshape(2, 3, 3)
    fig = vz.number_grid_figure(rgb)
    assert len(fig.axes) == 4  # R, G, B numbers + the colour picture
    assert [t.get_text() for t in fig.axes[1].texts] == [str(v) for v in rgb[..., 1].ravel()]
    assert fig.axes[-1].images[0].get_array().shape == (2, 3, 3)
    with pytest.raises(ValueError, match="x.shape"):
        vz.number_grid_figure(np.zeros(4))


def test_big_grids_skip_numbers_and_decimals_are_short():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    vz.draw_number_grid(ax, np.zeros((40, 40)))
    assert len(ax.texts) == 0
    ax = Figure().subplots()
    vz.draw_number_grid(ax, np.array([[1 / 3, 2.5]]))
    assert [t.get_text() for t in ax.texts] == ["0.33", "2.5"]


def test_output_figure_numbers_and_maps():
    y = np.stack([Y_STRIDE2, -Y_STRIDE2], axis=-1)
    fig = vz.conv_output_figure(y, channel=1)
    assert len(fig.axes) == 4  # numbers + picture of channel 1, then both maps
    assert len(vz.conv_output_figure(Y_STRIDE2).axes) == 2
    assert [t.get_text() for t in fig.axes[0].texts] == ["0", "-2", "5", "-2"]
    with pytest.raises(ValueError, match="channel"):
        vz.conv_output_figure(y, channel=2)


def test_receptive_field_regions_are_drawn_where_given():
    fig = vz.receptive_field_figure(np.zeros((8, 8)), [(3, 3, 3, 3), (-1, -1, 10, 10)],
                                    labels=["layer 1", "layer 2"])
    patches = [p for p in fig.axes[0].patches if p.get_gid() == "receptive-field"]
    assert [(p.get_xy(), p.get_width()) for p in patches] == [((2.5, 2.5), 3), ((-1.5, -1.5), 10)]
    assert patches[0].get_linestyle() == "-" and patches[1].get_linestyle() == "--"


def test_size_formulas_from_the_notes():
    # brief's example and PyTorch Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2),
    # dilation=(3, 1)) on 50×100 -> 26×100 (CURRICULUM §1)
    assert vz.conv_size_formula(28, 3, stride=2, padding=1, dilation=2) == (
        "floor((28 + 2·1 - 2·(3-1) - 1) / 2) + 1 = 13")
    assert vz.conv_size_formula(50, 3, stride=2, padding=4, dilation=3).endswith("= 26")
    assert vz.conv_size_formula(100, 5, stride=1, padding=2).endswith("= 100")
    assert vz.conv_size_formula(5, 3, rule="tensorflow", padding="valid") == (
        "ceil((5 - 1·(3-1)) / 1) = 3")
    assert vz.conv_size_formula(28, 3, 2, "same", rule="tensorflow") == "ceil(28 / 2) = 14"
    # TensorFlow reads integer padding as ZeroPadding2D + 'valid': same number as PyTorch
    assert vz.conv_size_formula(28, 3, 2, 1, 2, rule="tensorflow").endswith("= 13")
    # MaxPool2d((3, 2), stride=(2, 1)) on 50×32 -> 24×31, and ceil_mode
    assert vz.conv_size_formula(50, 3, 2).endswith("= 24")
    assert vz.conv_size_formula(50, 3, 2, ceil_mode=True).endswith("= 25")
    with pytest.raises(ValueError, match="stride 1"):
        vz.conv_size_formula(28, 3, 2, "same", rule="pytorch")
    with pytest.raises(ValueError, match="ceil_mode"):
        vz.conv_size_formula(28, 3, 2, 0, ceil_mode=True, rule="tensorflow")
    with pytest.raises(ValueError, match="kernel is larger"):
        vz.conv_size_formula(2, 3, padding="valid", rule="tensorflow")
    with pytest.raises(ValueError, match="rule"):
        vz.conv_size_formula(5, 3, rule="jax")


# --- readability (issue 13): the walk's numbers stay readable at any size --------------------


def _walk(x, k, stride=1, padding=0, step=0):
    """The figure of one walk step and the padded input it draws (reference: numpy padding)."""
    from tfdl import functional as F
    from tfdl.explain import walk_pads

    y = F.conv2d(x, k, stride=stride, padding=padding)
    pads, overflow = walk_pads(x.shape, k.shape, stride, padding)
    s = list(F.walk(x, k, stride, padding))[step]
    fig = vz.kernel_walk_figure(s, pads, out=y, x=x, kernel=k, overflow=overflow)
    return fig, np.pad(x, pads), y, s


def _panel(fig, label):
    return next(ax for ax in fig.axes if ax.get_label() == label)


def _numbers(ax):
    """{(row, col): text} of the values printed on ``ax`` (the kernel weights left out)."""
    return {(int(round(t.get_position()[1])), int(round(t.get_position()[0]))): t
            for t in ax.texts if not t.get_text().startswith("×")}


def _assert_readable(fig, ax, at_least=vz.MIN_NUMBER_FONT):
    """Every value on ``ax`` is at least ``at_least`` points (a kernel weight 0.8 of it) and narrower
    than its cell."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    cell_px = ax.get_window_extent(renderer).width / abs(np.diff(ax.get_xlim())[0])
    assert ax.texts
    for t in ax.texts:
        weight = t.get_text().startswith("×")
        assert t.get_fontsize() >= at_least * (0.8 if weight else 1.0) - 1e-9, (t.get_text(), t.get_fontsize())
        assert t.get_window_extent(renderer).width < cell_px, t.get_text()


def test_a_12x12_walk_prints_readable_numbers():
    """12×12 inputs printed their numbers at 5 pt on an 8-inch figure (unreadable in the app):
    every number is now at least MIN_NUMBER_FONT points, fits its cell, and is the input's value."""
    x = (np.arange(144.0).reshape(12, 12) * 37) % 256
    k = np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]], float)
    fig, xp, y, step = _walk(x, k, padding=1, step=20)
    assert fig.get_size_inches()[0] <= 6.4 + 1e-9  # shown at its own size in the app, not shrunk
    number_panel = _panel(fig, "zoom") if any(ax.get_label() == "zoom" for ax in fig.axes) else fig.axes[0]
    _assert_readable(fig, number_panel)
    for (r, c), t in _numbers(number_panel).items():
        assert t.get_text() == str(int(xp[r, c]))
    out, (i, j) = _panel(fig, "output"), step.window.index
    if _numbers(out):  # the output's numbers where they fit, else the cell's value in the title
        _assert_readable(fig, out)
        assert _numbers(out)[(i, j)].get_text() == str(int(y[i, j]))
    else:
        assert out.get_title() == f"output: [{i}, {j}] = {int(y[i, j])}"


def test_a_28x28_walk_zooms_on_the_kernel():
    """Too many cells for numbers: the input is a picture, a zoom prints the cells around the
    kernel (the window plus one cell each side) with the kernel weights on the taps."""
    x = (np.arange(784.0).reshape(28, 28) * 13) % 256
    k = np.arange(9.0).reshape(3, 3) - 4
    fig, xp, y, step = _walk(x, k, stride=2, padding=1, step=33)  # out[2, 5]: padded rows 4–6, cols 10–12
    ax_in, zoom = fig.axes[0], _panel(fig, "zoom")
    assert _numbers(ax_in) == {}  # no unreadable numbers on the big picture
    printed = _numbers(zoom)
    assert sorted(printed) == [(r, c) for r in range(3, 8) for c in range(9, 14)]
    assert all(t.get_text() == str(int(xp[r, c])) for (r, c), t in printed.items())
    weights = sorted(t.get_text() for t in zoom.texts if t.get_text().startswith("×"))
    assert weights == sorted(f"×{int(v)}" for v in k.ravel())
    _assert_readable(fig, zoom)
    (frame,) = [p for p in ax_in.patches if p.get_gid() == "zoom-region"]
    assert (frame.get_x() + 0.5, frame.get_y() + 0.5, frame.get_width(), frame.get_height()) == (9, 3, 5, 5)
    assert _panel(fig, "output").get_title() == f"output: [2, 5] = {int(y[2, 5])}"


def test_the_1d_example_puts_the_output_under_the_input_cell_under_cell():
    """The notes' 1-D example (1×10 ⋆ 1×3) drew two thin strips side by side on a 12.8-inch figure:
    now the output sits under the input, with cells as wide as the input's and big numbers."""
    x = np.array([[1, 2, 3, 4, 5, 5, 4, 3, 2, 1]], float)
    k = np.array([[-1, 0, 1]], float)
    fig, xp, y, step = _walk(x, k, step=4)
    np.testing.assert_array_equal(y, [[2, 2, 2, 1, -1, -2, -2, -2]])  # the notes' result
    ax_in, ax_out = fig.axes[:2]
    fig.draw_without_rendering()
    box_in, box_out = ax_in.get_window_extent(), ax_out.get_window_extent()
    assert box_out.y1 < box_in.y0  # below
    cell_in = box_in.width / 10
    assert box_out.width / abs(np.diff(ax_out.get_xlim())[0]) == pytest.approx(cell_in, rel=0.02)
    assert cell_in * 72 / fig.dpi >= 0.5 * 72  # half-inch cells
    assert fig.get_size_inches()[0] <= 6.4 + 1e-9
    _assert_readable(fig, ax_in, at_least=10)
    assert {rc: t.get_text() for rc, t in _numbers(ax_out).items()} == {(0, j): str(int(v)) for j, v in enumerate(y[0])}
