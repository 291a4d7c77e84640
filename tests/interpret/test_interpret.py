"""tfdl.interpret: every method on a case whose answer is known in advance.

* a linear model, where the input gradient is exactly the weight vector;
* a model that only sees one region of the input (crop, then zero-pad back), where every map must
  vanish outside that region;
* small MLPs / CNNs where guided backprop and Grad-CAM have closed forms computed in numpy;
* built-in Keras sub-models and scikit-learn as references for feature maps, PCA, neighbours.
"""

import keras
import numpy as np
import pytest
from scipy.stats import norm

import tfdl
from tfdl import interpret as I
from tfdl.layers.guided import GuidedReLU

H = 8


def linear_model(classes=3, softmax=True, seed=0):
    """S(x) = W·vec(x) + b; returns the model and W (H·H, classes)."""
    rng = np.random.default_rng(seed)
    model = keras.Sequential([
        keras.Input((H, H, 1)),
        keras.layers.Flatten(),
        keras.layers.Dense(classes, activation="softmax" if softmax else None, name="out"),
    ])
    w = rng.normal(size=(H * H, classes)).astype("float32")
    b = rng.normal(size=classes).astype("float32")
    model.get_layer("out").set_weights([w, b])
    return model, w, b


# rows 2..4, cols 4..6 are the only pixels the network sees
R0, R1, C0, C1 = 2, 5, 4, 7


def region_model(positive=False, seed=0):
    """A CNN whose output depends only on x[R0:R1, C0:C1]: crop it, zero-pad back to H×H."""
    init = keras.initializers.RandomUniform(0.1, 1.0, seed=seed) if positive else keras.initializers.GlorotUniform(seed)
    inp = keras.Input((H, H, 1))
    h = keras.layers.Cropping2D(((R0, H - R1), (C0, H - C1)))(inp)
    h = keras.layers.ZeroPadding2D(((R0, H - R1), (C0, H - C1)))(h)
    h = keras.layers.Conv2D(4, 3, padding="same", activation="relu", use_bias=False, kernel_initializer=init,
                            name="conv")(h)
    h = keras.layers.GlobalAveragePooling2D()(h)
    out = keras.layers.Dense(3, activation="softmax", kernel_initializer=init, name="out")(h)
    return keras.Model(inp, out)


def region_mask(halo=0):
    m = np.zeros((H, H), bool)
    m[max(R0 - halo, 0):R1 + halo, max(C0 - halo, 0):C1 + halo] = True
    return m


@pytest.fixture(scope="module")
def image():
    return np.random.default_rng(1).uniform(0.1, 1.0, (H, H, 1)).astype("float32")


# ------------------------------------------------------------------------------ GuidedReLU
def test_guided_relu_layer_contract(tmp_path):
    testing = pytest.importorskip("tfdl.testing")
    testing.check_layer(GuidedReLU(), input_shape=(2, 4, 4, 3), reference=lambda x: np.maximum(x, 0),
                        tmp_path=tmp_path)


def test_guided_relu_gradient_rule():
    import tensorflow as tf

    x = tf.constant([-2.0, -1.0, 1.0, 2.0, 3.0])
    upstream = tf.constant([1.0, -1.0, -1.0, 2.0, 0.5])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(GuidedReLU()(x) * upstream)
    # only x > 0 and upstream > 0 pass: positions 3 and 4
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [0, 0, 0, 2.0, 0.5])


