"""Public blocks and the small layers they use, against numpy references (tfdl.functional.conv2d
for convolutions, the papers' formulas for BN, SE, highway, LRN, stochastic depth, drop-path)."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from tfdl.functional import conv2d
from tfdl.layers import (
    DropPath,
    FractalJoin,
    LocalResponseNormalization,
    ScaledResidual,
    StochasticDepth,
    ZeroPadShortcut,
)
from tfdl.models import (
    apply_bottleneck_block,
    apply_dense_block,
    apply_dense_stage,
    apply_fire_module,
    apply_fractal_block,
    apply_highway_layer,
    apply_inception_block,
    apply_inception_resnet_block,
    apply_residual_block,
    apply_residual_stage,
    apply_resnext_block,
    apply_se_block,
    apply_transition_block,
    apply_vgg_stage,
)
from tfdl.testing import check_layer

EPS = 1.001e-5
relu = lambda a: np.maximum(a, 0.0)


def _np(t):
    return keras.ops.convert_to_numpy(t)


def _model(block, shape, **kw):
    x = keras.Input(shape)
    return keras.Model(x, block(x, **kw))


def _randomise(model, rng, scale=0.3):
    for w in model.weights:
        if "moving_variance" in w.path:
            w.assign(rng.uniform(0.5, 1.5, tuple(w.shape)).astype("float32"))
        else:
            w.assign((scale * rng.standard_normal(tuple(w.shape))).astype("float32"))


def _bn(m, name, a):
    layer = m.get_layer(name)
    g, b, mu, var = (_np(w) for w in (layer.gamma, layer.beta, layer.moving_mean, layer.moving_variance))
    return g * (a - mu) / np.sqrt(var + EPS) + b


def _k(m, name):
    return _np(m.get_layer(name).kernel)


# ------------------------------------------------------------------------------------------
# residual family
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("strides,c_out,shortcut", [(1, 8, "projection"), (2, 16, "projection"),
                                                    (2, 16, "zero_pad")])
def test_residual_block_matches_numpy(strides, c_out, shortcut):
    rng = np.random.default_rng(0)
    m = _model(apply_residual_block, (6, 6, 8), filters=c_out, strides=strides, shortcut=shortcut,
               name="b")
    _randomise(m, rng)
    x = rng.standard_normal((1, 6, 6, 8)).astype("float32")
    r = relu(_bn(m, "b_bn1", conv2d(x[0], _k(m, "b_conv1"), stride=strides, padding="same")))
    r = _bn(m, "b_bn2", conv2d(r, _k(m, "b_conv2"), padding="same"))
    if strides == 1 and c_out == 8:
        s = x[0]
    elif shortcut == "projection":
        s = _bn(m, "b_shortcut_bn", conv2d(x[0], _k(m, "b_shortcut_conv"), stride=strides))
    else:                                              # option A: subsample, zero channels
        s = np.zeros((3, 3, c_out), "float32")
        s[..., 4:12] = x[0, ::2, ::2]
    np.testing.assert_allclose(_np(m(x, training=False))[0], relu(r + s), rtol=1e-4, atol=1e-4)
    assert all(not l.use_bias for l in m.layers if isinstance(l, keras.layers.Conv2D))


def test_preact_and_plain_blocks():
    rng = np.random.default_rng(1)
    m = _model(apply_residual_block, (5, 5, 4), filters=4, preact=True, name="b")
    _randomise(m, rng)
    x = rng.standard_normal((1, 5, 5, 4)).astype("float32")
    pre = relu(_bn(m, "b_preact_bn", x[0]))
    r = relu(_bn(m, "b_bn1", conv2d(pre, _k(m, "b_conv1"), padding="same")))
    r = conv2d(r, _k(m, "b_conv2"), padding="same")
    np.testing.assert_allclose(_np(m(x, training=False))[0], x[0] + r, rtol=1e-4, atol=1e-4)
    plain = _model(apply_residual_block, (5, 5, 4), filters=4, plain=True, name="p")
    assert not [l for l in plain.layers if isinstance(l, keras.layers.Add)]


def test_bottleneck_block_parameters_and_shape():
    m = _model(apply_bottleneck_block, (8, 8, 64), filters=64, name="b")
    assert m.output_shape == (None, 8, 8, 256)
    trainable = sum(int(np.prod(w.shape)) for w in m.trainable_weights)
    # 1×1 64→64, 3×3 64→64, 1×1 64→256, projection 64→256, no biases; BN γ, β per channel
    assert trainable == 64 * 64 + 9 * 64 * 64 + 64 * 256 + 64 * 256 + 2 * (64 + 64 + 256 + 256)
    m2 = _model(apply_bottleneck_block, (8, 8, 256), filters=128, strides=2, name="c")
    assert m2.output_shape == (None, 4, 4, 512)


def test_resnext_grouped_conv_matches_numpy_groups():
    rng = np.random.default_rng(2)
    m = _model(apply_resnext_block, (4, 4, 256), filters=64, cardinality=32, base_width=4, name="x")
    conv = m.get_layer("x_conv2")
    assert conv.groups == 32 and tuple(conv.kernel.shape) == (3, 3, 4, 128)
    _randomise(m, rng)
    sub = keras.Model(m.input, [m.get_layer("x_relu1").output, conv.output])
    x = rng.standard_normal((1, 4, 4, 256)).astype("float32")
    a, y = (_np(t) for t in sub(x, training=False))
    np.testing.assert_allclose(y[0], conv2d(a[0], _np(conv.kernel), padding="same", groups=32),
                               rtol=1e-4, atol=1e-4)


# ------------------------------------------------------------------------------------------
# inception, fire, dense, SE, highway, fractal, inception-resnet
# ------------------------------------------------------------------------------------------
def test_inception_block_naive_and_reduced():
    naive = _model(apply_inception_block, (8, 8, 192), filters_1x1=64, filters_3x3_reduce=96,
                   filters_3x3=128, filters_5x5_reduce=16, filters_5x5=32, filters_pool_proj=32,
                   reduce=False, name="n")
    red = _model(apply_inception_block, (8, 8, 192), filters_1x1=64, filters_3x3_reduce=96,
                 filters_3x3=128, filters_5x5_reduce=16, filters_5x5=32, filters_pool_proj=32,
                 name="r")
    assert naive.output_shape == (None, 8, 8, 64 + 128 + 32 + 192)   # pool branch keeps 192
    assert red.output_shape == (None, 8, 8, 256)                      # Table 1, inception (3a)
    weights = lambda m: sum(int(np.prod(l.kernel.shape)) for l in m.layers if hasattr(l, "kernel"))
    assert weights(red) == 192 * 64 + 192 * 96 + 9 * 96 * 128 + 192 * 16 + 25 * 16 * 32 + 192 * 32
    assert weights(naive) == 192 * 64 + 9 * 192 * 128 + 25 * 192 * 32
    assert weights(naive) > 2 * weights(red)          # why the 1×1 reductions matter


def test_fire_module_matches_numpy():
    rng = np.random.default_rng(3)
    m = _model(apply_fire_module, (5, 5, 8), squeeze=3, expand_1x1=4, expand_3x3=5, name="f")
    _randomise(m, rng)
    x = rng.standard_normal((1, 5, 5, 8)).astype("float32")
    b = lambda n: _np(m.get_layer(n).bias)
    s = relu(conv2d(x[0], _k(m, "f_squeeze1x1"), bias=b("f_squeeze1x1")))
    e1 = relu(conv2d(s, _k(m, "f_expand1x1"), bias=b("f_expand1x1")))
    e3 = relu(conv2d(s, _k(m, "f_expand3x3"), padding="same", bias=b("f_expand3x3")))
    np.testing.assert_allclose(_np(m(x))[0], np.concatenate([e1, e3], -1), rtol=1e-4, atol=1e-5)
    assert m.count_params() == 8 * 3 + 3 + 3 * 4 + 4 + 9 * 3 * 5 + 5


def test_dense_block_concatenates_and_transition_compresses():
    rng = np.random.default_rng(4)
    m = _model(apply_dense_block, (6, 6, 10), blocks=3, growth_rate=4, name="d")
    assert m.output_shape == (None, 6, 6, 10 + 3 * 4)
    x = rng.standard_normal((2, 6, 6, 10)).astype("float32")
    np.testing.assert_array_equal(_np(m(x))[..., :10], x)    # z_0 is carried unchanged
    assert m.get_layer("d_block1_conv1").filters == 16       # bottleneck 4k
    t = _model(apply_transition_block, (6, 6, 22), reduction=0.5, name="t")
    assert t.output_shape == (None, 3, 3, 11)
    with pytest.raises(ValueError, match="`reduction` must be in"):
        _model(apply_transition_block, (6, 6, 22), reduction=0.0)
    with pytest.raises(ValueError, match="`blocks` must be >= 1"):
        _model(apply_dense_block, (6, 6, 22), blocks=0)


def test_se_block_is_the_squeeze_excitation_layer():
    m = _model(apply_se_block, (4, 4, 32), ratio=8, name="b")
    assert type(m.get_layer("b_se")).__name__ == "SqueezeExcitation"
    assert m.get_layer("b_se").hidden_units == 4


def test_highway_layer_matches_formula():
    rng = np.random.default_rng(5)
    m = _model(apply_highway_layer, (6,), name="h")
    assert _np(m.get_layer("h_gate").bias).tolist() == [-2.0] * 6   # carry-biased start
    x = rng.standard_normal((3, 6)).astype("float32")
    H = relu(x @ _k(m, "h_transform") + _np(m.get_layer("h_transform").bias))
    T = 1 / (1 + np.exp(-(x @ _k(m, "h_gate") - 2.0)))
    np.testing.assert_allclose(_np(m(x)), H * T + x * (1 - T), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="`units` must equal"):
        _model(apply_highway_layer, (6,), units=5)


@pytest.mark.parametrize("columns", [1, 2, 3])
def test_fractal_block_structure(columns):
    m = _model(apply_fractal_block, (4, 4, 3), filters=4, columns=columns, name="f")
    convs = [l for l in m.layers if isinstance(l, keras.layers.Conv2D)]
    joins = [l for l in m.layers if isinstance(l, FractalJoin)]
    # f_C has 2^C − 1 convs; joins J(1) = 0, J(2) = 1, J(C) = 2·J(C−1) (the outer f_{C−1}'s last
    # join merges into f_C's join with conv(z))
    assert len(convs) == 2 ** columns - 1
    assert len(joins) == (0 if columns == 1 else 2 ** (columns - 2))
    assert m.output_shape == (None, 4, 4, 4)


def test_inception_resnet_block_scale_zero_is_relu_of_input():
    rng = np.random.default_rng(6)
    m = _model(apply_inception_resnet_block, (5, 5, 16), scale=0.0, filters=8, name="b")
    x = rng.standard_normal((2, 5, 5, 16)).astype("float32")
    np.testing.assert_allclose(_np(m(x)), relu(x), atol=1e-6)
    assert m.get_layer("b_up_conv").filters == 16


# ------------------------------------------------------------------------------------------
# small layers used by the builders
# ------------------------------------------------------------------------------------------
def _lrn_numpy(a, r, k, alpha, beta):
    """Krizhevsky et al. §3.3: b^i = a^i / (k + α Σ_{j=i−r}^{i+r} (a^j)²)^β."""
    C = a.shape[-1]
    out = np.empty_like(a)
    for i in range(C):
        lo, hi = max(0, i - r), min(C - 1, i + r)
        out[..., i] = a[..., i] / (k + alpha * np.sum(a[..., lo:hi + 1] ** 2, axis=-1)) ** beta
    return out


def test_lrn_matches_paper_formula():
    x = (3 * np.random.default_rng(7).standard_normal((2, 4, 4, 7))).astype("float32")
    layer = LocalResponseNormalization(depth_radius=2, bias=2.0, alpha=1e-2, beta=0.75)
    check_layer(layer, x, reference=lambda a: _lrn_numpy(a, 2, 2.0, 1e-2, 0.75), atol=1e-5)
    with pytest.raises(ValueError, match="`depth_radius` must be >= 0"):
        LocalResponseNormalization(depth_radius=-1)


def test_zero_pad_shortcut_matches_numpy():
    x = np.random.default_rng(8).standard_normal((2, 5, 5, 3)).astype("float32")

    def ref(a):
        s = a[:, ::2, ::2, :]
        return np.concatenate([np.zeros(s.shape[:3] + (1,)), s, np.zeros(s.shape[:3] + (2,))], -1)

    check_layer(ZeroPadShortcut(6, strides=2), x, reference=ref, expected_output_shape=(2, 3, 3, 6))
    with pytest.raises(ValueError, match="`filters` must be >= the input channels"):
        ZeroPadShortcut(2)(x)


def test_scaled_residual():
    rng = np.random.default_rng(9)
    x, r = rng.standard_normal((2, 2, 3, 4)).astype("float32")
    check_layer(ScaledResidual(0.3), [x, r], reference=lambda xs: xs[0] + 0.3 * xs[1])


def test_stochastic_depth_inference_and_training():
    rng = np.random.default_rng(10)
    x, f = rng.standard_normal((2, 4, 3, 3, 2)).astype("float32")
    check_layer(StochasticDepth(0.7), [x, f], reference=lambda xs: xs[0] + 0.7 * xs[1], atol=1e-6)
    layer = StochasticDepth(0.5, seed=1)
    outs = [_np(layer([x, f], training=True)) for _ in range(20)]
    kept = [np.allclose(o, x + f) for o in outs]
    dropped = [np.allclose(o, x) for o in outs]
    assert all(k or d for k, d in zip(kept, dropped)) and any(kept) and any(dropped)
    row = StochasticDepth(0.5, mode="row", seed=2)
    o = _np(row([x, f], training=True))
    for n in range(4):
        assert np.allclose(o[n], x[n] + f[n]) or np.allclose(o[n], x[n])
    with pytest.raises(ValueError, match="`survival_probability` must be in"):
        StochasticDepth(0.0)


def test_drop_path_scales_survivors():
    x = np.ones((64, 3), "float32")
    check_layer(DropPath(0.25), x, reference=lambda a: a)
    o = _np(DropPath(0.25, seed=3)(x, training=True))
    assert np.all(np.isclose(o, 0.0) | np.isclose(o, 1 / 0.75))
    assert 0 < (o[:, 0] == 0).sum() < 64
    with pytest.raises(ValueError, match="`rate` must be in"):
        DropPath(1.0)


def test_fractal_join_mean_and_local_drop_path():
    rng = np.random.default_rng(11)
    zs = [rng.standard_normal((2, 3, 3, 2)).astype("float32") for _ in range(3)]
    check_layer(FractalJoin(0.15), zs, reference=lambda a: np.mean(a, axis=0), atol=1e-6)
    layer = FractalJoin(0.5, seed=4)
    subsets = [np.mean([zs[i] for i in idx], axis=0) for idx in
               ([0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2])]
    for _ in range(10):
        o = _np(layer(zs, training=True))
        assert any(np.allclose(o, s, atol=1e-6) for s in subsets)


# ------------------------------------------------------------------------------------------
# stages: the public functions the builders loop over
# ------------------------------------------------------------------------------------------
def _same_weights_same_outputs(a, b, x):
    """Copy ``a``'s weights into ``b`` layer by layer (by name) and compare the outputs."""
    layers_a, layers_b = a.layers[1:], b.layers[1:]   # after the InputLayer
    assert [l.name for l in layers_a] == [l.name for l in layers_b]
    for la, lb in zip(layers_a, layers_b):
        lb.set_weights(la.get_weights())
    np.testing.assert_allclose(_np(a(x, training=False)), _np(b(x, training=False)), atol=1e-5)


