"""Links written before issue 12 (every setting, at defaults or not) still open the same setup on
the Inside and Activations pages; values out of range are clamped as they were.

Each case is ``(page, query, {key: expected value})``, the format of the shared link-replay table.
"""

import pytest

from tests.playground.pages import inside_model_state, open_page

INSIDE_ALL_VIEWS = {
    "in_src": "own", "in_size": "8", "in_epochs": "1", "in_seed": "0", "in_idx": "5", "in_target": "3",
    "in_view": "features", "in_layer": "conv1", "in_mask": "3", "in_stride": "2", "in_noise": "0.2",
    "in_samples": "5", "in_emb": "tsne", "in_npts": "40", "in_k": "3", "in_eps": "0.25", "in_goal": "7",
    "in_l2": "0.1", "in_steps": "20",
}
INSIDE_EXPECTED = {
    "in_src": "own", "in_size": 8, "in_epochs": 1, "in_seed": 0, "in_idx": 5, "in_target": "3",
    "in_view": "features", "in_layer": "conv1", "in_mask": 3, "in_stride": 2, "in_noise": 0.2,
    "in_samples": 5, "in_emb": "tsne", "in_npts": 40, "in_k": 3, "in_eps": 0.25, "in_goal": "7",
    "in_l2": 0.1, "in_steps": 20,
}
VIEW_KEYS = {
    "attribution": ("in_mask", "in_stride", "in_noise", "in_samples"),
    "embedding": ("in_emb", "in_npts", "in_k"),
    "adversarial": ("in_eps", "in_goal"),
    "class_model": ("in_l2", "in_steps"),
}
ACTIVATIONS_LINK = {
    "act_show_sigmoid": "False", "act_show_tanh": "True", "act_show_relu": "True", "act_show_leaky_relu": "False",
    "act_show_elu": "True", "act_show_softplus": "False", "act_xmin": "-3.0", "act_xmax": "4.0", "act_terms": "5",
    "act_pieces": "4", "act_init_zeros": "False", "act_init_small": "True", "act_init_xavier": "True",
    "act_init_he": "True", "act_init_act": "tanh", "act_depth": "3", "act_width": "32",
    "act_exp": "regularization", "act_epochs": "4",
}
ACTIVATIONS_EXPECTED = {
    "act_show_sigmoid": False, "act_show_elu": True, "act_xmin": -3.0, "act_xmax": 4.0, "act_terms": 5,
    "act_pieces": 4, "act_init_zeros": False, "act_init_act": "tanh", "act_depth": 3, "act_width": 32,
    "act_exp": "regularization", "act_epochs": 4,
}
LINKS = [
    ("inside", INSIDE_ALL_VIEWS, INSIDE_EXPECTED),
    ("inside", {"in_size": "8", "in_epochs": "1", "in_idx": "5000", "in_view": "adversarial", "in_eps": "0.9"},
     {"in_idx": 359, "in_view": "adversarial", "in_eps": 0.5}),
    ("inside", {"in_size": "9", "in_epochs": "1", "in_src": "train", "in_view": "sideways", "lang": "ru"},
     {"in_size": 16, "in_src": "own", "in_view": "attribution"}),
    ("activations", ACTIVATIONS_LINK, ACTIVATIONS_EXPECTED),
    ("activations", {"act_xmin": "-80", "act_depth": "500", "act_width": "100", "act_init_act": "swish"},
     {"act_xmin": -50.0, "act_depth": 50, "act_width": 128, "act_init_act": "relu"}),
]


@pytest.fixture(scope="module")
def inside_state():
    """The model the Inside page trains for 8×8 digits, one epoch, seed 0 (the links' settings; seeded: the
    same weights), trained once for the file; a link to other settings trains its own as before."""
    return inside_model_state(8, 1, 0)


def _check(at, expected: dict):
    assert not at.exception, [e.value for e in at.exception]
    for key, value in expected.items():
        assert at.session_state[key] == value, (key, at.session_state[key], value)


@pytest.mark.parametrize(("page", "query", "expected"), LINKS[1:],
                         ids=["inside-clamped", "inside-invalid", "activations", "activations-clamped"])
def test_an_old_link_opens_the_same_setup(page, query, expected, inside_state):
    query = dict(query)
    lang = query.pop("lang", None)
    at = open_page(page, query={**query, **({"lang": lang} if lang else {})}, lang=lang, timeout=180,
                   state=inside_state if page == "inside" else None)
    _check(at, expected)


def test_an_old_inside_link_opens_every_view_as_it_was(inside_state):
    at = open_page("inside", query=INSIDE_ALL_VIEWS, state=inside_state, timeout=180)
    _check(at, {k: INSIDE_EXPECTED[k] for k in ("in_src", "in_size", "in_epochs", "in_idx", "in_target",
                                                 "in_view", "in_layer")})
    assert "explaining class **3**" in at.markdown[0].value
    for view, keys in VIEW_KEYS.items():  # each view reads its settings from the link when first shown
        at.radio(key="in_view").set_value(view).run()
        _check(at, {k: INSIDE_EXPECTED[k] for k in keys})
