"""Inside-a-network page: trains a tiny model, shows every view, explains bad settings, speaks
Russian, reuses the Train page's model, and opens shared links."""


import pytest
from streamlit.testing.v1 import AppTest

from playground.session import _TRAINED_DIGITS, TrainedDigits
from tests.playground.pages import inside_model_state, open_page

TINY = {"in_size": 8, "in_epochs": 1}


def _app(lang=None, state=None, **query) -> AppTest:
    return open_page("inside", query={**TINY, **query}, lang=lang, state=state, timeout=180)


@pytest.fixture(scope="module")
def inside_state():
    """The model the page trains for TINY (seed 0; seeded: the same weights), trained once for the tests
    that look at views rather than at the training (test_trains_its_own_model_... trains its own)."""
    return inside_model_state(8, 1, 0)


def _images(at) -> int:
    return sum(type(e).__name__ == "Image" for e in at.main)


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_trains_its_own_model_and_every_view_renders():
    at = _app()
    _ok(at)
    assert any("Test accuracy" in c.value for c in at.caption)
    assert _images(at) == 1  # the five maps side by side in one figure
    assert "explaining class" in at.markdown[0].value
    # a chosen class is explained; settings go to the URL so the link reopens them
    at.selectbox(key="in_target").set_value("3").run()
    _ok(at)
    assert "explaining class **3**" in at.markdown[0].value
    assert at.session_state["_link_query"]["in_target"] == "3"  # the link (written by JavaScript in a browser)
    # a mask larger than the image is clamped to the image's side (8 here), and the page says so
    at.number_input(key="in_mask").set_value(20).run()
    assert not at.exception and not at.error
    assert at.session_state["in_mask"] == 8
    assert any("20 is outside 1…8" in w.value for w in at.warning)
    at.number_input(key="in_mask").set_value(3).run()
    _ok(at)
    # feature maps of a chosen layer
    at.radio(key="in_view").set_value("features").run()
    _ok(at)
    layers = at.selectbox(key="in_layer").options
    assert "conv1" in layers and "conv2_act" in layers
    at.selectbox(key="in_layer").set_value("conv1").run()
    _ok(at)
    assert _images(at) == 3  # filters, feature maps, histograms
    # FGSM: ε = 0 changes nothing, ε = 0.5 moves every pixel
    at.radio(key="in_view").set_value("adversarial").run()
    at.slider(key="in_eps").set_value(0.0).run()
    _ok(at)
    fgsm = [m.value for m in at.markdown if "FGSM" in m.value][0]
    predicted = at.markdown[0].value.split("predicted **")[1][0]
    assert f"prediction {predicted} → **{predicted}**" in fgsm
    at.slider(key="in_eps").set_value(0.5).run()
    _ok(at)
    assert any("ε = 0.5" in m.value for m in at.markdown)
    # class models
    at.radio(key="in_view").set_value("class_model").run()
    _ok(at)
    assert _images(at) == 1
    assert at.session_state["_link_query"]["in_view"] == "class_model"


def test_russian_link_reuses_the_train_page_model_with_tsne():
    from tfdl.training import build_small_cnn

    model = build_small_cnn((8, 8, 1), filters=(4, 8), dense_units=8, dropout=0.0)
    at = _app(lang="ru", state={_TRAINED_DIGITS: TrainedDigits(model, 8, "small_cnn")}, in_src="train",
              in_view="embedding", in_emb="tsne", in_npts=20, in_k=3)
    _ok(at)
    assert at.title[0].value == "Внутри сети"
    assert at.radio(key="in_src").value == "train"
    assert "inside_model" not in at.session_state  # nothing was trained here
    assert not any("Точность" in c.value for c in at.caption)
    assert at.radio(key="in_emb").value == "tsne"
    assert any("Ближайшие" in c.value for c in at.caption)
    assert _images(at) == 2  # the scatter and the neighbours


def test_a_train_page_mlp_without_conv_layers_is_explained():
    import keras

    mlp = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(16, activation="relu"),
                            keras.layers.Dense(10, activation="softmax")])
    at = _app(state={_TRAINED_DIGITS: TrainedDigits(mlp, 8, "mlp")}, in_src="train", in_view="features")
    assert not at.exception
    assert at.info  # no feature maps: a message, not a crash
    at.radio(key="in_view").set_value("attribution").run()
    _ok(at)
    assert _images(at) == 1  # four maps, no Grad-CAM


def test_russian_attribution_titles(monkeypatch, inside_state):
    import tfdl.viz.interpret as VI

    seen = []
    original = VI.heatmaps_figure

    def spy(image, maps, **kwargs):
        seen.append((list(maps), kwargs.get("image_title")))
        return original(image, maps, **kwargs)

    monkeypatch.setattr(VI, "heatmaps_figure", spy)
    at = _app(lang="ru", state=inside_state, in_view="attribution")
    _ok(at)
    assert seen[-1][0][0] == "карта значимости" and seen[-1][1] == "вход"
    assert any("Карта значимости (saliency)" in c.value for c in at.caption)
    at = _app(state=inside_state, in_view="attribution")
    _ok(at)
    assert seen[-1][0][0] == "saliency" and seen[-1][1] == "input"


def test_a_train_page_model_shows_its_own_size_not_the_settings_of_a_model_trained_here():
    """Before: the disabled "Image size" box said 16 while the page computed on the 8×8 model."""
    from tfdl.training import build_small_cnn

    model = build_small_cnn((8, 8, 1), filters=(4, 8), dense_units=8, dropout=0.0)
    at = _app(state={_TRAINED_DIGITS: TrainedDigits(model, 8, "small_cnn")}, in_src="train", in_size=16)
    _ok(at)
    assert not [s for s in at.selectbox if s.key == "in_size"]  # no size box that the model ignores
    assert any("8×8" in c.value and "small_cnn" in c.value for c in at.caption)
    at.radio(key="in_src").set_value("own").run()  # back to a model trained here: its settings return
    _ok(at)
    assert at.selectbox(key="in_size").value == 16
