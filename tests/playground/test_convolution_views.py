"""The Convolution lab's tabs "As a matrix", "Transposed" and "Dense vs shared" (topic rows 3, 22, 23):
the page's numbers against independent references — the notes' 4×9 matrix, ``keras.layers.Conv2DTranspose``
given the same kernel, the ``count_params`` of built Keras layers and the non-zero input gradient of
the chosen output cell. One AppTest run per view and language."""

import re

import numpy as np
import pytest

from tests.playground.pages import open_page
from tfdl.data import worked_examples as WE

CYRILLIC = re.compile("[А-Яа-яЁё]")
NOTES = WE.CONVOLUTIONS["valid"]


def _app(query, lang=None, **state):
    return open_page("convolution", query=query, lang=lang, state=state, timeout=60)


def _metric(at, start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(start))


def test_matrix_tab_draws_the_notes_4x9_matrix_and_its_transpose():
    at = _app({"preset": "notes_matrix", "mcell": 2}, m_table=True, m_transposed=True, m_im2col=True)
    assert not at.exception and not at.error
    assert _metric(at, "Matrix M") == "4×9"
    np.testing.assert_array_equal(at.dataframe[0].value.to_numpy(), WE.CONV_MATRIX_3x3_2x2)
    assert any("equals the convolution (largest difference 0)" in s.value for s in at.success)
    # row 2 = output cell (1, 0) reads the input cells (1, 0), (1, 1), (2, 0), (2, 1)
    assert any("(1, 0): it reads x at 3, 4, 6, 7" in c.value for c in at.caption)
    assert any("conv2d_transpose" in c.value and "largest difference 0" in c.value for c in at.caption)
    assert any("The same numbers as M·x (largest difference 0)" in c.value for c in at.caption)  # im2col
    # a digit is too big for a readable matrix: a notice and a crop
    at.radio(key="src").set_value("digit").run()
    assert any("too big to read" in i.value for i in at.info)
    assert _metric(at, "Matrix M") == "9×16"  # the default 4×4 crop ⋆ the notes 2×2 kernel: 3×3 outputs


def test_transposed_tab_numbers_equal_keras_conv2d_transpose():
    import keras

    kernel = np.array([[0.0, 1.0, 2.0], [1.0, -1.0, 0.0], [2.0, 0.0, 1.0]])
    query = {
        "op": "transposed",
        "preset": "notes_valid",
        "kgrid": "0 1 2\n1 -1 0\n2 0 1",
        "ts": 2,
        "tp": "same",
        "top": 1,
    }
    at = _app(query, out_table=True)
    assert not at.exception and not at.error
    x = np.array(NOTES.x, dtype="float32")
    layer = keras.layers.Conv2DTranspose(1, 3, strides=2, padding="same", output_padding=1, use_bias=False)
    layer.build((None, 3, 3, 1))
    layer.kernel.assign(kernel[:, :, None, None])
    expected = np.asarray(layer(x[None, :, :, None]))[0, :, :, 0]
    np.testing.assert_allclose(at.dataframe[0].value.to_numpy(), expected, atol=1e-5)
    assert _metric(at, "Zeros inserted") == "5×5" and _metric(at, "Output") == "6×6"
    assert any("(3 - 1)·2 + 3 mod 2 + 1 = 6" in md.value for md in at.markdown)  # the Keras rule
    assert any("no padding='same'" in md.value for md in at.markdown)  # PyTorch has none


def test_sharing_tab_counts_and_what_one_output_sees_match_keras():
    import keras
    import tensorflow as tf

    from tfdl.layers import LocallyConnected2D

    query = {"op": "sharing", "src": "random", "rsize": 6, "ch": 3, "n": 2, "s": 2, "p": "same", "scell": 4}
    at = _app(query)
    assert not at.exception and not at.error
    table = next(md.value for md in at.markdown if "outputs using each weight" in md.value)
    params = [int(v.replace(",", "")) for v in re.findall(r"\*\*([\d,]+)\*\*", table)]
    x = np.random.default_rng(0).integers(0, 10, size=(1, 6, 6, 3)).astype("float32")
    inp = keras.Input((6, 6, 3))
    dense = keras.Model(inp, keras.layers.Dense(3 * 3 * 2)(keras.layers.Flatten()(inp)))
    local, conv = LocallyConnected2D(2, 3, strides=2, padding="same"), keras.layers.Conv2D(2, 3, 2, "same")
    local.build((None, 6, 6, 3))
    conv.build((None, 6, 6, 3))
    assert params == [dense.count_params(), local.count_params(), conv.count_params()]
    # output cell 4 = (1, 1): the inputs whose gradient is non-zero, as many as the page says it reads
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = conv(xt)[0, 1, 1, 0]
    seen = int((np.abs(tape.gradient(y, xt).numpy()[0]).sum(-1) > 0).sum())
    assert any(
        f"Output cell (1, 1): the convolution and the locally connected layer read {seen} of the 36" in c.value
        for c in at.caption
    )


@pytest.mark.parametrize("op", ["matrix", "transposed", "sharing"])
def test_the_views_speak_russian(op):
    at = _app({"op": op}, lang="ru")
    assert not at.exception and not at.error
    captions = [c.value for c in at.caption]
    assert captions and all(CYRILLIC.search(c) for c in captions[:2]), captions[:2]
