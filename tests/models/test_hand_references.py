"""Course topics checked against an independent reference: batch norm and the L2 penalty of
``build_mlp`` against numpy transcriptions (and Keras' own layer), NiN and FCN parameter counts
against hand formulas summed layer by layer, and their 1×1 / global-average parts against numpy."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfdl.models import build_mlp, fcn8s, nin


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# ---------------------------------------------------------------------------------------------
# Batch normalisation (topic "Batch normalisation"): y = (x − μ)/√(σ² + ε)·γ + β
# ---------------------------------------------------------------------------------------------
def test_mlp_batch_norm_matches_the_numpy_formula_with_batch_and_moving_statistics():
    rng = np.random.default_rng(0)
    model = build_mlp((5, 3), "relu", batch_norm=True, seed=0)
    names = [layer.name for layer in model.layers]
    i = names.index("hidden1_dense")
    assert names[i : i + 3] == ["hidden1_dense", "hidden1_bn", "hidden1_act"]
    bn = model.get_layer("hidden1_bn")
    gamma, beta = rng.uniform(0.5, 2.0, 5).astype("float32"), rng.normal(size=5).astype("float32")
    moving_mean, moving_var = rng.normal(size=5).astype("float32"), rng.uniform(0.5, 2.0, 5).astype("float32")
    bn.set_weights([gamma, beta, moving_mean, moving_var])
    eps, momentum = bn.epsilon, bn.momentum
    assert (eps, momentum) == (pytest.approx(1e-3), pytest.approx(0.99))  # Keras' defaults
    probe = keras.Model(model.inputs[0], [model.get_layer("hidden1_dense").output, bn.output])
    x = rng.normal(size=(8, 2)).astype("float32")

    # Training: the batch's own mean and (biased) variance.
    z, out = (np.asarray(a, "float64") for a in probe(x, training=True))
    mu, var = z.mean(axis=0), z.var(axis=0)
    np.testing.assert_allclose(out, (z - mu) / np.sqrt(var + eps) * gamma + beta, rtol=1e-4, atol=1e-5)
    # ... and the moving statistics move towards the batch's: m ← 0.99·m + 0.01·μ_B (Keras uses
    # the biased batch variance for the moving variance too).
    new_mean, new_var = (np.asarray(w) for w in bn.get_weights()[2:])
    np.testing.assert_allclose(new_mean, momentum * moving_mean + (1 - momentum) * mu, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(new_var, momentum * moving_var + (1 - momentum) * var, rtol=1e-5, atol=1e-6)

    # Inference: the moving statistics, not the batch's.
    z2, at_test = (np.asarray(a, "float64") for a in probe(x, training=False))
    np.testing.assert_allclose(z2, z, rtol=1e-6)
    expected = (z - new_mean) / np.sqrt(new_var + eps) * gamma + beta
    np.testing.assert_allclose(at_test, expected, rtol=1e-4, atol=1e-5)
    assert not np.allclose(at_test, out, atol=1e-3)  # the two modes really differ here

    # Keras' own BatchNormalization given the same four weights agrees in both modes.
    reference = keras.layers.BatchNormalization(epsilon=eps)
    reference.build(z.shape)
    reference.set_weights([gamma, beta, new_mean, new_var])
    z32 = z.astype("float32")
    np.testing.assert_allclose(at_test, reference(z32, training=False), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(out, reference(z32, training=True), rtol=1e-5, atol=1e-5)


# ---------------------------------------------------------------------------------------------
# L2 penalty: loss = data loss + λ·Σ‖W‖² over every kernel (not the biases)
# ---------------------------------------------------------------------------------------------
def test_mlp_l2_loss_is_data_loss_plus_lambda_times_the_squared_kernels():
    lam = 0.03
    rng = np.random.default_rng(1)
    model = build_mlp((4, 3), "tanh", l2=lam, features=("x1", "x2", "x1x2"), seed=1)
    for layer in model.layers:  # non-zero biases, so a penalty on them would show
        if isinstance(layer, keras.layers.Dense):
            kernel, bias = layer.get_weights()
            layer.set_weights([kernel, rng.normal(size=bias.shape).astype("float32")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x = rng.normal(size=(10, 2)).astype("float32")
    y = rng.integers(0, 2, size=10)

    # numpy transcription of the forward pass and the penalised loss
    (w1, b1), (w2, b2), (w3, b3) = (
        model.get_layer(n).get_weights() for n in ("hidden1_dense", "hidden2_dense", "output")
    )
    phi = np.stack([x[:, 0], x[:, 1], x[:, 0] * x[:, 1]], axis=1).astype("float64")
    p = _softmax(np.tanh(np.tanh(phi @ w1 + b1) @ w2 + b2) @ w3 + b3)
    data_loss = -np.mean(np.log(p[np.arange(10), y]))
    penalty = lam * sum(float(np.sum(np.square(w.astype("float64")))) for w in (w1, w2, w3))
    assert penalty > 0.01 * data_loss  # large enough to matter in the comparison

    np.testing.assert_allclose(model.predict(x, verbose=0), p, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(float(sum(model.losses)), penalty, rtol=1e-5)
    total = model.evaluate(x, y, batch_size=10, verbose=0)
    np.testing.assert_allclose(total, data_loss + penalty, rtol=1e-5)

    # its gradient adds 2λW to each kernel's data gradient
    kernel = model.get_layer("hidden2_dense").kernel
    with tf.GradientTape() as tape:
        reg = tf.add_n(model.losses)
    np.testing.assert_allclose(tape.gradient(reg, kernel), 2 * lam * w2, rtol=1e-5, atol=1e-7)


# ---------------------------------------------------------------------------------------------
# NiN: parameters by hand (mlpconv = k·k·C_in·F + F, then two 1×1 convs F·F + F), and the
# mlpconv's 1×1 convs and the global-average head against numpy.
# ---------------------------------------------------------------------------------------------
def _mlpconv_params(c_in, f, k):
    return (k * k * c_in * f + f) + 2 * (f * f + f)


def test_nin_parameters_equal_the_hand_formula_layer_by_layer():
    model = nin(input_shape=(67, 67, 3), num_classes=1000)
    blocks = {"block1": (3, 96, 11), "block2": (96, 256, 5), "block3": (256, 384, 3), "block4": (384, 1000, 3)}
    for block, (c_in, f, k) in blocks.items():
        convs = [model.get_layer(f"{block}_conv{j}") for j in (1, 2, 3)]
        assert [c.count_params() for c in convs] == [k * k * c_in * f + f, f * f + f, f * f + f]
    by_hand = sum(_mlpconv_params(*v) for v in blocks.values())
    assert by_hand == 53_568 + 746_240 + 1_180_800 + 5_459_000 == 7_439_608
    assert model.count_params() == by_hand  # pooling, dropout and the average head add nothing


def test_nin_mlpconv_and_global_average_head_match_numpy():
    rng = np.random.default_rng(2)
    model = nin(input_shape=(131, 131, 3), num_classes=5)  # 131 → 31 → 15 → 7 → 3
    probe = keras.Model(
        model.inputs[0], [model.get_layer(f"block4_conv{j}").output for j in (1, 2, 3)] + [model.output]
    )
    x = rng.uniform(size=(2, 131, 131, 3)).astype("float32")
    f1, f2, f3, out = (np.asarray(a, "float64") for a in probe(x, training=False))
    assert f1.shape == (2, 3, 3, 5)
    relu = lambda a: np.maximum(a, 0.0)
    for before, after, j in ((f1, f2, 2), (f2, f3, 3)):  # a 1×1 conv is a dense layer at each pixel
        w, b = model.get_layer(f"block4_conv{j}").get_weights()
        np.testing.assert_allclose(after, relu(before @ w[0, 0] + b), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(out, _softmax(f3.mean(axis=(1, 2))), rtol=1e-4, atol=1e-6)


# ---------------------------------------------------------------------------------------------
# FCN-8s: VGG-16 convs + fc6 (7×7, or the whole pool5 map below 224) + fc7 + 1×1 scorers +
# bias-free transposed convs; 134,489,759 parameters at 224×224 with 21 classes (docstring).
# ---------------------------------------------------------------------------------------------
VGG16_CONVS = (
    (3, 64),
    (64, 64),
    (64, 128),
    (128, 128),
    (128, 256),
    (256, 256),
    (256, 256),
    (256, 512),
    (512, 512),
    (512, 512),
    (512, 512),
    (512, 512),
    (512, 512),
)


def _fcn8s_params_by_hand(classes, fc6_kernel):
    vgg = sum(3 * 3 * a * b + b for a, b in VGG16_CONVS)
    fc6 = fc6_kernel * fc6_kernel * 512 * 4096 + 4096
    fc7 = 4096 * 4096 + 4096
    scorers = (4096 + 1) * classes + (512 + 1) * classes + (256 + 1) * classes  # score_fr, _pool4, _pool3
    upsampling = (4 * 4 + 4 * 4 + 16 * 16) * classes * classes  # ×2, ×2, ×8, no biases
    return vgg + fc6 + fc7 + scorers + upsampling


def test_fcn8s_parameters_equal_the_hand_formula_and_the_1x1_head_is_a_per_pixel_product():
    assert sum(3 * 3 * a * b + b for a, b in VGG16_CONVS) == 14_714_688  # Keras' VGG16 without its top
    assert _fcn8s_params_by_hand(21, 7) == 134_489_759  # the docstring's count at 224×224
    classes = 3
    model = fcn8s(input_shape=(32, 32, 3), num_classes=classes)  # pool5 is 1×1, so fc6 is 1×1
    assert model.get_layer("fc6").kernel.shape[:2] == (1, 1)
    assert model.count_params() == _fcn8s_params_by_hand(classes, 1)
    x = np.random.default_rng(3).uniform(size=(1, 32, 32, 3)).astype("float32")
    probe = keras.Model(model.inputs[0], [model.get_layer("fc7").output, model.get_layer("score_fr").output])
    fc7, score = (np.asarray(a, "float64") for a in probe(x, training=False))
    w, b = model.get_layer("score_fr").get_weights()
    np.testing.assert_allclose(score, fc7 @ w[0, 0] + b, rtol=1e-4, atol=1e-4)
