"""Train page, 2-D mode: own points (kept in the session, checked, three classes trained), a
regression opened from a link, both languages."""

import numpy as np
import pytest

from tests.playground.pages import open_page

TIMEOUT = 240
CSV = "x1,x2,label\n" + "".join(
    f"{a},{b},{k}\n"
    for k, (cx, cy) in enumerate([(-3, -3), (3, -3), (0, 3)])
    for a, b in [(cx - 0.5, cy), (cx + 0.5, cy), (cx, cy - 0.5), (cx, cy + 0.5)]
)
TINY = dict(train_epochs=4, train_hidden="6", train_lr=0.1, train_batch=4)


def _points(text):
    from playground.app_pages.train.points import table
    from tfdl.data import read_points_csv

    x, y = read_points_csv(text)
    return table([(float(a), float(b), int(k)) for (a, b), k in zip(x, y)])


@pytest.mark.slow
def test_own_points_from_a_csv_train_three_classes_and_stay_out_of_the_link():
    at = open_page("train", state=dict(train_dataset="own", train_points_base=_points(CSV), **TINY), timeout=TIMEOUT)
    assert not at.exception and not at.error
    assert any("12 points, classes 0, 1, 2" in c.value for c in at.caption)
    assert any("a copied link carries the settings, not the points" in i.value for i in at.caption)
    at.button(key="train_go").click().run()
    assert not at.exception and not at.error
    result = at.session_state["train_2d_result"]
    assert result["probs"].shape == (40, 40, 3) and not result["regression"]
    model = result["model"]
    assert model.output_shape == (None, 3) and model.loss == "sparse_categorical_crossentropy"
    grid = np.stack([result["xx"].ravel(), result["yy"].ravel()], axis=1)
    np.testing.assert_allclose(result["probs"].reshape(-1, 3), model.predict(grid, verbose=0), atol=1e-5)
    assert at.metric[0].label == "Test accuracy" and at.metric[0].value.endswith("%")
    link = at.session_state["_link_query"]
    assert link["train_dataset"] == "own" and not any("point" in k for k in link)
    code = at.session_state["train_points_text"]  # what the code export writes out
    assert code.splitlines()[0] == "x1,x2,label" and len(code.splitlines()) == 13


@pytest.mark.slow
def test_bad_points_are_explained_in_russian_and_a_regression_link_shows_the_test_loss():
    bad = _points(CSV)
    bad.loc[2, "label"] = 7
    at = open_page("train", state=dict(train_dataset="own", train_points_base=bad), lang="ru", timeout=TIMEOUT)
    assert not at.exception
    assert [e.value for e in at.error] == ["Строка 3: класс должен быть целым числом от 0 до 4, а получено 7."]
    assert at.get("button") and not any(b.key == "train_go" for b in at.button)  # nothing to train on
    at = open_page("train", query={"train_dataset": "plane", "train_n": "40", **TINY}, timeout=TIMEOUT)
    at.button(key="train_go").click().run()
    assert not at.exception and not at.error
    result = at.session_state["train_2d_result"]
    from tfdl.data import make_toy2d

    _, (xt, yt) = make_toy2d("plane", n_samples=40, train_ratio=0.5, seed=0)
    mse = np.mean((result["model"].predict(xt, verbose=0)[:, 0].astype(float) - yt) ** 2)
    assert result["regression"] and result["test_loss"] == pytest.approx(mse, rel=1e-6)
    at.session_state["lang"] = "ru"
    at.run()
    assert not at.exception and not at.error
    assert at.metric[0].label == "Потери на тесте (MSE)"
    assert float(at.metric[0].value.replace(",", ".").replace("\u2009", "")) == pytest.approx(mse, rel=1e-3)
    assert "accuracy" not in result["history"]


def test_only_a_click_inside_the_plane_becomes_a_point():
    from playground.app_pages.train.plane_click import click_from_report

    assert click_from_report({"x1": -5.99, "x2": 3, "n": 1}) == (-5.99, 3.0)
    for bad in [
        None,
        [],
        {"x1": 1},
        {"x1": 1, "x2": "2"},
        {"x1": True, "x2": 0},
        {"x1": float("nan"), "x2": 0},
        {"x1": 6.5, "x2": 0},
        {"x1": 0, "x2": -1e308 * 10},
    ]:
        assert click_from_report(bad) is None, bad
