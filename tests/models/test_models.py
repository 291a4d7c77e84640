"""Every registered model: forward, backward, gradients, save/load; exact parameter counts against
reference implementations; output shapes by stage as in the papers' tables; teaching errors;
training under MirroredStrategy with two logical CPU devices (in a subprocess).

Cost tiers keep the default run fast: every model's forward/backward runs by default except the
heaviest (marked slow); the ``.keras`` save/load round trip of big models is marked slow.
"""

import fnmatch
import os

import numpy as np
import pytest

keras = pytest.importorskip("keras")

import tfdl.models as M
from tests.isolation import run_isolated
from tfdl.models import create_model, list_models, model_info, without_weights
from tfdl.testing import check_model

# Models whose parameter count depends on the input size (a Flatten before an FC layer, or an
# MLP on the flattened image): their registered count is checked at the default input (slow).
INPUT_DEPENDENT = ["alexnet", "vgg*", "lenet5*", "highway_mlp", "*autoencoder", "deconvnet", "fcn*"]
# The default run checks one or two cheap members of every family (forward, backward, every
# gradient, save/load); every other registered model runs the same checks under the slow mark.
FAST = ["lenet5*", "*autoencoder", "squeezenet1_1", "fractalnet", "inception_resnet_small",
        "highway_mlp", "resnet20", "plain20", "nin", "googlenet", "resnet18", "unet_same",
        "rnn_classifier", "sequence_tagger", "seq2seq", "text_cnn", "crnn"]
# Deeper siblings built from exactly the same layer types: their .keras round trip adds nothing
# the sibling's does not already check, so only forward/backward/gradients run for them.
SAME_LAYERS_AS = {"densenet169": "densenet121", "densenet201": "densenet121",
                  "resnet34": "resnet18", "resnet101": "resnet50", "resnet152": "resnet50",
                  "resnet56": "resnet20", "resnet110": "resnet20", "plain34": "plain18",
                  "plain56": "plain20", "vgg13": "vgg11", "vgg16": "vgg11", "vgg19": "vgg11",
                  "vgg13_bn": "vgg11_bn", "vgg16_bn": "vgg11_bn", "vgg19_bn": "vgg11_bn",
                  "fcn16s": "fcn8s", "fcn32s": "fcn8s", "preact_resnet110": "preact_resnet18"}
# Random path dropping zeroes whole branches in training mode; the gradient check runs with the
# drop disabled and the dropping itself is tested below.
NO_DROP = {"fractalnet": {"drop_rate": 0.0}, "stochastic_depth_resnet110": {"stochastic_depth": None}}


def _match(name, patterns):
    return any(fnmatch.fnmatch(name, p) for p in patterns)


def _inputs_for(model, seed=0):
    """Random inputs from ``model.inputs``: ints in [1, 3) for token inputs, floats otherwise."""
    rng = np.random.default_rng(seed)
    xs = []
    for t in model.inputs:
        shape = (2,) + tuple(d if d is not None else 5 for d in t.shape[1:])
        if "int" in str(t.dtype):
            xs.append(rng.integers(1, 3, size=shape).astype(str(t.dtype)))
        else:
            xs.append((0.5 * rng.standard_normal(shape)).astype("float32"))
    return xs[0] if len(xs) == 1 else xs


def _params(name, cost):
    marks = [pytest.mark.slow] if cost else []
    return pytest.param(name, marks=marks, id=name)


ALL = list_models()


def _trainable(model):
    return int(sum(np.prod(w.shape) for w in model.trainable_weights))


# Round trips that would leave the test process a gigabyte larger (AlexNet's 4096-wide dense layers
# and DeconvNet's mirrored VGG at their small inputs, with gradients and a reloaded copy): they run
# in a fresh process (tests/isolation.py).
ISOLATED = {"alexnet", "deconvnet"}


def _round_trip(name, tmp_path):
    """Forward, backward, gradients and .keras save -> load_model(safe_mode=True) -> identical
    outputs (check_model asserts), except for deeper siblings made of exactly the same layer types
    as one already round-tripped. Returns (all outputs finite, trainable parameter count)."""
    info = model_info(name)
    model = create_model(name, input_shape=info.small_input, **NO_DROP.get(name, {}))
    report = check_model(model, _inputs_for(model), tmp_path=tmp_path, check_save=name not in SAME_LAYERS_AS)
    outputs = report["outputs"] if isinstance(report["outputs"], list) else [report["outputs"]]
    return all(bool(np.all(np.isfinite(y))) for y in outputs), _trainable(model)