# ------------------------------------------------------------------------------ saliency
def test_saliency_of_linear_model_is_the_weights(image):
    model, w, _ = linear_model()
    for c in range(3):
        g = I.saliency(model, image, class_index=c, absolute=False, channel_reduce=None)
        np.testing.assert_allclose(g, w[:, c].reshape(H, H, 1), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(I.saliency(model, image, class_index=1), np.abs(w[:, 1]).reshape(H, H), rtol=1e-5)


@pytest.mark.parametrize("head", ["activation_layer", "softmax_layer"])
def test_separate_softmax_layers_are_bypassed_for_logits(image, head):
    model, w, b = linear_model(softmax=False)
    last = keras.layers.Activation("softmax") if head == "activation_layer" else keras.layers.Softmax()
    model = keras.Sequential([keras.Input((H, H, 1)), *model.layers, last])
    g = I.saliency(model, image[None], class_index=1, absolute=False, channel_reduce=None)
    np.testing.assert_allclose(g.reshape(-1), w[:, 1], rtol=1e-5, atol=1e-6)


def test_saliency_of_probability_matches_softmax_jacobian(image):
    model, w, b = linear_model()
    z = image.reshape(-1) @ w + b
    p = np.exp(z - z.max())
    p /= p.sum()
    c = 2
    expected = p[c] * (w[:, c] - w @ p)  # ∂p_c/∂x = p_c (w_c − Σ_k p_k w_k)
    g = I.saliency(model, image, class_index=c, absolute=False, channel_reduce=None, logits=False)
    np.testing.assert_allclose(g.reshape(-1), expected, rtol=1e-4, atol=1e-7)


def test_saliency_batch_default_class_and_weight_updates(image):
    model, w, b = linear_model()
    batch = np.stack([image, image[::-1], 1 - image])
    predicted = np.argmax(batch.reshape(3, -1) @ w + b, axis=1)
    maps = I.saliency(model, batch, absolute=False, channel_reduce=None)
    for i, c in enumerate(predicted):
        np.testing.assert_allclose(maps[i].reshape(-1), w[:, c], rtol=1e-5, atol=1e-6)
    # the cached probe shares (or re-syncs) weights: new weights give the new gradient at once
    w2 = -2 * w
    model.get_layer("out").set_weights([w2, b])
    g = I.saliency(model, image, class_index=0, absolute=False, channel_reduce=None)
    np.testing.assert_allclose(g.reshape(-1), w2[:, 0], rtol=1e-5, atol=1e-6)


def test_maps_vanish_outside_the_region_the_model_sees(image):
    model = region_model()
    outside = ~region_mask()
    for fn in (I.saliency, I.guided_backprop):
        m = fn(model, image, class_index=0)
        assert m.shape == (H, H)
        assert np.all(m[outside] == 0) and m[~outside].max() > 0
    sg = I.smoothgrad(model, image, class_index=0, n_samples=8)
    assert np.all(sg[outside] == 0) and sg[~outside].max() > 0


def test_smoothgrad_linear_is_exact_and_zero_noise_is_saliency(image):
    model, w, _ = linear_model()
    g = I.smoothgrad(model, image, class_index=1, n_samples=6, absolute=False, channel_reduce=None)
    np.testing.assert_allclose(g.reshape(-1), w[:, 1], rtol=1e-5, atol=1e-6)
    cnn = region_model()
    np.testing.assert_allclose(I.smoothgrad(cnn, image, class_index=2, noise_level=0.0, n_samples=3),
                               I.saliency(cnn, image, class_index=2), rtol=1e-5, atol=1e-7)


def test_smoothgrad_averages_the_relu_step_to_a_gaussian_cdf():
    # S(x) = Σ relu(x_i): ∂S/∂x_i = [x_i > 0]; averaged over x + N(0, σ²) it is Φ(x_i / σ)
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.ReLU(), keras.layers.Flatten(),
                              keras.layers.Dense(1, use_bias=False, kernel_initializer="ones")])
    x = np.linspace(-0.5, 0.5, 16, dtype="float32").reshape(4, 4, 1)
    level = 0.25
    sigma = level * (x.max() - x.min())
    g = I.smoothgrad(model, x, class_index=0, n_samples=3000, noise_level=level, absolute=False,
                     channel_reduce=None, batch_size=1000)
    np.testing.assert_allclose(g[..., 0], norm.cdf(x[..., 0] / sigma), atol=0.04)


