"""Every page's "The same in code" snippet runs in a fresh interpreter and reproduces the page.

One subprocess for all snippets (one TensorFlow import): its driver runs each snippet in its own
namespace and prints, as JSON, the values the page shows; the references are computed here with
the library calls the pages make (the Convolution lab's input and kernel built independently).
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from tfdl import codegen
from tfdl import filters as tf_filters
from tfdl import functional as F

CONV_CASES = {  # id -> (input source settings, filters, conv settings)
    "digit_rgb_sobel": (
        dict(source="digit", channels=3, index=5, size=8),
        ["top_sobel", "left_sobel"],
        dict(stride=2, padding="same", dilation=1, padding_mode="zeros", groups=1),
    ),
    "random_constant": (
        dict(source="random", channels=1, size=5, seed=3),
        ["box_blur"],
        dict(stride=1, padding=1, dilation=2, padding_mode="constant", padding_value=2.0, groups=1),
    ),
    "typed_numbers": (None, ["sharpen"], dict(stride=1, padding="valid", dilation=1, padding_mode="reflect", groups=1)),
}
ARCH_CASES = {  # id -> (model, input shape, builder keywords) as the Architectures page passes them
    "lenet5": ("lenet5", (32, 32, 1), {}),
    "lenet5_rgb_48": ("lenet5", (48, 40, 3), {}),
    "text_cnn": ("text_cnn", (40,), {"vocab_size": 500}),
    "seq2seq": ("seq2seq", ((10,), (9,)), {"source_vocab_size": 30, "target_vocab_size": 30}),
}
RACE_CASES = {
    "ravine": dict(
        surface="ravine",
        surface_params=(("condition_number", 20.0),),
        start=(-9.0, 3.0),
        steps=25,
        noise=0.0,
        configs=(
            ("SGD", (("decay", "none"), ("learning_rate", 0.02))),
            ("Momentum", (("form", "classic"), ("learning_rate", 0.01), ("momentum", 0.9))),
            ("Adam", (("beta_1", 0.9), ("beta_2", 0.999), ("epsilon", 1e-7), ("learning_rate", 0.3))),
        ),
    ),
    "bowl_noisy_step_decay": dict(
        surface="bowl",
        surface_params=(),
        start=(-2.5, 2.0),
        steps=20,
        noise=0.5,
        configs=(("SGD", (("decay", "step"), ("drop", 0.5), ("learning_rate", 0.1), ("step_size", 10))),),
    ),
}
TRAIN_CASES = {
    "xor_sgd": dict(
        dataset="xor",
        n_samples=40,
        noise=0.0,
        train_ratio=0.5,
        features=("x1", "x2"),
        hidden=(3,),
        activation="tanh",
        initializer="xavier",
        learning_rate=0.03,
        optimizer="sgd",
        l2=0.0,
        dropout=0.0,
        dropout_form="inverted",
        norm="none",
        batch_size=10,
        epochs=2,
        seed=1,
    ),
    "circle_adam_bn": dict(
        dataset="circle",
        n_samples=40,
        noise=0.1,
        train_ratio=0.5,
        features=("x1", "x2", "x1x2"),
        hidden=(4, 2),
        activation="relu",
        initializer="he",
        learning_rate=0.01,
        optimizer="adam",
        l2=0.001,
        dropout=0.2,
        dropout_form="classic",
        norm="batch",
        batch_size=10,
        epochs=2,
        seed=2,
    ),
}
TRAIN_CASES.update(  # more classes, regression, own points (tfdl.data.toy2d_more, tfdl.data.points)
    blobs4_sgd={**TRAIN_CASES["xor_sgd"], "dataset": "blobs", "classes": 4},
    plane_adam={**TRAIN_CASES["xor_sgd"], "dataset": "plane", "optimizer": "adam"},
    own_points={**TRAIN_CASES["xor_sgd"], "dataset": "own", "points": "x1,x2,label\n1,1,0\n-2,0.5,2\n3,-1,1\n0,0,2\n"},
)
TRANSPOSED_CASES = {  # id -> (input, kernel, stride, padding, output_padding) as the lab's transposed tab
    "same_s2": (np.arange(9.0).reshape(3, 3), np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1.0]]), 2, "same", None),
    "int_pad": (np.array([[1, 2], [3, 4.0]]), np.ones((3, 3)), 2, 1, 1),
}
DIGITS_CASES = {  # the Train page's digits mode, tiny (8×8 digits, one epoch): batch norm and augmentation at once
    "small_cnn_bn_augmented": dict(
        model="small_cnn",
        image_size=8,
        epochs=1,
        learning_rate=0.01,
        batch_size=128,
        norm="batch",
        augment=("shift",),
        strength=0.3,
    ),
}
GATE_TEXT = "31415"
XOR = dict(activation="relu", hidden=3, steps=500, learning_rate=0.5, seed=4)  # the First principles page
APPROX = dict(target="wiggle", units=12, steepness=6.0)
INIT = dict(initializers=("small", "he"), activation="tanh", depth=6, width=32)  # the Activations page
NMS = dict(objects=4, iou_threshold=0.3, seed=7)  # the Vision page
INSIDE = dict(size=8, epochs=1, seed=0, index=3, target=None)  # the smallest settings that train (pages' minima)
AUTOENCODERS = dict(size=8, latent_dim=2, epochs=1, noise_level=0.3, seed=0)
TRANSFER = dict(shots=1, epochs=1, pretrain=1, fine_tune_epochs=1, fine_tune_layers=2, seed=0)
SEQ2SEQ = dict(  # the Sequences page's seq2seq tab at its smallest (no attention: half the tracing time)
    task="copy",
    min_len=1,
    max_len=2,
    cell="gru",
    attention="none",
    reverse=True,
    birnn=False,
    units=8,
    n_train=16,
    epochs=1,
    text="21",
)
UNET = dict(size=16, n_images=64, base_filters=4, depth=1, epochs=1, learning_rate=0.01)  # vision/segmentation.py
TRIPLET = dict(n_classes=2, epochs=1, margin=0.5, per_class=60)  # vision/triplet.py (PER_CLASS = 60)
TYPED = np.array([[1, 2, 0, 3], [4, 1.5, 2, 0], [0, 1, 3, 2], [2, 0, 1, 4]])[..., None]


def _conv_input(source):
    """The lab's input, made here as the page does (playground/app_pages/convolution/inputs.py)."""
    if source is None:
        return TYPED, None
    if source["source"] == "digit":
        from tfdl.data.digits import digit_image

        x = digit_image(source["index"], source["size"])[0].astype(float)[..., None]
        x = np.concatenate([x, np.floor(x / 2), x.max() - x], axis=-1) if source["channels"] == 3 else x
    else:
        rng = np.random.default_rng(source["seed"])
        x = rng.integers(0, 10, size=(source["size"], source["size"], source["channels"])).astype(float)
    return x, codegen.conv_input_code(**source)


