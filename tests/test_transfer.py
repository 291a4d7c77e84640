"""tfdl.transfer: cut, freeze, new head; frozen weights stay bit-identical while the head learns;
trainable counts by hand; unfreezing the top; save/load in safe mode; teaching errors."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from tfdl.errors import TfdlValueError
from tfdl.models import build_small_cnn
from tfdl.training import fit, trainable_params, transfer, tunable_layers, unfreeze_top


@pytest.fixture(scope="module")
def trained():
    """A small BN CNN (conv 4 → BN → conv 8 → BN → fc 16 → softmax 3), a transferred copy with a new
    2-class head, fitted 2 epochs; the weights before and after."""
    rng = np.random.default_rng(0)
    base = build_small_cnn((8, 8, 1), 3, filters=(4, 8), dense_units=16, batch_norm=True, dropout=0.0)
    base_before = [w.copy() for w in base.get_weights()]
    model = transfer(base, 2)
    before = {
        layer.name: [w.copy() for w in layer.get_weights()]
        for layer in model.get_layer("base").layers + [model.get_layer("predictions")]
    }
    x = rng.random((24, 8, 8, 1), dtype="float32")
    y = rng.integers(0, 2, 24)
    result = fit(model, x, y, epochs=2, batch_size=8, learning_rate=0.05, seed=0, jit_compile=False)
    return dict(base=base, base_before=base_before, model=result.model, before=before, x=x, y=y)


def _same(a, b):
    return all(np.array_equal(u, v) for u, v in zip(a, b))


def test_frozen_weights_are_bit_identical_and_the_new_head_learns(trained):
    model, before = trained["model"], trained["before"]
    for layer in model.get_layer("base").layers:  # incl. BN's moving mean and variance
        assert _same(layer.get_weights(), before[layer.name]), layer.name
    head = model.get_layer("predictions")
    assert not _same(head.get_weights(), before["predictions"])
    assert _same(trained["base"].get_weights(), trained["base_before"])  # copy=True: the base untouched


def test_trainable_counts_by_hand_and_unfreezing_the_top(trained):
    base = trained["base"]
    # default cut: the input of `predictions`, the 16 fc units; new head 16·2 + 2
    model = transfer(base, 2)
    assert [l.name for l in model.layers] == ["image", "base", "predictions"]
    assert trainable_params(model) == 16 * 2 + 2
    # freeze the bottom tunable layer (conv1): conv2 (3·3·4·8, no bias before BN), fc (128·16 + 16); BN stays frozen
    assert [l.name for l in tunable_layers(model.get_layer("base"))] == ["conv1", "conv2", "fc"]
    partly = transfer(base, 2, freeze=1)
    assert trainable_params(partly) == 34 + 9 * 4 * 8 + 128 * 16 + 16
    assert trainable_params(transfer(base, 2, freeze="none")) == trainable_params(partly) + 9 * 4
    # cut at flatten with a hidden head (5 ReLU units)
    assert trainable_params(transfer(base, 4, cut="flatten", head=(5,))) == 128 * 5 + 5 + 5 * 4 + 4
    assert transfer(base, 4, cut="conv2_act").get_layer("head_pool").output.shape == (None, 8)
    # phase two: unfreezing fc adds 128·16 + 16; `all` adds every conv and dense weight
    model = transfer(base, 2)
    model.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy", metrics=["accuracy"])
    assert trainable_params(unfreeze_top(model, 1)) == 34 + 128 * 16 + 16
    assert float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)) == pytest.approx(0.001)
    assert trainable_params(unfreeze_top(model, "all", learning_rate=1e-4)) == trainable_params(
        transfer(base, 2, freeze="none")
    )
    assert float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)) == pytest.approx(1e-4)


def test_unfrozen_batch_norm_stays_in_inference_mode(trained):
    """After unfreezing everything, a training step changes conv weights but not BN's moving
    statistics nor γ, β: BN stays in inference mode (Keras' transfer-learning guide)."""
    model = transfer(trained["base"], 2)
    unfreeze_top(model, "all")
    bn = model.get_layer("base").get_layer("conv1_bn")
    conv = model.get_layer("base").get_layer("conv1")
    stats, kernel = [w.copy() for w in bn.get_weights()], conv.get_weights()[0].copy()
    fit(model, trained["x"], trained["y"], epochs=1, batch_size=8, learning_rate=0.05, seed=0, jit_compile=False)
    assert _same(bn.get_weights(), stats)
    assert not np.array_equal(conv.get_weights()[0], kernel)


def test_save_and_load_in_safe_mode(trained, tmp_path):
    model = trained["model"]
    path = tmp_path / "transfer.keras"
    model.save(path)
    loaded = keras.models.load_model(path, safe_mode=True)
    x = trained["x"][:4]
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6, atol=1e-6)
    assert trainable_params(loaded) == trainable_params(model)


@pytest.mark.parametrize(
    "call, code, name",
    [
        (lambda b: transfer(b, 1), "int_at_least", "num_classes"),
        (lambda b: transfer(b, 2, freeze="some"), "transfer_freeze", None),
        (lambda b: transfer(b, 2, freeze=99), "transfer_freeze", None),
        (lambda b: transfer(b, 2, cut="nope"), "transfer_cut_name", None),
        (lambda b: transfer(b, 2, cut=0), "transfer_cut_index", None),
        (lambda b: transfer(b, 2, head=(0,)), "transfer_head", None),
        (lambda b: transfer(b, 2, pooling="sum"), "one_of", "pooling"),
        (lambda b: transfer("resnet", 2), "transfer_base", None),
        (lambda b: unfreeze_top(b, 1), "transfer_no_base", None),
        (lambda b: unfreeze_top(transfer(b, 2), 4), "transfer_unfreeze", None),
    ],
)
def test_errors_name_the_argument_and_why(trained, call, code, name):
    with pytest.raises(TfdlValueError) as info:
        call(trained["base"])
    assert info.value.code == code
    if name:
        assert info.value.params["name"] == name
    assert "Received" in str(info.value)