# ------------------------------------------------------------------------------ guided backprop
@pytest.mark.parametrize("style", ["activation", "relu_layer", "functional"])
def test_guided_backprop_matches_closed_form(style):
    rng = np.random.default_rng(2)
    w1 = rng.normal(size=(4, 6)).astype("float32")
    b1 = rng.normal(size=6).astype("float32") * 0.3
    w2 = rng.normal(size=(6, 3)).astype("float32")
    if style == "activation":
        layers = [keras.layers.Dense(6, activation="relu", name="h")]
    else:
        layers = [keras.layers.Dense(6, name="h"), keras.layers.ReLU()]
    if style == "functional":
        inp = keras.Input((2, 2, 1))
        h = inp
        for layer in [keras.layers.Flatten()] + layers + [keras.layers.Dense(3, use_bias=False, name="out")]:
            h = layer(h)
        model = keras.Model(inp, h)
    else:
        model = keras.Sequential([keras.Input((2, 2, 1)), keras.layers.Flatten(), *layers,
                                  keras.layers.Dense(3, use_bias=False, name="out")])
    model.get_layer("h").set_weights([w1, b1])
    model.get_layer("out").set_weights([w2])
    x = rng.normal(size=(2, 2, 1)).astype("float32")
    pre = x.reshape(-1) @ w1 + b1
    for c in range(3):
        g_h = w2[:, c] * (pre > 0) * (w2[:, c] > 0)  # guided rule at the ReLU
        expected = w1 @ g_h
        got = I.guided_backprop(model, x, class_index=c, absolute=False, channel_reduce=None)
        np.testing.assert_allclose(got.reshape(-1), expected, rtol=1e-5, atol=1e-6)
        # the plain gradient differs: it keeps negative upstream signals
        plain = w1 @ (w2[:, c] * (pre > 0))
        np.testing.assert_allclose(
            I.saliency(model, x, class_index=c, absolute=False, channel_reduce=None).reshape(-1), plain,
            rtol=1e-5, atol=1e-6)
    assert not any(isinstance(layer, GuidedReLU) for layer in model.layers)  # model left unchanged


# ------------------------------------------------------------------------------ Grad-CAM
def test_grad_cam_equals_cam_for_conv_gap_dense(image):
    inp = keras.Input((H, H, 1))
    a = keras.layers.Conv2D(5, 3, padding="same", name="conv")(inp)
    out = keras.layers.Dense(4, name="out")(keras.layers.GlobalAveragePooling2D()(a))
    model = keras.Model(inp, out)
    feature = keras.Model(inp, a)(image[None]).numpy()[0]  # built-in sub-model as reference
    w = model.get_layer("out").get_weights()[0]
    for c in range(4):
        cam = np.maximum(feature @ w[:, c] / (H * H), 0)  # α_k = w_kc / (h·w)
        got = I.grad_cam(model, image, class_index=c, upsample=False, normalize=False)
        np.testing.assert_allclose(got, cam, rtol=1e-4, atol=1e-6)


def test_grad_cam_concentrates_on_the_seen_region(image):
    model = region_model(positive=True)
    cam = I.grad_cam(model, image, class_index=1, upsample=False)
    assert cam.shape == (H, H) and cam.max() == pytest.approx(1.0)
    assert np.all(cam[~region_mask(halo=1)] == 0)  # 3×3 conv: one pixel of halo
    assert cam[region_mask()].min() > 0
    # default layer = the last conv layer
    np.testing.assert_allclose(I.grad_cam(model, image, class_index=1),
                               I.grad_cam(model, image, class_index=1, layer_name="conv"))


# ------------------------------------------------------------------------------ occlusion
def test_occlusion_matches_naive_loop_and_ignores_unseen_pixels(image):
    model = region_model()
    m, s = 3, 2
    drop = I.occlusion_sensitivity(model, image, class_index=0, mask_size=m, stride=s, fill=0.0, batch_size=5)
    rows, cols = I.occlusion_positions((H, H), m, s)
    assert drop.shape == (len(rows), len(cols)) == (3, 3)
    base = model(image[None]).numpy()[0, 0]
    for i, r in enumerate(rows):
        for j, q in enumerate(cols):
            x = image.copy()
            x[r:r + m, q:q + m] = 0.0
            expected = base - model(x[None]).numpy()[0, 0]
            assert drop[i, j] == pytest.approx(expected, abs=1e-6)
            touches = region_mask()[r:r + m, q:q + m].any()
            if not touches:
                assert drop[i, j] == 0.0
    pixel = I.occlusion_sensitivity(model, image, class_index=0, mask_size=2, stride=1, per_pixel=True)
    assert pixel.shape == (H, H)
    assert np.all(pixel[~region_mask(halo=1)] == 0) and np.abs(pixel[region_mask()]).max() > 0