def _conv_case(source, names, settings):
    x, input_code = _conv_input(source)
    planes = [np.asarray(tf_filters.get_filter(n), float) for n in names]
    kernel = np.stack([np.repeat(p[..., None], x.shape[-1], axis=-1) for p in planes], axis=-1)
    y = F.conv2d(x, kernel, **settings)
    code = codegen.same_in_code(
        "conv", x.shape, kernel.shape, output_shape=y.shape, x=x, kernel=kernel, input_code=input_code, **settings
    )
    return code, y


DRIVER = """
import json, sys
snippets = json.loads(sys.stdin.read())
out = {}
for key, (code, expr) in snippets.items():
    scope = {}
    exec(code, scope)
    out[key] = eval(expr, scope)
print("RESULT" + json.dumps(out))
"""


@pytest.fixture(scope="module")
def ran():
    """Every snippet run once in one fresh interpreter; returns (snippets' values, references)."""
    snippets, refs = {}, {}
    for key, case in CONV_CASES.items():
        code, y = _conv_case(*case)
        snippets[f"conv/{key}"] = (code, "[list(y.shape), y.tolist(), float(np.abs(y_keras - y).max())]")
        refs[f"conv/{key}"] = y
    for key, (x, kernel, stride, padding, op) in TRANSPOSED_CASES.items():
        code = codegen.transposed_code(x, kernel, stride=stride, padding=padding, output_padding=op)
        keras_gap = "float(np.abs(y_keras - y).max())" if isinstance(padding, str) else "0.0"
        snippets[f"transposed/{key}"] = (code, f"[y.tolist(), {keras_gap}]")
    for key, (name, shape, options) in ARCH_CASES.items():
        snippets[f"arch/{key}"] = (
            codegen.architecture_code(name, shape, **options).replace("model.summary()\n", ""),
            "[model.count_params(), str(model.output_shape)]",
        )
    for key, c in RACE_CASES.items():
        code = codegen.race_code(
            c["surface"], c["surface_params"], c["start"], c["steps"], c["configs"], noise=c["noise"]
        )
        snippets[f"race/{key}"] = (code, "dict(zip(final.optimiser, final.loss.astype(float)))")
    for key, c in TRAIN_CASES.items():
        snippets[f"train/{key}"] = (codegen.train2d_code(**c), "float(result.history.loss.iloc[-1])")
    for key, c in DIGITS_CASES.items():
        snippets[f"digits/{key}"] = (
            codegen.digits_code(**c),
            "[float(result.history.loss.iloc[-1]), float(evaluate(result.model, x_test, y_test).accuracy)]",
        )
    snippets["xor"] = (codegen.xor_code(**XOR), "[float(run['loss'][-1]), run['predictions'].tolist()]")
    snippets["approx"] = (codegen.approximation_code(**APPROX), "float(out['max_error'])")
    snippets["init"] = (codegen.init_depth_code(**INIT), "last_layer_statistics(table).to_dict('list')")
    snippets["nms"] = (codegen.nms_code(**NMS), "[[s.kept, list(s.suppressed)] for s in steps]")
    snippets["gates"] = (codegen.gates_code(GATE_TEXT, units=16), "{k: v.tolist() for k, v in gates.items()}")
    snippets["inside"] = (
        codegen.inside_code(**INSIDE),
        "[accuracy, predicted, float(probs[predicted]), explained, heat.tolist()]",
    )
    snippets["autoencoders"] = (
        codegen.autoencoder_code(**AUTOENCODERS),
        "[trained.test_error['plain'], trained.test_error['denoising'], list(z.shape)]",
    )
    snippets["transfer"] = (
        codegen.transfer_code(**TRANSFER),
        "[float(base.accuracy), result.final(), result.mean_accuracy(), result.fine_tune_from]",
    )
    snippets["seq2seq"] = (
        codegen.seq2seq_code(**SEQ2SEQ),
        "[losses, out.text, float(out.log_prob), model.count_params()]",
    )
    snippets["unet"] = (codegen.unet_code(**UNET), "[run.pixel_accuracy, [float(v) for v in run.iou], run.loss]")
    snippets["triplet"] = (codegen.triplet_code(**TRIPLET), "[float(run.history['loss'].iloc[-1]), run.after.tolist()]")
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER], input=json.dumps(snippets), capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT"))
    return json.loads(line[len("RESULT") :]), refs, snippets


