"""Sequences page: renders, trains a tiny seq2seq, decodes typed input (greedy vs beam,
alignment), refuses bad settings and inputs with st.error, and speaks Russian."""


import pytest
from streamlit.testing.v1 import AppTest

from tests.playground.pages import open_page

TIMEOUT = 180


def _app(**state) -> AppTest:
    # tiny settings so that tests stay fast
    return open_page("sequences", state={"seq_grad_steps": 8, **state}, timeout=TIMEOUT)


#: the smallest seq2seq the page trains (copy 2-3 digits, 64 pairs, one epoch, 8 units, Bahdanau attention)
SMALL = dict(seq_task="copy", seq_min_len=2, seq_max_len=3, seq_n_train=64, seq_epochs=1, seq_units=8,
             seq_attention="bahdanau")


@pytest.fixture(scope="module")
def trained() -> AppTest:
    """The page after its Train button (English): trained once per module; the tests that decode in
    Russian or draw the beam tree open the page with this session's model (``seq_state``)."""
    at = _app(**SMALL)
    at.button(key="seq_train").click().run()
    return at


def _with_model(trained: AppTest, **state) -> AppTest:
    """The page opened with the trained session's model (the same settings, no training)."""
    return _app(**SMALL, seq_state=dict(trained.session_state["seq_state"]), **state)


def test_renders_and_explains_estimate():
    at = _app()
    assert not at.exception
    assert at.title[0].value == "Sequences"
    assert any("Estimated training time" in c.value for c in at.caption)
    assert not at.error
    # the gradient chart reacts to the sequence length
    before = at.caption[-1].value
    at.slider(key="seq_grad_steps").set_value(12).run()
    assert not at.exception and at.caption[-1].value != before


def test_invalid_settings_and_too_long_training_are_explained():
    at = _app(seq_min_len=6, seq_max_len=3)
    assert not at.exception
    assert any("Shortest source" in e.value for e in at.error)
    assert at.button(key="seq_train").disabled
    at = _app(seq_n_train=20000, seq_epochs=100, seq_units=256)
    assert any("limit" in w.value for w in at.warning)
    assert at.button(key="seq_train").disabled


@pytest.mark.slow
def test_train_decode_and_bad_input(trained):
    at = trained
    assert not at.exception
    state = at.session_state["seq_state"]
    assert len(state["losses"]) == 1 and not at.session_state["seq_running"]
    # the typed input is decoded by greedy and beam search, with their scores
    at.text_input(key="seq_input").set_value("123").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["greedy", "beam k=3"]
    assert all(float(v.replace(",", ".").replace("−", "-")) <= 0 for v in table["log p"])  # shown as text, 4 decimals
    assert not at.warning
    at.text_input(key="seq_input").set_value("12345").run()  # trained on 2-3 digits
    assert [w.value for w in at.warning if "trained on inputs" in w.value] == [
        "The model was trained on inputs of up to 3 characters; this one has 5, so its output is probably "
        "wrong: a seq2seq model does not generalise to inputs longer than it saw."]
    # the gate tab now shows the trained encoder; bad characters give st.error
    at.text_input(key="seq_input").set_value("12a").run()
    assert any("outside the vocabulary" in e.value for e in at.error)


def test_russian_and_bad_gate_input():
    at = _app(lang="ru", seq_gate_text="12x")
    assert not at.exception
    assert at.title[0].value == "Последовательности"
    assert any("Оценка времени" in c.value for c in at.caption)
    # tfdl's error (code text_vocabulary) said in Russian, with the unknown character named
    assert any("словар" in e.value and "'x'" in e.value for e in at.error), [e.value for e in at.error]


@pytest.mark.parametrize("lang, words", [
    ("en", "`Sequence` may have at most 64 characters here; it has 50000."),
    ("ru", "В поле «Последовательность» здесь не больше 64 символов, а в нём 50000."),
])
def test_a_gate_text_from_a_link_longer_than_the_cap_is_refused(lang, words):
    """50,000 digits in a link crashed the server (SIGSEGV): refused with a message, nothing run."""
    at = open_page("sequences", query={"seq_gate_text": "1" * 50_000}, lang=lang, timeout=TIMEOUT)
    assert not at.exception
    assert words in [e.value for e in at.error]