def test_occlusion_errors(image):
    model, _, _ = linear_model()
    with pytest.raises(ValueError, match="mask_size"):
        I.occlusion_sensitivity(model, image, mask_size=H + 1)
    with pytest.raises(ValueError, match="stride"):
        I.occlusion_sensitivity(model, image, mask_size=2, stride=0)
    with pytest.raises(ValueError, match="fill"):
        I.occlusion_sensitivity(model, image, fill="median")


# ------------------------------------------------------------------------------ synthesis
def test_class_model_of_linear_score_is_w_over_2_lambda():
    model, w, _ = linear_model()
    lam = 0.5
    x = I.class_model_visualization(model, 2, l2=lam, steps=300, learning_rate=0.1)
    assert x.shape == (H, H, 1)
    np.testing.assert_allclose(x.reshape(-1), w[:, 2] / (2 * lam), rtol=1e-4, atol=1e-5)
    batch = I.class_model_visualization(model, range(3), l2=lam, steps=300, learning_rate=0.1)
    assert batch.shape == (3, H, H, 1)
    np.testing.assert_allclose(batch.reshape(3, -1), (w / (2 * lam)).T, rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match="class_index"):
        I.class_model_visualization(model, 3)


def test_fgsm_matches_closed_form_and_flips_a_prediction(image):
    model, w, b = linear_model()
    z = image.reshape(-1) @ w + b
    p = np.exp(z - z.max())
    p /= p.sum()
    y = int(np.argmax(z))
    grad = w @ (p - np.eye(3)[y])  # ∇_x CE for logits z = W·x + b
    eps = 0.05
    adv = I.fgsm(model, image, y=y, epsilon=eps, clip=None)
    np.testing.assert_allclose(adv.reshape(-1), image.reshape(-1) + eps * np.sign(grad), rtol=1e-6)
    # targeted: step against the gradient of the target's loss; clipping keeps [0, 1]
    t = (y + 1) % 3
    adv_t = I.fgsm(model, image, target=t, epsilon=eps, clip=(0.0, 1.0))
    grad_t = w @ (p - np.eye(3)[t])
    np.testing.assert_allclose(adv_t.reshape(-1), np.clip(image.reshape(-1) - eps * np.sign(grad_t), 0, 1), rtol=1e-6)
    assert np.abs(adv_t - image).max() <= eps + 1e-6
    # a large enough step changes the decision
    big = I.fgsm(model, image, y=y, epsilon=2.0, clip=None)
    assert np.argmax(model(big[None]).numpy()) != y


# ------------------------------------------------------------------------------ features
def small_cnn():
    return keras.Sequential([
        keras.Input((H, H, 1)),
        keras.layers.Conv2D(4, 3, activation="relu", name="conv1"),
        keras.layers.MaxPooling2D(name="pool1"),
        keras.layers.Conv2D(6, 3, padding="same", activation="relu", name="conv2"),
        keras.layers.Flatten(name="flat"),
        keras.layers.Dense(7, activation="relu", name="fc1"),
        keras.layers.Dense(3, activation="softmax", name="out"),
    ])


def test_feature_maps_match_keras_submodel(image):
    model = small_cnn()
    batch = np.stack([image, 1 - image])
    refs = {name: keras.Model(model.inputs[0], model.get_layer(name).output)(batch).numpy()
            for name in ("conv1", "conv2")}
    assert I.feature_map_layers(model) == ["conv1", "pool1", "conv2"]
    for name, ref in refs.items():
        np.testing.assert_allclose(I.feature_maps(model, batch, name), ref, rtol=1e-5, atol=1e-6)
    assert I.feature_maps(model, image, "conv1").shape == (H - 2, H - 2, 4)
    with pytest.raises(ValueError, match="conv1"):
        I.feature_maps(model, image, "nope")