@pytest.mark.parametrize("key", list(CONV_CASES))
def test_conv_lab_snippet_defines_its_input_and_kernel_and_gives_the_page_numbers(ran, key):
    values, refs, snippets = ran
    shape, y, keras_gap = values[f"conv/{key}"]
    assert tuple(shape) == refs[f"conv/{key}"].shape
    np.testing.assert_allclose(y, refs[f"conv/{key}"], rtol=0, atol=1e-9)
    assert keras_gap < 1e-3 * max(1.0, np.abs(refs[f"conv/{key}"]).max())  # the Keras layer agrees (float32)
    code = snippets[f"conv/{key}"][0]
    assert "x = " in code and "kernel = " in code
    if key == "digit_rgb_sobel":
        assert "digit_image(5, 8)" in code and "np.concatenate" in code


def test_architecture_snippets_give_the_page_parameter_count(ran):
    from tfdl.models import create_model, model_info

    values = ran[0]
    for key, (name, shape, options) in ARCH_CASES.items():  # the page: create_model(name, input_shape=...)
        model = create_model(name, input_shape=shape, **options)
        assert values[f"arch/{key}"] == [model.count_params(), str(model.output_shape)]
    assert values["arch/lenet5"] == [model_info("lenet5").params, "(None, 10)"] == [61_706, "(None, 10)"]  # LeCun
    assert values["arch/lenet5_rgb_48"][0] != values["arch/lenet5"][0]  # the input shape reached the builder


