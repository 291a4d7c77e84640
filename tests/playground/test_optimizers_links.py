"""Links to the Optimisers and First principles pages that worked before issue 12 still open the
same setup (the old app wrote every setting, including defaults, as ``str(value)``), and the links
the pages write now reopen exactly what the user saw."""

from urllib.parse import parse_qsl

import pytest

from tests.playground.pages import open_page

TIMEOUT = 180
SIX = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]

# a link the old page wrote after choosing the "too large a learning rate" story (every setting)
OLD_FULL_LINK = (
    "opt_preset=too_large&opt_view_step=60&opt_surface=bowl&opt_scale=1.0&opt_kappa=50.0&opt_b=100.0&opt_A=10.0"
    "&opt_noise=0.0&opt_x0=-2.5&opt_y0=2.0&opt_steps=60&opt_tol=0.001&opt_lr_sgd=1.05&opt_lr_momentum=0.01"
    "&opt_lr_nesterov=0.01&opt_lr_adagrad=0.1&opt_lr_rmsprop=0.01&opt_lr_adam=0.1&opt_mom_momentum=0.9"
    "&opt_mom_nesterov=0.9&opt_form_momentum=classic&opt_form_nesterov=classic&opt_rho_rmsprop=0.9"
    "&opt_b1_adam=0.9&opt_b2_adam=0.999&opt_eps_adagrad=1e-07&opt_eps_rmsprop=1e-07&opt_eps_adam=1e-07"
    "&opt_decay_sgd=none&opt_k_sgd=0.01&opt_drop_sgd=0.5&opt_every_sgd=100&opt_use_sgd=True"
    "&opt_use_momentum=False&opt_use_nesterov=False&opt_use_adagrad=False&opt_use_rmsprop=False&opt_use_adam=True"
)

#: (page, query, {key: expected value}) — the list the lead replays in tests/playground/test_link_replay.py
LINKS = [
    ("optimizers", dict(parse_qsl(OLD_FULL_LINK)),
     {"opt_preset": "too_large", "opt_surface": "bowl", "opt_lr_sgd": 1.05, "opt_lr_adam": 0.1, "opt_steps": 60,
      "opt_use_sgd": True, "opt_use_adam": True, "opt_use_momentum": False, "opt_view_step": 60}),
    ("optimizers", {"opt_preset": "saddle", "opt_lr_adam": "0.05", "opt_steps": "120"},
     {"opt_surface": "saddle", "opt_lr_adam": 0.05, "opt_steps": 120, "opt_x0": 1.0, "opt_y0": 1e-4,
      "opt_use_sgd": True, "opt_use_adam": True, "opt_use_nesterov": False, "opt_mom_momentum": 0.5}),
    ("optimizers", {"opt_preset": "rosenbrock", "opt_surface": "himmelblau"},
     {"opt_surface": "himmelblau", "opt_steps": 1000, **{f"opt_use_{n}": True for n in SIX}, "opt_lr_adagrad": 0.5}),
    ("optimizers", {"opt_preset": "custom", "opt_use_adam": "True", "opt_surface": "beale", "opt_x0": "1",
                    "opt_y0": "1.5", "opt_decay_sgd": "step", "opt_use_sgd": "True", "opt_drop_sgd": "0.25",
                    "opt_every_sgd": "20", "opt_form_momentum": "ema", "opt_kappa": "120"},
     {"opt_preset": "custom", "opt_surface": "beale", "opt_use_adam": True, "opt_use_sgd": True, "opt_x0": 1.0,
      "opt_decay_sgd": "step", "opt_drop_sgd": 0.25, "opt_every_sgd": 20, "opt_form_momentum": "ema",
      "opt_kappa": 120.0, "opt_lr_adam": 0.05}),
    ("optimizers", {"opt_preset": "adagrad", "lang": "ru"},
     {"opt_preset": "adagrad", "opt_kappa": 20.0, "opt_tol": 0.01, "opt_use_adagrad": True, "opt_steps": 300}),
    ("first_principles", {"fp_depth": "7", "fp_width": "2", "fp_act": "relu", "fp_hidden": "4", "fp_steps": "500",
                          "fp_lr": "2.0", "fp_seed": "3", "fp_target": "step", "fp_units": "30", "fp_steep": "10.0",
                          "fp_x": "-1.5"},
     {"fp_depth": 7, "fp_width": 2, "fp_act": "relu", "fp_hidden": 4, "fp_steps": 500, "fp_lr": 2.0, "fp_seed": 3,
      "fp_target": "step", "fp_units": 30, "fp_steep": 10.0, "fp_x": -1.5}),
]