def _round_trips(names, folder):
    """``_round_trip`` of each of ``names`` (in one process): {name: result, or the exception it raised}."""
    out = {}
    for name in names:
        try:
            out[name] = _round_trip(name, os.path.join(folder, name))
        except Exception as error:  # raised again by that model's test
            out[name] = error
        keras.backend.clear_session()
    return out


@pytest.fixture(scope="module")
def isolated_round_trips(tmp_path_factory):
    """The round trips of every ISOLATED model, in ONE fresh process (its TensorFlow import paid once)."""
    folder = tmp_path_factory.mktemp("isolated")
    for name in ISOLATED:
        (folder / name).mkdir()
    return run_isolated(_round_trips, sorted(ISOLATED), str(folder), timeout=1200)


@pytest.mark.parametrize("name", [_params(n, not _match(n, FAST)) for n in ALL])
def test_every_model_forward_backward_gradients_save_load(name, tmp_path, request):
    info = model_info(name)
    assert info.small_input is not None, f"{name}: registry entry needs a small_input"
    assert info.idea and info.paper and info.year > 1900
    if name in ISOLATED:  # all of them in one fresh process, run by the first of their tests
        result = request.getfixturevalue("isolated_round_trips")[name]
        if isinstance(result, Exception):
            raise result
        finite, trainable = result
    else:
        finite, trainable = _round_trip(name, tmp_path)
    assert finite
    # registered parameter count (trainable) where it does not depend on the input size
    if info.params is not None and not _match(name, INPUT_DEPENDENT) and info.task != "sequence":
        assert trainable == info.params, (name, trainable, info.params)


# ------------------------------------------------------------------------------------------
# parameter counts
# ------------------------------------------------------------------------------------------
def _conv_biases(model):
    return sum(int(np.prod(l.bias.shape)) for l in model.layers
               if isinstance(l, keras.layers.Conv2D) and l.use_bias)


def _vgg16_counts():
    """Both VGG16s built without weights (tfdl.models.without_weights): the counts and shapes,
    none of the 1.1 GB two builds would allocate."""
    counts = {}
    for who, build in (("keras", lambda: keras.applications.VGG16(weights=None)), ("tfdl", M.vgg16)):
        with without_weights():
            model = build()
            counts[who] = (model.count_params(), [tuple(l.output.shape) for l in model.layers if "pool" in l.name])
    return counts


@pytest.mark.slow
def test_vgg16_matches_keras_applications():
    # Reference: keras.applications.VGG16(weights=None) — 138,357,544 parameters.
    counts = _vgg16_counts()
    assert counts["tfdl"][0] == counts["keras"][0] == 138_357_544
    assert counts["tfdl"][1] == counts["keras"][1]


@pytest.mark.slow
def test_resnet50_matches_keras_applications_without_conv_biases():
    # Reference: keras.applications.ResNet50(weights=None) has biases on every conv (followed by
    # BN, so they are redundant); the paper's / torchvision's net has none: 25,557,032 trainable.
    ref = keras.applications.ResNet50(weights=None)
    ours = M.resnet50()
    assert _trainable(ours) == _trainable(ref) - _conv_biases(ref) == 25_557_032
    # same BN layers: same non-trainable moving statistics
    assert ours.count_params() - _trainable(ours) == ref.count_params() - _trainable(ref)


@pytest.mark.slow
def test_densenet121_matches_keras_applications():
    # Reference: keras.applications.DenseNet121(weights=None): 7,978,856 trainable, 8,062,504 total.
    ref = keras.applications.DenseNet121(weights=None)
    ours = M.densenet121()
    assert _trainable(ours) == _trainable(ref) == 7_978_856
    assert ours.count_params() == ref.count_params()


DEFAULT_INPUT = [n for n in ALL if _match(n, INPUT_DEPENDENT) and n not in ("fcn16s", "fcn32s")]