def test_optimiser_race_snippets_give_the_page_final_losses(ran):
    from tfdl.optimizers import decay_schedule
    from tfdl.surfaces import get_surface
    from tfdl.trajectories import make_optimizer, run

    values = ran[0]
    for key, c in RACE_CASES.items():  # the page's run_race (playground/app_pages/optimizers/setup.py)
        optimizers = {}
        for name, hyper in c["configs"]:
            hyper = dict(hyper)
            decay = {k: hyper.pop(k) for k in ("decay", "decay_rate", "drop", "step_size") if k in hyper}
            if decay:
                hyper["learning_rate"] = decay_schedule(decay.pop("decay"), hyper["learning_rate"], **decay)
            optimizers[name] = make_optimizer(name, **hyper)
        df = run(
            optimizers,
            get_surface(c["surface"], noise=c["noise"], **dict(c["surface_params"])),
            start=c["start"],
            steps=c["steps"],
            seed=0,
        )
        final = df.groupby("optimiser", sort=False).tail(1)
        expected = dict(zip(final.optimiser, final.loss.astype(float)))
        code = ran[2][f"race/{key}"][0]
        assert ("decay_schedule('step', 0.1, drop=0.5, step_size=10)" in code) == (key == "bowl_noisy_step_decay")
        assert set(values[f"race/{key}"]) == set(expected) == {name for name, _ in c["configs"]}
        for name, loss in expected.items():
            assert values[f"race/{key}"][name] == pytest.approx(loss, rel=1e-4, abs=1e-6)


def test_train_snippets_give_the_page_final_training_loss(ran):
    import keras

    import tfdl.training as T
    from tfdl.data import make_toy2d, read_points_csv, split_points

    values = ran[0]
    for key, c in TRAIN_CASES.items():  # the page's train() (playground/app_pages/train/toy2d.py)
        if c["dataset"] == "own":
            (x, y), (xt, yt) = split_points(*read_points_csv(c["points"]), c["train_ratio"], c["seed"])
        else:
            (x, y), (xt, yt) = make_toy2d(
                c["dataset"],
                n_samples=c["n_samples"],
                noise=c["noise"],
                train_ratio=c["train_ratio"],
                seed=c["seed"],
                classes=c.get("classes", 3),
            )
        regression = c["dataset"] == "plane"  # one linear output and MSE; else K = largest label + 1
        task = dict(regression=True) if regression else dict(num_classes=max(2, int(max(y.max(), yt.max())) + 1))
        model = T.build_mlp(
            c["hidden"],
            c["activation"],
            c["initializer"],
            dropout=c["dropout"],
            dropout_form=c["dropout_form"],
            batch_norm=c["norm"] == "batch",
            layer_norm=c["norm"] == "layer",
            l2=c["l2"],
            features=c["features"],
            seed=c["seed"],
            **task,
        )
        lr = c["learning_rate"]
        optimizer = keras.optimizers.SGD(lr) if c["optimizer"] == "sgd" else keras.optimizers.Adam(lr)
        result = T.fit(
            model,
            x,
            y,
            epochs=c["epochs"],
            batch_size=c["batch_size"],
            seed=c["seed"],
            optimizer=optimizer,
            validation_data=(xt, yt),
            jit_compile=False,
            reinitialize=True,
            **(dict(loss="mse", metrics=()) if regression else {}),
        )
        assert len(result.history) == c["epochs"]
        assert values[f"train/{key}"] == pytest.approx(float(result.history.loss.iloc[-1]), rel=1e-3)


