"""tfdl.viz.models: layer table, totals (MACs/FLOPs, activation memory) and the DOT graph,
checked against hand counts and the papers' tables."""

import re

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from tfdl.viz.models import block_of, layer_macs, layer_table, model_summary, model_to_dot


def _tiny():
    x = keras.Input((8, 8, 3), name="img")
    h = keras.layers.Conv2D(4, 3, name="stage1_block1_conv1")(x)        # 6×6×4
    h = keras.layers.Conv2D(6, 1, groups=2, name="stage1_block1_conv2")(h)  # 6×6×6, grouped
    h = keras.layers.Flatten(name="flatten")(h)
    y = keras.layers.Dense(5, name="logits")(h)
    return keras.Model(x, y)


def test_hand_counted_macs_params_and_activation_memory():
    model = _tiny()
    s = model_summary(model)
    # conv1: 6·6 outputs · 4 filters · 3·3·3 taps; conv2 (groups=2): 6·6·6 · 1·1·(4/2); dense 216·5
    macs = 6 * 6 * 4 * 27 + 6 * 6 * 6 * 2 + 216 * 5
    assert s["macs"] == macs and s["flops"] == 2 * macs
    assert s["params"] == model.count_params() == s["trainable"]
    # activations: input 192 + conv1 144 + conv2 216 + flatten 216 + logits 5, float32
    assert s["activation_bytes"] == 4 * (192 + 144 + 216 + 216 + 5)
    assert model_summary(model, bytes_per_value=2)["activation_bytes"] == 2 * (192 + 144 + 216 + 216 + 5)


def test_layer_table_rows_shares_and_blocks():
    model = _tiny()
    t = layer_table(model)
    assert list(t["name"]) == [layer.name for layer in model.layers]
    assert t["params"].sum() == model.count_params()
    np.testing.assert_allclose(t["share_%"].sum(), 100.0)
    assert t.loc[t["name"] == "stage1_block1_conv1", "output_shape"].item() == "(6, 6, 4)"
    assert block_of("stage2_block1_conv1") == "stage2_block1" and block_of("stage2_block1_conv1", "stage") == "stage2"
    assert block_of("flatten") is None


def test_tfdl_conv_layers_are_counted_like_keras_ones():
    from tfdl.layers import PaddedConv2D, TransposedConv2D

    x = keras.Input((8, 8, 3))
    ours, theirs = PaddedConv2D(4, 3, padding=1), keras.layers.Conv2D(4, 3, padding="same")
    ours(x), theirs(x)
    assert layer_macs(ours) == layer_macs(theirs) == 8 * 8 * 4 * 27
    up_ours, up_theirs = TransposedConv2D(2, 3, strides=2), keras.layers.Conv2DTranspose(2, 3, strides=2)
    up_ours(x), up_theirs(x)
    assert layer_macs(up_ours) == layer_macs(up_theirs) == 8 * 8 * 3 * 9 * 2


def test_dot_graph_collapses_blocks_or_shows_every_layer():
    model = _tiny()
    collapsed = model_to_dot(model, collapse="block")
    full = model_to_dot(model, collapse=None)
    assert collapsed.startswith("digraph") and "stage1_block1" in collapsed
    for layer in model.layers:
        assert layer.name in full
    with pytest.raises(ValueError, match="`rankdir` must be 'TB' or 'LR'. Received: rankdir='up'"):
        model_to_dot(model, rankdir="up")
    with pytest.raises(ValueError, match="`collapse`"):
        model_to_dot(model, collapse="layer")


@pytest.mark.slow
@pytest.mark.parametrize("name, gmacs", [("resnet18", 1.8), ("resnet34", 3.6), ("resnet50", 3.8)])
def test_resnet_multiply_adds_match_the_paper_table(name, gmacs):
    # He et al. 2016, Table 1, "FLOPs" row (multiply-adds at 224×224): 1.8, 3.6, 3.8 ×10^9,
    # printed with one decimal (truncated): ours are 1.82, 3.66, 3.86 ×10^9.
    from tfdl.models import create_model

    s = model_summary(create_model(name))
    assert 0 <= s["macs"] / 1e9 - gmacs < 0.1


def test_model_to_dot_texts_translate_the_node_words():
    from tfdl.models import lenet5
    from tfdl.viz.models import model_to_dot

    model = lenet5()
    english = model_to_dot(model, collapse="stage")
    russian = model_to_dot(model, collapse="stage", texts={"params": "параметров",
                                                           "layers": "слоёв"})
    assert " params" in english and "параметров" not in english
    assert " params" not in russian
    assert russian == english.replace(" params", " параметров").replace(" layers)", " слоёв)")


def test_model_to_dot_texts_may_depend_on_the_count():
    """A function of the count gives the word (Russian: 1 слой, 2 слоя, 5 слоёв)."""
    from tfdl.models import create_model
    from tfdl.viz.models import model_to_dot

    def russian_layers(n):
        if n % 10 == 1 and n % 100 != 11:
            return "слой"
        return "слоя" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "слоёв"

    model = create_model("squeezenet1_1", input_shape=(48, 48, 3))
    english = model_to_dot(model, collapse="block")
    russian = model_to_dot(model, collapse="block", texts={"layers": russian_layers})
    counts = re.findall(r"\((\d+) layers\)", english)
    assert counts, english
    assert re.findall(r"\((\d+) (?:слой|слоя|слоёв)\)", russian) == counts
    for n in map(int, counts):
        assert f"({n} {russian_layers(n)})" in russian


def test_tfdl_1d_transposed_conv_is_counted_like_keras():
    from tfdl.layers import TransposedConv1D

    x = keras.Input((7, 3))
    ours, theirs = TransposedConv1D(2, 3, strides=2), keras.layers.Conv1DTranspose(2, 3, strides=2)
    ours(x), theirs(x)
    assert layer_macs(ours) == layer_macs(theirs) == 7 * 3 * 3 * 2