def _default_input_counts(names):
    """Trainable counts at the default input size, built without weights (DeconvNet at 224 x 224
    alone would hold 1.4 GB); plus AlexNet's two-tower (Caffe) count and the SqueezeNets'."""
    builds = {name: (lambda name=name: create_model(name)) for name in names}
    builds |= {"alexnet(groups=2)": lambda: M.alexnet(groups=2), "squeezenet1_0": M.squeezenet1_0,
               "squeezenet1_1": M.squeezenet1_1}
    counts = {}
    for key, build in builds.items():
        with without_weights():
            model = build()
            counts[key] = (_trainable(model), model.count_params())
    return counts


@pytest.fixture(scope="module")
def default_input_counts():
    return _default_input_counts(DEFAULT_INPUT)


@pytest.mark.slow
@pytest.mark.parametrize("name", DEFAULT_INPUT)
def test_registered_params_at_default_input(name, default_input_counts):
    assert default_input_counts[name][0] == model_info(name).params


def test_alexnet_two_towers_and_lrn():
    # Caffe bvlc_alexnet (groups=2): conv layers 2,334,080 of its 60,965,224 parameters; the
    # one-tower net has 1,413,120 more (conv2, conv4, conv5 see all channels).
    m2 = M.alexnet(input_shape=(67, 67, 3), groups=2, lrn=True, include_top=False)
    assert m2.count_params() == 2_334_080
    m1 = M.alexnet(input_shape=(67, 67, 3), include_top=False)
    assert m1.count_params() - m2.count_params() == 1_413_120
    m2 = M.alexnet(input_shape=(67, 67, 3), groups=2, lrn=True)
    assert {"lrn1", "lrn2"} <= {l.name for l in m2.layers}
    assert m2.get_layer("conv2").groups == 2 and m2.get_layer("conv3").groups == 1
    assert m2.get_layer("drop6").rate == 0.5


def test_googlenet_inception_table_and_parameter_count():
    # Szegedy et al. Table 1: output channels of every Inception module (its "params" column is
    # only approximate, e.g. 4c lists 463K for widths that give 497.5K weights, so the total is
    # checked against the Caffe reference model instead).
    depth = {"3a": 256, "3b": 480, "4a": 512, "4b": 512, "4c": 512, "4d": 528, "4e": 832,
             "5a": 832, "5b": 1024}
    model = M.googlenet(input_shape=(32, 32, 3))
    assert {k: model.get_layer(f"inception{k}_concat").output.shape[-1] for k in depth} == depth
    assert model.count_params() == 6_998_552     # Caffe bvlc_googlenet without the aux heads


def test_lenet5_paper_numbers():
    m = M.lenet5()
    assert m.count_params() == 61_706           # ~60k in the paper (C3 fully connected here)
    assert m.get_layer("c1_conv").activation.__name__ == "tanh"
    assert isinstance(m.get_layer("s2_pool"), keras.layers.AveragePooling2D)
    assert isinstance(M.lenet5_modern().get_layer("s2_pool"), keras.layers.MaxPooling2D)


@pytest.mark.slow
def test_alexnet_caffe_count_and_squeezenet_is_about_50x_smaller(default_input_counts):
    counts = {name: total for name, (_, total) in default_input_counts.items()}
    assert counts["alexnet(groups=2)"] == 60_965_224         # Caffe bvlc_alexnet
    assert 45 < counts["alexnet"] / counts["squeezenet1_0"] < 55
    assert counts["squeezenet1_0"] == 1_248_424   # torchvision squeezenet1_0
    assert counts["squeezenet1_1"] == 1_235_496   # torchvision squeezenet1_1


def test_cifar_resnet_counts_and_option_a_has_no_parameters():
    # github.com/akamaster/pytorch_resnet_cifar10 (option A): resnet20 269,722 / resnet56 853,018
    a = M.resnet20()
    assert _trainable(a) == 269_722
    assert not [l for l in a.layers if "shortcut_conv" in l.name]
    b = M.resnet20(shortcut="projection")
    proj = sum(int(np.prod(w.shape)) for l in b.layers if "shortcut" in l.name
               for w in l.trainable_weights)
    assert proj == 16 * 32 + 2 * 32 + 32 * 64 + 2 * 64 and _trainable(b) == 269_722 + proj


def test_plain_nets_have_no_adds_and_resnets_do():
    assert not [l for l in M.plain20().layers if isinstance(l, keras.layers.Add)]
    assert len([l for l in M.resnet20().layers if isinstance(l, keras.layers.Add)]) == 9