def test_transposed_snippets_give_the_lab_output(ran):
    values = ran[0]
    for key, (x, kernel, stride, padding, op) in TRANSPOSED_CASES.items():  # the tab: F.transposed_steps
        expected = F.transposed_steps(x, kernel, stride, padding, op).output[..., 0]
        y, keras_gap = values[f"transposed/{key}"]
        np.testing.assert_allclose(y, expected, rtol=0, atol=1e-9)
        assert keras_gap < 1e-4 * np.abs(expected).max()
    assert np.asarray(values["transposed/same_s2"][0]).shape == (6, 6)  # Keras 'same': I·S
    assert np.asarray(values["transposed/int_pad"][0]).shape == (4, 4)  # (2-1)·2 - 2·1 + 2 + 1 + 1


def test_digits_snippets_give_the_page_final_loss_and_accuracy(digits_reference, ran):
    values = ran[0]
    for key, (loss, accuracy) in digits_reference.items():
        assert values[f"digits/{key}"][0] == pytest.approx(loss, rel=1e-3)
        assert values[f"digits/{key}"][1] == pytest.approx(accuracy, abs=1e-9)


@pytest.fixture(scope="module")
def digits_reference():
    """The page's digits run (playground/app_pages/train/digits_run.py), here, with the same settings."""
    import keras

    import tfdl.training as T
    from tfdl.data import load_digits
    from tfdl.data.augment import augmented_dataset, make_augmenter

    out = {}
    for key, c in DIGITS_CASES.items():
        size, batch = c["image_size"], c["batch_size"]
        (x, y), (xt, yt) = load_digits(size=size)
        norm = c.get("norm", "none")
        if c.get("augment"):  # as the page: the augmented data, then the model
            x, y = augmented_dataset(x, y, make_augmenter(c["augment"], c["strength"], seed=0), batch, seed=0), None
        model = T.digits_model(c["model"], size, batch_norm=norm == "batch", layer_norm=norm == "layer")
        result = T.fit(
            model,
            x,
            y,
            epochs=c["epochs"],
            batch_size=batch,
            seed=0,
            validation_data=(xt, yt),
            optimizer=keras.optimizers.Adam(c["learning_rate"]),
            jit_compile=False,
            reinitialize=True,
        )
        out[key] = (float(result.history.loss.iloc[-1]), float(T.evaluate(result.model, xt, yt).accuracy))
    return out


def test_gate_snippet_gives_the_page_gates(ran):
    from tfdl.data.sequences import CharTokenizer
    from tfdl.models import random_lstm_gates

    tok = CharTokenizer("0123456789")  # the Gates tab without a trained seq2seq (sequences/gates.py)
    expected = random_lstm_gates(np.array([tok.encode(GATE_TEXT)]), vocab_size=tok.vocab_size, units=16, seed=0)
    values = ran[0]["gates"]
    assert set(values) == set(expected) == {"i", "f", "g", "o", "c"}
    for name, gate in expected.items():
        np.testing.assert_allclose(values[name], gate, rtol=1e-5, atol=1e-6)
    assert np.asarray(values["f"]).shape == (1, len(GATE_TEXT), 16)


