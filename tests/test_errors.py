"""tfdl's errors carry a stable code and their parameters: real calls with bad input raise a
``TfdlValueError`` (a ``ValueError``) whose English text is the one the library always gave, and
whose Russian text (the playground's catalogue) says the same numbers; pickling keeps the code.

The English texts below were taken from the library before the errors got codes (they are the
contract tests elsewhere match), so a changed word fails here too.
"""

import pickle
import re

import numpy as np
import pytest

pytest.importorskip("babel")

from tfdl.errors import TfdlValueError


def _stateful_rnn_on_another_batch():
    from tfdl import layers

    layer = layers.SimpleRNN(2, stateful=True)
    layer(np.zeros((3, 4, 2), "float32"))
    layer(np.zeros((5, 4, 2), "float32"))  # raised inside Keras' call(): re-raised with the call's arguments


def _call(name):
    """The bad call of case ``name`` (imports inside: a case costs only what it uses)."""
    from tfdl import (
        activations,
        filters,
        functional,
        initializers,
        layers,
        losses,
        optimizers,
        shapes,
        surfaces,
        training,
        trajectories,
        validation,
    )
    from tfdl.data import digits, sequences, toy2d
    from tfdl.experiments import first_principles
    from tfdl.interpret import embedding
    from tfdl.metrics import classification, detection
    from tfdl.models import lenet, mlp, registry
    from tfdl.optimizers import schedules
    from tfdl.viz import formatting

    calls = {
        "stride_zero": lambda: shapes.conv_output_size(5, 3, stride=0),
        "kernel_too_large": lambda: shapes.conv_output_size(3, 5),
        "output_padding": lambda: shapes.conv_transpose_output_size(4, 3, stride=2, output_padding=2, padding=0),
        "groups_split": lambda: shapes.conv_params(6, 8, 3, groups=4),
        "filters_positive": lambda: validation.positive_int(0, "filters"),
        "stride_per_dim": lambda: validation.per_dim((1, 2, 3), 2, "stride"),
        "reflect_too_wide": lambda: functional.pad(np.zeros((3, 3)), 5, mode="reflect"),
        "pool_padding_half": lambda: functional.max_pool2d(np.zeros((6, 6)), 2, padding=3),
        "stochastic_negative": lambda: functional.stochastic_pool2d(-np.ones((4, 4)), 2),
        "toy2d_noise": lambda: toy2d.make_circle(100, noise=2.5),
        "digit_index": lambda: digits.digit_image(5000),
        "max_len_below_min": lambda: sequences.make_sequence_task("reverse", 10, min_len=5, max_len=3),
        "mlp_dropout": lambda: mlp.build_mlp((4,), dropout=1.5),
        "lenet_small": lambda: lenet.lenet5(input_shape=(16, 16, 1)),
        "top_k": lambda: classification.top_k_accuracy([0, 1], np.zeros((2, 3)), k=7),
        "box_corners": lambda: detection.iou([0, 0, -1, 1], [0, 0, 1, 1]),
        "triplet_margin": lambda: losses.TripletSemiHardLoss(margin=-0.5),
        "activation_name": lambda: activations.get("swishy"),
        "conv_groups": lambda: layers.PaddedConv2D(6, 3, groups=4),
        "rnn_stateful_batch": _stateful_rnn_on_another_batch,
        "seed_negative": lambda: training.set_seed(-1),
        "optimizer_name": lambda: trajectories.make_optimizer("adamw"),
        "ravine_condition": lambda: surfaces.ravine(0.5),
        "sgd_learning_rate": lambda: optimizers.SGD(learning_rate=-1.0),
        "step_decay_drop": lambda: schedules.StepDecay(0.1, drop=2.0),
        "x_range": lambda: first_principles.universal_approximation(np.sin, x_min=1.0, x_max=0.0),
        "init_fans": lambda: initializers.init_std("he", 0, 3),
        "model_close": lambda: registry.model_info("lenet"),
        "model_unknown": lambda: registry.model_info("zzzzzz"),
        "filter_unknown": lambda: filters.get_filter("blurry"),
        "neighbors_metric": lambda: embedding.nearest_neighbors(np.zeros((2, 3)), np.zeros((4, 3)), k=1, metric="l1"),
        "maxout_shapes": lambda: activations.maxout(np.zeros(3), np.zeros(2), np.zeros(3)),
        "format_digits": lambda: formatting.format_significant(1.0, digits=0),
    }
    return calls[name]


