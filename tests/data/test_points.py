"""Own 2-D points (tfdl.data.points) and the multi-class and regression datasets (tfdl.data.toy2d_more)."""

import numpy as np
import pytest

from tfdl.data import make_toy2d, points_csv, points_from_rows, read_points_csv, split_points
from tfdl.data import toy2d_more as more
from tfdl.errors import TfdlValueError

GOOD = "x1,x2,label\n1.5,-2,0\n-0.25,3,1\n0,0,2\n"


def test_a_csv_reads_as_numbers_in_any_column_order_and_round_trips():
    x, y = read_points_csv(GOOD)
    np.testing.assert_array_equal(x, np.array([[1.5, -2], [-0.25, 3], [0, 0]], "float32"))
    np.testing.assert_array_equal(y, [0, 1, 2])
    x2, y2 = read_points_csv(b"\xef\xbb\xbfLabel, X2 ,x1\n0,-2,1.5\n1,3,-0.25\n2,0,0\n")  # BOM, case, spaces
    np.testing.assert_array_equal(x2, x)
    np.testing.assert_array_equal(y2, y)
    awkward = np.array([[0.1, -5.999999], [1 / 3, 2e-7]], "float32")
    back = read_points_csv(points_csv(awkward, [0, 1]))
    np.testing.assert_array_equal(back[0], awkward)  # float32 exactly (the code export relies on it)


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("a,b,c\n1,2,0\n", "points_columns", {"missing": "x1, x2, label"}),
        ("x1,label\n1,0\n", "points_columns", {"missing": "x2"}),
        ("x1,x2,label\n1,two,0\n2,2,1\n", "points_number", {"row": 1, "column": "x2", "value": "two"}),
        ("x1,x2,label\n1,2,0\n1,,1\n", "points_number", {"row": 2, "column": "x2"}),
        ("x1,x2,label\ninf,2,0\n2,2,1\n", "points_finite", {"row": 1, "column": "x1"}),
        ("x1,x2,label\nnan,2,0\n", "points_finite", {"row": 1}),
        ("x1,x2,label\n1,6.5,0\n2,2,1\n", "points_range", {"row": 1, "column": "x2", "value": 6.5}),
        ("x1,x2,label\n1,1,5\n2,2,1\n", "points_label", {"row": 1, "last": 4}),
        ("x1,x2,label\n1,1,0.5\n2,2,1\n", "points_label", {"row": 1}),
        ("x1,x2,label\n1,1,-1\n2,2,1\n", "points_label", {"row": 1}),
        ("x1,x2,label\n1,1,1\n2,2,1\n", "points_classes", {"n": 2, "k": 1}),
        ("x1,x2,label\n", "points_classes", {"n": 0, "k": 0}),
    ],
)
def test_bad_points_are_refused_naming_row_column_and_value(text, code, params):
    with pytest.raises(TfdlValueError) as info:
        read_points_csv(text)
    assert info.value.code == code
    assert params.items() <= info.value.params.items()


def test_size_caps_and_non_text():
    many = "x1,x2,label\n" + "1,1,0\n2,2,1\n" * 6
    assert len(read_points_csv(many, max_points=12)[1]) == 12
    with pytest.raises(TfdlValueError, match="At most 11 points") as info:
        read_points_csv(many, max_points=11)
    assert info.value.code == "points_too_many"
    with pytest.raises(TfdlValueError) as info:
        read_points_csv(b"x" * 100_001)
    assert info.value.code == "points_file_size"
    with pytest.raises(TfdlValueError) as info:
        read_points_csv(b"x1,x2,label\n\xff\xfe,1,0\n")
    assert info.value.code == "points_not_text"


def test_table_rows_skip_blank_rows_and_split_keeps_both_sets():
    rows = [
        {"x1": 1, "x2": 2, "label": 0},
        {"x1": None, "x2": float("nan"), "label": ""},
        {"x1": "3", "x2": -1, "label": 1.0},
    ]
    x, y = points_from_rows(rows)
    assert x.tolist() == [[1, 2], [3, -1]] and y.tolist() == [0, 1]
    (xtr, ytr), (xte, yte) = split_points(np.arange(10.0).reshape(5, 2), np.array([0, 1, 0, 1, 0]), 0.9, seed=3)
    assert len(xtr) == 4 and len(xte) == 1  # round(4.5) = 4; never an empty set
    both = np.concatenate([xtr, xte])
    assert sorted(both[:, 0].tolist()) == [0, 2, 4, 6, 8] and np.array_equal(both[:, 1] - both[:, 0], np.ones(5))


@pytest.mark.parametrize("name", more.TOY2D_MULTICLASS)
@pytest.mark.parametrize("classes", [3, 5])
def test_multiclass_sets_have_every_class_balanced(name, classes):
    (xtr, ytr), (xte, yte) = make_toy2d(name, n_samples=100, noise=0.1, seed=2, classes=classes)
    counts = np.bincount(np.concatenate([ytr, yte]))
    assert len(counts) == classes and counts.min() >= 100 // classes and counts.sum() == 100
    assert np.abs(np.concatenate([xtr, xte])).max() < 6


def test_blobs_sit_around_their_centres_and_arms_follow_their_formula():
    x, y = more.make_blobs(600, noise=0.0, seed=0, classes=4)
    for k in range(4):  # centre 3·(sin 2πk/4, cos 2πk/4), σ = 0.5
        np.testing.assert_allclose(x[y == k].mean(0), [3 * np.sin(np.pi * k / 2), 3 * np.cos(np.pi * k / 2)], atol=0.12)
    x, y = more.make_arms(30, noise=0.0, seed=0, classes=3)
    for k in range(3):
        t = np.arange(10) / 10
        theta = 1.75 * 2 * np.pi * t + 2 * np.pi * k / 3
        expected = np.stack([5 * t * np.sin(theta), 5 * t * np.cos(theta)], 1)
        got = x[y == k]
        got = got[np.lexsort((got[:, 1], got[:, 0]))]
        expected = expected[np.lexsort((expected[:, 1], expected[:, 0]))]
        np.testing.assert_allclose(got, expected, atol=1e-5)


def test_regression_targets_follow_the_playground_formulas():
    x, y = more.make_plane(50, noise=0.0, seed=1)
    np.testing.assert_allclose(y, (x[:, 0] + x[:, 1]) / 10, atol=1e-6)
    x, y = more.make_multigauss(200, noise=0.0, seed=1)
    bumps = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]
    for (a, b), target in zip(x.astype(float), y):  # the Playground's loop, one point at a time
        label = 0.0
        for cx, cy, sign in bumps:
            new = sign * min(1.0, max(0.0, 1 - np.hypot(a - cx, b - cy) / 2))
            if abs(new) > abs(label):
                label = new
        assert target == pytest.approx(label, abs=1e-6)
    assert more.toy2d_task("multigauss") == "regression" and more.toy2d_task("blobs") == "classification"
    with pytest.raises(TfdlValueError):
        make_toy2d("blobs", classes=6)
