"""tfdl.metrics against hand-worked cases, scikit-learn and TensorFlow built-ins."""

import numpy as np
import pytest

from tfdl import losses as L
from tfdl import metrics as M


# ---------------------------------------------------------------------------------------- IoU
def test_iou_hand_worked():
    # overlap 1×1, union 4 + 4 − 1 = 7
    assert M.iou([0, 0, 2, 2], [1, 1, 3, 3]) == pytest.approx(1 / 7)
    assert M.iou([0, 0, 4, 4], [1, 1, 2, 2]) == pytest.approx(1 / 16)  # contained
    assert M.iou([0, 0, 1, 1], [2, 2, 3, 3]) == 0.0  # disjoint
    assert M.iou([0, 0, 1, 1], [1, 0, 2, 1]) == 0.0  # touching edge
    assert M.iou([0, 0, 2, 2], [0, 0, 2, 2]) == 1.0


def test_box_iou_pairwise_matches_scalar_and_tf_image_format():
    rng = np.random.default_rng(1)
    xy = rng.uniform(0, 5, (6, 2))
    a = np.c_[xy, xy + rng.uniform(0.5, 3, (6, 2))]
    b = a[::-1] + 0.3
    m = M.box_iou(a, b)
    assert m.shape == (6, 6)
    for i in range(6):
        for j in range(6):
            assert m[i, j] == pytest.approx(M.iou(a[i], b[j]))
    # [y1, x1, y2, x2] (TensorFlow's order) gives the same IoU
    swap = [1, 0, 3, 2]
    np.testing.assert_allclose(M.box_iou(a[:, swap], b[:, swap]), m)


def test_iou_rejects_bad_boxes():
    with pytest.raises(ValueError, match="x1 <= x2"):
        M.box_iou([[2, 0, 1, 1]], [[0, 0, 1, 1]])
    with pytest.raises(ValueError, match="box_a"):
        M.iou([[0, 0, 1, 1]], [0, 0, 1, 1])


def test_mask_iou_hand_worked():
    a = np.zeros((4, 4), bool)
    b = np.zeros((4, 4), bool)
    a[:2, :2] = True  # 4 pixels
    b[1:3, 1:3] = True  # 4 pixels, 1 shared
    assert M.mask_iou(a, b) == pytest.approx(1 / 7)
    assert M.mask_iou(np.zeros((2, 2)), np.zeros((2, 2))) == 1.0
    with pytest.raises(ValueError, match="same shape"):
        M.mask_iou(a, b[:3])


# ---------------------------------------------------------------------------------------- NMS
def test_nms_hand_worked():
    boxes = [[0, 0, 10, 10], [1, 0, 11, 10], [20, 20, 30, 30], [0, 0, 10, 4]]
    scores = [0.9, 0.8, 0.7, 0.6]
    # box 1 overlaps box 0 with IoU 90/110 > 0.5 (dropped); box 3 has IoU 40/100 = 0.4 (kept)
    assert M.non_max_suppression(boxes, scores).tolist() == [0, 2, 3]
    assert M.non_max_suppression(boxes, scores, iou_threshold=0.3).tolist() == [0, 2]
    assert M.non_max_suppression(boxes, scores, max_output_size=2).tolist() == [0, 2]
    assert M.non_max_suppression(boxes, scores, score_threshold=0.65).tolist() == [0, 2]


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7])
def test_nms_matches_tf_image(threshold):
    tf = pytest.importorskip("tensorflow")
    rng = np.random.default_rng(int(threshold * 10))
    xy = rng.uniform(0, 20, (150, 2))
    boxes = np.c_[xy, xy + rng.uniform(2, 8, (150, 2))].astype("float32")
    scores = rng.permutation(150).astype("float32") / 150  # distinct scores: no tie ambiguity
    ours = M.non_max_suppression(boxes, scores, iou_threshold=threshold, max_output_size=40)
    ref = tf.image.non_max_suppression(boxes, scores, 40, iou_threshold=threshold).numpy()
    np.testing.assert_array_equal(ours, ref)


def test_nms_errors():
    with pytest.raises(ValueError, match="iou_threshold"):
        M.non_max_suppression([[0, 0, 1, 1]], [1.0], iou_threshold=1.5)
    with pytest.raises(ValueError, match="scores"):
        M.non_max_suppression([[0, 0, 1, 1]], [1.0, 0.5])


# ------------------------------------------------------------------------------ segmentation
def test_pixel_accuracy_and_confusion():
    y = np.array([[0, 1, 1], [2, 2, 255]])
    p = np.array([[0, 1, 0], [2, 1, 0]])
    assert M.pixel_accuracy(y, p, ignore_index=255) == pytest.approx(3 / 5)
    assert M.pixel_accuracy(y, p) == pytest.approx(3 / 6)
    c = M.confusion_matrix(y, p, num_classes=3, ignore_index=255)
    assert c.tolist() == [[1, 0, 0], [1, 1, 0], [0, 1, 1]]


