"""The Autoencoders page: the Train button trains both autoencoders once (8×8 digits, two epochs) and
keeps them per settings; each view draws from the kept pair, in English and Russian; the code size
travels in the link."""

from __future__ import annotations

import pytest

from tests.playground.pages import open_page

LINK = {"ae_size": "8", "ae_epochs": "2", "ae_latent": "4"}
SETTINGS = (8, 4, 2, 0.3, 0)  # size, code size, epochs, training noise, seed: the session's cache key
TIMEOUT = 600


@pytest.fixture(scope="module")
def trained():
    """One press of Train on a tiny setting; returns the AppTest after it and the session's pairs."""
    at = open_page("autoencoders", query=LINK, timeout=TIMEOUT)
    assert not at.exception
    assert "code of 4 numbers" in at.info[0].value  # the bottleneck from the link, before training
    at.button(key="ae_train").click().run(timeout=TIMEOUT)
    return at, dict(at.session_state["ae_results"])


def test_the_button_trains_both_and_keeps_them_per_settings(trained):
    at, kept = trained
    assert not at.exception and not at.error
    assert list(kept) == [SETTINGS]
    pair = kept[SETTINGS]
    assert pair.plain.get_layer("encoder").outputs[0].shape[-1] == 4
    assert len(pair.history["denoising"]) == 2
    assert len(at.metric) == 3 and len(at.get("image")) == 1  # test errors, seconds; the reconstructions
    assert at.session_state["_link_query"] == LINK  # the code size is in the shared link


def _check_view(at, view, lang):
    assert not at.exception and not at.error, view
    assert at.title[0].value == ("Autoencoders" if lang == "en" else "Автоэнкодеры")
    assert len(at.get("image")) == 1, view
    assert not at.info, view  # nothing to retrain: the kept pair serves every view
    if view == "denoise":
        summary = at.markdown[-1].value
        assert ("Over all 360 test digits" if lang == "en" else "По всем 360 тестовым цифрам") in summary


def test_every_view_draws_from_the_kept_pair(trained):
    _at, kept = trained
    at = open_page(
        "autoencoders", query={**LINK, "ae_noise": "salt_pepper"}, state={"ae_results": kept}, timeout=TIMEOUT
    )
    for view in ("reconstruct", "denoise", "morph"):
        at.radio(key="ae_view").set_value(view).run(timeout=TIMEOUT)
        _check_view(at, view, "en")


def test_every_view_in_russian(trained):
    """Opened by link per view (a radio's set_value looks its label up in English)."""
    _at, kept = trained
    for view in ("reconstruct", "denoise", "morph"):
        at = open_page(
            "autoencoders",
            query={**LINK, "ae_view": view, "lang": "ru"},
            state={"ae_results": kept},
            lang="ru",
            timeout=TIMEOUT,
        )
        _check_view(at, view, "ru")
