"""The model registry and the builders' common interface: natural order and family filter of
``list_models``, metadata as data beside the registry, one literal function (with its own
docstring) per variant, the same keyword overrides on every builder, and float32 outputs under
``mixed_float16`` (Keras' mixed-precision guide: the output layer in float32)."""

import inspect
import re
import sys

import numpy as np
import pytest

keras = pytest.importorskip("keras")

import tfdl.models as M
from tfdl.models import (
    create_model,
    list_models,
    model_info,
    registry,
    without_weights,
)
from tfdl.models.metadata import MODEL_METADATA

ALL = list_models()
COMMON = ("input_shape", "include_top", "num_classes", "classes", "classifier_activation",
          "pooling", "name")
# Cheap models of every kind (image classifier, segmentation, autoencoder, sequence) run by
# default; the rest of the registry runs the same checks under the slow mark.
FAST = {"lenet5", "lenet5_modern", "resnet20", "squeezenet1_1", "highway_mlp", "unet_same",
        "conv_autoencoder", "rnn_classifier", "seq2seq", "text_cnn", "crnn", "fcn8s"}


# Every family's head goes through the shared code in tfdl/models/_common.py; the checks that
# build models run on the cheap ones above plus the first variant of each other family (slow).
FAMILY_FIRST = sorted({min((n for n in ALL if MODEL_METADATA[n]["family"] == f), key=ALL.index)
                       for f in {MODEL_METADATA[n]["family"] for n in ALL}} - FAST, key=ALL.index)


def _param(name):
    return pytest.param(name, id=name, marks=[] if name in FAST else [pytest.mark.slow])


BUILT = [_param(n) for n in ALL if n in FAST or n in FAMILY_FIRST]


def _inputs(model):
    rng = np.random.default_rng(0)
    xs = []
    for t in model.inputs:
        shape = (2,) + tuple(d if d is not None else 5 for d in t.shape[1:])
        if "int" in str(t.dtype):
            xs.append(rng.integers(1, 3, size=shape).astype(str(t.dtype)))
        else:
            xs.append(rng.random(shape).astype("float32"))
    return xs[0] if len(xs) == 1 else xs


# ------------------------------------------------------------------------------------------
# list_models: natural order, pattern, family, task
# ------------------------------------------------------------------------------------------
def test_list_models_sorts_digit_runs_as_numbers():
    assert list_models("resnet1*") == ["resnet18", "resnet101", "resnet110", "resnet152"]
    assert list_models("fcn*") == ["fcn8s", "fcn16s", "fcn32s"]
    assert list_models("vgg*") == ["vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16",
                                   "vgg16_bn", "vgg19", "vgg19_bn"]
    # the whole registry, against an independent natural key (numbers zero-padded)
    padded = sorted(ALL, key=lambda n: re.sub(r"\d+", lambda m: m.group().zfill(6), n))
    assert ALL == padded and len(ALL) == len(set(ALL)) == len(MODEL_METADATA)


def test_list_models_filters_by_family_task_and_pattern():
    assert list_models(family="resnet") == [
        "plain18", "plain34", "preact_resnet18", "preact_resnet50", "resnet18", "resnet34",
        "resnet50", "resnet101", "resnet152", "resnext50_32x4d", "se_resnet50"]
    assert list_models(family="resnet_cifar") == [
        "plain20", "plain56", "preact_resnet110", "resnet20", "resnet56", "resnet110",
        "stochastic_depth_resnet110"]
    assert set(list_models(family="resnet*")) == (set(list_models(family="resnet"))
                                                  | set(list_models(family="resnet_cifar")))
    assert list_models("*_bn", family="vgg") == ["vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn"]
    assert list_models(family="unet", task="segmentation") == ["unet", "unet_same"]
    assert list_models(family="unet", task="classification") == []
    assert list_models("nothing*") == []
    for name in list_models(family="densenet"):
        assert model_info(name).family == "densenet"


def test_list_models_unknown_family_names_the_families():
    with pytest.raises(ValueError, match=r"`family` must match a registered family.*'vgg'.*"
                                         r"Received: family='resnets'"):
        list_models(family="resnets")


