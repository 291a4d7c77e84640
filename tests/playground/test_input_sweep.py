"""Every page survives any link and a few typed values (issue 13: "one link can kill the server").

The settings of a page are found by running it: ``playground.state.param`` records each declared
setting (key, default, range or options) in ``st.session_state["_param_specs"]``; a context's first
link sets every key written in the page's source, later ones what its runs declared, and each run is
checked against the settings that run itself declared (no separate discovery run). A page draws
some settings only in one view (the Inside page's views, the Train page's digits mode, the
Convolution lab's typed grid and pooling tab), so each page is opened in each of its ``CONTEXTS``;
a test checks that every ``param("...")`` written in a page's source is found that way, so a new
setting is swept without editing this file.

Then one link sets *every* setting of a context to the same edge value (0, -1, 1e9, 1e308, empty,
text, 10,000 characters). The page must raise nothing, draw its title, and for each setting whose
value it cannot use as written (``playground.state``'s own rules: unreadable, out of range, not an
option) name the setting in a notice, in the user's language. Free-text settings (grids, padding,
hidden layers, sequences) are checked as typed inputs, with the message each value must bring.

The full sweep is ``slow`` (about 120 runs); a one-value pass over every page runs always, half of
it in Russian.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playground.i18n import catalogue
from playground.page_table import PAGES
from playground.state import _cast, _valid
from tests.playground.pages import APP_DIR, open_page

TIMEOUT = 240
VALUES = {
    "zero": "0",
    "negative": "-1",
    "huge": "1e9",
    "overflow": "1e308",
    "empty": "",
    "text": "abc",
    "long": "9" * 10_000,
}
#: the Inside page's own model, trained once (8×8 digits, one epoch) and handed to every run
INSIDE_MODEL = {"in_size": "8", "in_epochs": "1", "in_seed": "0"}
#: link settings that open the view drawing a page's other settings (they are not swept there)
CONTEXTS = {
    "home": [{}],
    "convolution": [
        {},
        {"src": "grid", "ksrc": "typed"},
        {"op": "pool", "pool": "stochastic", "src": "random", "ksrc": "random"},
    ],
    "architectures": [{}, {"arch_compare": "true"}, {"arch_model": "seq2seq"}, {"arch_model": "crnn"}],
    "train": [{}, {"train_mode": "digits"}, {"train_dataset": "own"}],
    "optimizers": [{}],
    "sequences": [{}, {"emb_corpus": "pasted", "tc_emb": "static"}, {"tc_arch": "rnn"}],
    "inside": [
        INSIDE_MODEL,
        *(
            {**INSIDE_MODEL, "in_view": view}
            for view in ("features", "embedding", "adversarial", "class_model", "sanity")
        ),
    ],
    "activations": [{}],
    "first_principles": [{}],
    "autoencoders": [{}],
    "vision": [{}],
    "transfer": [{}],
}
SLUGS = [p.slug for p in PAGES]
CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture(scope="module")
def inside_state():
    """The session entry of the Inside page's own model for INSIDE_MODEL (no run trains again)."""
    from tfdl.interpret import train_digits_cnn

    model, accuracy = train_digits_cnn(8, 1, 0)
    return {"inside_model": {"key": ("inside_model", 8, 1, 0), "model": model, "accuracy": accuracy}}


def _open(slug: str, query: dict, inside_state: dict, lang: str = "en"):
    lang_query = {} if lang == "en" else {"lang": lang}
    return open_page(
        slug,
        query={**query, **lang_query},
        lang=None if lang == "en" else lang,
        state=inside_state if slug == "inside" else None,
        timeout=TIMEOUT,
    )


_DECLARED: dict[tuple, dict] = {}  # (slug, context) -> the settings its runs declared (clean or swept)


def _specs(slug: str, context: dict, inside_state: dict) -> dict:
    """The settings the page declares when opened with ``context`` (key → playground.state spec)."""
    cache_key = (slug, tuple(sorted(context.items())))
    if cache_key not in _DECLARED:
        at = _open(slug, context, inside_state)
        assert not at.exception, [e.value for e in at.exception]
        _declared(at, slug, context)
    return _DECLARED[cache_key]


def _declared(at, slug: str, context: dict) -> dict:
    """The settings one run of the page declared (recorded for the context: see ``_specs``)."""
    specs = dict(at.session_state["_param_specs"]) if "_param_specs" in at.session_state else {}
    _DECLARED.setdefault((slug, tuple(sorted(context.items()))), {}).update(specs)
    return specs


def _written(slug: str) -> set[str]:
    """Every literal ``param("key", ...)`` key of the page's source (its entry and its sub-package)."""
    files = [APP_DIR / "app_pages" / f"{slug}.py", *sorted((APP_DIR / "app_pages" / slug).glob("*.py"))]
    return {
        key
        for path in files
        if Path(path).exists()
        for key in re.findall(r"\bparam\(\s*\"([a-z0-9_]+)\"", path.read_text(encoding="utf-8"))
    }


