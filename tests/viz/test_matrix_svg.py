"""tfdl.viz.matrix_svg: the pictures print exactly the numbers and highlights they stand for (the notes'
4×9 matrix, zero insertion counted by hand, the windows of one output cell)."""

import re

import numpy as np
import pytest

from tfdl.data import worked_examples as WE
from tfdl.functional import matrix_view, seen_mask, transposed_steps, window_weights
from tfdl.viz import connectivity_svg, matrix_product_svg, zero_insertion_svg


def _panel(svg: str, name: str) -> str:
    start = svg.index(f'data-panel="{name}"')
    end = svg.find('<g class="panel"', start + 1)
    return svg[start : end if end > 0 else len(svg)]


def _values(fragment: str) -> list[str]:
    return re.findall(r'class="value"[^>]*>([^<]*)<', fragment)


def test_the_product_prints_the_notes_matrix_blank_where_no_input_is_read():
    ex = WE.CONVOLUTIONS["valid"]
    view = matrix_view(ex.x, ex.kernel)
    svg = matrix_product_svg(view.matrix, view.x, view.y.ravel(), pattern=view.pattern, row=1)
    expected = [str(int(v)) for v, p in zip(np.ravel(WE.CONV_MATRIX_3x3_2x2), view.pattern.ravel()) if p]
    assert _values(_panel(svg, "matrix")) == expected  # 16 entries, the kernel's 0s included
    assert _values(_panel(svg, "vector")) == [str(v) for v in np.ravel(ex.x)]
    assert _values(_panel(svg, "result")) == [str(v) for v in np.ravel(ex.result)]
    assert svg.count('class="read"') == 4 and svg.count('class="row"') == 1  # row 1 reads x[1], x[2], x[4], x[5]
    with pytest.raises(ValueError, match="do not fit"):
        matrix_product_svg(view.matrix, np.ones(8), view.y.ravel())


def test_zero_insertion_marks_each_inserted_zero_and_padding_cell():
    x = np.arange(1.0, 7.0).reshape(2, 3)
    steps = transposed_steps(x, np.ones((3, 3)), stride=2)
    svg = zero_insertion_svg(x, steps.padded[..., 0], steps.roles, steps.flipped[:, :, 0, 0])
    # 2×3 input, stride 2: a 3×5 grid with 15 − 6 = 9 inserted zeros, padded by 2 each side: 7×9
    assert steps.padded.shape[:2] == (7, 9)
    assert svg.count('class="inserted"') == 9
    assert svg.count('class="pad"') == 7 * 9 - 3 * 5
    assert sorted(float(v) for v in _values(_panel(svg, "inserted")) if v != "0") == list(x.ravel())


def test_connectivity_frames_the_seen_cells_and_prints_the_weights():
    kernel = np.array([[1.0, 2.0], [3.0, 4.0]])
    masks = [seen_mask(kind, (4, 4), 2, (1, 2)) for kind in ("dense", "local", "conv")]
    weights = [None, None, window_weights((4, 4), kernel, (1, 2))]
    svg = connectivity_svg(np.arange(16.0).reshape(4, 4), masks, (3, 3), (1, 2), weights=weights, size=160)
    assert svg.count('class="seen"') == 16 + 4 + 4
    assert re.findall(r'class="weight"[^>]*>([^<]*)<', svg) == ["×1", "×2", "×3", "×4"]  # input rows 1–2, cols 2–3
    assert svg.count('class="out-cell"') == 1