def test_se_attaches_to_any_family():
    from tfdl.layers import SqueezeExcitation

    for model in (M.vgg11(input_shape=(32, 32, 3), se_ratio=8, include_top=False),
                  M.squeezenet1_1(input_shape=(48, 48, 3), se_ratio=8),
                  M.resnet20(se_ratio=4), M.googlenet(input_shape=(32, 32, 3), se_ratio=16)):
        assert any(isinstance(l, SqueezeExcitation) for l in model.layers), model.name
    # se_resnet50 = resnet50 + Σ over blocks of (2·C·C/16 + C/16 + C): timm seresnet50 28,088,024
    extra = sum(n * (2 * c * c // 16 + c // 16 + c) for n, c in
                zip((3, 4, 6, 3), (256, 512, 1024, 2048)))
    assert model_info("se_resnet50").params == 25_557_032 + extra == 28_088_024


@pytest.mark.slow
def test_resnext_uses_grouped_convs():
    m = M.resnext50_32x4d(input_shape=(32, 32, 3))
    conv = m.get_layer("stage2_block1_conv2")
    assert conv.groups == 32 and conv.filters == 128
    assert model_info("resnext50_32x4d").params == 25_028_904   # torchvision


# ------------------------------------------------------------------------------------------
# output shapes by stage
# ------------------------------------------------------------------------------------------
def _hw(model, layer):
    return tuple(model.get_layer(layer).output.shape[1:3])


def test_resnet18_stage_shapes_small():
    m = M.resnet18(input_shape=(64, 64, 3), include_top=False)
    assert _hw(m, "stem_relu") == (32, 32)
    assert [_hw(m, f"stage{s}_block2_out")[0] for s in (2, 3, 4, 5)] == [16, 8, 4, 2]
    m = M.resnet20()
    assert [_hw(m, f"stage{s}_block3_out")[0] for s in (1, 2, 3)] == [32, 16, 8]


@pytest.mark.slow
def test_stage_shapes_at_paper_inputs():
    m = M.resnet50(include_top=False)                       # He et al. Table 1
    assert _hw(m, "stem_relu") == (112, 112)
    last = {2: 3, 3: 4, 4: 6, 5: 3}
    assert [_hw(m, f"stage{s}_block{b}_out")[0] for s, b in last.items()] == [56, 28, 14, 7]
    assert m.get_layer("stage5_block3_out").output.shape[-1] == 2048
    m = M.vgg16(include_top=False)                          # Simonyan & Zisserman
    assert [_hw(m, f"stage{s}_pool")[0] for s in range(1, 6)] == [112, 56, 28, 14, 7]
    m = M.alexnet(include_top=False)                        # Krizhevsky et al. Fig. 2
    assert [_hw(m, n)[0] for n in ("conv1", "pool1", "conv2", "pool2", "conv5", "pool5")] == \
        [55, 27, 27, 13, 13, 6]
    m = M.googlenet(include_top=False)                      # Szegedy et al. Table 1
    assert [_hw(m, f"inception{k}_concat")[0] for k in ("3b", "4e", "5b")] == [28, 14, 7]
    assert m.get_layer("inception3a_concat").output.shape[-1] == 256
    m = M.squeezenet1_0(input_shape=(227, 227, 3), include_top=False)   # Iandola et al. Table 1
    assert [_hw(m, n)[0] for n in ("conv1", "pool1", "pool4", "pool8")] == [111, 55, 27, 13]
    m = M.squeezenet1_0(include_top=False)                  # torchvision (ceil_mode) at 224
    assert [_hw(m, n)[0] for n in ("conv1", "pool1", "pool4", "pool8")] == [109, 54, 27, 13]
    m = M.unet(include_top=False)                           # Ronneberger et al. Fig. 1
    assert [_hw(m, f"down{l}_relu2")[0] for l in (1, 2, 3, 4)] == [568, 280, 136, 64]
    assert _hw(m, "bottom_relu2")[0] == 28 and _hw(m, "up1_relu2")[0] == 388
    assert _hw(m, "up4_crop")[0] == 56


def test_unet_valid_output_size_rule():
    assert M.unet_output_size(572) == 388
    assert M.unet_output_size(570) is None
    assert M.unet_valid_sizes(600)[-3:] == [556, 572, 588]
    m = M.unet(input_shape=(188, 188, 1), base_filters=4)
    assert m.output_shape == (None, 4, 4, 2)


def test_lenet_stage_shapes():
    m = M.lenet5()
    assert [_hw(m, n)[0] for n in ("c1_conv", "s2_pool", "c3_conv", "s4_pool", "c5_conv")] == \
        [28, 14, 10, 5, 1]


# ------------------------------------------------------------------------------------------
# errors that teach
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,shape,smallest", [
    ("resnet50", (16, 16, 3), "(32, 32, 3)"),
    ("alexnet", (64, 64, 3), "(67, 67, 3)"),
    ("vgg16", (31, 31, 3), "(32, 32, 3)"),
    ("lenet5", (28, 28, 1), "(32, 32, 1)"),
    ("squeezenet1_0", (32, 32, 3), "(35, 35, 3)"),
    ("unet", (100, 100, 1), "188"),
])
def test_too_small_input_names_smallest_size(name, shape, smallest):
    with pytest.raises(ValueError, match="input_shape") as err:
        create_model(name, input_shape=shape)
    assert smallest in str(err.value) and "Received" in str(err.value)