def test_first_principles_activations_and_vision_snippets_give_the_pages_numbers(ran):
    import tfdl.experiments.first_principles as A
    from tfdl.data import make_detections
    from tfdl.initializers import init_statistics_table, last_layer_statistics
    from tfdl.metrics import nms_trace

    values = ran[0]
    run = A.train_xor(XOR["activation"], XOR["hidden"], XOR["steps"], XOR["learning_rate"], XOR["seed"])  # basics.py
    assert values["xor"][0] == pytest.approx(float(run["loss"][-1]), rel=1e-9)
    np.testing.assert_allclose(values["xor"][1], run["predictions"], rtol=1e-9)
    target = A.TARGETS[APPROX["target"]]
    out = A.universal_approximation(target.fn, APPROX["units"], APPROX["steepness"], target.x_min, target.x_max)
    assert values["approx"] == pytest.approx(out["max_error"], rel=1e-9)
    table = init_statistics_table(
        INIT["initializers"], INIT["activation"], depth=INIT["depth"], width=INIT["width"], n_samples=256
    )  # activations/depth.py's init_table
    expected = last_layer_statistics(table).to_dict("list")
    assert values["init"]["initializer"] == ["small", "he"]
    np.testing.assert_allclose(values["init"]["std"], expected["std"], rtol=1e-9)
    preds, _targets = make_detections(
        objects=NMS["objects"], per_object=4, false_positives=2, image_size=64, miss_rate=0.0, seed=NMS["seed"]
    )  # vision/boxes.py
    steps = nms_trace(preds[0]["boxes"], preds[0]["scores"], NMS["iou_threshold"])
    assert values["nms"] == [[int(s.kept), [int(j) for j in s.suppressed]] for s in steps]
    assert len(values["nms"]) >= NMS["objects"]


def test_unknown_input_source_is_refused():
    from tfdl.errors import TfdlValueError

    with pytest.raises(TfdlValueError, match="source='camera'") as info:
        codegen.conv_input_code("camera")
    assert info.value.code == "codegen_source"


@pytest.fixture(scope="module")
def experiments_reference():
    """The Inside, Autoencoders and Transfer learning pages' own library calls, here, at the same settings."""
    from tfdl.data import load_digits
    from tfdl.experiments import pretrain_source, train_autoencoders, transfer_vs_scratch
    from tfdl.interpret import saliency, train_digits_cnn

    model, accuracy = train_digits_cnn(INSIDE["size"], INSIDE["epochs"], INSIDE["seed"])  # inside/model_source.py
    x = load_digits(size=INSIDE["size"])[1][0][INSIDE["index"]]
    probs = np.asarray(model(x[None], training=False))[0]
    predicted = int(probs.argmax())
    inside = [accuracy, predicted, float(probs[predicted]), saliency(model, x, class_index=predicted)]
    a = AUTOENCODERS  # autoencoders/model.py's train()
    trained = train_autoencoders(a["size"], a["latent_dim"], a["epochs"], noise_level=a["noise_level"], seed=a["seed"])
    t = TRANSFER  # transfer.py's _run()
    base = pretrain_source(epochs=t["pretrain"], seed=t["seed"])
    result = transfer_vs_scratch(
        base.model,
        t["shots"],
        epochs=t["epochs"],
        fine_tune_epochs=t["fine_tune_epochs"],
        fine_tune_layers=t["fine_tune_layers"],
        seed=t["seed"],
    )
    return inside, trained.test_error, (float(base.accuracy), result.final(), result.mean_accuracy())