# name: (code, params the error must carry, the English text before codes existed)
CASES = {
    "stride_zero": (
        "int_min_why", {"name": "stride", "minimum": 1, "value": 0},
        "`stride` must be >= 1 (the window must move forward). Received: stride=0"),
    "kernel_too_large": (
        "kernel_larger_than_input", {"size": 3, "kernel_size": 5, "padded": 3},
        "The kernel is larger than the padded input: effective kernel_size 5 > padded size 3+0+0 = 3. "
        "Received: size=3, kernel_size=5, dilation=1, padding=0. Use a smaller kernel or dilation, more "
        "padding, or padding='same'."),
    "output_padding": (
        "output_padding_pytorch", {"output_padding": 2, "stride": 2, "dilation": 1},
        "`output_padding` must be smaller than `stride` or `dilation` (PyTorch rule). "
        "Received: output_padding=2, stride=2, dilation=1"),
    "groups_split": (
        "groups_output_channels", {"c_out": 3, "groups": 4},
        "`groups` must divide the output channels: 3 filters cannot be split into 4 equal groups. "
        "Received: c_out=3, groups=4"),
    "filters_positive": (
        "int_at_least", {"name": "filters", "minimum": 1, "value": 0},
        "`filters` must be an integer >= 1. Received: filters=0"),
    "stride_per_dim": (
        "per_dim", {"name": "stride", "n": 2, "value": (1, 2, 3)},
        "`stride` must be one value or 2 values (one per spatial dimension). Received: stride=(1, 2, 3)"),
    "reflect_too_wide": (
        "pad_reflect_too_wide", {"w": 5, "axis": 0, "size": 3, "most": 2},
        "`pad` 5 on spatial axis 0 is too large for reflect padding of a size-3 input: reflect mirrors "
        "without the edge cell, so it adds at most 2 cells per side. Received: pad=[(5, 5), (5, 5)]"),
    "pool_padding_half": (
        "pool_padding_half", {"half": 1, "padding": 3, "pool_size": 2},
        "`padding` must be at most half the pooling window (1), or a window could see padding only. "
        "Received: padding=3, pool_size=2, dilation=1"),
    "stochastic_negative": (
        "stochastic_pool_negative", {"minimum": -1.0},
        "Stochastic pooling turns activations into probabilities p = a / sum(a), so `x` must be "
        "non-negative (apply ReLU first). Received a minimum of -1.0"),
    "toy2d_noise": (
        "toy2d_noise", {"noise": 2.5, "radius": 5.0},
        "`noise` must be a number in [0, 1] (a fraction of the radius 5.0). Received: noise=2.5"),
    "digit_index": (
        "index_range", {"n": 1797, "index": 5000},
        "`index` must be in [0, 1797). Received: index=5000"),
    "max_len_below_min": (
        "max_len_below_min", {"max_len": 3, "min_len": 5},
        "`max_len` must be >= `min_len`. Received: max_len=3, min_len=5"),
    "mlp_dropout": (
        "interval", {"name": "dropout", "interval": "[0, 1)", "value": 1.5},
        "`dropout` must be in [0, 1). Received: dropout=1.5"),
    "lenet_small": (
        "input_too_small", {"model_name": "lenet5", "min_size": 32, "input_shape": (16, 16, 1), "channels": 1},
        "`input_shape` is too small for lenet5: its three 5×5 valid convolutions and two 2×2 poolings need "
        "height and width >= 32. Received: input_shape=(16, 16, 1); the smallest size that works is "
        "(32, 32, 1)."),
    "top_k": (
        "top_k_range", {"n_classes": 3, "k": 7},
        "`k` must be an integer in [1, 3]. Received: k=7"),
    "box_corners": (
        "box_corners", {"name": "boxes_a", "box": [[0.0, 0.0, -1.0, 1.0]]},
        "`boxes_a` must be [x1, y1, x2, y2] with x1 <= x2 and y1 <= y2. Received: boxes_a=[[0.0, 0.0, -1.0, 1.0]]"),
    "triplet_margin": (
        "value_min", {"name": "margin", "minimum": 0, "value": -0.5},
        "`margin` must be >= 0. Received: margin=-0.5"),
    "activation_name": (
        "one_of", {"name": "name", "value": "swishy"},
        "`name` must be one of ['elu', 'leaky_relu', 'relu', 'sigmoid', 'softplus', 'tanh']. Received: name='swishy'"),
    "conv_groups": (
        "filters_groups", {"filters": 6, "groups": 4},
        "`filters` must be divisible by `groups` (each group makes filters/groups outputs). "
        "Received: filters=6, groups=4"),
    "rnn_stateful_batch": (
        "stateful_batch_size", {"batch_size": 5, "expected": 3},
        "A stateful layer needs the batch size it was built with. Received: batch size 5, expected 3"),
    "seed_negative": (
        "int_at_least", {"name": "seed", "minimum": 0, "value": -1},
        "`seed` must be an integer >= 0. Received: seed=-1"),
    "optimizer_name": (
        "one_of", {"name": "name", "value": "adamw"},
        "`name` must be one of ['SGD', 'Momentum', 'Nesterov', 'Adagrad', 'RMSProp', 'Adam']. Received: name='adamw'"),
    "ravine_condition": (
        "finite_min", {"name": "condition_number", "minimum": 1, "value": 0.5},
        "`condition_number` must be a finite number >= 1. Received: condition_number=0.5"),
    "sgd_learning_rate": (
        "number_positive", {"name": "learning_rate", "value": -1.0},
        "`learning_rate` must be a number > 0. Received: learning_rate=-1.0"),
    "step_decay_drop": (
        "interval", {"name": "drop", "interval": "(0, 1]", "value": 2.0},
        "`drop` must be in (0, 1]. Received: drop=2.0"),
    "x_range": (
        "x_range_order", {"x_min": 1.0, "x_max": 0.0},
        "`x_max` must be > x_min. Received: x_min=1.0, x_max=0.0"),
    "init_fans": (
        "fan_in_out_min", {"fan_in": 0, "fan_out": 3},
        "`fan_in` and `fan_out` must be >= 1. Received: fan_in=0, fan_out=3"),
    "model_close": (
        "model_unknown_close", {"name": "lenet", "close": ["googlenet", "googlenet_naive", "lenet5", "lenet5_modern"]},
        "`name` must be a registered model. Received: name='lenet'. Close matches: ['googlenet', 'googlenet_naive', "
        "'lenet5', 'lenet5_modern']. See tfdl.models.list_models()."),
    "model_unknown": (
        "model_unknown", {"name": "zzzzzz"},
        "`name` must be a registered model. Received: name='zzzzzz'. See tfdl.models.list_models()."),
    "filter_unknown": (
        "filter_unknown", {"name": "blurry"},
        "Unknown filter 'blurry'. Known filters: identity, blur, box_blur, sharpen, top_sobel, bottom_sobel, "
        "left_sobel, right_sobel, outline, custom, horizontal_gradient, vertical_gradient, emboss, laplacian."),
    "neighbors_metric": (
        "neighbors_metric", {"metric": "l1"},
        "`metric` must be 'euclidean' or 'cosine'. Received: metric='l1'"),
    "maxout_shapes": (
        "weights_biases_1d", {"weights_shape": (2,), "biases_shape": (3,)},
        "`weights` and `biases` must be non-empty 1-D arrays of one length. Received: weights.shape=(2,), "
        "biases.shape=(3,)"),
    "format_digits": (
        "int_at_least", {"name": "digits", "minimum": 1, "value": 0},
        "`digits` must be an integer >= 1. Received: digits=0"),
}