@pytest.mark.parametrize("call,match", [
    (lambda: M.unet(input_shape=(570, 570, 1)), r"\[556, 572\]"),
    (lambda: M.unet_same(input_shape=(40, 40, 1)), "multiples of 16"),
    (lambda: M.fcn8s(input_shape=(48, 48, 3)), "multiples of 32"),
    (lambda: M.resnet18(shortcut="zero"), "`shortcut` must be"),
    (lambda: M.resnet18(pooling="sum", include_top=False), "`pooling` must be"),
    (lambda: M.vgg16(classes=0), "`num_classes` \\(alias `classes`\\) must be >= 1"),
    (lambda: M.alexnet(groups=3), "`groups` must be 1 or 2"),
    (lambda: M.resnet(depth=42), "`depth` must be one of"),
    (lambda: M.cifar_resnet(depth=21), "6n\\+2"),
    (lambda: M.resnet18(input_shape=(224, 224)), "3 entries"),
])
def test_bad_arguments_raise_teaching_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_unknown_model_name():
    with pytest.raises(ValueError, match="registered model"):
        create_model("resnet51")


# ------------------------------------------------------------------------------------------
# head options, aux heads, random path dropping, autoencoders
# ------------------------------------------------------------------------------------------
def test_include_top_and_pooling_options():
    m = M.resnet18(input_shape=(32, 32, 3), include_top=False)
    assert m.output_shape == (None, 1, 1, 512)
    assert M.resnet18(input_shape=(32, 32, 3), include_top=False, pooling="avg").output_shape == (None, 512)
    assert M.squeezenet1_1(input_shape=(48, 48, 3), include_top=False, pooling="max").output_shape == (None, 512)
    m = M.resnet18(input_shape=(32, 32, 3), classes=7, classifier_activation=None)
    assert m.output_shape == (None, 7) and m.get_layer("predictions").activation.__name__ == "linear"


def test_googlenet_aux_heads_train_with_weight_0_3():
    m = M.googlenet(input_shape=(80, 80, 3), classes=3, aux_logits=True)
    assert m.output_names == ["predictions", "aux1_predictions", "aux2_predictions"]
    m.compile("sgd", loss={k: "sparse_categorical_crossentropy" for k in m.output_names},
              loss_weights=M.GOOGLENET_LOSS_WEIGHTS)
    x = np.random.default_rng(0).standard_normal((2, 80, 80, 3)).astype("float32")
    y = np.array([0, 2])
    logs = m.evaluate(x, {k: y for k in m.output_names}, verbose=0, return_dict=True)
    # total = main + 0.3·aux1 + 0.3·aux2, with each cross-entropy computed independently
    preds = [keras.ops.convert_to_numpy(p) for p in m(x, training=False)]
    ce = [float(-np.mean(np.log(p[np.arange(2), y]))) for p in preds]
    assert logs["loss"] == pytest.approx(ce[0] + 0.3 * ce[1] + 0.3 * ce[2], rel=1e-4)


