"""tfdl.audit: every layer's filled-in formula equals Keras' count, and the reconciliation of the
Keras total, the trainable count and torchvision's published count adds up exactly.

References: ``layer.count_params()`` (Keras), the filled-in text evaluated as arithmetic,
hand-computed counts from the papers (VGG's fc6: 7·7·512·4096 + 4096), torchvision's published
totals, and ``keras.applications.ResNet50`` (conv biases before every BN: 79,680 more than
torchvision's 25,557,032). Models are built once per module without weights (shapes only).
"""

import re

import pytest

keras = pytest.importorskip("keras")

import tfdl.models as M
from tfdl.audit import TORCHVISION_TOTALS, layer_formula, model_formulas, reconcile
from tfdl.errors import TfdlValueError
from tfdl.layers import SqueezeExcitation
from tfdl.models import without_weights


@pytest.fixture(scope="module")
def models():
    """ResNet-50, VGG-16, DenseNet-121 (tfdl, 224×224×3, 1000 classes) and Keras' ResNet50."""
    with without_weights():
        return {
            "resnet50": M.resnet50(),
            "vgg16": M.vgg16(),
            "densenet121": M.densenet121(),
            "keras_resnet50": keras.applications.ResNet50(weights=None),
        }


def _evaluate(filled: str) -> int:
    """The filled-in text as arithmetic: '3·3·(128/32)·128 + 128' -> 4736."""
    text = filled.replace("·", "*")
    assert re.fullmatch(r"[0-9*/+() ]+", text), filled  # digits and operators only
    return int(eval(text, {"__builtins__": {}}))


@pytest.mark.parametrize("name", ["resnet50", "vgg16", "densenet121", "keras_resnet50"])
def test_every_layers_filled_in_formula_equals_keras_count(models, name):
    model = models[name]
    rows = model_formulas(model)
    assert len(rows) == len(model.layers)
    for row, layer in zip(rows, model.layers):
        assert row["count"] == layer.count_params() == _evaluate(row["filled"]), (name, row)
    assert sum(r["count"] for r in rows) == model.count_params()


def test_formulas_name_the_course_quantities(models):
    vgg = {r["name"]: r for r in model_formulas(models["vgg16"])}
    first_conv = next(r for r in vgg.values() if r["type"] == "Conv2D")
    assert (first_conv["formula"], first_conv["filled"], first_conv["count"]) == (
        "k·k·C_in·C_out + C_out",
        "3·3·3·64 + 64",
        1792,
    )
    fc6 = next(r for r in vgg.values() if r["type"] == "Dense")
    assert (fc6["formula"], fc6["filled"], fc6["count"]) == ("in·out + out", "25088·4096 + 4096", 102_764_544)
    resnet = model_formulas(models["resnet50"])
    stem = resnet[[r["type"] for r in resnet].index("Conv2D")]
    assert (stem["formula"], stem["filled"], stem["count"]) == ("k·k·C_in·C_out", "7·7·3·64", 9408)  # no bias
    bn = next(r for r in resnet if r["type"] == "BatchNormalization")
    assert (bn["formula"], bn["filled"], bn["count"], bn["trainable"]) == ("2·C + 2·C", "2·64 + 2·64", 256, 128)


def test_reconcile_resnet50_densenet121_vgg16_with_torchvision(models):
    expected = {
        "resnet50": (25_610_152, 25_557_032, {"bn_moving_statistics": 53_120}),
        "densenet121": (8_062_504, 7_978_856, {"bn_moving_statistics": 83_648}),
        "vgg16": (138_357_544, 138_357_544, {}),
    }
    for name, (total, trainable, diffs) in expected.items():
        r = reconcile(models[name], TORCHVISION_TOTALS[name])
        assert (r.total, r.trainable, r.reference, r.reference_given) == (
            total,
            trainable,
            TORCHVISION_TOTALS[name],
            True,
        )
        assert {d.code: d.count for d in r.differences} == diffs
        assert r.explained == r.total - r.reference  # the named differences add up exactly
        assert r.non_trainable == r.total - r.trainable


