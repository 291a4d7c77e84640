"""The Convolution lab's Pooling tab beyond the forward pass: the numbers it draws for max pooling's
gradient equal ``tf.GradientTape``'s gradient of ``tf.nn.max_pool2d``; the unpooled map equals
``tfdl.layers.MaxUnpooling2D``; the global values equal Keras' global pooling layers; distance-weighted
pooling gives the hand-computed blur of the notes' grid. One run per view and language.
"""

import base64
import math
import re

import keras
import numpy as np
import tensorflow as tf

from tests.playground.pages import open_page
from tfdl.data import worked_examples as WE
from tfdl.layers import MaxPoolingWithArgmax2D, MaxUnpooling2D

# ties (4 4, 8 8 8, 9 9) and overlapping 3×3 windows with stride 2: cells that win two windows
GRID = np.array([[1, 1, 2, 4, 4], [5, 6, 7, 8, 8], [3, 2, 1, 0, 8], [1, 2, 3, 4, 4], [9, 9, 0, 1, 2]], float)


def _grid_text(a) -> str:
    return "\n".join(" ".join(f"{v:g}" for v in row) for row in a)


def _panels(at) -> dict[str, np.ndarray]:
    """Every named panel the page drew, as the numbers printed in it (row-major, float)."""
    found = {}
    for image in at.get("image"):
        for item in image.proto.imgs:
            if not item.url.startswith("data:image/svg+xml;base64,"):
                continue
            svg = base64.b64decode(item.url.split(",", 1)[1]).decode("utf-8")
            for name, body in re.findall(r'<g class="panel" data-panel="([a-z_]+)">(.*?)</g></g>', svg, re.S):
                values = re.findall(r'<text class="value"[^>]*>([^<]*)</text>', body)
                found[name] = np.array([float(v.replace("−", "-")) for v in values])
    return found


def _marked(at) -> set[tuple[int, int]]:
    marks = set()
    for image in at.get("image"):
        svg = base64.b64decode(image.proto.imgs[0].url.split(",", 1)[1]).decode("utf-8")
        if 'data-panel="grad_x"' in svg:
            grad_x = svg.split('data-panel="grad_x"', 1)[1]
            marks |= {
                (int(r), int(c)) for r, c in re.findall(r'class="argmax" data-row="(\d+)" data-col="(\d+)"', grad_x)
            }
    return marks


def _tape_gradient(x, k, s, padding, upstream):
    xt = tf.constant(x[None, ..., None])
    with tf.GradientTape() as tape:
        tape.watch(xt)
        loss = tf.reduce_sum(tf.nn.max_pool2d(xt, k, s, padding.upper()) * upstream[None, ..., None])
    return tape.gradient(loss, xt).numpy()[0, ..., 0]


def test_drawn_gradient_unpooling_and_global_values_match_tensorflow_and_keras():
    query = dict(op="pool", pool="avg", src="grid", grid=_grid_text(GRID), psize=3, ps=2, pgrad="numbered")
    at = open_page("convolution", query=query, timeout=60)
    assert not at.exception and not at.error
    for padding, rerun in (("valid", False), ("same", True)):
        if rerun:
            at.selectbox(key="pp").set_value("same").run()
            assert not at.exception and not at.error
        panels = _panels(at)
        y = tf.nn.max_pool2d(GRID[None, ..., None], 3, 2, padding.upper()).numpy()[0, ..., 0]
        upstream = np.arange(1, y.size + 1, dtype=float).reshape(y.shape)  # "1, 2, 3, …"
        np.testing.assert_array_equal(panels["grad_out"], upstream.ravel())
        expected = _tape_gradient(GRID, 3, 2, padding, upstream)
        np.testing.assert_array_equal(panels["grad_x"], expected.ravel())
        assert _marked(at) == set(zip(*np.nonzero(expected)))  # the framed cells are where it goes
        # unpooling: the pooled map and MaxUnpooling2D's output with the same switches
        pooled, argmax = MaxPoolingWithArgmax2D(3, strides=2, padding=padding)(GRID[None, ..., None])
        unpooled = MaxUnpooling2D(3, strides=2, padding=padding)([pooled, argmax, GRID[None, ..., None]])
        np.testing.assert_array_equal(panels["pooled"], y.ravel())
        np.testing.assert_array_equal(panels["unpooled"], unpooled.numpy().ravel())
    table = next(md.value for md in at.markdown if "global average" in md.value)
    avg = keras.layers.GlobalAveragePooling2D()(GRID[None, ..., None]).numpy()[0, 0]
    top = keras.layers.GlobalMaxPooling2D()(GRID[None, ..., None]).numpy()[0, 0]
    assert f"| 1 | {avg:.4g} | {top:.4g} |" in table


def test_weighted_pooling_of_the_notes_grid_is_its_blur_in_both_languages():
    sigma = 1 / math.sqrt(2 * math.log(2))  # 3×3 weights = [[1,2,1],[2,4,2],[1,2,1]]/16
    query = dict(
        op="pool",
        pool="weighted",
        src="grid",
        grid=_grid_text(WE.POOLINGS["avg_3x3"].x),
        psize=3,
        ps=1,
        psigma=f"{sigma:.7f}",
    )
    for lang in ("en", "ru"):
        at = open_page(
            "convolution", query=query, lang=None if lang == "en" else lang, state={"out_table": True}, timeout=60
        )
        assert not at.exception and not at.error
        hand = np.array([[20, 25, 29], [17, 21, 32], [13, 11, 22]]) / 16  # top-left: (3+6+2+0+0+2+3+2+2)/16
        np.testing.assert_allclose(at.dataframe[0].value.to_numpy(), np.round(hand, 4), atol=1e-4)
        weights = _panels(at)["weights"].reshape(3, 3)
        np.testing.assert_allclose(weights * 16, [[1, 2, 1], [2, 4, 2], [1, 2, 1]], atol=0.01)
        heads = [md.value for md in at.markdown if md.value.startswith("#####")]
        assert ("##### Веса окна" if lang == "ru" else "##### Window weights") in heads
        if lang == "ru":
            assert "##### Обратный проход: куда идёт градиент max-пулинга" in heads
        assert any(md.value.startswith("out[0, 0] = (0.0625·3 + 0.125·3") for md in at.markdown)
