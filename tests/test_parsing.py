"""tfdl.parsing: typed grids and paddings, against numpy and the notes' worked examples."""

import numpy as np
import pytest

from tfdl.data import worked_examples as WE
from tfdl.errors import TfdlValueError
from tfdl.functional import conv2d
from tfdl.parsing import MAX_GRID, format_grid, parse_grid, parse_padding


@pytest.mark.parametrize("name", list(WE.CONVOLUTIONS))
def test_worked_examples_round_trip_through_the_grid_text(name):
    ex = WE.CONVOLUTIONS[name]
    x = parse_grid(format_grid(ex.x))[..., 0]
    k = parse_grid(format_grid(ex.kernel))[..., 0]
    np.testing.assert_array_equal(x, np.atleast_2d(np.array(ex.x, float)))
    y = conv2d(x, k, stride=ex.params.get("stride", 1), padding=ex.params.get("padding", 0))
    np.testing.assert_array_equal(y, np.atleast_2d(np.array(ex.result, float)))


def test_separators_channels_and_decimals():
    x = parse_grid("1, 2;3\n4\t5  6\n\n\n-1 0.5 1e1\n7 8 9")
    expected = np.stack([np.array([[1, 2, 3], [4, 5, 6]]), np.array([[-1, 0.5, 10], [7, 8, 9]])], axis=-1)
    np.testing.assert_array_equal(x, expected)
    assert x.dtype == float


@pytest.mark.parametrize(("text", "code", "params"), [
    ("  \n ", "grid_empty", {"what": "grid"}),
    ("1 2 3\n4 x 6", "grid_row", {"what": "grid", "row": 2, "line": "4 x 6"}),
    ("1 nan", "grid_row", {"what": "grid", "row": 1, "line": "1 nan"}),
    ("1 2 3\n4 5", "grid_ragged", {"what": "grid", "lengths": [3, 2]}),
    ("1 2\n\n1 2 3", "grid_channels", {"what": "grid", "shapes": [(1, 2), (1, 3)]}),
])
def test_bad_grids_name_the_value(text, code, params):
    with pytest.raises(TfdlValueError) as info:
        parse_grid(text)
    assert info.value.code == code and info.value.params == params
    assert isinstance(info.value, ValueError)


def test_grid_size_limit_and_what_is_named():
    parse_grid(" ".join(["1"] * MAX_GRID))
    with pytest.raises(ValueError, match=r"kernel: at most 64 rows and columns. Received \(1, 65\)"):
        parse_grid(" ".join(["1"] * 65), "kernel")
    with pytest.raises(ValueError, match=r"input grid: row 2 is not a list of numbers. Received: '4 x 6'"):
        parse_grid("1 2 3\n4 x 6", "input grid")


@pytest.mark.parametrize(("text", "expected"), [
    ("valid", "valid"), (" SAME ", "same"), ("0", 0), (3, 3), ("1,2", (1, 2)), ("1 x 0", (1, 0)), ("2×3", (2, 3)),
])
def test_padding_strings(text, expected):
    assert parse_padding(text) == expected


@pytest.mark.parametrize(("text", "code"), [("lots", "padding_text"), ("1,2,3", "padding_text"), ("", "padding_text"),
                                            ("-1", "padding_negative"), ("1,-2", "padding_negative")])
def test_bad_paddings_name_the_value(text, code):
    with pytest.raises(TfdlValueError, match="`padding`") as info:
        parse_padding(text)
    assert info.value.code == code and info.value.params["value"] == text.strip().lower()


def test_a_padding_over_the_cap_is_refused_with_the_cap():
    assert parse_padding("16", max_value=16) == 16 and parse_padding("same", max_value=0) == "same"
    with pytest.raises(TfdlValueError, match="at most 16 per side") as info:
        parse_padding("2,3000", max_value=16)
    assert info.value.code == "padding_too_large" and info.value.params == {"value": "2,3000", "max_value": 16}


@pytest.mark.parametrize("text", ["1 2\n3 1e308", "1 -2e6"])
def test_huge_grid_values_are_refused(text):
    """1e308 was accepted once: the kernel walk printed 309-digit numbers and the charts went blank."""
    with pytest.raises(TfdlValueError, match="within ±1e\\+06") as info:
        parse_grid(text)
    assert info.value.code == "grid_value_too_large"
    assert parse_grid("1e6 -1e6").tolist() == [[[1e6], [-1e6]]]
