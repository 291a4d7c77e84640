"""tfdl.explain: walk geometry, the sum of products, the two size rules and stack receptive fields,
checked against brute force in numpy and the worked examples of CURRICULUM §1."""

import numpy as np
import pytest

from tfdl import functional as F
from tfdl.data import worked_examples as WE
from tfdl.errors import TfdlValueError
from tfdl.explain import pool_text, size_rule_table, stack_receptive_fields, sum_of_products, walk_pads
from tfdl.viz import conv as vz


@pytest.mark.parametrize(("shape", "k", "s", "p", "d", "ceil"), [
    ((3, 3), (2, 2), 1, "same", 1, False), ((5, 7), (3, 3), 2, 1, 2, False), ((5, 5), (2, 2), 2, 0, 1, True),
    ((6, 6), (3, 3), 2, (1, 0), 1, True), ((4, 4), (3, 1), 1, "valid", 1, False)])
def test_walk_pads_cover_every_window_exactly(shape, k, s, p, d, ceil):
    (top, bottom), (left, right) = walk_pads(shape, k, s, p, d, ceil)[0]
    overflow = walk_pads(shape, k, s, p, d, ceil)[1]
    coords = np.concatenate([w.coords.reshape(-1, 2) for w in F.windows(shape, k, s, p, d, ceil_mode=ceil)])
    assert coords[:, 0].min() >= -top and coords[:, 1].min() >= -left
    # the walk's canvas reaches the last tap exactly when windows overflow the padding
    last = coords.max(axis=0)
    for axis, (size, after) in enumerate(((shape[0], bottom), (shape[1], right))):
        assert last[axis] <= size - 1 + after + overflow[axis]
        if overflow[axis]:
            assert last[axis] == size - 1 + after + overflow[axis]


@pytest.mark.parametrize("name", ["valid", "same", "stride2", "5x5"])
def test_sum_of_products_adds_up_to_the_notes(name):
    ex = WE.CONVOLUTIONS[name]
    x, k = np.array(ex.x, float), np.array(ex.kernel, float)
    steps = list(F.walk(x, k, ex.params.get("stride", 1), ex.params.get("padding", 0)))
    result = np.array(ex.result, float).ravel()
    for step, expected in zip(steps, result):
        text = sum_of_products(step, k, emphasis="")
        lhs, terms, total = text.split(" = ")
        products = [float(a) * float(b.strip("()")) for a, b in (t.split("·") for t in terms.split(" + "))]
        assert np.isclose(sum(products), expected) and float(total) == expected
        assert lhs == "out[{}, {}]".format(*step.window.index)


def test_sum_of_products_of_the_same_example_cell_1_2():
    # CURRICULUM §1: the notes' slide prints 4 for cell (1, 2); 5·0 + 0·1 + 2·1 + 0·(-1) = 2
    ex = WE.CONVOLUTIONS["same"]
    k = np.array(ex.kernel)
    step = list(F.walk(np.array(ex.x), k, padding="same"))[5]
    assert sum_of_products(step, k) == "out[1, 2] = 5·0 + 0·1 + 2·1 + 0·(-1) = **2**"


def test_pool_text_matches_numpy():
    ex = WE.POOLINGS["max_2x2_b"]
    x = np.array(ex.x, float)
    ws = list(F.windows(x.shape, 2, 2))
    assert pool_text("max", ws[1], x, 30.0, emphasis="") == "out[0, 1] = max(30, 0, 2, 0) = 30"
    padded = list(F.windows((2, 2), 2, 1, padding=1))[0]
    assert pool_text("avg", padded, np.ones((2, 2)), 0.25, include_pad=True) == "out[0, 0] = avg(1, 0, 0, 0) = **0.25**"


def test_size_rule_table_fills_in_the_notes_checks():
    # PyTorch Conv2d((3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1)) on 50×100 -> 26×100, per axis
    rows = size_rule_table((50, 28), (3, 3), stride=2, padding=1, dilation=2)
    assert rows[1].pytorch == "floor((28 + 2·1 - 2·(3-1) - 1) / 2) + 1 = 13"
    assert rows[0].pytorch.endswith("= 24") and rows[0].axis == "height" and rows[1].axis == "width"
    row = size_rule_table((5, 5), (3, 3), stride=2, padding="same")[0]
    assert row.tensorflow == "ceil(5 / 2) = 3"
    assert isinstance(row.pytorch, TfdlValueError) and row.pytorch.code == "pytorch_same_stride"
    row = size_rule_table((5, 5), (2, 2), stride=2, padding=0, ceil_mode=True)[0]
    assert row.tensorflow.code == "tf_pool_ceil_mode" and row.pytorch.endswith("= 3")
    row = size_rule_table((2, 2), (3, 3), padding="valid")[0]
    assert isinstance(row.tensorflow, ValueError) and isinstance(row.pytorch, ValueError)