@pytest.mark.slow
def test_russian_attention_names_and_accuracy_table(monkeypatch, trained):
    """The trained model (the module's English training; the training itself speaks no language) decoded
    and evaluated with the Russian interface."""
    from playground import i18n

    # AppTest formats a selectbox's value outside the script run, where the session's language is unknown
    monkeypatch.setattr(i18n, "current_language", lambda: "ru")
    at = _with_model(trained, lang="ru")
    assert at.selectbox(key="seq_attention").options == ["без внимания", "Бахданау (аддитивное)",
                                                         "Луонг (мультипликативное)"]
    at.button(key="seq_eval").click().run()
    assert not at.exception
    assert list(at.dataframe[0].value.iloc[:, 0]) == ["жадный", "лучевой, k=3"]
    table = at.dataframe[-1].value
    assert list(table.columns) == ["длина входа", "точность", "точность по символам", "пар"]
    assert table["точность"].between(0, 1).all()


def test_task_descriptions_are_the_libraries_one_liners():
    from playground.app_pages.sequences.texts import task_description
    from tfdl.data.sequences import SEQUENCE_TASKS

    assert {k: task_description(k) for k in SEQUENCE_TASKS} == SEQUENCE_TASKS


def test_a_typed_number_out_of_range_is_clamped_with_a_russian_notice(monkeypatch):
    from playground import i18n

    # AppTest formats a selectbox's value outside the script run, where the session's language is unknown
    monkeypatch.setattr(i18n, "current_language", lambda: "ru")
    at = _app(lang="ru")
    at.number_input(key="seq_epochs").set_value(100000).run()
    assert not at.exception
    assert at.number_input(key="seq_epochs").value == 100
    assert any("100000 вне диапазона 1…100; страница считает с 100" in w.value for w in at.warning)
    assert at.session_state["_link_query"]["seq_epochs"] == "100"
    # the estimate is computed with the clamped value (100 epochs of 1200 pairs of 10 tokens at 48 units)
    from tfdl.experiments.seq2seq_time import estimate_seq2seq_seconds

    expected = f"около {estimate_seq2seq_seconds(1200, 100, 10.0, 48):.0f} с"
    assert any(expected in c.value for c in at.caption), [c.value for c in at.caption]


@pytest.mark.slow
def test_beam_tree_is_drawn_with_the_final_beams_in_both_languages(monkeypatch, trained):
    """Sequences › Seq2seq with the trained model: the beam-search tree is drawn with its k final beams
    (checked against tfdl.decoding.beam_search on the session's model) and one attention heatmap per
    final beam, in English and then, same session, in Russian."""
    import tfdl.viz.sequences
    from tfdl.decoding import beam_search

    drawn, original = [], tfdl.viz.sequences.alignment_figure

    def spy(alignment, source_tokens, output_tokens, title=None, **kw):
        drawn.append((title, list(output_tokens)))
        return original(alignment, source_tokens, output_tokens, title=title, **kw)

    monkeypatch.setattr(tfdl.viz.sequences, "alignment_figure", spy)

    k = 2
    at = _with_model(trained, seq_beam=k)
    drawn.clear()
    at.text_input(key="seq_input").set_value("12").run()
    assert not at.exception and not at.error
    state = at.session_state["seq_state"]
    tok = state["train"].tokenizer
    hyps, trees = beam_search(
        state["model"],
        [tok.encode("12")],
        beam_width=k,
        max_len=6,
        bos_id=tok.bos_id,
        eos_id=tok.eos_id,
        return_all=True,
        return_tree=True,
    )
    final = len(trees[0].final)
    assert 1 <= final <= k and final == len(hyps[0])
    dot = at.get("graphviz_chart")[0].proto.spec
    assert dot.count('class="final"') == final
    for rank in range(1, final + 1):
        assert f'xlabel="#{rank}"' in dot
    assert "gray70" in dot  # pruned branches are drawn, greyed
    assert "α = 1.00" in dot and "log p" in dot  # the length penalty is shown
    # one attention heatmap per final beam, best first, with its own output tokens (after greedy's)
    beams = [(t, out) for t, out in drawn if t.startswith("#")]
    assert [t.split(":")[0] for t, _ in beams] == [f"#{r}" for r in range(1, final + 1)]
    assert [out for _, out in beams] == [[tok.itos[i] for i in h.tokens] for h in hyps[0]]
    at.session_state["lang"] = "ru"
    at.run()
    assert not at.exception and not at.error
    dot_ru = at.get("graphviz_chart")[0].proto.spec
    assert dot_ru.count('class="final"') == final
    assert "ширина луча k = 2" in dot_ru and "α = 1,00" in dot_ru and "оценка" in dot_ru
    assert any("Дерево лучевого поиска" in m.value for m in at.markdown)