def test_stochastic_depth_drops_blocks_only_in_training():
    from tfdl.layers import StochasticDepth

    m = M.cifar_resnet(20, input_shape=(8, 8, 3), stochastic_depth=0.5)   # as resnet110's, n = 3
    sd = [l for l in m.layers if isinstance(l, StochasticDepth)]
    p = [l.survival_probability for l in sd]
    assert len(sd) == 9 and p[0] == pytest.approx(1 - 0.5 / 9) and p[-1] == pytest.approx(0.5)
    assert np.all(np.diff(p) < 0)                              # linear decay (Huang et al. Eq. 4)
    x = np.random.default_rng(0).standard_normal((2, 8, 8, 3)).astype("float32")
    a, b = (keras.ops.convert_to_numpy(m(x, training=False)) for _ in range(2))
    np.testing.assert_array_equal(a, b)
    outs = [keras.ops.convert_to_numpy(m(x, training=True)) for _ in range(3)]
    assert not all(np.allclose(outs[0], o) for o in outs[1:])


def test_fractalnet_joins_and_drop_path():
    from tfdl.layers import FractalJoin

    m = M.fractalnet(input_shape=(16, 16, 3))
    convs = [l for l in m.layers if l.name.startswith("block1_conv")]
    assert len(convs) == 2 ** 3 - 1                          # C = 3 columns: 1 + 2 + 4 convs
    joins = [l for l in m.layers if isinstance(l, FractalJoin)]
    assert joins and all(l.drop_rate == 0.15 for l in joins)
    x = np.random.default_rng(0).standard_normal((2, 16, 16, 3)).astype("float32")
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(m(x)), keras.ops.convert_to_numpy(m(x)))


def test_autoencoder_interpolation_endpoints():
    ae = M.conv_autoencoder(input_shape=(16, 16, 1), latent_dim=4)
    rng = np.random.default_rng(0)
    xa, xb = rng.random((16, 16, 1), dtype=np.float32), rng.random((16, 16, 1), dtype=np.float32)
    frames = M.interpolate_latents(ae, xa, xb, steps=5)
    assert frames.shape == (5, 16, 16, 1)
    direct = keras.ops.convert_to_numpy(ae(np.stack([xa, xb])))
    np.testing.assert_allclose(frames[0], direct[0], atol=1e-5)
    np.testing.assert_allclose(frames[-1], direct[1], atol=1e-5)
    enc, dec = ae.get_layer("encoder"), ae.get_layer("decoder")
    z = keras.ops.convert_to_numpy(enc(np.stack([xa, xb])))
    mid = keras.ops.convert_to_numpy(dec(0.5 * z[:1] + 0.5 * z[1:]))
    np.testing.assert_allclose(frames[2], mid[0], atol=1e-5)
    with pytest.raises(ValueError, match="`steps` must be >= 2"):
        M.interpolate_latents(ae, xa, xb, steps=1)


def test_denoising_autoencoder_noise_only_while_training():
    dae = M.denoising_autoencoder(input_shape=(16, 16, 1))
    assert dae.get_layer("corrupt").stddev == pytest.approx(0.3)
    x = np.full((1, 16, 16, 1), 0.5, "float32")
    a, b = (keras.ops.convert_to_numpy(dae(x)) for _ in range(2))
    np.testing.assert_array_equal(a, b)
    enc = dae.get_layer("encoder")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(dae.get_layer("decoder")(enc(x))), a,
                               atol=1e-6)


def test_layer_names_follow_the_pattern():
    names = {l.name for l in M.resnet50(input_shape=(32, 32, 3)).layers}
    assert {"stage2_block1_conv1", "stage2_block1_bn1", "stage3_block1_shortcut_conv",
            "stage5_block3_conv3", "stage5_block3_out", "predictions"} <= names


# Training under tf.distribute.MirroredStrategy with two logical CPU devices: a registered model
# (resnet20 with SE gates, stochastic depth, option-A shortcuts and BN) is trained in a subprocess
# in tests/layers/test_squeeze_excitation.py::test_se_resnet_trains_under_mirrored_strategy_two_cpus (one TF
# start-up for both checks keeps the suite fast).


