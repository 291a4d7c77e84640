"""The Sequences page's gradient tab, exploding half: ρ(U) chosen, the gradient grows, clipping caps it.

Only the tab runs (AppTest.from_function), not the whole page with its seq2seq training."""

import pytest
from streamlit.testing.v1 import AppTest


def _tab():
    from playground.app_pages.sequences import gradients

    gradients.render()


def _metric(at, prefix):
    return next(m.value for m in at.metric if m.label.startswith(prefix))


def _open(**state):
    at = AppTest.from_function(_tab, default_timeout=180)
    for key, value in {"seq_grad_steps": 10, **state}.items():
        at.session_state[key] = value
    return at.run()


def test_exploding_gradients_grow_and_clipping_caps_the_global_norm():
    at = _open(seq_grad_rho=4.0, seq_grad_clip=10.0)
    assert not at.exception and not at.error
    assert float(_metric(at, "ρ(U)")) == pytest.approx(4.0, abs=1e-3)
    assert float(_metric(at, "‖∂L/∂h₁‖")) > 10  # grows going back in time
    global_norm, factor = float(_metric(at, "‖g‖")), float(_metric(at, "min(1"))
    assert global_norm > 10 and factor == pytest.approx(10 / global_norm, rel=1e-2)
    at.slider(key="seq_grad_rho").set_value(1.0).run()
    assert float(_metric(at, "‖∂L/∂h₁‖")) < 1  # vanishes at ρ = 1


def test_russian_labels():
    at = _open(lang="ru")
    assert not at.exception
    assert at.slider(key="seq_grad_rho").label == "Спектральный радиус ρ матрицы U"
    assert any(s.value == "Взрывающиеся градиенты и обрезка" for s in at.subheader)
