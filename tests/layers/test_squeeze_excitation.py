"""SqueezeExcitation: the formula σ(W·ReLU(V·z))·x against numpy, the layer contract, errors,
and training under MirroredStrategy with two logical CPU devices (in a subprocess)."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from tfdl.layers import SqueezeExcitation
from tfdl.testing import check_layer


def _se_numpy(x, V, b_V, W, b_W):
    """Hu et al. 2018, Eq. 2-4: z = mean over space, s = σ(W·ReLU(V·z)), y = s ⊙ x."""
    z = x.mean(axis=tuple(range(1, x.ndim - 1)))
    h = np.maximum(z @ V + b_V, 0.0)
    s = 1.0 / (1.0 + np.exp(-(h @ W + b_W)))
    return x * s.reshape((s.shape[0],) + (1,) * (x.ndim - 2) + (s.shape[1],))


def _randomise(layer, rng):
    for w in layer.weights:
        w.assign(rng.standard_normal(tuple(w.shape)).astype("float32") * 0.5)


@pytest.mark.parametrize("shape,ratio", [((2, 5, 6, 16), 4), ((3, 7, 8), 2), ((2, 2, 3, 4, 12), 3)])
def test_se_matches_numpy_formula(shape, ratio):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape).astype("float32")
    layer = SqueezeExcitation(ratio=ratio)
    layer(x)
    _randomise(layer, rng)
    V, W, b_V, b_W = (keras.ops.convert_to_numpy(w) for w in (layer.V, layer.W, layer.b_V, layer.b_W))
    assert V.shape == (shape[-1], shape[-1] // ratio)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(x)),
                               _se_numpy(x, V, b_V, W, b_W), rtol=1e-5, atol=1e-6)


def test_se_contract_and_reference():
    rng = np.random.default_rng(1)
    layer = SqueezeExcitation(ratio=4, name="se")
    x = rng.standard_normal((2, 4, 4, 8)).astype("float32")
    layer(x)
    _randomise(layer, rng)

    def reference(a):
        g = {w.name: keras.ops.convert_to_numpy(w) for w in layer.weights}
        return _se_numpy(a, g["V"], g["b_V"], g["W"], g["b_W"])

    check_layer(layer, x, reference=reference, expected_output_shape=(2, 4, 4, 8), atol=1e-5)


def test_se_parameter_count_and_units():
    layer = SqueezeExcitation(ratio=16)
    layer.build((None, 7, 7, 256))
    # C·C/r + C/r + C/r·C + C (SE-ResNet with biases; timm SEModule)
    assert sum(int(np.prod(w.shape)) for w in layer.weights) == 256 * 16 * 2 + 16 + 256
    layer = SqueezeExcitation(units=5, use_bias=False)
    layer.build((None, 4, 4, 10))
    assert [tuple(w.shape) for w in layer.weights] == [(10, 5), (5, 10)]


def test_se_gate_is_a_per_channel_scale_in_0_1():
    x = np.ones((1, 3, 3, 6), "float32")
    y = keras.ops.convert_to_numpy(SqueezeExcitation(ratio=2)(x))
    s = y[0, 0, 0]
    assert np.all((s > 0) & (s < 1))
    np.testing.assert_allclose(y, np.broadcast_to(s, y.shape))  # same scale at every position


@pytest.mark.parametrize("kwargs,match", [
    ({"ratio": 0}, "`ratio` must be > 0"),
    ({"ratio": -2}, "Received: ratio=-2"),
    ({"units": 0}, "`units` must be >= 1"),
])
def test_se_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SqueezeExcitation(**kwargs)


def test_se_rank_error():
    with pytest.raises(ValueError, match="rank >= 3"):
        SqueezeExcitation()(np.ones((2, 8), "float32"))


_DISTRIBUTED = textwrap.dedent("""
    import os
    os.environ["KERAS_BACKEND"] = "tensorflow"
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import tensorflow as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration(), tf.config.LogicalDeviceConfiguration()])
    import numpy as np, keras
    from tfdl.layers import SqueezeExcitation
    from tfdl.models import cifar_resnet
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    with strategy.scope():
        # the CIFAR ResNet family with SE gates, stochastic depth, option-A shortcuts and BN
        model = cifar_resnet(8, input_shape=(8, 8, 3), classes=2, se_ratio=4,
                             stochastic_depth=0.5)
        model.compile(keras.optimizers.SGD(0.05, momentum=0.9), "sparse_categorical_crossentropy")
    assert any(isinstance(l, SqueezeExcitation) for l in model.layers)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 8, 8, 3)).astype("float32")
    y = (x.mean(axis=(1, 2, 3)) > 0).astype("int32")
    se = model.get_layer("stage1_block1_se")
    before = [w.numpy().copy() for w in se.trainable_weights + [model.get_layer("stem_conv").kernel]]
    hist = model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    after = [w.numpy() for w in se.trainable_weights + [model.get_layer("stem_conv").kernel]]
    assert strategy.num_replicas_in_sync == 2
    assert all(np.isfinite(v) for v in hist.history["loss"])
    assert all(not np.allclose(a, b) for a, b in zip(after, before))
    print("OK", strategy.num_replicas_in_sync)
""")


def test_se_resnet_trains_under_mirrored_strategy_two_cpus():
    env = dict(os.environ, CUDA_VISIBLE_DEVICES="")
    res = subprocess.run([sys.executable, "-c", _DISTRIBUTED], capture_output=True, text=True,
                         timeout=240, env=env)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "OK 2" in res.stdout