def _title(slug: str, lang: str) -> str:
    """The page's heading in ``lang`` (its page-table title; the home page is headed by the app's name)."""
    entry = next(p for p in PAGES if p.slug == slug)
    return catalogue(lang).gettext("tfdl playground" if slug == "home" else entry.title)


def _usable(raw: str, spec) -> bool:
    """Whether a link's ``raw`` text is the setting's value as written (playground.state's rules)."""
    try:
        value = _cast(raw, spec.default)
    except (TypeError, ValueError):
        return False
    return _valid(value, spec) == value


def _free_text(spec) -> bool:
    return isinstance(spec.default, str) and spec.options is None


def _check(at, slug: str, specs: dict, query: dict, lang: str, where: str) -> None:
    """No exception, the title, and a notice (in ``lang``) naming each setting the link could not set."""
    assert not at.exception, (where, [e.value for e in at.exception])
    assert _title(slug, lang) in [t.value for t in at.title], where
    notices = [w.value for w in at.warning]
    for key, spec in specs.items():
        if key in query and not _free_text(spec) and not _usable(query[key], spec):
            named = [n for n in notices if f"{key}=" in n]
            assert named, (where, key, notices)
            if lang == "ru":
                assert all(CYRILLIC.search(n) for n in named), (where, named)


def _sweep(slug: str, raw: str, inside_state: dict, lang: str = "en") -> None:
    """Each context opened once with ``raw`` for every setting it declares: those its earlier runs
    declared, or (its first run) every key written in the page's source. The settings the run itself
    declared are checked; should it declare one the link did not set, it runs again with that one set."""
    for context in CONTEXTS[slug]:
        keys = set(_DECLARED.get((slug, tuple(sorted(context.items()))), ())) or _written(slug)
        for _attempt in range(3):
            query = {key: raw for key in sorted(keys) if key not in context} or {"not_a_setting": raw}
            at = _open(slug, {**query, **context}, inside_state, lang)
            assert not at.exception, (slug, context, raw[:12], [e.value for e in at.exception])
            specs = _declared(at, slug, context)
            if set(specs) <= keys | set(context):
                break
            keys |= set(specs)
        _check(at, slug, specs, query, lang, f"{slug} {context} = {raw[:12]!r}")


@pytest.mark.parametrize("slug", SLUGS)
def test_a_link_of_nonsense_opens_every_page_with_notices(slug, inside_state):
    """The quick pass: one value that no numeric setting can read, English for half the pages and
    Russian for the other half."""
    _sweep(slug, "abc", inside_state, lang="ru" if SLUGS.index(slug) % 2 else "en")


# the values that take different paths: 0 (the lower bounds, empty sizes) and 10,000 digits (past every
# upper bound as an integer, inf as a float, a long text); -1, 1e9 and 1e308 are clamped as these are,
# "" and "abc" fall back to the default as the quick pass's "abc" does
SWEPT = ["zero", "long"]


@pytest.mark.slow
@pytest.mark.parametrize("value", SWEPT, ids=SWEPT)
@pytest.mark.parametrize("slug", SLUGS)
def test_every_setting_of_every_page_survives_edge_values(slug, value, inside_state):
    _sweep(slug, VALUES[value], inside_state)


@pytest.mark.slow
@pytest.mark.parametrize("value", ["0", "abc", "1e308"])
def test_the_inside_model_settings_survive_edge_values(value, inside_state):
    """The settings of the model the Inside page trains itself (1e308 epochs mean 30 at 16×16: a
    retraining, still under the training budget)."""
    query = {key: value for key in INSIDE_MODEL}
    at = _open("inside", query, inside_state)
    assert not at.exception, [e.value for e in at.exception]
    specs = dict(at.session_state["_param_specs"])  # the settings this very run declared
    assert set(INSIDE_MODEL) <= set(specs), sorted(specs)
    _check(at, "inside", specs, query, "en", f"inside model = {value!r}")


def test_every_declared_setting_is_found_by_the_sweep(inside_state):
    """Each literal ``param("key", ...)`` of a page's source is declared in one of its contexts (by the
    runs of the sweep when they ran before in this process, else by a clean run of each context)."""
    later = {"seq_input", "seq_beam", "emb_map_n", "tc_text", "tg_text"}  # drawn once their model is trained
    missing = {}
    for slug in SLUGS:
        written = _written(slug)
        swept = [_DECLARED.get((slug, tuple(sorted(c.items()))), {}) for c in CONTEXTS[slug]]
        found = set().union(*swept)
        if written - found - later:  # not (yet) seen by a sweep: a clean run of each context
            found |= set().union(*(_specs(slug, context, inside_state) for context in CONTEXTS[slug]))
        if written - found - later:
            missing[slug] = sorted(written - found - later)
    assert not missing, missing