def test_inside_autoencoders_and_transfer_snippets_give_the_pages_numbers(experiments_reference, ran):
    values, snippets = ran[0], ran[2]
    inside, errors, (source_accuracy, final, mean) = experiments_reference
    accuracy, predicted, probability, explained, heat = values["inside"]
    assert accuracy == pytest.approx(inside[0], abs=0.01)  # test accuracy (one flipped digit at most: float order)
    assert predicted == explained == inside[1] and probability == pytest.approx(inside[2], rel=1e-2)
    assert np.asarray(heat).shape == (INSIDE["size"],) * 2
    np.testing.assert_allclose(heat, inside[3], rtol=2e-2, atol=2e-3 * float(np.max(inside[3])))
    assert "x = x_test[3]" in snippets["inside"][0]

    plain, denoising, z_shape = values["autoencoders"]
    assert plain == pytest.approx(errors["plain"], rel=1e-3) and denoising == pytest.approx(
        errors["denoising"], rel=1e-3
    )
    assert z_shape == [1, AUTOENCODERS["latent_dim"]]  # the code has the page's bottleneck size

    got_source, got_final, got_mean, fine_tune_from = values["transfer"]
    assert got_source == pytest.approx(source_accuracy, abs=0.01)
    for key in ("transfer", "scratch"):
        assert got_final[key] == pytest.approx(final[key], abs=0.02)
        assert got_mean[key] == pytest.approx(mean[key], abs=0.02)
    assert fine_tune_from == TRANSFER["epochs"] + 1  # phase 2 ran: the page's fine-tuning setting reached the call


@pytest.fixture(scope="module")
def seq_vision_reference():
    """The Sequences page's seq2seq tab (_start, one _train_chunk, _decode) and the Vision page's U-Net and
    triplet tabs, here, with their own library calls at the same settings."""
    from tfdl.data.sequences import make_sequence_task
    from tfdl.decoding import decode_text
    from tfdl.experiments import train_shapes_unet, train_triplet_embedding
    from tfdl.experiments.sequences import train_seq2seq
    from tfdl.models import seq2seq
    from tfdl.seeding import seeded

    c = SEQ2SEQ
    data = make_sequence_task(c["task"], n_samples=c["n_train"] + 200, min_len=c["min_len"], max_len=c["max_len"])
    train = data.subset(np.arange(c["n_train"]))
    vocab = train.tokenizer.vocab_size
    with seeded(0):
        model = seq2seq(
            vocab,
            vocab,
            embedding_dim=16,
            units=c["units"],
            cell=c["cell"],
            attention=None if c["attention"] == "none" else c["attention"],
            reverse_source=c["reverse"],
            bidirectional_encoder=c["birnn"],
        )
    losses = train_seq2seq(train, model=model, epochs=c["epochs"])[1]
    out = decode_text(model, train.tokenizer, c["text"], method="greedy")
    seq = [losses, out.text, float(out.log_prob), model.count_params()]
    unet = train_shapes_unet(**UNET, seed=0)
    triplet = train_triplet_embedding(**TRIPLET, seed=0)
    return seq, unet, triplet


def test_seq2seq_unet_and_triplet_snippets_give_the_pages_numbers(seq_vision_reference, ran):
    values, snippets = ran[0], ran[2]
    (losses, text, log_prob, params), unet, triplet = seq_vision_reference
    got_losses, got_text, got_log_prob, got_params = values["seq2seq"]
    assert got_params == params  # the same model: the cell and units reached the call
    assert len(got_losses) == SEQ2SEQ["epochs"] and got_losses == pytest.approx(losses, rel=1e-3)
    assert got_text == text and got_log_prob == pytest.approx(log_prob, rel=1e-2, abs=1e-3)
    assert "cell='gru', attention=None," in snippets["seq2seq"][0]
    assert "reverse_source=True, bidirectional_encoder=False" in snippets["seq2seq"][0]

    accuracy, iou, loss = values["unet"]
    assert accuracy == pytest.approx(unet.pixel_accuracy, abs=0.01) and loss == pytest.approx(unet.loss, rel=1e-2)
    np.testing.assert_allclose(iou, unet.iou, atol=0.02)  # NaN (a class absent) in the same places
    last, after = values["triplet"]
    assert last == pytest.approx(float(triplet.history["loss"].iloc[-1]), rel=1e-3)
    np.testing.assert_allclose(after, triplet.after, rtol=1e-3, atol=1e-4)
    assert np.asarray(after).shape == (TRIPLET["n_classes"] * TRIPLET["per_class"], 2)