def test_filter_images_are_min_max_scaled_kernels():
    model = small_cnn()
    k = model.get_layer("conv1").get_weights()[0]  # (3, 3, 1, 4)
    f = I.filter_images(model)
    assert f.shape == (4, 3, 3)
    for i in range(4):
        w = k[..., 0, i]
        np.testing.assert_allclose(f[i], (w - w.min()) / (w.max() - w.min()), rtol=1e-5, atol=1e-6)
    k2 = model.get_layer("conv2").get_weights()[0]  # C_in = 4 -> mean over inputs, or one channel
    np.testing.assert_allclose(I.filter_images(model, "conv2", normalize=False), np.transpose(k2.mean(2), (2, 0, 1)),
                               rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(I.filter_images(model, "conv2", input_channel=1, normalize=False),
                               np.transpose(k2[:, :, 1], (2, 0, 1)), rtol=1e-6)
    with pytest.raises(ValueError, match="4-D kernel"):
        I.filter_images(model, "fc1")


def test_image_grid_places_tiles():
    tiles = np.arange(5)[:, None, None] * np.ones((5, 2, 3))
    grid = I.image_grid(tiles, ncols=3, pad=1, padding_value=-1)
    assert grid.shape == (2 * 3 - 1, 3 * 4 - 1)
    assert np.all(grid[0:2, 4:7] == 1) and np.all(grid[3:5, 4:7] == 4)
    assert np.all(grid[2] == -1) and np.all(grid[3:5, 8:11] == -1)  # separator row, empty 6th tile


def test_activation_histograms_statistics(image):
    model = small_cnn()
    batch = np.random.default_rng(0).random((5, H, H, 1)).astype("float32")
    stats = I.activation_histograms(model, batch, ["conv1", "fc1"], bins=7)
    a = keras.Model(model.inputs[0], model.get_layer("conv1").output)(batch).numpy()
    s = stats["conv1"]
    assert s["counts"].sum() == a.size and len(s["edges"]) == 8
    assert s["mean"] == pytest.approx(a.mean(), rel=1e-5)
    assert s["std"] == pytest.approx(a.std(), rel=1e-4)
    assert s["zero_fraction"] == pytest.approx((a == 0).mean())


# ------------------------------------------------------------------------------ embeddings
def test_embeddings_are_the_penultimate_layer(image):
    model = small_cnn()
    batch = np.random.default_rng(0).random((6, H, H, 1)).astype("float32")
    ref = keras.Model(model.inputs[0], model.get_layer("fc1").output)(batch).numpy()
    assert I.penultimate_layer(model) == "fc1"
    np.testing.assert_allclose(I.embeddings(model, batch, batch_size=4), ref, rtol=1e-5, atol=1e-6)
    assert I.embeddings(model, batch, layer_name="conv2").shape == (6, 3 * 3 * 6)
    inp = keras.Input((3,))
    with pytest.raises(ValueError, match="directly"):
        I.penultimate_layer(keras.Model(inp, keras.layers.Dense(2, activation="softmax")(inp)))


def test_pca_matches_sklearn():
    from sklearn.decomposition import PCA

    x = np.random.default_rng(0).normal(size=(40, 6)) @ np.diag([5, 3, 1, 0.5, 0.2, 0.1])
    z, ratio = I.pca(x, 3, return_explained=True)
    ref = PCA(3).fit(x)
    zr = ref.transform(x)
    signs = np.sign((z * zr).sum(0))
    np.testing.assert_allclose(z, zr * signs, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(ratio, ref.explained_variance_ratio_, rtol=1e-6)
    with pytest.raises(ValueError, match="n_components"):
        I.pca(x, 7)


def test_tsne_keeps_separated_clusters_apart():
    rng = np.random.default_rng(1)
    labels = np.repeat(np.arange(3), 12)
    x = rng.normal(size=(36, 10)) + 8 * np.eye(10)[labels]
    y = I.tsne(x, perplexity=8, max_iter=300, seed=1, method="exact")
    assert y.shape == (36, 2)
    centroids = np.array([y[labels == k].mean(0) for k in range(3)])
    within = np.mean([np.linalg.norm(y[labels == k] - centroids[k], axis=1).mean() for k in range(3)])
    between = min(np.linalg.norm(centroids[i] - centroids[j]) for i in range(3) for j in range(i + 1, 3))
    assert between > 2 * within
    with pytest.raises(ValueError, match="perplexity"):
        I.tsne(x, perplexity=36)


@pytest.mark.parametrize("metric", ["euclidean", "cosine"])
def test_nearest_neighbours_match_sklearn(metric):
    from sklearn.neighbors import NearestNeighbors

    rng = np.random.default_rng(1)
    bank, queries = rng.normal(size=(30, 4)), rng.normal(size=(5, 4))
    idx, dist = I.nearest_neighbors(queries, bank, k=4, metric=metric)
    ref_d, ref_i = NearestNeighbors(n_neighbors=4, metric=metric).fit(bank).kneighbors(queries)
    np.testing.assert_array_equal(idx, ref_i)
    np.testing.assert_allclose(dist, ref_d, rtol=1e-5, atol=1e-6)


# ------------------------------------------------------------------------------ errors
def test_teaching_errors(image):
    model, _, _ = linear_model()
    with pytest.raises(ValueError, match="class_index"):
        I.saliency(model, image, class_index=3)
    with pytest.raises(ValueError, match=r"x.shape"):
        I.saliency(model, np.zeros((H, H + 1, 1)))
    with pytest.raises(ValueError, match="channel_reduce"):
        I.saliency(model, image, channel_reduce="median")
    with pytest.raises(ValueError, match="4-D"):
        I.grad_cam(model, image)
    with pytest.raises(ValueError, match="n_samples"):
        I.smoothgrad(model, image, n_samples=0)

    class Sub(keras.Model):
        def call(self, x):
            return x

    with pytest.raises(ValueError, match="subclassed"):
        I.saliency(Sub(), image)
    inp = keras.Input((2,))
    two = keras.Model(inp, [keras.layers.Dense(1)(inp), keras.layers.Dense(1)(inp)])
    with pytest.raises(ValueError, match="one output"):
        I.saliency(two, np.zeros(2))


def test_public_names_are_reexported():
    for name in ("saliency", "smoothgrad", "guided_backprop", "grad_cam", "occlusion_sensitivity",
                 "class_model_visualization", "fgsm", "embeddings", "pca", "tsne", "nearest_neighbors",
                 "filter_images", "feature_maps", "activation_histograms"):
        assert callable(getattr(tfdl.interpret, name))
    assert tfdl.layers.GuidedReLU is GuidedReLU


# ------------------------------------------------------------------------------ viz
def test_viz_figures_have_one_axis_per_panel():
    from tfdl.viz import interpret as V

    x = np.random.default_rng(0).random((H, H, 1))
    fig = V.heatmaps_figure(x, {"a": np.ones((H, H)), "coarse": np.ones((3, 3))})
    assert len(fig.axes) == 4 and len(fig.axes[2].images) == 2  # image + overlay; then the colour bar
    assert len(V.image_grid_figure(np.zeros((5, 3, 3)), ncols=3).axes) == 5
    assert len(V.embedding_figure(np.zeros((6, 2)), [0, 1, 2, 0, 1, 2], highlight=0, neighbors=[1]).axes) == 1
    assert len(V.neighbors_figure(x, np.zeros((3, H, H, 1))).axes) == 4
    assert len(V.adversarial_figure(x, x, [0.5, 0.5], [0.1, 0.9], colorbar=False).axes) == 4
    stats = I.activation_histograms(small_cnn(), np.zeros((2, H, H, 1)), ["conv1", "fc1"], bins=4)
    fig = V.activation_histograms_figure(stats)
    assert len(fig.axes) == 2
    share = 100 * stats["conv1"]["zero_fraction"]
    assert fig.axes[0].get_title().endswith(f"zeros {share:.0f}%")
    ru = V.activation_histograms_figure(stats, texts={"zeros": "нулей"})
    assert ru.axes[0].get_title().endswith(f"нулей {share:.0f}%")
    with pytest.raises(ValueError, match="2-D"):
        V.heatmaps_figure(x, {"bad": np.ones((2, 2, 2))})
