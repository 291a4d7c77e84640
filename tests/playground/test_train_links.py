"""Links to the Train page written before issue 12 still open the same setup.

The old page wrote every setting with ``str(value)`` (booleans as ``True``/``False``, floats as
``1e-05``); the new one writes only those off their defaults. Each case: the link's query, then
the session values it must give. The lead's link-replay list holds the same cases (``LINKS``).
"""

import pytest

from tests.playground.pages import open_page

OLD_FULL_LINK = {  # what the old page wrote for its defaults, in 2-D mode
    "train_mode": "2d", "train_dataset": "circle", "train_noise": "0.0", "train_ratio": "0.5", "train_n": "400",
    "train_f_x1": "True", "train_f_x2": "True", "train_f_x12": "False", "train_f_x22": "False",
    "train_f_x1x2": "False", "train_f_sin_x1": "False", "train_f_sin_x2": "False", "train_hidden": "4, 2",
    "train_act": "tanh", "train_init": "xavier", "train_lr": "0.03", "train_opt": "adam", "train_l2": "0.0",
    "train_dropout": "0.0", "train_bn": "False", "train_batch": "16", "train_epochs": "50", "train_seed": "0",
    "train_dmodel": "small_cnn", "train_dsize": "8", "train_depochs": "10", "train_dlr": "0.003",
    "train_dbatch": "64",
}

LINKS = [
    ("train", {"train_dataset": "xor", "train_lr": "0.1", "train_batch": "32", "train_hidden": "3",
               "train_f_x12": "True", "train_epochs": "2"},
     {"train_dataset": "xor", "train_lr": 0.1, "train_batch": 32, "train_hidden": "3", "train_f_x12": True,
      "train_epochs": 2, "train_mode": "2d"}),
    ("train", {**OLD_FULL_LINK, "train_dataset": "spiral", "train_noise": "0.25", "train_f_sin_x1": "True",
               "train_lr": "1e-05", "train_l2": "0.001", "train_dropout": "0.2", "train_bn": "True",
               "train_act": "relu", "train_init": "he", "train_opt": "sgd", "train_batch": "1", "train_seed": "7",
               "train_hidden": "8, 8, 4", "train_ratio": "0.7", "train_n": "1000"},
     {"train_dataset": "spiral", "train_noise": 0.25, "train_f_sin_x1": True, "train_f_x1": True,
      "train_f_x12": False, "train_lr": 0.00001, "train_l2": 0.001, "train_dropout": 0.2, "train_bn": True,
      "train_act": "relu", "train_init": "he", "train_opt": "sgd", "train_batch": 1, "train_seed": 7,
      "train_hidden": "8, 8, 4", "train_ratio": 0.7, "train_n": 1000, "train_epochs": 50}),
    ("train", {"train_mode": "digits", "train_depochs": "3", "train_dsize": "16", "train_dlr": "0.01",
               "train_dbatch": "128"},
     {"train_mode": "digits", "train_depochs": 3, "train_dsize": 16, "train_dlr": 0.01, "train_dbatch": 128,
      "train_dmodel": "small_cnn"}),
    ("train", {"train_mode": "digits", "train_dmodel": "lenet5", "train_dsize": "32", "train_depochs": "1"},
     {"train_mode": "digits", "train_dmodel": "lenet5", "train_dsize": 32, "train_depochs": 1}),
    ("train", {"lang": "ru", "train_mode": "digits", "train_dmodel": "lenet5_modern"},
     {"train_mode": "digits", "train_dmodel": "lenet5_modern"}),
]


@pytest.mark.parametrize("page, query, expected", LINKS, ids=[f"link{i}" for i in range(len(LINKS))])
def test_an_old_link_opens_the_same_setup(page, query, expected):
    at = open_page(page, query=query, timeout=240)
    assert not at.exception and not at.error
    for key, value in expected.items():
        assert at.session_state[key] == value, key
        assert type(at.session_state[key]) is type(value), key
    # the link the page writes back holds the same settings (only those off their defaults)
    written = at.session_state["_link_query"]
    assert set(written) <= set(query)
    for key, value in expected.items():
        if key in written:
            assert written[key] == str(value), key


def test_an_old_lenet5_link_shows_its_32_pixel_digits():
    at = open_page("train", query={"train_mode": "digits", "train_dmodel": "lenet5", "train_dsize": "32"}, timeout=240)
    assert any("32×32" in i.value for i in at.info) and any("LeCun" in c.value for c in at.caption)


def test_out_of_range_and_unknown_values_in_a_link_are_clamped_or_dropped():
    at = open_page("train", query={"train_depochs": "100000", "train_epochs": "0", "train_dataset": "nope",
                                   "train_lr": "0.05", "train_noise": "0.9"}, timeout=240)
    assert not at.exception
    s = at.session_state
    assert (s["train_depochs"], s["train_epochs"], s["train_dataset"], s["train_lr"], s["train_noise"]) == \
        (100, 1, "circle", 0.03, 0.5)
