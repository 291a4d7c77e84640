"""Sequences › Seq2seq: after training the smallest seq2seq, the beam-search tree is drawn with
its k final beams (checked against tfdl.decoding.beam_search on the session's model) and one
attention heatmap per final beam, in English and then, same session, in Russian."""

import pytest

from tests.playground.pages import open_page


@pytest.mark.slow
def test_beam_tree_is_drawn_with_the_final_beams_in_both_languages(monkeypatch):
    import tfdl.viz.sequences
    from tfdl.decoding import beam_search

    drawn, original = [], tfdl.viz.sequences.alignment_figure

    def spy(alignment, source_tokens, output_tokens, title=None, **kw):
        drawn.append((title, list(output_tokens)))
        return original(alignment, source_tokens, output_tokens, title=title, **kw)

    monkeypatch.setattr(tfdl.viz.sequences, "alignment_figure", spy)

    k = 2
    at = open_page(
        "sequences",
        state={
            "seq_grad_steps": 8,
            "seq_task": "copy",
            "seq_min_len": 2,
            "seq_max_len": 3,
            "seq_n_train": 64,
            "seq_epochs": 1,
            "seq_units": 8,
            "seq_attention": "bahdanau",
            "seq_beam": k,
        },
        timeout=180,
    )
    at.button(key="seq_train").click().run()
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