# ------------------------------------------------------------------------------------------
# metadata: data beside the registry
# ------------------------------------------------------------------------------------------
def test_metadata_table_is_what_model_info_returns():
    assert set(MODEL_METADATA) == set(ALL)
    for name in ALL:
        info, entry = model_info(name), MODEL_METADATA[name]
        for key, value in entry.items():
            got = getattr(info, key)
            assert got == (tuple(value) if isinstance(value, list) else value), (name, key)
        assert info.idea and info.paper and info.year > 1900
        assert not re.search("[а-яё]", info.idea.lower()), name  # tfdl stays English
        assert info.task in ("classification", "segmentation", "autoencoder", "sequence")
        assert info.input_kind in ("image", "features", "tokens", "token pairs")


def test_register_model_without_metadata_raises_and_accepts_keywords():
    with pytest.raises(ValueError, match="MODEL_METADATA.*Received: name='not_in_the_table'"):
        registry.register_model("not_in_the_table")(lambda **kw: None)
    with pytest.raises(ValueError, match=r"fields of ModelInfo.*Received: \['colour'\]"):
        registry.register_model("x_net", family="a", paper="-", year=1, input_shape=(1,),
                                idea="-", colour="red")(lambda **kw: None)
    assert "not_in_the_table" not in list_models() and "x_net" not in list_models()
    try:
        @registry.register_model("my_tiny_net", family="mine", paper="-", year=2024,
                                 input_shape=(8, 8, 1), idea="A tiny net.", small_input=(8, 8, 1))
        def my_tiny_net(input_shape=(8, 8, 1), **kwargs):
            x = keras.Input(input_shape)
            return keras.Model(x, keras.layers.Flatten()(x), name="my_tiny_net")

        assert "my_tiny_net" in list_models(family="mine")
        assert model_info("my_tiny_net").idea == "A tiny net."
        assert create_model("my_tiny_net").output_shape == (None, 64)
    finally:
        registry._REGISTRY.pop("my_tiny_net", None)


def test_the_pre_catalogue_idea_keywords_still_work_with_a_deprecation_warning():
    """``idea_en=`` registers the idea, ``idea_ru=`` is dropped (Russian lives in the playground's
    catalogue) and ``ModelInfo.idea_en`` reads ``idea``, each with a DeprecationWarning."""
    try:
        with pytest.warns(DeprecationWarning, match="idea_en") as caught:
            registry.register_model("old_style_net", family="mine", paper="-", year=2024, input_shape=(8, 8, 1),
                                    idea_en="An old net.", idea_ru="Старая сеть.")(lambda **kw: None)
        assert any("idea_ru" in str(w.message) for w in caught)
        info = model_info("old_style_net")
        assert info.idea == "An old net." and not hasattr(info, "idea_ru")
        with pytest.warns(DeprecationWarning, match="ModelInfo.idea_en"):
            assert info.idea_en == "An old net."
    finally:
        registry._REGISTRY.pop("old_style_net", None)


# ------------------------------------------------------------------------------------------
# one literal function per variant, each with its own docstring
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_every_variant_is_a_literal_documented_function(name):
    builder = model_info(name).builder
    assert builder is getattr(M, name)
    assert builder.__name__ == builder.__qualname__ == name
    module_source = inspect.getsource(sys.modules[builder.__module__])
    assert f"\ndef {name}(" in module_source, f"{name} is not a literal `def {name}(`"
    doc = inspect.getdoc(builder)
    assert doc, f"{name} has no docstring"
    for section in ("Args:", "Returns:", "Example:", "Paper:"):
        assert section in doc, (name, section)
    assert re.search(rf">>> .*\b{name}\(", doc), f"{name}'s example does not call it"
    # its own docstring, written in its def (not assigned at run time)
    assert builder.__doc__ in inspect.getsource(builder)


# ------------------------------------------------------------------------------------------
# the same keyword overrides everywhere
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_every_variant_accepts_the_common_keywords(name):
    params = inspect.signature(model_info(name).builder).parameters
    missing = [k for k in COMMON if k not in params]
    assert not missing, f"{name} lacks {missing}"


def _alias_facts(name):
    """Name override and the num_classes/classes alias, built without weights (shapes and counts
    only): (name given, output shapes and parameter counts with num_classes=3 and with classes=3)."""
    info = model_info(name)
    with without_weights():
        facts = {"name": create_model(name, input_shape=info.small_input, name="mine").name}
        if info.task in ("classification", "segmentation") or name in (
                "rnn_classifier", "sequence_tagger", "text_cnn", "crnn"):
            for keyword in ("num_classes", "classes"):
                model = create_model(name, input_shape=info.small_input, **{keyword: 3})
                shapes = model.output_shape if isinstance(model.output_shape, list) else [model.output_shape]
                facts[keyword] = ([tuple(s) for s in shapes], model.count_params())
    return facts


