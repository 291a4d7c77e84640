"""Train page, gradient flow: a run (from a link or a preset) gets its diagnosis in English and
Russian, in both modes and for the RNN; the fix button sets the settings it names.

(AppTest cannot click on a Russian page: it formats options in English; so each test clicks in
English, then switches to Russian and reruns.) The presets' own diagnoses are checked in
tests/test_gradflow.py."""

from tests.playground.pages import open_page

TIMEOUT = 240
SMALL = dict(train_n=40, train_dataset="circle", train_epochs=2)  # 20 training points: 2 steps an epoch


def _ok(at):
    assert not at.exception, at.exception


def _russian(at):
    """The diagnoses (warnings) after switching to Russian."""
    at.session_state["lang"] = "ru"
    at.run()
    _ok(at)
    return [w.value for w in at.warning]


def test_2d_link_gets_the_zero_init_diagnosis_and_the_fix_sets_he_init():
    query = dict(train_hidden="8, 8, 8, 8", train_act="relu", train_init="zeros", train_clip="0.5")
    at = open_page("train", query=query, state=SMALL, timeout=TIMEOUT)
    at.button(key="train_go").click().run()
    _ok(at)
    # the link's gradient clipping reaches the optimiser the page trains with
    assert at.session_state["train_2d_result"]["model"].optimizer.global_clipnorm == 0.5
    assert any("Every weight of hidden1_dense starts at the same value" in w.value for w in at.warning)
    assert at.get("imgs") or at.get("image")  # the histograms
    fix = at.button(key="train_gf_fix_2d")
    assert fix.label == "Fix: initialisation → He"
    fix.click().run()
    _ok(at)
    assert at.session_state["train_init"] == "he"
    assert any(i.value.startswith("Settings changed since this run") for i in at.info)
    assert any("hidden1_dense" in e and "Плохая инициализация" in e for e in _russian(at))


def test_digits_large_learning_rate_preset_trains_and_is_diagnosed_in_both_languages():
    at = open_page("train", state=dict(train_mode="digits", train_depochs=1), timeout=TIMEOUT)
    at.button(key="train_gf_digits_large_lr").click().run()
    _ok(at)
    assert at.session_state["train_dlr"] == 10.0 and at.session_state["train_digits_result"]["gradflow"].records
    assert any("The learning rate is too large" in w.value for w in at.warning)
    assert at.session_state["train_digits_result"]["model"].optimizer.global_clipnorm is None  # the preset: off
    fix = at.button(key="train_gf_fix_digits")
    assert fix.label == "Fix: learning rate → 1, gradient clipping → 1"
    fix.click().run()
    _ok(at)
    assert (at.session_state["train_dlr"], at.session_state["train_clip"]) == (1.0, 1.0)
    assert any("шаг обучения слишком велик" in e.lower() for e in _russian(at))
    assert at.button(key="train_gf_fix_digits").label == "Исправить: шаг обучения → 1, ограничение градиента → 1"


def test_rnn_preset_vanishes_in_time_and_the_fix_picks_the_lstm():
    at = open_page("train", state=SMALL, timeout=TIMEOUT)
    at.button(key="train_gf_2d_long_rnn").click().run()
    _ok(at)
    assert at.session_state["train_gf_rnn_result"]["cell"] == "simple"
    assert any("cannot learn from the start of the sequence" in w.value for w in at.warning)
    at.button(key="train_gf_rnn_fix_2d").click().run()
    _ok(at)
    assert at.session_state["train_gfcell"] == "lstm"
