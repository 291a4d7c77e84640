"""NMS trace, anchors, detection PR curve, semi-hard triplets, generated detections, pixel loss:
against tf.image, hand computations, sklearn and Keras built-ins."""

import numpy as np
import pytest

from tfdl import metrics as M
from tfdl.data import make_detections
from tfdl.errors import TfdlValueError


def _random_boxes(seed, n=30):
    preds, _ = make_detections(objects=5, per_object=5, false_positives=n - 25, miss_rate=0.0, seed=seed)
    return preds[0]["boxes"], preds[0]["scores"]


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7])
def test_nms_trace_keeps_what_tf_image_keeps_and_explains_every_removal(threshold):
    import tensorflow as tf

    boxes, scores = _random_boxes(int(threshold * 10))
    steps = M.nms_trace(boxes, scores, threshold)
    tf_keep = tf.image.non_max_suppression(boxes[:, [1, 0, 3, 2]], scores, len(boxes), threshold).numpy()
    assert [s.kept for s in steps] == tf_keep.tolist()
    # every box is kept or removed exactly once, by a better-scoring kept box overlapping it above the threshold
    seen = [s.kept for s in steps] + [j for s in steps for j in s.suppressed]
    assert sorted(seen) == list(range(len(boxes)))
    for s in steps:
        for j, v in zip(s.suppressed, s.ious):
            assert v > threshold and scores[j] <= scores[s.kept]
            assert v == pytest.approx(M.box_iou(boxes[s.kept], boxes[j])[0, 0])
        assert all(M.box_iou(boxes[s.kept], boxes[j])[0, 0] <= threshold for j in s.remaining)


def test_nms_trace_hand_worked_and_score_threshold():
    boxes = [[0, 0, 2, 2], [0, 0, 2, 1.9], [3, 3, 4, 4], [3, 3, 4, 3.5]]
    steps = M.nms_trace(boxes, [0.9, 0.8, 0.7, 0.6])
    assert [(s.kept, s.suppressed, s.remaining) for s in steps] == [(0, (1,), (2, 3)), (2, (), (3,)), (3, (), ())]
    assert steps[0].ious == pytest.approx((0.95,))  # 3.8 / 4
    assert [s.kept for s in M.nms_trace(boxes, [0.9, 0.8, 0.7, 0.6], score_threshold=0.65)] == [0, 2]
    assert M.nms_trace(np.zeros((0, 4)), []) == []


def test_anchor_boxes_hand_computed_grid():
    a = M.anchor_boxes(2, 8, scales=[4], aspect_ratios=[1, 2])
    r2 = np.sqrt(2)
    w, h = 4 * r2, 4 / r2  # w/h = 2, w·h = 16
    expected = []
    for cy in (2, 6):
        for cx in (2, 6):
            expected += [[cx - 2, cy - 2, cx + 2, cy + 2], [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]]
    np.testing.assert_allclose(a, expected)
    # a non-square map: stride 4 across, 6 down; order row, column, scale, ratio
    b = M.anchor_boxes((2, 3), (12, 12), scales=[2, 6], aspect_ratios=[1]).reshape(2, 3, 2, 1, 4)
    np.testing.assert_allclose(b[1, 2, 1, 0], [10 - 3, 9 - 3, 10 + 3, 9 + 3])
    np.testing.assert_allclose(b[0, 0, 0, 0], [1, 2, 3, 4])
    for bad in ({"scales": []}, {"aspect_ratios": [0]}, {"scales": [-1]}):
        with pytest.raises(TfdlValueError):
            M.anchor_boxes(2, 8, **bad)
    with pytest.raises(ValueError, match="feature_size"):
        M.anchor_boxes(0, 8)


def test_detection_pr_curve_hand_worked_and_equal_to_detection_ap():
    targets = [{"boxes": [[0, 0, 2, 2], [5, 5, 7, 7]], "labels": [0, 0]}]
    preds = [{"boxes": [[0, 0, 2, 2], [10, 10, 12, 12], [5, 5, 7, 7]], "scores": [0.9, 0.8, 0.7], "labels": [0, 0, 0]}]
    r = M.detection_pr_curve(preds, targets)
    np.testing.assert_allclose(r["precision"], [1, 0.5, 2 / 3])
    np.testing.assert_allclose(r["recall"], [0.5, 0.5, 1])
    assert r["ap"] == pytest.approx(0.5 + 0.5 * 2 / 3)
    p, t = make_detections(n_images=4, seed=3)
    assert M.detection_pr_curve(p, t)["ap"] == pytest.approx(M.detection_average_precision(p, t, 0))
    with pytest.raises(TfdlValueError, match="at least one object"):
        M.detection_pr_curve(preds, [{"boxes": np.zeros((0, 4)), "labels": []}])


