"""Inside page, sanity-check view: the grid and the correlation lines in English and Russian, the
result cached per session, the page's model never changed."""

import numpy as np
import pytest

from tests.playground.pages import open_page

QUERY = {"in_size": "8", "in_epochs": "1", "in_seed": "0", "in_view": "sanity", "in_sc_samples": "3"}


@pytest.fixture(scope="module")
def inside_state():
    from tfdl.interpret import train_digits_cnn

    model, accuracy = train_digits_cnn(8, 1, 0)
    return {"inside_model": {"key": ("inside_model", 8, 1, 0), "model": model, "accuracy": accuracy}}


def _images(at) -> int:
    return sum(type(e).__name__ == "Image" for e in at.main)


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_sanity_view_in_english_is_cached_and_leaves_the_model(inside_state):
    model = inside_state["inside_model"]["model"]
    before = [w.copy() for w in model.get_weights()]
    at = open_page("inside", query=QUERY, state=inside_state, timeout=120)
    _ok(at)
    assert _images(at) == 2  # the grid and the correlation lines
    assert any("Sanity check" in m.value for m in at.markdown)
    caption = [c.value for c in at.caption if "After every layer is random" in c.value][0]
    assert "saliency ρ = " in caption and "guided backprop ρ = " in caption
    result = at.session_state["inside_sanity"]["result"]
    assert result.layers == ["predictions", "fc", "conv2", "conv1"]
    assert all(rho[0] == pytest.approx(1.0) for rho in result.correlations.values())
    at.slider(key="in_sc_samples").set_value(4).run()  # another setting: computed again, in the link
    _ok(at)
    assert at.session_state["inside_sanity"]["result"] is not result
    assert at.session_state["_link_query"]["in_sc_samples"] == "4"
    kept = at.session_state["inside_sanity"]["result"]
    at.run()  # nothing changed: the cached result
    assert at.session_state["inside_sanity"]["result"] is kept
    for w0, w1 in zip(before, model.get_weights()):
        np.testing.assert_array_equal(w0, w1)


def test_sanity_view_in_russian(inside_state):
    at = open_page("inside", query=QUERY, state=inside_state, lang="ru", timeout=120)
    _ok(at)
    assert at.radio(key="in_view").value == "sanity"
    assert _images(at) == 2
    assert any("Проверка на здравый смысл" in m.value for m in at.markdown)
    assert any("Когда случайны все слои" in c.value and "карта значимости: ρ = " in c.value for c in at.caption)
