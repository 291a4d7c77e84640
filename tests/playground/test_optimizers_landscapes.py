"""Optimisers page, tab "Loss landscapes of real networks": settings from the link, the button computes
both landscapes (tfdl.experiments.skip_connection_landscapes), the result is cached per settings and
redrawn in Russian without training again."""

import pytest

from tests.playground.pages import open_page

SMALL = {"ls_depth": 2, "ls_epochs": 1, "ls_resolution": 5, "ls_span": 0.5}


@pytest.fixture(scope="module")
def computed():
    at = open_page("optimizers", query=SMALL, timeout=300)
    assert not at.exception
    assert [at.slider(key=k).value for k in ("ls_depth", "ls_epochs", "ls_resolution")] == [2, 1, 5]
    assert any("Press the button" in i.value for i in at.info)
    images_before = len(at.get("image"))
    at.button(key="ls_run").click().run()
    assert not at.exception and not at.error
    return at, images_before


def test_the_button_trains_both_nets_and_draws_contours_and_surfaces(computed):
    at, images_before = computed
    table = at.dataframe[-1].value
    assert list(table.index) == ["with skips", "without skips"]
    assert {"test accuracy", "loss range on the plane", "non-convex points"} <= set(table.columns)
    assert len(at.get("image")) == images_before + 2  # contours and surfaces, each with both nets
    assert any("as much over the same plane" in m.value for m in at.markdown)
    assert not any("Press the button" in i.value for i in at.info)


def test_the_link_keeps_the_landscape_settings(computed):
    at, _ = computed
    assert at.query_params["ls_depth"] == "2" and at.query_params["ls_resolution"] == "5"
    assert "ls_seed" not in at.query_params  # still its default


def test_russian_redraws_the_cached_result(computed, monkeypatch):
    at, images_before = computed
    import tfdl.experiments

    def no_training(*args, **kwargs):
        raise AssertionError("the cached result should be redrawn, not recomputed")

    monkeypatch.setattr(tfdl.experiments, "skip_connection_landscapes", no_training)
    at.session_state["lang"] = "ru"
    at.run()
    assert not at.exception and not at.error
    assert list(at.dataframe[-1].value.index) == ["с обходными связями", "без обходных связей"]
    assert len(at.get("image")) == images_before + 2


def test_bad_link_values_are_clamped_into_range():
    at = open_page("optimizers", query={"ls_resolution": 999, "ls_depth": 0})
    assert not at.exception
    assert at.slider(key="ls_resolution").value == 41 and at.slider(key="ls_depth").value == 1
