"""tfdl.viz.sequences figures take their texts as an argument (English by default)."""

import numpy as np
import pandas as pd
import pytest

from tfdl.viz import sequences as vz


def _texts(fig):
    return {t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text()}


def test_defaults_are_english_and_texts_replace_them():
    fig = vz.alignment_figure(np.eye(2), ["1", "2"], ["2", "1"])
    assert {"source", "output"} <= _texts(fig)
    fig = vz.alignment_figure(np.eye(2), ["1", "2"], ["2", "1"], texts={"source": "вход", "output": "выход"})
    assert {"вход", "выход"} <= _texts(fig) and "source" not in _texts(fig)
    fig = vz.loss_curve_figure([1.0, 0.5], texts={"epoch": "эпоха"})
    assert fig.axes[0].get_xlabel() == "эпоха" and fig.axes[0].get_ylabel() == "loss"


def test_gate_panels_legend_and_time_axis():
    gates = {"f": np.random.default_rng(0).random((3, 2)), "c": np.zeros((3, 2))}
    fig = vz.gate_traces_figure(gates, units=(0, 1), texts={"f": "вентиль f", "unit": "нейрон {unit}",
                                                             "time": "шаг t"})
    assert fig.axes[0].get_ylabel() == "вентиль f" and fig.axes[1].get_ylabel() == "cell state c"
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["нейрон 0", "нейрон 1"]
    assert fig.axes[-1].get_xlabel() == "шаг t"


def test_accuracy_and_gradient_figures_label_series_and_axes():
    df = pd.DataFrame({"reverse_source": [False, False, True, True], "length": [2, 3, 2, 3],
                       "accuracy": [1.0, 0.5, 1.0, 0.8]})
    fig = vz.accuracy_by_length_figure(df, hue="reverse_source", texts={"length": "длина"},
                                       series_labels={True: "развёрнут", False: "прямой"})
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["прямой", "развёрнут"]
    assert fig.axes[0].get_xlabel() == "длина"
    assert vz.accuracy_by_length_figure(df, hue="reverse_source").axes[0].get_legend().get_texts()[0].get_text() \
        == "reverse_source=False"
    grad = pd.DataFrame({"cell": ["rnn"] * 2, "step": [1, 2], "grad_norm": [0.1, 1.0]})
    assert vz.gradient_norms_figure(grad, texts={"time": "шаг"}).axes[0].get_xlabel() == "шаг"


def test_unknown_text_keys_are_refused():
    with pytest.raises(ValueError, match="unknown keys \\['sourse'\\]"):
        vz.alignment_figure(np.eye(2), ["1", "2"], ["2", "1"], texts={"sourse": "x"})
