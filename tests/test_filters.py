"""tfdl.filters: the kernels printed in notes 000 and 004, and what they do to a picture."""

import numpy as np
import pytest

from tfdl.filters import FILTERS, describe_filter, get_filter, list_filters
from tfdl.functional import conv2d

# transcribed from note 000 ("blur", "sharpen", "top sobel", ...)
NOTE_000 = {
    "blur": [[1 / 16, 1 / 8, 1 / 16], [1 / 8, 1 / 4, 1 / 8], [1 / 16, 1 / 8, 1 / 16]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "top_sobel": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
    "left_sobel": [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
    "outline": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
    "bottom_sobel": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "right_sobel": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "custom": [[1, -1, 1], [-1, 0, -1], [1, -1, 1]],
}


@pytest.mark.parametrize("name", sorted(NOTE_000))
def test_kernels_of_note_000(name):
    np.testing.assert_array_equal(get_filter(name), NOTE_000[name])


def test_blur_matches_curriculum_form():
    np.testing.assert_array_equal(get_filter("blur") * 16, [[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    assert get_filter("blur").sum() == 1 and get_filter("box_blur").sum() == pytest.approx(1)


def test_gradients_reproduce_note_004_code():
    # note 004: gx[:, 1:-1] = image[:, :-2] - image[:, 2:]; gy likewise along the rows
    image = np.random.default_rng(0).integers(0, 255, size=(8, 9)).astype(float)
    np.testing.assert_array_equal(conv2d(image, get_filter("horizontal_gradient")), image[:, :-2] - image[:, 2:])
    np.testing.assert_array_equal(conv2d(image, get_filter("vertical_gradient")), image[:-2, :] - image[2:, :])


def test_what_the_filters_do():
    flat = np.full((6, 6), 7.0)
    for name in ("outline", "top_sobel", "left_sobel", "laplacian", "horizontal_gradient"):
        np.testing.assert_allclose(conv2d(flat, get_filter(name)), 0, atol=1e-12)  # no edges
    for name in ("identity", "blur", "box_blur", "sharpen"):
        np.testing.assert_allclose(conv2d(flat, get_filter(name)), 7.0)  # keeps a flat area
    step = np.zeros((6, 6))
    step[3:] = 1.0  # dark above, bright below: a horizontal edge
    assert conv2d(step, get_filter("bottom_sobel")).max() == 4
    assert conv2d(step, get_filter("top_sobel")).min() == -4
    np.testing.assert_allclose(conv2d(step, get_filter("left_sobel")), 0)  # no vertical edge
    np.testing.assert_array_equal(get_filter("top_sobel"), -get_filter("bottom_sobel"))
    np.testing.assert_array_equal(get_filter("left_sobel"), -get_filter("right_sobel"))
    image = np.random.default_rng(1).normal(size=(5, 5))
    np.testing.assert_allclose(conv2d(image, get_filter("identity"), padding=1), image)


def test_names_aliases_copies_and_errors():
    assert list_filters() == list(FILTERS)
    for alias, name in [("Top Sobel", "top_sobel"), ("sobel-left", "left_sobel"), ("gx", "horizontal_gradient")]:
        np.testing.assert_array_equal(get_filter(alias), get_filter(name))
    k = get_filter("sharpen")
    k[1, 1] = 0
    assert get_filter("sharpen")[1, 1] == 5  # a fresh copy every time
    with pytest.raises(ValueError, match="Unknown filter 'bluur'.*blur"):
        get_filter("bluur")
    with pytest.raises(ValueError, match="name"):
        get_filter(3)


def test_descriptions_are_english_and_translations_live_in_the_playground():
    for name in FILTERS:
        text = describe_filter(name)
        assert text == FILTERS[name].description and ":" in text
        assert not any("\u0400" <= ch <= "\u04ff" for ch in text)  # no Cyrillic in tfdl
    assert not hasattr(FILTERS["blur"], "ru")
    with pytest.raises(ValueError, match="lang") as info:
        describe_filter("blur", "ru")
    assert info.value.code == "filter_lang" and info.value.params == {"lang": "ru"}