@pytest.mark.parametrize("block,filters,c_out", [("basic", 8, 8), ("bottleneck", 4, 16)])
def test_residual_stage_is_its_blocks_in_sequence(block, filters, c_out):
    x = np.random.default_rng(0).standard_normal((2, 8, 8, 6)).astype("float32")
    inp = keras.Input((8, 8, 6))
    stage = keras.Model(inp, apply_residual_stage(
        inp, filters, 3, strides=2, block=block, survival_probabilities=[None, 0.9, 0.8],
        name="stage3"))
    assert stage.output_shape == (None, 4, 4, c_out)   # only the first block strides
    apply = apply_residual_block if block == "basic" else apply_bottleneck_block
    inp2 = keras.Input((8, 8, 6))
    y = apply(inp2, filters, 2, name="stage3_block1")
    y = apply(y, filters, 1, survival_probability=0.9, name="stage3_block2")
    y = apply(y, filters, 1, survival_probability=0.8, name="stage3_block3")
    _same_weights_same_outputs(stage, keras.Model(inp2, y), x)
    names = {l.name for l in stage.layers}
    assert "stage3_block1_shortcut_conv" in names and "stage3_block2_shortcut_conv" not in names
    assert {"stage3_block2_stochastic_depth", "stage3_block3_out"} <= names