def _numbers(params) -> list[str]:
    """The numbers among the error's parameters, as the message writes them."""
    out = []
    for value in params.values():
        items = value if isinstance(value, (tuple, list)) else [value]
        for v in items:
            if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
                out.append(str(v))
    return out


def _raise(name) -> TfdlValueError:
    with pytest.raises(ValueError) as info:
        _call(name)()
    return info.value


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_call_raises_a_coded_error_with_its_old_english_text(name):
    code, params, english = CASES[name]
    err = _raise(name)
    assert isinstance(err, TfdlValueError) and isinstance(err, ValueError)
    assert err.code == code
    assert {k: err.params[k] for k in params} == params
    if name == "rnn_stateful_batch":  # Keras adds the call's arguments around the library's sentence
        assert english in str(err) and "Exception encountered when calling SimpleRNN.call()" in str(err)
    else:
        assert str(err) == english


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_russian_text_is_a_russian_sentence_with_the_same_numbers(name, monkeypatch):
    from playground import i18n

    err = _raise(name)
    english = i18n.error_text(err)
    assert english == str(err)
    monkeypatch.setattr(i18n, "current_language", lambda: "ru")
    russian = i18n.error_text(err)
    assert russian != english and re.search("[а-яё]", russian), russian
    assert "Exception encountered" not in russian  # the library's sentence, not Keras' wrapper
    for number in _numbers(err.params):
        assert number in russian, (number, russian)


