"""The live vision trainings, tiny: a U-Net on 16×16 shapes and a triplet embedding of two digits.
Their scores are checked against sklearn and numpy recomputations from the returned model."""

import numpy as np
import pytest

from tfdl.experiments import vision as V


@pytest.fixture(scope="module")
def seg():
    return V.train_shapes_unet(size=16, n_images=16, depth=1, base_filters=4, epochs=2, batch_size=8)


@pytest.fixture(scope="module")
def trip():
    return V.train_triplet_embedding(n_classes=2, per_class=16, hidden=8, epochs=3, batch_size=32)


def test_segmentation_scores_match_sklearn_and_the_model(seg):
    from sklearn.metrics import jaccard_score

    probs = np.asarray(seg.model.predict(seg.images, verbose=0))
    np.testing.assert_array_equal(seg.predicted, probs.argmax(-1))
    assert seg.pixel_accuracy == pytest.approx((seg.predicted == seg.masks).mean())
    present = np.union1d(np.unique(seg.masks), np.unique(seg.predicted))
    sk = jaccard_score(seg.masks.ravel(), seg.predicted.ravel(), labels=present, average=None, zero_division=0)
    np.testing.assert_allclose(seg.iou[present], sk)
    ref = -np.log(np.clip(np.take_along_axis(probs, seg.masks[..., None], -1)[..., 0], 1e-7, 1))
    np.testing.assert_allclose(seg.loss_map, ref, rtol=1e-4, atol=1e-6)
    assert seg.loss == pytest.approx(float(seg.history["val_loss"].iloc[-1]), rel=1e-3)
    assert seg.images.shape == (8, 16, 16, 1) and list(seg.history["epoch"]) == [1, 2]


def test_triplet_embedding_is_the_model_output_and_learns(trip):
    from tfdl.data import load_digits
    from tfdl.losses import triplet_semihard_loss

    (x, y), _ = load_digits(size=8)
    keep = np.concatenate([np.flatnonzero(y == c)[:16] for c in range(2)])
    np.testing.assert_array_equal(trip.labels, y[keep])
    np.testing.assert_allclose(trip.after, trip.model.predict(x[keep], verbose=0), rtol=1e-5, atol=1e-6)
    assert trip.before.shape == trip.after.shape == (32, 2) and not np.allclose(trip.before, trip.after)
    before = float(triplet_semihard_loss(trip.labels, trip.before.astype("float32")))
    after = float(triplet_semihard_loss(trip.labels, trip.after.astype("float32")))
    assert after < before


def test_costs_count_the_steps_and_errors_name_the_argument():
    assert V.train_shapes_unet_cost(16, 64, 1, 4, 2, 16).steps == 2 * 4  # 56 training images
    assert V.train_triplet_embedding_cost(2, 32, 8, 3, 64).steps == 3
    with pytest.raises(ValueError, match="n_classes"):
        V.train_triplet_embedding(n_classes=11)
    with pytest.raises(ValueError, match="depth"):
        V.train_shapes_unet(depth=0)