def test_residual_stage_rejects_bad_arguments():
    x = keras.Input((8, 8, 4))
    with pytest.raises(ValueError, match="`block` must be 'basic' or 'bottleneck'"):
        apply_residual_stage(x, 4, 2, block="wide")
    with pytest.raises(ValueError, match="`blocks` must be >= 1. Received: blocks=0"):
        apply_residual_stage(x, 4, 0)
    with pytest.raises(ValueError, match="one entry per block"):
        apply_residual_stage(x, 4, 2, survival_probabilities=[0.9])


@pytest.mark.parametrize("batch_norm", [False, True])
def test_vgg_stage_matches_keras_builtins(batch_norm):
    # Reference: keras.layers.Conv2D(3×3, same) [→ BatchNormalization] → ReLU, twice, then
    # MaxPooling2D(2), given the same weights.
    x = np.random.default_rng(1).standard_normal((2, 8, 8, 3)).astype("float32")
    inp = keras.Input((8, 8, 3))
    stage = keras.Model(inp, apply_vgg_stage(inp, 5, 2, batch_norm=batch_norm, name="stage1"))
    ref = [keras.layers.Conv2D(5, 3, padding="same"), keras.layers.ReLU(),
           keras.layers.Conv2D(5, 3, padding="same"), keras.layers.ReLU(),
           keras.layers.MaxPooling2D(2)]
    if batch_norm:
        ref = ref[:1] + [keras.layers.BatchNormalization(epsilon=1.001e-5)] + ref[1:3] + \
            [keras.layers.BatchNormalization(epsilon=1.001e-5)] + ref[3:]
    ref = keras.Sequential([keras.Input((8, 8, 3))] + ref)
    ours = [l for l in stage.layers if l.weights]
    theirs = [l for l in ref.layers if l.weights]
    assert [l.name for l in ours] == (["stage1_conv1", "stage1_bn1", "stage1_conv2", "stage1_bn2"]
                                      if batch_norm else ["stage1_conv1", "stage1_conv2"])
    rng = np.random.default_rng(2)
    for lo, lt in zip(ours, theirs):
        w = [rng.standard_normal(v.shape).astype("float32") * 0.3 for v in lo.weights]
        if isinstance(lo, keras.layers.BatchNormalization):
            w[3] = np.abs(w[3]) + 0.5   # a positive moving variance
        lo.set_weights(w)
        lt.set_weights(w)
    np.testing.assert_allclose(_np(stage(x, training=False)), _np(ref(x, training=False)),
                               atol=1e-5)
    assert stage.output_shape == (None, 4, 4, 5) and "stage1_pool" in [l.name for l in stage.layers]
    no_pool = apply_vgg_stage(keras.Input((8, 8, 3)), 5, 1, pool=False, name="s")
    assert no_pool.shape == (None, 8, 8, 5)
    with pytest.raises(ValueError, match="`convs` must be >= 1. Received: convs=0"):
        apply_vgg_stage(inp, 5, 0)


def test_dense_stage_is_dense_block_then_transition():
    x = np.random.default_rng(3).standard_normal((2, 8, 8, 6)).astype("float32")
    inp = keras.Input((8, 8, 6))
    stage = keras.Model(inp, apply_dense_stage(inp, 3, 4, reduction=0.5, name="stage2",
                                               transition_name="transition2"))
    # floor(θ · (C + n·k)) = floor(0.5 · (6 + 3·4)) = 9 channels at half the size
    assert stage.output_shape == (None, 4, 4, 9)
    inp2 = keras.Input((8, 8, 6))
    y = apply_transition_block(apply_dense_block(inp2, 3, 4, name="stage2"), 0.5,
                               name="transition2")
    _same_weights_same_outputs(stage, keras.Model(inp2, y), x)
    last = apply_dense_stage(keras.Input((8, 8, 6)), 2, 4, reduction=None, name="stage5")
    assert last.shape == (None, 8, 8, 14)   # no transition: C + n·k
