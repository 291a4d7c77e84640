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