def test_keras_applications_resnet50_has_79680_more_than_torchvision(models):
    # The issue's numbers: Keras' ResNet50 puts a bias on each of its 53 convolutions, all followed by BN.
    r = reconcile(models["keras_resnet50"], 25_557_032)
    assert r.total - r.reference == 79_680
    got = {d.code: (d.count, d.layers) for d in r.differences}
    assert got == {"bn_moving_statistics": (53_120, 53), "conv_bias_before_bn": (26_560, 53)}
    # independent: the biases counted straight from the layers, and 2 statistics per BN channel
    biases = sum(
        int(layer.bias.shape[0])
        for layer in models["keras_resnet50"].layers
        if hasattr(layer, "bias") and isinstance(layer, keras.layers.Conv2D) and layer.use_bias
    )
    assert biases == 26_560 and 2 * biases == 53_120
    # tfdl's resnet50 has no conv biases: only the moving statistics separate it from torchvision
    ours = reconcile(models["resnet50"])
    assert [(d.code, d.count) for d in ours.differences] == [("bn_moving_statistics", 53_120)]
    assert ours.reference == ours.trainable == 25_557_032 and not ours.reference_given


def test_layer_formulas_of_grouped_depthwise_separable_transposed_se_and_others():
    cases = [
        (
            keras.layers.Conv2D(128, 3, groups=32),
            (None, 8, 8, 128),
            "k·k·(C_in/g)·C_out + C_out",
            "3·3·(128/32)·128 + 128",
        ),
        (keras.layers.Conv2D(8, (1, 7), use_bias=False), (None, 8, 8, 4), "k_h·k_w·C_in·C_out", "1·7·4·8"),
        (keras.layers.DepthwiseConv2D(3), (None, 8, 8, 32), "k·k·C + C", "3·3·32 + 32"),
        (keras.layers.DepthwiseConv2D(3, depth_multiplier=2), (None, 8, 8, 4), "k·k·C·m + C·m", "3·3·4·2 + 4·2"),
        (
            keras.layers.SeparableConv2D(16, 3),
            (None, 8, 8, 4),
            "k·k·C_in·m + C_in·m·C_out + C_out",
            "3·3·4·1 + 4·1·16 + 16",
        ),
        (keras.layers.Conv2DTranspose(6, 4), (None, 8, 8, 3), "k·k·C_in·C_out + C_out", "4·4·3·6 + 6"),
        (keras.layers.Conv1D(5, 3), (None, 10, 2), "k·C_in·C_out + C_out", "3·2·5 + 5"),
        (keras.layers.BatchNormalization(center=False), (None, 10), "1·C + 2·C", "1·10 + 2·10"),
        (keras.layers.LayerNormalization(), (None, 6), "2·C", "2·6"),
        (keras.layers.Embedding(100, 8), (None, 5), "V·d", "100·8"),
        (SqueezeExcitation(ratio=4), (None, 4, 4, 32), "2·C·(C/r) + C/r + C", "2·32·8 + 8 + 32"),
        (keras.layers.PReLU(), (None, 3, 5), "Σ alpha", "3·5"),
        (keras.layers.ReLU(), (None, 3), "—", "0"),
    ]
    for layer, shape, formula, filled in cases:
        layer.build(shape)
        f = layer_formula(layer)
        assert (f.formula, f.filled) == (formula, filled), type(layer).__name__
        assert f.count == layer.count_params() == _evaluate(filled), type(layer).__name__


def test_reconcile_names_frozen_weights_and_what_it_cannot_explain():
    inputs = keras.Input((8,))
    frozen = keras.layers.Dense(4, name="frozen")
    x = frozen(inputs)
    model = keras.Model(inputs, keras.layers.Dense(2)(x))
    frozen.trainable = False
    # 8·4 + 4 = 36 frozen, 4·2 + 2 = 10 trainable; against a reference of 5 the other 5 are unexplained
    r = reconcile(model, 5)
    assert (r.total, r.trainable) == (46, 10)
    assert {d.code: d.count for d in r.differences} == {"frozen_weights": 36, "unexplained": 5}
    assert r.explained == r.total - r.reference == 41
    assert [d.code for d in reconcile(model, 10).differences] == ["frozen_weights"]  # nothing left over
    for bad in (-1, "12", 1.5, True):
        with pytest.raises(TfdlValueError) as info:
            reconcile(model, bad)
        assert info.value.code == "audit_reference_total"
