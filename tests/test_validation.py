"""tfdl.validation: the shared argument checks, public, with the messages the modules give."""

import re
from pathlib import Path

import numpy as np
import pytest

import tfdl.functional as F
from tfdl import validation as V

ROOT = Path(__file__).resolve().parent.parent


def test_checks_normalise_good_values():
    assert V.check_int(2.0, "padding", 0) == 2
    assert V.positive_int(3, "groups") == 3
    assert V.padding_name("SAME") == "same" and V.padding_name(1) is None
    assert V.padding_pair(1) == (1, 1) and V.padding_pair([0, 2]) == (0, 2)
    assert V.per_dim(3, 2, "kernel_size") == [3, 3] and V.per_dim((1, 2), 2, "stride") == [1, 2]
    assert V.padding_per_dim(1, 2) == [1, 1] and V.padding_per_dim((0, 2), 1) == [(0, 2)]
    assert V.padding_per_dim("valid", 3) == ["valid"] * 3
    assert V.positive_int_tuple(3, 2, "kernel_size") == (3, 3)
    assert V.canonical_padding_mode("Edge") == "replicate" and V.canonical_padding_mode("x") is None


@pytest.mark.parametrize("call, message", [
    (lambda: V.check_int(True, "stride"), "`stride` must be an integer, not a bool. Received: stride=True"),
    (lambda: V.check_int(1.5, "stride"), "`stride` must be an integer. Received: stride=1.5"),
    (lambda: V.check_int(-1, "padding", 0, "padding cannot be negative"),
     "`padding` must be >= 0 (padding cannot be negative). Received: padding=-1"),
    (lambda: V.positive_int(0, "groups"), "`groups` must be an integer >= 1. Received: groups=0"),
    (lambda: V.padding_name("full"), ("`padding` must be an integer, a (before, after) pair, "
                                      "'valid' or 'same' (or 'causal' for 1-D). "
                                      "Received: padding='full'")),
    (lambda: V.padding_pair((1, 2, 3)), ("An explicit padding for one dimension is an int or a "
                                         "(before, after) pair. Received: padding=(1, 2, 3)")),
    (lambda: V.per_dim((1, 2, 3), 2, "stride"),
     "`stride` must be one value or 2 values (one per spatial dimension). Received: stride=(1, 2, 3)"),
    (lambda: V.positive_int_tuple((1, 0), 2, "stride"),
     "`stride` must be an integer >= 1. Received: stride=(1, 0)"),
    (lambda: V.positive_int_tuple((1, 2, 3), 2, "stride"),
     "`stride` must be one int or 2 ints. Received: stride=(1, 2, 3)"),
    (lambda: V.per_dim((1, 2, 3), 2, "stride", "one int or two"),
     "`stride` must be one int or two. Received: stride=(1, 2, 3)"),
])
def test_messages_name_the_argument_the_value_and_why(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value) == message


def test_modules_use_the_public_checks_not_each_others_privates():
    """No module reaches into shapes' private helpers; the old names still resolve."""
    from tfdl import shapes

    offenders = [
        str(p.relative_to(ROOT)) for p in (ROOT / "tfdl").rglob("*.py")
        if re.search(r"shapes\._[a-z]|from tfdl\.shapes import _", p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert shapes._per_dim is V.per_dim and shapes.PADDING_NAMES is V.PADDING_NAMES
    assert F.PADDING_MODES is V.PADDING_MODES
    with pytest.raises(ValueError, match=r"`stride` must be one int or two\. Received: stride=\(1, 2, 3\)"):
        F.max_pool2d(np.zeros((4, 4)), 2, stride=(1, 2, 3))
