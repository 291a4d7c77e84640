"""tfdl.viz.training: the words drawn on a figure can be translated (``texts=``), English by default."""

import numpy as np

from tfdl.viz.training import misclassified_figure


def _note(fig) -> str:
    return fig.axes[0].texts[0].get_text()


def test_misclassified_note_is_english_by_default_and_translatable():
    images, y = np.zeros((3, 4, 4)), [0, 1, 2]
    assert _note(misclassified_figure(images, y, y)) == "no misclassified examples"
    assert _note(misclassified_figure(images, y, y, texts={"none": "ошибок нет"})) == "ошибок нет"
    # with errors there is no note: one titled image per mistake, whatever texts says
    fig = misclassified_figure(images, y, [0, 2, 1], texts={"none": "ошибок нет"})
    assert [ax.get_title() for ax in fig.axes] == ["1→2", "2→1"]


def test_training_figures_take_their_texts():
    from tfdl.viz.training import (
        confusion_matrix_figure,
        decision_boundary_figure,
        neuron_maps_figure,
        training_curves_figure,
    )

    xx, yy = np.meshgrid(np.arange(3.0), np.arange(3.0))
    fig = decision_boundary_figure(xx, yy, xx / 2, np.zeros((2, 2)), np.array([0, 1]),
                                   texts={"probability": "P(класс 1)", "class": "класс {k}"})
    assert fig.axes[1].get_ylabel() == "P(класс 1)"
    assert {c.get_label() for c in fig.axes[0].collections if c.get_label().startswith("кл")} == {"класс 0",
                                                                                                   "класс 1"}
    fig = training_curves_figure({"loss": [1.0, 0.5], "val_loss": [1.1, 0.6]}, metrics=("loss",),
                                 texts={"epoch": "эпоха", "loss": "потери", "train": "обучение",
                                        "validation": "валидация"})
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("эпоха", "потери")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["обучение", "валидация"]
    ax = confusion_matrix_figure([0, 1], [1, 1], texts={"predicted": "предсказано", "true": "истина"}).axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("предсказано", "истина")
    fig = neuron_maps_figure({"hidden1_act": np.ones((4, 2))}, (2, 2), labels={"hidden1_act": "скрытый 1"})
    assert fig.axes[0].get_ylabel() == "скрытый 1"
    assert neuron_maps_figure({"hidden1_act": np.ones((4, 1))}, (2, 2)).axes[0].get_ylabel() == "hidden1"
    assert decision_boundary_figure(xx, yy, xx / 2).axes[1].get_ylabel() == "P(class 1)"  # English default
