"""Sequences: train a seq2seq live, decode greedy vs beam with alignments, accuracy by length
with and without attention, LSTM/GRU gate traces, and the vanishing gradient of a vanilla RNN.

The trained model lives in ``st.session_state`` and training runs a few epochs per rerun, so
the loss curve grows live and the Stop button takes effect between chunks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from playground.common import guarded, localize_figure, param, sync_params, tr
from playground.page_table import page_title
from tfdl.data.sequences import SEQUENCE_TASKS, make_sequence_task
from tfdl.viz import sequences as vz

MAX_SECONDS = 90  # training longer than this is refused with an explanation

TASK_NAMES = {
    "copy": ("copy", "копирование"),
    "reverse": ("reverse", "разворот"),
    "sort": ("sort", "сортировка"),
    "addition": ("addition", "сложение"),
    "date": ("date normalisation", "нормализация дат"),
}
TASK_DESCRIPTIONS = {  # SEQUENCE_TASKS holds the English one-liners
    "copy": "копировать цифры: 3141 -> 3141",
    "reverse": "развернуть цифры: 3141 -> 1413",
    "sort": "отсортировать цифры: 3141 -> 1134",
    "addition": "сложить два числа: 12+345 -> 357 (длина = число цифр каждого слагаемого)",
    "date": "привести дату к виду ГГГГ-ММ-ДД: 5 jan 2021 -> 2021-01-05",
}
FIGURE_RU = {  # tfdl.viz.sequences draws English labels
    "epoch": "эпоха", "loss": "потери", "source": "вход", "output": "выход",
    "input gate i": "входной вентиль i", "forget gate f": "вентиль забывания f", "candidate g": "кандидат g",
    "output gate o": "выходной вентиль o", "cell state c": "состояние ячейки c",
    "update gate z": "вентиль обновления z",
    "reset gate r": "вентиль сброса r", "time step t": "шаг времени t",
    "time step t (loss at the last step)": "шаг времени t (потери на последнем шаге)",
    "source length": "длина входа", "accuracy": "точность", "token accuracy": "точность по символам",
    "none": "без внимания", "reverse_source=True": "вход развёрнут", "reverse_source=False": "вход прямой",
    **{f"unit {u}": f"нейрон {u}" for u in range(16)},
    "bahdanau": "Бахданау", "luong": "Луонг",
}
ATTENTION_NAMES = {"none": ("none", "без внимания"), "bahdanau": ("bahdanau", "Бахданау (аддитивное)"),
                   "luong": ("luong", "Луонг (мультипликативное)")}
COLUMNS_RU = {  # tfdl.experiments.sequences columns, renamed for display in Russian
    "length": "длина входа", "accuracy": "точность", "token_accuracy": "точность по символам",
    "n": "пар", "final_loss": "итоговые потери", "attention": "внимание", "reverse_source": "вход развёрнут",
}


def shown_table(df):
    """An experiment's table with its column names (and attention values) in the interface language."""
    shown = df.copy()
    if "attention" in shown:
        shown["attention"] = shown["attention"].map(lambda a: tr(*ATTENTION_NAMES[a]) if a in ATTENTION_NAMES else a)
    return shown.rename(columns={c: tr(c, ru) for c, ru in COLUMNS_RU.items()})
EXAMPLES = {"copy": "31415", "reverse": "31415", "sort": "31415", "addition": "12+345",
            "date": "5 jan 2021"}


def _estimate_seconds(n_train, epochs, avg_len, units, n_models=1):
    """Rough CPU time: a fixed cost to build and compile, then work ~ samples × steps × units."""
    per_token = 9e-5 * max(1.0, units / 48) ** 1.5
    return n_models * (6.0 + n_train * epochs * (2 * avg_len + 2) * per_token)


def _avg_len(task, lo, hi):
    return 10.0 if task == "date" else (lo + hi) / 2 * (2.0 if task == "addition" else 1.0)


st.title(page_title("sequences"))
st.caption(tr(
    "From the vanilla RNN to LSTM, seq2seq and attention: train a model, type an input and see "
    "where the decoder looks.",
    "От простой RNN к LSTM, seq2seq и вниманию: обучите модель, введите вход и посмотрите, "
    "куда смотрит декодер.",
))

