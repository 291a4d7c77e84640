"""gradient_decay: the first step's gradient norm over the last one, per cell."""

import pandas as pd
import pytest

from tfdl.errors import TfdlValueError
from tfdl.experiments.rnn_gradients import gradient_decay


def test_ratio_of_first_to_last_step_per_cell_in_order_of_appearance():
    df = pd.DataFrame({"cell": ["lstm", "rnn", "lstm", "rnn", "lstm", "rnn"],
                       "step": [3, 3, 1, 1, 2, 2], "grad_norm": [2.0, 1.0, 0.5, 1e-6, 1.0, 1e-3]})
    ratios = gradient_decay(df)
    assert list(ratios) == ["lstm", "rnn"]
    assert ratios["lstm"] == pytest.approx(0.5 / 2.0) and ratios["rnn"] == pytest.approx(1e-6)


def test_missing_columns_are_named():
    with pytest.raises(TfdlValueError, match=r"\['grad_norm'\]") as info:
        gradient_decay(pd.DataFrame({"cell": ["rnn"], "step": [1]}))
    assert info.value.code == "gradient_decay_columns"