def test_detection_pr_points_match_sklearn_when_every_object_is_found():
    from sklearn.metrics import precision_recall_curve

    p, t = make_detections(n_images=3, objects=3, per_object=1, false_positives=4, jitter=0.02, miss_rate=0.0, seed=1)
    r = M.detection_pr_curve(p, t)
    assert r["tp"].sum() == r["n_objects"] == 9  # tight boxes: every object found once
    sk_p, sk_r, _ = precision_recall_curve(r["tp"], r["scores"])
    np.testing.assert_allclose(r["precision"], sk_p[:-1][::-1])
    np.testing.assert_allclose(r["recall"], sk_r[:-1][::-1])


def test_make_detections_is_seeded_and_scores_the_fit():
    p1, t1 = make_detections(n_images=2, objects=3, per_object=2, false_positives=1, miss_rate=0.0, seed=5)
    p2, _ = make_detections(n_images=2, objects=3, per_object=2, false_positives=1, miss_rate=0.0, seed=5)
    np.testing.assert_array_equal(p1[1]["boxes"], p2[1]["boxes"])
    b = p1[0]["boxes"]
    assert b.shape == (7, 4) and (b[:, 2] > b[:, 0]).all() and (b[:, 3] > b[:, 1]).all()
    assert ((p1[0]["scores"] >= 0.02) & (p1[0]["scores"] <= 0.99)).all()
    assert (M.box_iou(b[:6], t1[0]["boxes"]).max(axis=1) > 0.3).all()  # candidates sit on their objects
    with pytest.raises(ValueError, match="miss_rate"):
        make_detections(miss_rate=2)


def test_semihard_triplet_matches_the_keras_loss_pair_by_pair():
    from tfdl.losses import triplet_semihard_loss

    rng = np.random.default_rng(0)
    e, y = rng.normal(size=(12, 2)), np.repeat([0, 1, 2], 4)
    losses = [
        M.semihard_triplet(e, y, a, p, margin=0.5)["loss"]
        for a in range(12)
        for p in range(12)
        if p != a and y[p] == y[a]
    ]
    assert np.mean(losses) == pytest.approx(float(triplet_semihard_loss(y, e.astype("float32"), margin=0.5)), rel=1e-5)


def test_semihard_triplet_hand_worked():
    pts, y = [[0.0], [1.0], [1.5], [3.0], [0.5]], [0, 0, 1, 1, 1]
    t = M.semihard_triplet(pts, y, 0, squared=False)
    assert (t["positive"], t["negative"], t["loss"], t["semi_hard"]) == (1, 2, 0.5, True)  # 0.5 is closer, not farther
    t = M.semihard_triplet([[0.0], [2.0], [1.0]], [0, 0, 1], 0, squared=False)
    assert t["negative"] == 2 and t["loss"] == pytest.approx(2.0)  # no farther negative: the farthest one
    with pytest.raises(TfdlValueError, match="another point of its class"):
        M.semihard_triplet([[0.0], [1.0]], [0, 1], 0)
    with pytest.raises(TfdlValueError, match="positive"):
        M.semihard_triplet(pts, y, 0, positive=2)


def test_pixel_cross_entropy_is_keras_sparse_categorical_of_the_flat_pixels():
    import keras

    from tfdl.losses import PixelSoftmaxCrossEntropy, pixel_cross_entropy

    rng = np.random.default_rng(0)
    logits = rng.normal(size=(3, 4, 5, 4)).astype("float32")
    labels = rng.integers(0, 4, size=(3, 4, 5))
    probs = np.asarray(keras.ops.softmax(logits, axis=-1))
    flat = keras.losses.SparseCategoricalCrossentropy()(labels.reshape(-1), probs.reshape(-1, 4))
    assert float(PixelSoftmaxCrossEntropy()(labels, probs)) == pytest.approx(float(flat), rel=1e-5)
    flat_logits = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(
        labels.reshape(-1), logits.reshape(-1, 4)
    )
    assert float(PixelSoftmaxCrossEntropy(from_logits=True)(labels[..., None], logits)) == pytest.approx(
        float(flat_logits), rel=1e-5
    )
    ref = -np.log(np.take_along_axis(probs, labels[..., None], -1)[..., 0])
    np.testing.assert_allclose(np.asarray(pixel_cross_entropy(labels, probs)), ref, rtol=1e-5)
    loss = keras.losses.deserialize(keras.losses.serialize(PixelSoftmaxCrossEntropy(from_logits=True)))
    assert isinstance(loss, PixelSoftmaxCrossEntropy) and loss.from_logits