def test_stack_receptive_fields_of_the_notes_chain():
    fits, layers = stack_receptive_fields((28, 28), "conv", (3, 3), blocks=2, pool_after=True)
    chain = [size for _, size in WE.SIZE_CHAIN_28[1:]]
    assert fits == 2 and [layer["output"][0] for layer in layers] == chain
    assert [layer["size"] for layer in layers] == [(3, 3), (4, 4), (8, 8), (10, 10)]


def _brute_force_region(shape, k, d, blocks, pool):
    """Bounding box of the input cells that change the centre output cell (ones kernels, avg pooling)."""
    def forward(x):
        for _ in range(blocks):
            x = F.conv2d(x, np.ones(k), dilation=d)
            if pool:
                x = F.avg_pool2d(x, 2, 2)
        return x
    out = forward(np.zeros(shape))
    centre = ((out.shape[0] - 1) // 2, (out.shape[1] - 1) // 2)
    seen = [(r, c) for r in range(shape[0]) for c in range(shape[1])
            if forward(np.eye(1, shape[0] * shape[1], r * shape[1] + c).reshape(shape))[centre] != 0]
    rows, cols = zip(*seen)
    return (min(rows), min(cols), max(rows) - min(rows) + 1, max(cols) - min(cols) + 1)


@pytest.mark.parametrize(("shape", "k", "d", "blocks", "pool"), [
    ((14, 14), (3, 3), 1, 2, True), ((13, 11), (3, 2), 2, 2, False), ((16, 16), (2, 3), 1, 1, True)])
def test_stack_regions_match_brute_force(shape, k, d, blocks, pool):
    fits, layers = stack_receptive_fields(shape, "conv", k, dilation=d, blocks=blocks, pool_after=pool)
    assert fits == blocks
    assert layers[-1]["region"] == _brute_force_region(shape, k, d, blocks, pool)


def test_stack_stops_where_nothing_is_left_and_fails_if_nothing_fits():
    fits, layers = stack_receptive_fields((8, 8), "conv", (3, 3), blocks=6, pool_after=True)
    assert fits == 1 and [layer["name"] for layer in layers] == ["conv1", "pool1"]
    with pytest.raises(ValueError):
        stack_receptive_fields((2, 2), "conv", (3, 3), blocks=2)


def test_kernel_walk_figure_takes_a_walk_step():
    ex = WE.CONVOLUTIONS["same"]
    x, k = np.array(ex.x, float), np.array(ex.kernel, float)
    step = list(F.walk(x, k, padding="same"))[5]
    pads, overflow = walk_pads(x.shape, k.shape, padding="same")
    fig = vz.kernel_walk_figure(step, pads, out=np.array(ex.result, float), x=x, kernel=k)
    drawn = fig.axes[0].images[0].get_array()
    np.testing.assert_array_equal(drawn, F.pad(x, [[0, 1], [0, 1]], "zeros"))
    taps = sorted((int(p.get_y() + 0.5), int(p.get_x() + 0.5)) for p in fig.axes[0].patches if p.get_gid() == "tap")
    assert taps == [(1, 2), (1, 3), (2, 2), (2, 3)]  # padded coordinates of out[1, 2]'s window
    cell = [p for p in fig.axes[1].patches if p.get_gid() == "out-cell"][0]
    assert (cell.get_y() + 0.5, cell.get_x() + 0.5) == (1, 2)
    # pooling: a window, padding drawn empty, ceil_mode's overflow added
    w = list(F.windows((5, 5), 2, 2, ceil_mode=True))[-1]
    pads, overflow = walk_pads((5, 5), (2, 2), 2, 0, ceil_mode=True)
    fig = vz.kernel_walk_figure(w, pads, out=np.zeros((3, 3)), x=np.ones((5, 5)), overflow=overflow,
                                empty_padding=True)
    drawn = np.ma.filled(fig.axes[0].images[0].get_array().astype(float), np.nan)
    assert drawn.shape == (6, 6) and np.isnan(drawn[5]).all() and not np.isnan(drawn[:5, :5]).any()
    with pytest.raises(ValueError, match="`pad`, `out` and `x`"):
        vz.kernel_walk_figure(w, pads, out=np.zeros((3, 3)))


def test_the_receptive_field_table_follows_ceil_mode():
    """A 5×5 input, 2×2 pooling stride 2: floor((5-2)/2)+1 = 2 cells, ceil((5-2)/2)+1 = 3 with
    ceil_mode (the Pooling tab's shapes said 3×3 and its receptive-field table 2×2)."""
    _, floor = stack_receptive_fields((5, 5), "pool", (2, 2), stride=2)
    _, ceil = stack_receptive_fields((5, 5), "pool", (2, 2), stride=2, ceil_mode=True)
    assert floor[0]["output"] == (2, 2) and ceil[0]["output"] == (3, 3)
    assert ceil[0]["size"] == floor[0]["size"] == (2, 2)  # the window is the same; only the count changes