def test_jaccard_hand_worked_and_absent_class():
    # class 0: TP 1, FP 0, FN 1 -> 1/2 ; class 1: TP 2, FP 1, FN 0 -> 2/3 ; class 2 absent -> NaN
    j = M.jaccard_per_class([0, 0, 1, 1], [0, 1, 1, 1], num_classes=3)
    np.testing.assert_allclose(j[:2], [0.5, 2 / 3])
    assert np.isnan(j[2])
    assert M.mean_iou([0, 0, 1, 1], [0, 1, 1, 1], num_classes=3) == pytest.approx((0.5 + 2 / 3) / 2)


def test_jaccard_matches_sklearn():
    from sklearn.metrics import jaccard_score

    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, size=(16, 16))
    p = np.where(rng.random((16, 16)) < 0.6, y, rng.integers(0, 4, size=(16, 16)))
    np.testing.assert_allclose(M.jaccard_per_class(y, p), jaccard_score(y.ravel(), p.ravel(), average=None))
    assert M.mean_iou(y, p) == pytest.approx(jaccard_score(y.ravel(), p.ravel(), average="macro"))


# ---------------------------------------------------------------------------- PR curve / AP
def test_pr_curve_matches_sklearn_with_ties():
    from sklearn.metrics import precision_recall_curve

    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 60)
    s = np.round(rng.random(60) + 0.4 * y, 1)  # rounded: many tied scores
    p, r, t = M.precision_recall_curve(y, s)
    sp, sr, st = precision_recall_curve(y, s)
    np.testing.assert_allclose(p, sp[:-1][::-1])
    np.testing.assert_allclose(r, sr[:-1][::-1])
    np.testing.assert_allclose(t, st[::-1])


def test_ap_step_matches_sklearn():
    from sklearn.metrics import average_precision_score

    rng = np.random.default_rng(4)
    for _ in range(3):
        y = rng.integers(0, 2, 80)
        s = np.round(rng.random(80) + 0.5 * y, 2)
        assert M.average_precision(y, s, method="step") == pytest.approx(average_precision_score(y, s))


def test_ap_hand_worked_voc_styles():
    # ranked detections TP, TP, FP, TP, FP; 4 objects (one never detected)
    # P = 1, 1, 2/3, 3/4, 3/5 ; R = .25, .5, .5, .75, .75
    y, s = [1, 1, 0, 1, 0], [0.9, 0.8, 0.7, 0.6, 0.5]
    # all-point: envelope 1 up to R=.5, then .75 up to R=.75, then 0 -> .25 + .25 + .25*.75
    assert M.average_precision(y, s, n_positives=4) == pytest.approx(0.6875)
    # 11-point: r in {0,..,.5} -> 1 (six levels), {.6,.7} -> .75, {.8,.9,1} -> 0
    assert M.average_precision(y, s, method="11_point", n_positives=4) == pytest.approx(7.5 / 11)
    # the envelope matters: precision dips then rises again
    p, r = [1.0, 0.5, 2 / 3], [0.5, 0.5, 1.0]
    assert M.average_precision_from_curve(p, r) == pytest.approx(0.5 + 0.5 * 2 / 3)
    assert M.average_precision([1, 1], [0.9, 0.8]) == 1.0


def test_ap_errors():
    with pytest.raises(ValueError, match="method"):
        M.average_precision([1, 0], [0.5, 0.4], method="auc")
    with pytest.raises(ValueError, match="n_positives"):
        M.average_precision([1, 1], [0.5, 0.4], n_positives=1)
    with pytest.raises(ValueError, match="binary"):
        M.average_precision([2, 0], [0.5, 0.4])


def test_detection_map_hand_worked():
    preds = [
        {"boxes": [[0, 0, 10, 10], [0, 0, 10, 9], [50, 50, 60, 60], [20, 20, 30, 30], [0, 0, 4, 4]],
         "scores": [0.9, 0.8, 0.7, 0.6, 0.5], "labels": [0, 0, 0, 0, 1]},
    ]
    targets = [{"boxes": [[0, 0, 10, 10], [20, 20, 30, 30], [0, 0, 10, 10]], "labels": [0, 0, 1]}]
    # class 0: TP (0.9), duplicate FP (0.8), FP (0.7), TP (0.6); 2 objects
    # P = 1, .5, 1/3, .5 ; R = .5, .5, .5, 1 -> AP = .5·1 + .5·.5 = .75
    assert M.match_detections(preds[0]["boxes"][:4], preds[0]["scores"][:4], targets[0]["boxes"][:2]).tolist() == [
        True, False, False, True]
    assert M.detection_average_precision(preds, targets, 0) == pytest.approx(0.75)
    # class 1: one detection with IoU 16/100 -> FP -> AP 0
    m, per_class = M.mean_average_precision(preds, targets)
    assert per_class == {0: pytest.approx(0.75), 1: 0.0}
    assert m == pytest.approx(0.375)
    # a looser threshold accepts nothing more here; a class without objects gives NaN
    assert np.isnan(M.detection_average_precision(preds, targets, 7))


