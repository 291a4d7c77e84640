"""Links to the Convolution lab written before issue 12 still open the same setup.

Each case is a link the old page wrote (the preset plus the settings that differed from it; values
as ``str(value)``: booleans as ``True``) and the settings and shapes it must open.
"""

import pytest

from tests.playground.pages import open_page

LINKS = [
    ({"preset": "notes_stride2", "p": "same", "d": "2"},
     {"src": "grid", "ksrc": "typed", "s": 2, "p": "same", "d": 2}, "1×3×3×1"),
    ({"preset": "notes_stride2", "s": "1"}, {"s": 1, "p": "valid"}, "1×3×3×1"),
    ({"filter": "outline", "p": "same", "pmode": "reflect"},
     {"filter": "outline", "p": "same", "pmode": "reflect", "src": "digit"}, "1×8×8×1"),
    ({"src": "random", "rsize": "6", "rseed": "3", "ch": "3", "g": "3", "n": "3", "och": "1"},
     {"src": "random", "ch": 3, "g": 3, "n": 3, "och": 1}, "1×4×4×3"),
    ({"preset": "notes_padding_modes", "pmode": "circular"}, {"pmode": "circular", "p": "0,2"}, "1×1×5×1"),
    ({"preset": "notes_stack"}, {"dsize": 28, "layers": 2, "rfpool": True, "filter": "outline"}, "1×26×26×1"),
    ({"op": "pool", "pool": "avg", "psize": "3", "ps": "1", "ceil": "True"},
     {"op": "pool", "pool": "avg", "psize": 3, "ps": 1, "ceil": True}, "1×6×6×1"),
    ({"preset": "notes_avgpool", "psize": "2", "ps": "2", "ceil": "True"},
     {"op": "pool", "pool": "avg", "psize": 2, "ps": 2, "ceil": True}, "1×3×3×1"),
    ({"src": "grid", "grid": "1 2 3\n3 4 5\n1 0 2", "ksrc": "typed", "kgrid": "0 1\n1 -1", "p": "1", "step": "3"},
     {"p": "1", "step": 3, "kgrid": "0 1\n1 -1"}, "1×4×4×1"),
    ({"preset": "notes_dilation", "lang": "ru"}, {"d": 2, "p": "2", "dsize": 16}, "1×16×16×1"),
]


@pytest.mark.parametrize(("query", "expected", "output"), LINKS, ids=[str(i) for i in range(len(LINKS))])
def test_an_old_link_opens_the_same_setup(query, expected, output):
    at = open_page("convolution", query=query, timeout=60)
    assert not at.exception and not at.error
    for key, value in expected.items():
        assert at.session_state[key] == value, key
    label = "Выход N×H×W×C" if query.get("lang") == "ru" else "Output N×H×W×C"
    assert [m.value for m in at.metric if m.label.startswith(label)] == [output]
    # the link the page writes now opens the same setup again
    link = dict(at.session_state["_link_query"])
    again = open_page("convolution", query=link, timeout=60)
    for key, value in expected.items():
        assert again.session_state[key] == value, key


@pytest.mark.parametrize("lang, words", [("en", "`padding` must be at most 16 per side here. Received: padding='3000'"),
                                         ("ru", "`padding` здесь не больше 16 с каждой стороны")])
def test_a_link_with_a_huge_padding_is_refused_in_the_users_language(lang, words):
    """``?p=3000`` once computed a 6006×6006 output (30 s, 5 GB on the server): now a message."""
    at = open_page("convolution", query={"p": "3000"}, lang=lang)
    assert not at.exception
    assert any(words in e.value for e in at.error)