def test_googlenet_naive_parameters_by_hand_and_against_the_reduced_block():
    """The naive Inception module (no 1×1 reductions, Fig. 2a) against the hand formula, block by
    block and in total; channels pile up (the pool branch passes every channel on)."""
    from tfdl.models.googlenet import inception_block_params

    with without_weights():
        naive = M.googlenet_naive(input_shape=(32, 32, 3))
        reduced = M.googlenet(input_shape=(32, 32, 3))
    convs = lambda m, key: sum(l.count_params() for l in m.layers if l.name.startswith(f"inception{key}_"))
    c_naive, c_reduced, total = 192, 192, 0
    for key, widths in M.INCEPTION_V1_TABLE.items():
        p_naive, out_naive = inception_block_params(c_naive, *widths, reduce=False)
        p_reduced, out_reduced = inception_block_params(c_reduced, *widths)
        f1, _, f3, _, f5, _ = widths
        assert p_naive == c_naive * f1 + 9 * c_naive * f3 + 25 * c_naive * f5 + f1 + f3 + f5
        assert (convs(naive, key), convs(reduced, key)) == (p_naive, p_reduced), key
        assert naive.get_layer(f"inception{key}_concat").output.shape[-1] == out_naive == f1 + f3 + f5 + c_naive
        total += p_naive
        c_naive, c_reduced = out_naive, out_reduced
    stem = 7 * 7 * 3 * 64 + 64 + 64 * 64 + 64 + 9 * 64 * 192 + 192
    assert naive.count_params() == stem + total + c_naive * 1000 + 1000 == model_info("googlenet_naive").params
    assert c_naive == 4944 and naive.count_params() > 13 * reduced.count_params()


SE_FAMILIES = {   # a builder call per family that accepts se_ratio, at a small input
    "resnet": lambda **k: M.resnet20(**k),
    "resnext": lambda **k: M.resnext50_32x4d(input_shape=(32, 32, 3), **k),
    "vgg": lambda **k: M.vgg11(input_shape=(32, 32, 3), include_top=False, **k),
    "alexnet": lambda **k: M.alexnet(input_shape=(67, 67, 3), **k),
    "densenet": lambda **k: M.densenet121(input_shape=(32, 32, 3), **k),
    "squeezenet": lambda **k: M.squeezenet1_1(input_shape=(48, 48, 3), **k),
    "googlenet": lambda **k: M.googlenet(input_shape=(32, 32, 3), **k),
    "inception_resnet": lambda **k: M.inception_resnet_small(**k),
    "nin": lambda **k: M.nin(input_shape=(67, 67, 3), num_classes=10, **k),
    "fractalnet": lambda **k: M.fractalnet(columns=2, filters=(16, 32), **k),
    "lenet": lambda **k: M.lenet5(**k),
    "text_cnn": lambda **k: M.text_cnn(vocab_size=50, **k),
    "crnn": lambda **k: M.crnn((16, 4), **k),
}


def test_se_ratio_adds_gates_with_the_se_parameter_formula():
    """Every SE gate on C channels with ratio r adds C·h + h + h·C + C parameters, h = max(1, round(C/r))
    (Hu et al. 2018, Eq. 3 with biases): for each family the total is the plain model's plus that sum.
    One test for all families (built without weights), not one per family: less set-up per build."""
    from tfdl.layers import SqueezeExcitation

    r = 8
    for family, build in SE_FAMILIES.items():
        with without_weights():
            plain, gated = build(), build(se_ratio=r)
        gates = [l for l in gated.layers if isinstance(l, SqueezeExcitation)]
        assert gates and all(l.name.endswith("_se") for l in gates), family
        extra = 0
        for gate in gates:
            c = gate.input.shape[-1]
            h = max(1, round(c / r))
            extra += c * h + h + h * c + c
        assert gated.count_params() == plain.count_params() + extra, family


def test_se_ratio_refused_where_it_makes_no_sense_names_the_family_and_why():
    with pytest.raises(ValueError) as info:
        create_model("highway_mlp", se_ratio=4)
    assert info.value.code == "se_not_applicable" and info.value.params["family"] == "highway"
    assert "no positions" in str(info.value) and "se_ratio=4" in str(info.value)
    for name, family in (("fcn8s", "fcn"), ("deconvnet", "deconvnet"), ("unet", "unet"),
                         ("conv_autoencoder", "autoencoder"), ("denoising_autoencoder", "autoencoder")):
        with pytest.raises(ValueError, match="keep the layers of their papers") as info:  # before any layer
            create_model(name, se_ratio=8)
        assert info.value.code == "se_not_applicable" and info.value.params["family"] == family
    for name, family in (("rnn_classifier", "rnn"), ("sequence_tagger", "rnn"), ("seq2seq", "seq2seq")):
        with pytest.raises(ValueError, match="layers are recurrent") as info:
            create_model(name, se_ratio=16)
        assert info.value.params["family"] == family