@pytest.mark.parametrize(("page", "query", "expected"), LINKS, ids=lambda v: v if isinstance(v, str) else None)
def test_old_links_open_the_same_setup(page, query, expected):
    at = open_page(page, query=query, timeout=TIMEOUT)
    assert not at.exception
    for key, value in expected.items():
        assert at.session_state[key] == value, (key, at.session_state[key], value)


def _reopen(at, page):
    """The page opened from the link ``at`` wrote (what the address bar held)."""
    link = dict(at.session_state["_link_query"])
    return open_page(page, query=link, timeout=TIMEOUT), link


def test_a_changed_preset_becomes_custom_and_its_link_reopens_the_same_setup():
    from playground.app_pages.optimizers.setup import BASE

    at = open_page("optimizers", query={"opt_preset": "rosenbrock"}, timeout=TIMEOUT)
    assert at.session_state["opt_preset"] == "rosenbrock" and "banana" in at.info[0].value
    at.selectbox(key="opt_surface").set_value("himmelblau").run()
    assert not at.exception
    assert at.session_state["opt_preset"] == "custom"
    assert at.info[0].value == "Your own setup."
    again, link = _reopen(at, "optimizers")
    assert link["opt_preset"] == "custom" and link["opt_surface"] == "himmelblau"
    assert all(link[k] != str(v) for k, v in BASE.items() if k in link)  # only off-default settings
    for key in BASE:  # the shadow copy: a widget not drawn has no session key under AppTest
        assert again.session_state[f"_param_{key}"] == at.session_state[f"_param_{key}"], key
    assert again.info[0].value == "Your own setup."


def test_a_preset_link_holds_only_the_preset():
    at = open_page("optimizers", timeout=TIMEOUT)
    assert at.session_state["_link_query"] == {}  # the default story writes nothing
    at.selectbox(key="opt_preset").set_value("saddle").run()
    assert at.session_state["_link_query"] == {"opt_preset": "saddle"}
    at.slider(key="opt_view_step").set_value(100).run()
    assert at.session_state["_link_query"] == {"opt_preset": "saddle", "opt_view_step": "100"}
    assert at.session_state["opt_preset"] == "saddle"  # the view is not part of the setup


def test_first_principles_link_round_trip():
    at = open_page("first_principles", query={"fp_depth": "9", "fp_target": "abs"}, timeout=TIMEOUT)
    at.slider(key="fp_x").set_value(1.2).run()
    again, link = _reopen(at, "first_principles")
    assert link == {"fp_depth": "9", "fp_target": "abs", "fp_x": "1.2"}
    assert again.session_state["fp_x"] == 1.2 and again.session_state["fp_depth"] == 9


def test_typed_numbers_out_of_range_are_clamped_with_a_notice():
    """(In Russian: tests/browser/test_optimizers.py; AppTest formats translated options in English.)"""
    at = open_page("optimizers", timeout=TIMEOUT)
    at.number_input(key="opt_lr_sgd").set_value(500.0).run()
    assert not at.exception
    assert at.session_state["opt_lr_sgd"] == 100.0
    assert any("outside" in w.value and "uses 100" in w.value for w in at.warning)
    at = open_page("first_principles", timeout=TIMEOUT)
    at.number_input(key="fp_seed").set_value(5000).run()
    assert at.session_state["fp_seed"] == 1000 and any("outside 0…1000" in w.value for w in at.warning)
