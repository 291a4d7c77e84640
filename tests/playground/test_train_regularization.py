"""Train page: dropout form, the normalisation choice (old ``train_bn`` links kept), digits with
augmentation, its examples and test-time augmentation's accuracy, in both languages."""

import numpy as np
import pytest

from tests.playground.pages import open_page

TIMEOUT = 240


@pytest.mark.slow
def test_augmented_layer_norm_digits_train_and_show_tta_beside_plain_accuracy(monkeypatch):
    import tfdl.viz

    grids, original = [], tfdl.viz.image_grid_figure
    monkeypatch.setattr(tfdl.viz, "image_grid_figure", lambda im, **kw: grids.append(im) or original(im, **kw))
    at = open_page("train", timeout=TIMEOUT, state=dict(
        train_mode="digits", train_depochs=1, train_dsize=8, train_dbatch=128, train_aug=True, train_aug_glare=True,
        train_dnorm="layer", train_tta=2))
    assert not at.exception and not at.error
    from tfdl.data import load_digits

    (x, _), _ = load_digits(size=8)
    grid = grids[-1]  # before any training: eight digits, then two augmented copies of each
    assert grid.shape == (24, 8, 8, 1)
    np.testing.assert_array_equal(grid[:8], x[:8])
    assert not np.allclose(grid[8:16], x[:8]) and not np.allclose(grid[8:16], grid[16:])
    at.button(key="train_dgo").click().run()
    assert not at.exception and not at.error
    result = at.session_state["train_digits_result"]
    assert 0.0 <= result["tta_accuracy"] <= 1.0 and result["tta_copies"] == 2
    labels = [m.label for m in at.metric]
    assert labels[:2] == ["Test accuracy", "With TTA"] and at.metric[1].value.endswith("%")
    names = [layer.name for layer in at.session_state["train_digits_model"].model.layers]
    assert "conv1_ln" in names and "conv2_ln" in names and not any(n.endswith("_bn") for n in names)
    query = at.session_state["_link_query"]
    assert (query["train_dnorm"], query["train_aug"], query["train_aug_glare"]) == ("layer", "True", "True")


def test_russian_controls_and_no_augmentation_kind_explained():
    at = open_page("train", lang="ru", timeout=TIMEOUT, query={
        "train_mode": "digits", "train_aug": "True", "train_aug_shift": "False", "train_aug_rotate": "False"})
    assert not at.exception
    assert [e.value for e in at.error] == ["Выберите хотя бы один вид аугментации."]
    assert any(c.label == "Аугментация обучающих цифр" for c in at.checkbox)
    assert any(c.label == "поворот" for c in at.checkbox) and any(r.label == "Нормализация" for r in at.radio)
    at = open_page("train", lang="ru", timeout=TIMEOUT, query={"train_norm": "layer", "train_dform": "classic"})
    assert not at.exception and not at.error
    assert (at.session_state["train_norm"], at.session_state["train_dform"]) == ("layer", "classic")
    assert any(r.label == "Вид дропаута" for r in at.radio)


def test_normalisation_choice_and_old_batch_norm_links():
    at = open_page("train", timeout=TIMEOUT, query={"train_bn": "True", "train_dataset": "xor"})
    assert not at.exception and not at.error
    assert at.session_state["train_norm"] == "batch"  # an old link's batch norm
    assert at.session_state["_link_query"] == {"train_dataset": "xor", "train_bn": "True"}  # written as before
    at.radio(key="train_norm").set_value("layer").run()
    assert at.session_state["train_bn"] is False
    assert at.session_state["_link_query"] == {"train_dataset": "xor", "train_norm": "layer"}
    at.radio(key="train_norm").set_value("none").run()
    assert at.session_state["train_norm"] == "none" and "train_bn" not in at.session_state["_link_query"]
    at.radio(key="train_dform").set_value("classic").run()
    assert at.session_state["_link_query"]["train_dform"] == "classic"