# (page, link, widget kind, key, typed value, what the page must show, quick: also outside the slow run)
TYPED = [
    ("convolution", {"src": "grid"}, "text_area", "grid", "", "error", False),
    ("convolution", {"src": "grid"}, "text_area", "grid", "abc", "error", True),
    ("convolution", {"src": "grid"}, "text_area", "grid", "1e308 1", "error", False),
    ("convolution", {"src": "grid"}, "text_area", "grid", "1 " * 5_000, "error", True),
    ("convolution", {"src": "grid"}, "text_area", "grid", "1\n" * 5_000, "error", False),
    ("convolution", {"src": "grid"}, "text_area", "grid", "1 2 3\n4 5 6\n7 8 9", "ok", True),
    ("convolution", {"ksrc": "typed"}, "text_area", "kgrid", "nan", "error", True),
    ("convolution", {"ksrc": "typed"}, "text_area", "kgrid", "9" * 10_000, "error", False),
    ("convolution", {}, "state", "p", "-1", "error", False),
    ("convolution", {}, "state", "p", "99", "error", True),
    ("convolution", {}, "state", "p", "abc", "error", False),
    ("convolution", {"op": "pool"}, "state", "pp", "9" * 10_000, "error", True),
    ("convolution", {"pmode": "constant", "p": "1"}, "number_input", "pval", 1e308, "warning", True),
    ("train", {}, "text_input", "train_hidden", "abc", "error", True),
    ("train", {}, "text_input", "train_hidden", "0", "error", False),
    ("train", {}, "text_input", "train_hidden", "1," * 5_000, "error", True),
    ("train", {}, "text_input", "train_hidden", "", "ok", False),
    ("train", {}, "number_input", "train_epochs", -5, "warning", True),
    ("train", {}, "number_input", "train_seed", 10**9, "warning", False),
    ("sequences", {}, "text_input", "seq_gate_text", "", "error", False),
    ("sequences", {}, "text_input", "seq_gate_text", "abc", "error", True),
    ("sequences", {}, "text_input", "seq_gate_text", "9" * 10_000, "ok", False),  # the box keeps max_chars (64)
    ("sequences", {}, "number_input", "seq_n_train", 10**9, "warning", True),
    ("architectures", {}, "number_input", "arch_h", 0, "warning", True),
]


@pytest.mark.parametrize(
    ("slug", "query", "kind", "key", "value", "expected"),
    [
        pytest.param(
            *case[:6], marks=() if case[6] else pytest.mark.slow, id=f"{case[0]}-{case[3]}-{str(case[4])[:8]!r}"
        )
        for case in TYPED
    ],
)
def test_typed_values_are_explained(slug, query, kind, key, value, expected):
    """Typed into the widget (a new option of a selectbox: set before the page runs, since AppTest
    cannot type one). An error stays while the value does; Russian is checked on the same page
    (AppTest cannot type on a Russian page: it formats options in English); a clamped number's
    notice is shown once, on the run after the typing."""
    for lang in ("en", "ru") if expected != "warning" else ("en",):
        if kind == "state":
            at = open_page(slug, query=query, state={key: value}, lang=lang, timeout=TIMEOUT)
        elif lang == "en":
            at = open_page(slug, query=query, timeout=TIMEOUT)
            getattr(at, kind)(key=key).set_value(value).run()
        else:
            at.session_state["lang"] = "ru"
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert _title(slug, lang) in [t.value for t in at.title]
        messages = {"error": [e.value[:200] for e in at.error], "warning": [w.value[:200] for w in at.warning]}
        if expected == "ok":
            assert not messages["error"], messages
        else:
            assert messages[expected], messages
            if lang == "ru":
                assert all(CYRILLIC.search(m) for m in messages[expected]), messages


ABORTED = """
import sys
from tests.playground.pages import open_page
at = open_page("inside", query={"in_size": "8", "in_epochs": "1", "in_view": "features", "in_layer": "conv1"})
print("inside", [e.value for e in at.exception], [t.value for t in at.title], sum(
    type(e).__name__ == "Image" for e in at.main))
at = open_page("train", query={"train_dataset": "abc", "train_epochs": "3"})
warnings = [w.value[:40] for w in at.warning]
at.button(key="train_go").click().run()
print("train", [e.value for e in at.exception], warnings, len(at.session_state["train_2d_result"]["history"]))
"""


@pytest.mark.slow
def test_the_links_that_aborted_the_process_run_to_the_end_in_a_subprocess():
    """Issue 13: under AppTest, the Inside page's feature view with ``in_layer=conv1`` and a Train link
    with ``train_dataset=abc`` each ended the process with SIGABRT. In a subprocess, so that an abort
    fails this test instead of killing pytest: both run to the end, draw, and the Train page trains."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", ABORTED], cwd=APP_DIR.parent, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-3000:])
    lines = dict(line.split(" ", 1) for line in proc.stdout.splitlines() if line.startswith(("inside ", "train ")))
    assert lines["inside"] == "[] ['Inside a network'] 3", proc.stdout
    assert lines["train"] == """[] ["The link's train_dataset=abc is not a va"] 3""", proc.stdout