@pytest.mark.parametrize("name", BUILT)
def test_name_and_num_classes_alias(name):
    facts = _alias_facts(name)
    assert facts["name"] == "mine"
    if "num_classes" in facts:
        assert all(s[-1] == 3 for s in facts["num_classes"][0])
        assert facts["num_classes"] == facts["classes"]


def test_num_classes_and_classes_must_agree():
    with pytest.raises(ValueError, match="must agree.*num_classes=5, classes=3"):
        M.lenet5(num_classes=5, classes=3)
    assert M.lenet5(num_classes=10, classes=3).output_shape == (None, 3)   # 10 is the default


@pytest.mark.parametrize("call,match", [
    (lambda: M.conv_autoencoder(num_classes=10), "`num_classes` must be None.*no classifier"),
    (lambda: M.conv_autoencoder(include_top=False), "`include_top` must be True"),
    (lambda: M.denoising_autoencoder(classifier_activation="softmax"),
     "`classifier_activation` must be None.*output_activation"),
    (lambda: M.conv_autoencoder(pooling="avg"), "`pooling` must be None"),
    (lambda: M.seq2seq(include_top=False), "`include_top` must be True"),
    (lambda: M.seq2seq(target_vocab_size=13, num_classes=12),
     "`num_classes` must be None or target_vocab_size=13"),
    (lambda: M.seq2seq(pooling="max"), "`pooling` must be None"),
    (lambda: M.rnn_classifier((12, 4), pooling="avg"), "`pooling` must be None"),
    (lambda: M.text_cnn((12,), pooling="max"), "`pooling` must be None"),
    (lambda: M.unet_same(input_shape=(32, 32, 1), pooling="avg"), "`pooling` must be None"),
    (lambda: M.fcn8s(input_shape=(32, 32, 3), classes=0), "`num_classes`.*must be >= 1"),
    (lambda: M.rnn_classifier((12, 4), num_classes=0), "`num_classes` must be a positive"),
])
def test_common_keywords_a_family_cannot_take_raise(call, match):
    with pytest.raises(ValueError, match=match) as err:
        call()
    assert "Received:" in str(err.value)


def test_sequence_classifiers_without_top_return_features():
    assert M.rnn_classifier((12, 4), units=8, include_top=False).output_shape == (None, 8)
    assert M.text_cnn((12,), vocab_size=20, filters=4, include_top=False).output_shape == \
        (None, 12)
    assert M.seq2seq(13, 13, num_classes=13).output_shape == (None, None, 13)


def _all_layers(model):
    out = []
    for layer in model.layers:
        out.append(layer)
        if isinstance(layer, keras.Model):
            out.extend(_all_layers(layer))
    return out


# ------------------------------------------------------------------------------------------
# mixed precision: float32 outputs
# ------------------------------------------------------------------------------------------
@pytest.fixture
def mixed_float16():
    previous = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        yield
    finally:
        keras.mixed_precision.set_global_policy(previous)


@pytest.mark.parametrize("name", BUILT)
def test_outputs_are_float32_under_mixed_float16(name, mixed_float16):
    info = model_info(name)
    model = create_model(name, input_shape=info.small_input)
    outputs = model(_inputs(model), training=False)
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    assert [str(t.dtype) for t in model.outputs] == ["float32"] * len(outputs)
    for y in outputs:
        assert keras.backend.standardize_dtype(y.dtype) == "float32"
        assert np.all(np.isfinite(keras.ops.convert_to_numpy(y)))
    # the network itself computes in float16: the mixed policy did reach the hidden layers
    hidden = [l for l in _all_layers(model) if l.weights and not isinstance(l, keras.Model)
              and l.name not in ("predictions", "logits", "reconstruction")]
    assert hidden and any(l.compute_dtype == "float16" for l in hidden)
    if info.task == "classification" and model.output_shape[-1] > 1 and "predictions" in \
            [l.name for l in model.layers]:
        p = keras.ops.convert_to_numpy(outputs[0])
        np.testing.assert_allclose(p.sum(-1), 1.0, atol=1e-5)   # a float32 softmax sums to 1