@pytest.mark.parametrize("name", sorted(CASES))
def test_pickling_keeps_the_code_and_the_params(name):
    err = _raise(name)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err)
    assert back.code == err.code and back.params == err.params and str(back) == str(err)


def test_a_one_message_error_keeps_the_code_of_the_error_it_re_raises():
    """``TfdlValueError(message)`` is how Keras re-raises an error of a layer's call."""
    try:
        try:
            raise TfdlValueError("int_min", "`{name}` must be >= {minimum}. Received: {name}={value!r}",
                                 name="units", minimum=1, value=0)
        except ValueError as inner:
            raise TfdlValueError(f"Exception encountered.\n\n{inner}") from None
    except ValueError as outer:
        assert str(outer) == "Exception encountered.\n\n`units` must be >= 1. Received: units=0"
        assert outer.code == "int_min" and outer.params == {"name": "units", "minimum": 1, "value": 0}
    plain = TfdlValueError("no code here")
    assert plain.code is None and plain.params == {} and str(plain) == "no code here"


def test_the_shared_checks_build_the_same_sentence_for_every_module():
    from tfdl import validation

    assert str(validation.min_error("noise", -1, 0)) == "`noise` must be >= 0. Received: noise=-1"
    assert str(validation.gt_error("ratio", 0, 0)) == "`ratio` must be > 0. Received: ratio=0"
    assert str(validation.int_min_error("units", 0, 1)) == "`units` must be an integer >= 1. Received: units=0"
    assert str(validation.positive_int_error("units", -2)) == "`units` must be a positive integer. Received: units=-2"
    assert str(validation.interval_error("p", 2, "[0, 1]")) == "`p` must be in [0, 1]. Received: p=2"
    assert (str(validation.one_of_error("mode", "x", ("a", "b")))
            == "`mode` must be one of ('a', 'b'). Received: mode='x'")
    for err in (validation.min_error("noise", -1, 0), validation.one_of_error("mode", "x", ("a",))):
        assert isinstance(err, ValueError) and err.params["name"] in str(err)
