"""playground.common.localize_figure: Russian labels for tfdl.viz figures that draw English ones."""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playground import common  # noqa: E402


@pytest.mark.parametrize("language, expected", [("ru", ("эпоха", "нейрон 0", "training loss")),
                                                ("en", ("epoch", "unit 0", "training loss"))])
def test_exact_matches_are_translated_only_in_russian(monkeypatch, language, expected):
    monkeypatch.setattr(common, "lang", lambda: language)
    fig, ax = plt.subplots()
    ax.plot([0, 1], label="unit 0")
    ax.legend()
    ax.set_xlabel("epoch")
    ax.set_title("training loss")  # not in the mapping: left as is (exact matches only)
    out = common.localize_figure(fig, {"epoch": "эпоха", "unit 0": "нейрон 0", "loss": "потери"})
    assert out is fig
    assert (ax.get_xlabel(), ax.get_legend().get_texts()[0].get_text(), ax.get_title()) == expected
    plt.close(fig)