tab_train, tab_length, tab_gates, tab_grad = st.tabs([
    tr("Seq2seq", "Seq2seq"),
    tr("Accuracy vs length", "Точность и длина"),
    tr("Gates", "Вентили"),
    tr("Vanishing gradients", "Затухание градиентов"),
])

# ---------------------------------------------------------------------------------------------
# 1. Train a seq2seq and decode
# ---------------------------------------------------------------------------------------------
with tab_train:
    c1, c2, c3 = st.columns(3)
    with c1:
        param("seq_task", "reverse", options=list(SEQUENCE_TASKS))
        task_name = st.selectbox(
            tr("Task", "Задача"), list(SEQUENCE_TASKS), key="seq_task",
            format_func=lambda k: tr(*TASK_NAMES[k]),
        )
        st.caption(tr(SEQUENCE_TASKS[task_name], TASK_DESCRIPTIONS.get(task_name, SEQUENCE_TASKS[task_name])))
        param("seq_min_len", 2)
        param("seq_max_len", 6)
        min_len = st.number_input(tr("Shortest source", "Самый короткий вход"), 1, 15,
                                  key="seq_min_len")
        max_len = st.number_input(tr("Longest source", "Самый длинный вход"), 1, 15,
                                  key="seq_max_len")
    with c2:
        param("seq_cell", "lstm", options=["lstm", "gru", "rnn"])
        cell = st.selectbox(tr("Cell", "Ячейка"), ["lstm", "gru", "rnn"], key="seq_cell",
                            format_func=str.upper)
        param("seq_attention", "bahdanau", options=["none", "bahdanau", "luong"])
        attention = st.selectbox(tr("Attention", "Внимание"), ["none", "bahdanau", "luong"],
                                 key="seq_attention", format_func=lambda a: tr(*ATTENTION_NAMES[a]))
        param("seq_reverse", False)
        reverse = st.checkbox(tr("Reverse the source", "Развернуть вход"), key="seq_reverse")
        param("seq_birnn", False)
        birnn = st.checkbox(tr("Bidirectional encoder", "Двунаправленный кодировщик"),
                            key="seq_birnn")
    with c3:
        param("seq_units", 48)
        units = st.select_slider(tr("Hidden units", "Скрытых нейронов"),
                                 [8, 16, 32, 48, 64, 128, 256], key="seq_units")
        param("seq_n_train", 1200)
        n_train = st.number_input(tr("Training pairs", "Обучающих пар"), 16, 20000, step=100,
                                  key="seq_n_train")
        param("seq_epochs", 8)
        epochs = st.number_input(tr("Epochs", "Эпох"), 1, 100, key="seq_epochs")

    settings_ok = True
    if min_len > max_len:
        st.error(tr(
            f"`Shortest source` must be <= `Longest source`. Received: {min_len} > {max_len}.",
            f"`Самый короткий вход` должен быть <= `Самого длинного`. Сейчас: {min_len} > "
            f"{max_len}.",
        ))
        settings_ok = False

    estimate = _estimate_seconds(n_train, epochs, _avg_len(task_name, min_len, max_len),
                                 units * (2 if birnn else 1))
    too_long = estimate > MAX_SECONDS
    if settings_ok:
        msg = tr(f"Estimated training time on this server: about {estimate:.0f} s.",
                 f"Оценка времени обучения на этом сервере: около {estimate:.0f} с.")
        if too_long:
            st.warning(msg + " " + tr(
                f"That is over the {MAX_SECONDS} s limit: reduce the pairs, epochs, units or "
                "lengths.",
                f"Это больше предела {MAX_SECONDS} с: уменьшите число пар, эпох, нейронов или "
                "длину.",
            ))
        else:
            st.caption(msg)

    ss = st.session_state
    b1, b2 = st.columns(2)
    start = b1.button(tr("Train", "Обучить"), key="seq_train", type="primary",
                      disabled=not settings_ok or too_long)
    stop = b2.button(tr("Stop", "Стоп"), key="seq_stop")
    if stop:
        ss["seq_running"] = False

    if start:
        import keras

        from tfdl.models import seq2seq

        data = guarded(make_sequence_task, task_name, n_samples=int(n_train) + 200,
                       min_len=int(min_len), max_len=int(max_len), seed=0)
        if data is not None:
            train = data.subset(np.arange(int(n_train)))
            test = data.subset(np.arange(int(n_train), len(data)))
            keras.utils.set_random_seed(0)
            vocab = train.tokenizer.vocab_size
            model = seq2seq(vocab, vocab, embedding_dim=16, units=int(units), cell=cell,
                            attention=None if attention == "none" else attention,
                            reverse_source=reverse, bidirectional_encoder=birnn)
            ss["seq_input"] = EXAMPLES[task_name]
            ss["seq_state"] = {"model": model, "train": train, "test": test, "losses": [],
                               "epochs": int(epochs), "task": task_name,
                               "attention": attention, "cell": cell, "birnn": birnn}
            ss["seq_running"] = True

    state = ss.get("seq_state")
    if state is not None and ss.get("seq_running"):
        from tfdl.experiments.sequences import train_seq2seq

        left = state["epochs"] - len(state["losses"])
        chunk = min(left, max(1, state["epochs"] // 5))
        with st.spinner(tr(f"Training: epoch {len(state['losses']) + 1} of {state['epochs']}",
                           f"Обучение: эпоха {len(state['losses']) + 1} из {state['epochs']}")):
            _, losses = train_seq2seq(state["train"], model=state["model"], epochs=chunk)
        state["losses"] += losses
        if len(state["losses"]) >= state["epochs"]:
            ss["seq_running"] = False
        else:
            st.rerun()

    if state is None:
        st.info(tr("Train a model to decode your own inputs.",
                   "Обучите модель, чтобы декодировать свои входы."))
    else:
        st.pyplot(localize_figure(vz.loss_curve_figure(state["losses"], title=tr("training loss", "функция потерь")),
                                  FIGURE_RU))
        if not state["losses"]:
            st.caption(tr("Stopped before the first epoch.", "Остановлено до первой эпохи."))
        tok = state["train"].tokenizer
        param("seq_input", EXAMPLES[state["task"]])
        text = st.text_input(tr("Your input", "Ваш вход"), key="seq_input")
        param("seq_beam", 3)
        beam = st.slider(tr("Beam width k", "Ширина луча k"), 1, 8, key="seq_beam")
        from tfdl.decoding import decode_text

        greedy = guarded(decode_text, state["model"], tok, text, method="greedy")
        if greedy is not None:
            beamed = decode_text(state["model"], tok, text, method="beam", beam_width=int(beam))
            shown = f"`{greedy.text}`" if greedy.text else tr("(empty: the model stops at once — train longer)",
                                                             "(пусто: модель сразу останавливается — обучите дольше)")
            st.markdown(tr(f"**Output:** {shown}", f"**Выход:** {shown}"))
            st.dataframe(pd.DataFrame({
                tr("search", "поиск"): [tr("greedy", "жадный"), tr(f"beam k={beam}", f"лучевой, k={beam}")],
                tr("output", "выход"): [greedy.text, beamed.text],
                "log p": [round(greedy.log_prob, 4), round(beamed.log_prob, 4)],
                tr("score (log p / length)", "оценка (log p / длина)"): [
                    round(greedy.score, 4), round(beamed.score, 4)],
            }), hide_index=True)
            if state["attention"] == "none":
                st.info(tr("This model has no attention, so there is no alignment to show.",
                           "У этой модели нет внимания, поэтому выравнивания нет."))
            else:
                out_tokens = list(greedy.text) + ["</s>"]
                st.pyplot(localize_figure(vz.alignment_figure(
                    greedy.alignment, list(text), out_tokens,
                    title=tr("where the decoder looks", "куда смотрит декодер")), FIGURE_RU))
        if st.button(tr("Accuracy on held-out pairs", "Точность на отложенных парах"),
                     key="seq_eval"):
            from tfdl.experiments.sequences import sequence_accuracy

            st.dataframe(shown_table(sequence_accuracy(state["model"], state["test"])), hide_index=True)

# ---------------------------------------------------------------------------------------------
# 2. Accuracy by source length, with and without attention (or reversed source)
# ---------------------------------------------------------------------------------------------
with tab_length:
    st.markdown(tr(
        "Without attention the decoder sees the source only through one fixed-size vector, so "
        "quality falls with length. Attention removes that bottleneck; reversing the source "
        "helps a model without it.",
        "Без внимания декодер видит вход только через один вектор фиксированного размера, "
        "поэтому качество падает с длиной. Внимание убирает это узкое место; разворот входа "
        "помогает модели без внимания.",
    ))
    param("seq_cmp", "attention", options=["attention", "reverse"])
    compare = st.radio(tr("Compare", "Сравнить"), ["attention", "reverse"], key="seq_cmp",
                       format_func=lambda k: tr("with vs without attention",
                                                "с вниманием и без") if k == "attention"
                       else tr("forward vs reversed source", "прямой и развёрнутый вход"),
                       horizontal=True)
    d1, d2, d3 = st.columns(3)
    param("seq_len_task", "copy", options=["copy", "reverse", "sort"])
    len_task = d1.selectbox(tr("Task", "Задача"), ["copy", "reverse", "sort"], key="seq_len_task",
                            format_func=lambda k: tr(*TASK_NAMES[k]))
    param("seq_len_max", 10)
    len_max = d2.slider(tr("Longest source", "Самый длинный вход"), 3, 14, key="seq_len_max")
    param("seq_len_epochs", 6)
    len_epochs = d3.slider(tr("Epochs", "Эпох"), 1, 20, key="seq_len_epochs")
    param("seq_len_n", 1500)
    len_n = d1.number_input(tr("Training pairs", "Обучающих пар"), 32, 10000, step=100,
                            key="seq_len_n")
    est = _estimate_seconds(len_n, len_epochs, (2 + len_max) / 2, 32, n_models=2)
    if est > 2 * MAX_SECONDS:
        st.warning(tr(f"About {est:.0f} s: too long here; reduce pairs, epochs or length.",
                      f"Около {est:.0f} с: слишком долго; уменьшите число пар, эпох или длину."))
    else:
        st.caption(tr(f"Two models, about {est:.0f} s.", f"Две модели, около {est:.0f} с."))
    if st.button(tr("Run the experiment", "Запустить эксперимент"), key="seq_len_run",
                 disabled=est > 2 * MAX_SECONDS):
        from tfdl.experiments import sequences as ex

        kw = dict(min_len=2, max_len=int(len_max), n_train=int(len_n), n_test=300,
                  epochs=int(len_epochs))
        with st.spinner(tr("Training two models...", "Обучаю две модели...")):
            if compare == "attention":
                df = guarded(ex.accuracy_by_length, len_task, **kw)
            else:
                df = guarded(ex.reverse_source_experiment, len_task, **kw)
        if df is not None:
            st.session_state["seq_len_result"] = (compare, df)
    result = st.session_state.get("seq_len_result")
    if result is not None:
        hue = "attention" if result[0] == "attention" else "reverse_source"
        st.pyplot(localize_figure(vz.accuracy_by_length_figure(result[1], hue=hue), FIGURE_RU))
        st.dataframe(shown_table(result[1]), hide_index=True)

# ---------------------------------------------------------------------------------------------
# 3. Gate traces
# ---------------------------------------------------------------------------------------------
with tab_gates:
    st.markdown(tr(
        "An LSTM writes to its cell `c` through the input gate `i`, keeps it through the forget "
        "gate `f` and shows it through the output gate `o`. With a trained seq2seq the encoder's "
        "gates are shown; otherwise a fresh (random) layer.",
        "LSTM записывает в ячейку `c` через входной вентиль `i`, хранит через вентиль забывания "
        "`f` и выдаёт через выходной вентиль `o`. Если seq2seq обучена, показаны вентили её "
        "кодировщика; иначе — нового (случайного) слоя.",
    ))
    state = st.session_state.get("seq_state")
    param("seq_gate_text", "31415926")
    gate_text = st.text_input(tr("Sequence", "Последовательность"), key="seq_gate_text")
    param("seq_gate_units", 4)
    n_units = st.slider(tr("Units to draw", "Сколько нейронов рисовать"), 1, 8,
                        key="seq_gate_units")

    def _gates(text):
        import keras

        from tfdl.layers.recurrent import LSTM

        if state is not None and state["cell"] != "rnn" and not state.get("birnn"):
            tok = state["train"].tokenizer
            ids = np.array([tok.encode(text)], dtype="int32")
            model = state["model"]
            enc = model.get_layer("encoder")
            x = model.get_layer("source_embedding")(ids)
            cfg = enc.get_config()
            cfg.update(return_gates=True, return_sequences=True, return_state=False,
                       name="gates")
            layer = type(enc).from_config(cfg)
            layer(x)
            layer.set_weights(enc.get_weights())
            return layer(x)[1], True
        from tfdl.data.sequences import CharTokenizer

        tok = CharTokenizer("0123456789")
        ids = tok.encode(text)
        keras.utils.set_random_seed(0)
        x = np.eye(tok.vocab_size, dtype="float32")[ids][None]
        return LSTM(16, return_sequences=True, return_gates=True)(x)[1], False

    if gate_text:
        out = guarded(_gates, gate_text)
        if out is not None:
            gates, trained = out
            gates = {k: np.asarray(v)[0] for k, v in gates.items()}
            st.pyplot(localize_figure(vz.gate_traces_figure(
                gates, units=tuple(range(int(n_units))), tokens=list(gate_text),
                title=tr("trained encoder", "обученный кодировщик") if trained else tr("random LSTM", "случайная LSTM"),
            ), FIGURE_RU))
    else:
        st.error(tr("`Sequence` must not be empty.", "`Последовательность` не может быть пустой."))

# ---------------------------------------------------------------------------------------------
# 4. Vanishing gradients
# ---------------------------------------------------------------------------------------------
with tab_grad:
    st.markdown(tr(
        "The loss depends on the last step only. Going back in time, the vanilla RNN multiplies "
        "the gradient by `diag(1 − h²) U` at every step, so it vanishes; the LSTM's cell path "
        "keeps it alive when the forget gate is near 1.",
        "Потери зависят только от последнего шага. При движении назад по времени простая RNN "
        "умножает градиент на `diag(1 − h²) U` на каждом шаге, и он затухает; путь через ячейку "
        "LSTM сохраняет его, когда вентиль забывания близок к 1.",
    ))
    g1, g2 = st.columns(2)
    param("seq_grad_steps", 50)
    g_steps = g1.slider(tr("Sequence length T", "Длина последовательности T"), 5, 100,
                        key="seq_grad_steps")
    param("seq_grad_fb", 1.0)
    g_fb = g2.slider(tr("LSTM forget-gate bias", "Смещение вентиля забывания LSTM"), -2.0, 5.0,
                     step=0.5, key="seq_grad_fb")

    @st.cache_data(show_spinner=False, max_entries=16)
    def _grad_df(steps, forget_bias):
        from tfdl.experiments.sequences import gradient_norms_by_step

        return gradient_norms_by_step(cells=("rnn", "lstm", "gru"), steps=steps,
                                      forget_bias=forget_bias)

    grad_df = _grad_df(int(g_steps), float(g_fb))
    st.pyplot(localize_figure(vz.gradient_norms_figure(grad_df), FIGURE_RU))
    first = grad_df[grad_df["step"] == 1].set_index("cell")["grad_norm"]
    st.caption(tr(
        "‖∂L/∂h₁‖ / ‖∂L/∂h_T‖: " + ", ".join(
            f"{c.upper()} {first[c] / grad_df[(grad_df.cell == c)]['grad_norm'].iloc[-1]:.1e}"
            for c in first.index),
        "‖∂L/∂h₁‖ / ‖∂L/∂h_T‖: " + ", ".join(
            f"{c.upper()} {first[c] / grad_df[(grad_df.cell == c)]['grad_norm'].iloc[-1]:.1e}"
            for c in first.index),
    ))

sync_params(["seq_task", "seq_min_len", "seq_max_len", "seq_cell", "seq_attention",
             "seq_reverse", "seq_birnn", "seq_units", "seq_n_train", "seq_epochs", "seq_beam",
             "seq_cmp",
             "seq_len_task", "seq_len_max", "seq_len_epochs", "seq_len_n", "seq_gate_units",
             "seq_grad_steps", "seq_grad_fb"])