# ------------------------------------------------------------------------------ triplet loss
def _triplet_reference(labels, emb, margin, squared):
    """Loop-by-loop FaceNet loss with tf-addons-style semi-hard negative choice."""
    n = len(labels)
    d = np.array([[np.sum((emb[i] - emb[j]) ** 2) for j in range(n)] for i in range(n)])
    if not squared:
        d = np.sqrt(d)
    losses = []
    for a in range(n):
        negatives = [k for k in range(n) if labels[k] != labels[a]]
        if not negatives:
            continue
        for p in range(n):
            if p == a or labels[p] != labels[a]:
                continue
            farther = [d[a, k] for k in negatives if d[a, k] > d[a, p]]
            d_an = min(farther) if farther else max(d[a, k] for k in negatives)
            losses.append(max(d[a, p] - d_an + margin, 0.0))
    return float(np.mean(losses)) if losses else 0.0


@pytest.mark.parametrize("squared", [True, False])
def test_triplet_loss_matches_loop_reference(squared):
    rng = np.random.default_rng(5)
    labels = rng.integers(0, 4, 24)
    emb = rng.normal(size=(24, 5)).astype("float32")
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    for margin in (0.2, 1.0):
        ours = float(L.triplet_semihard_loss(labels, emb, margin=margin, squared=squared))
        assert ours == pytest.approx(_triplet_reference(labels, emb, margin, squared), rel=1e-5, abs=1e-6)


def test_triplet_loss_hand_worked():
    # orthonormal embeddings: every squared distance is 2, no negative is farther than a positive
    # -> the farthest negative (D=2) is used: loss = 2 − 2 + α
    assert float(L.triplet_semihard_loss([0, 0, 1], np.eye(3, dtype="float32"))) == pytest.approx(1.0)
    # perfectly separated clusters beyond the margin -> 0
    emb = np.array([[0, 0], [0, 0.1], [5, 5], [5, 5.1]], dtype="float32")
    assert float(L.TripletSemiHardLoss(margin=1.0)([0, 0, 1, 1], emb)) == pytest.approx(0.0)


def test_triplet_loss_keras_fit_and_save(tmp_path):
    import keras

    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(4), 8)
    x = (rng.normal(size=(32, 6)) + labels[:, None]).astype("float32")
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3)])
    loss = L.TripletSemiHardLoss(margin=0.5)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss=loss)
    before = float(loss(labels, model(x)))
    model.fit(x, labels, batch_size=32, epochs=5, verbose=0)
    after = float(loss(labels, model(x)))
    assert np.isfinite(after) and after < before
    path = tmp_path / "triplet.keras"
    model.save(path)
    loaded = keras.models.load_model(path, safe_mode=True)
    assert isinstance(loaded.loss, L.TripletSemiHardLoss)
    assert loaded.loss.get_config()["margin"] == 0.5
    with pytest.raises(ValueError, match="margin"):
        L.TripletSemiHardLoss(margin=-1.0)


def test_accuracy_and_top_k_match_sklearn():
    from sklearn.metrics import accuracy_score, top_k_accuracy_score

    rng = np.random.default_rng(0)
    y = rng.integers(0, 5, 200)
    scores = rng.normal(size=(200, 5))
    assert M.accuracy(y, scores.argmax(1)) == pytest.approx(accuracy_score(y, scores.argmax(1)))
    assert M.accuracy(y, scores) == M.accuracy(y, scores.argmax(1))  # scores: arg-max first
    for k in (1, 2, 4):
        assert M.top_k_accuracy(y, scores, k) == pytest.approx(
            top_k_accuracy_score(y, scores, k=k, labels=range(5)))
    assert M.accuracy([0, 1, 255], [0, 0, 1], ignore_index=255) == 0.5
    with pytest.raises(ValueError, match=r"`k` must be an integer in \[1, 5\]. Received: k=6"):
        M.top_k_accuracy(y, scores, 6)
    with pytest.raises(ValueError, match="same shape"):
        M.accuracy([0, 1], [0, 1, 1])


def test_one_confusion_matrix_and_accuracy_in_the_library():
    """viz, segmentation and the old names all call tfdl.metrics' functions."""
    from sklearn.metrics import confusion_matrix as sk_confusion_matrix

    from tfdl import viz

    y, p = [0, 2, 1, 1, 0], [0, 1, 1, 2, 0]
    expected = sk_confusion_matrix(y, p, labels=range(4))
    np.testing.assert_array_equal(M.confusion_matrix(y, p, num_classes=4), expected)
    with pytest.deprecated_call():
        np.testing.assert_array_equal(viz.confusion_matrix(y, p, n_classes=4), expected)
    fig = viz.confusion_matrix_figure(y, p, classes=["a", "b", "c", "d"])
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), expected)


def test_losses_still_importable_from_metrics():
    from tfdl.metrics import TripletSemiHardLoss, triplet_semihard_loss

    assert TripletSemiHardLoss is L.TripletSemiHardLoss
    assert triplet_semihard_loss is L.triplet_semihard_loss
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        M.nope  # noqa: B018
