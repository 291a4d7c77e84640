"""Vision tasks page: every tab draws; a segmentation run and a triplet embedding are shown with their
scores and the semi-hard negative of the anchor; Russian. (The trainings themselves are tested in
tests/experiments/test_vision.py; tests/playground/test_jobs.py checks that they wait for a slot.)"""

import numpy as np
import pandas as pd

from tests.playground.pages import open_page

TIMEOUT = 240


def _segmentation_run():
    from tfdl.experiments.vision import SegmentationRun

    masks = np.zeros((3, 16, 16), "int64")
    masks[:, 4:8, 4:8] = 2
    predicted = masks.copy()
    predicted[:, 4, 4:8] = 0  # 4 of the 16 square pixels missed in each image
    history = pd.DataFrame({"epoch": [1, 2], "loss": [0.9, 0.5], "val_loss": [1.0, 0.6]})
    return SegmentationRun(
        None,
        history,
        masks[..., None] / 2.0,
        masks,
        predicted,
        np.full((3, 16, 16), 0.1),
        float((masks == predicted).mean()),
        np.array([252 / 256, np.nan, 12 / 16, np.nan]),
        0.1,
        1.0,
    )


def _triplet_run():
    from tfdl.experiments.vision import TripletRun

    labels = np.array([0, 0, 0, 1, 1, 1])
    before = np.array([[0, 0], [3, 0], [1, 0], [2, 0], [5, 0], [9, 0]], "float64")
    after = np.array([[0, 0], [0.5, 0], [0.2, 0], [1.2, 0], [4, 0], [5, 0]], "float64")
    return TripletRun(None, pd.DataFrame({"epoch": [1], "loss": [0.3]}), labels, before, after, 1.0)


def test_english_page_shows_a_segmentation_run_and_a_triplet_embedding():
    seg_key = {"size": 16, "n_images": 64, "base_filters": 4, "depth": 1, "epochs": 1, "learning_rate": 0.01}
    at = open_page(
        "vision",
        timeout=TIMEOUT,
        query={"vis_nms_step": "2"},
        state={
            "vision_seg": {"key": seg_key, "run": _segmentation_run()},
            "vision_triplet": {"key": {"n_classes": 2, "epochs": 1, "margin": 1.0}, "run": _triplet_run()},
        },
    )
    assert not at.exception and not at.error
    assert at.title[0].value == "Vision tasks"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Pixel accuracy"] == "98.4 %" and metrics["Mean IoU"] == "0.867"  # (0.984 + 0.75) / 2
    assert list(at.dataframe[0].value["IoU"]) == ["0.984", "—", "0.750", "—"]
    nms_steps = at.table[0].value
    assert len(nms_steps) == 2 and list(nms_steps.index) == [1, 2]
    assert nms_steps.iloc[0, 0].startswith("#")  # the kept box by its index, as the figure labels it
    assert any("IoU = " in m.value for m in at.markdown)
    table = at.dataframe[-1].value  # anchor 0: positive 1 (farthest); before: D_ap = 9, semi-hard n = 5 (D = 25)
    assert list(table[""]) == ["before training", "after training"]
    assert list(table["D(a, p)"]) == ["9.000", "0.250"] and list(table["D(a, n*)"]) == ["25.000", "1.440"]
    assert at.slider(key="vis_tr_anchor").max == 5


def test_russian_page_draws_every_tab():
    at = open_page("vision", timeout=TIMEOUT, lang="ru")
    assert not at.exception and not at.error
    assert at.title[0].value == "Задачи зрения"
    assert [t.label for t in at.tabs] == ["Сегментация", "IoU и NMS", "Якоря и AP", "Триплетные потери"]
    assert any(m.label == "Якоря" for m in at.metric) and any("AP" == m.label for m in at.metric)
    assert at.button(key="vis_tr_train").label == "Обучить"
