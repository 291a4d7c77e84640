"""Links to the Architectures page shared before issue 12 still open the same setup.

Before, the page wrote every setting into the link (defaults too, booleans as ``True``/``False``);
now only settings off their defaults. Both kinds open the same widgets.
"""

import pytest

from tests.playground.pages import open_page

# (page, query, {widget key: expected value}); the lead's replay list takes these
LINKS = [
    ("architectures", {"arch_model": "highway_mlp", "arch_detail": "stage"},
     {"arch_model": "highway_mlp", "arch_detail": "stage"}),
    ("architectures", {"arch_model": "resnet18", "arch_h": "64", "arch_w": "64", "arch_c": "3"},
     {"arch_model": "resnet18", "arch_h": 64, "arch_w": 64, "arch_c": 3, "arch_detail": "block"}),
    ("architectures", {"arch_model": "lenet5", "arch_h": "32", "arch_w": "32", "arch_c": "1", "arch_detail": "block",
                       "arch_compare": "False", "arch_other": "squeezenet1_0"},  # an old link: every setting
     {"arch_model": "lenet5", "arch_h": 32, "arch_w": 32, "arch_c": 1, "arch_compare": False}),
    ("architectures", {"arch_compare": "True", "arch_other": "squeezenet1_1"},
     {"arch_model": "lenet5", "arch_compare": True, "arch_other": "squeezenet1_1"}),
    ("architectures", {"lang": "ru", "arch_model": "squeezenet1_1", "arch_h": "48", "arch_w": "48",
                       "arch_detail": "layers"},
     {"arch_model": "squeezenet1_1", "arch_h": 48, "arch_w": 48, "arch_c": 3, "arch_detail": "layers"}),
]


@pytest.mark.parametrize(("page", "query", "expected"), LINKS)
def test_a_link_from_before_opens_the_same_setup(page, query, expected):
    lang = query.get("lang")
    at = open_page(page, query=query, timeout=240)
    assert not at.exception
    widgets = {w.key: w.value for kind in ("selectbox", "number_input", "radio", "checkbox")
               for w in getattr(at, kind) if w.key}
    assert {k: widgets.get(k) for k in expected} == expected
    written = at.session_state["_link_query"]  # the link the page writes back: off-default values only
    assert written.get("lang", "en") == (lang or "en")
    defaults = {"arch_model": "lenet5", "arch_detail": "block", "arch_compare": False}
    assert all(str(defaults[k]) != v for k, v in written.items() if k in defaults)
