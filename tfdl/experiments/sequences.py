"""Small re-runs of the course's claims about sequence models; each returns a ``DataFrame``.

* :func:`accuracy_by_length` — seq2seq quality falls with source length without attention;
  attention removes the fixed-size bottleneck (Bahdanau et al. 2015, Fig. 2).
* :func:`reverse_source_experiment` — reversing the source helps a seq2seq without attention
  (Sutskever et al. 2014): the first target words get close to the words they depend on.
* :func:`gradient_norms_by_step` — ``‖∂L/∂h_t‖`` over time steps for a vanilla RNN and an
  LSTM: the RNN's gradient vanishes going back in time (Bengio et al. 1994).

The small default settings finish in well under a minute on a CPU. Plot them with
:mod:`tfdl.viz.sequences`.

Example:
    >>> from tfdl.experiments.sequences import gradient_norms_by_step
    >>> df = gradient_norms_by_step(steps=20)
    >>> print(sorted(df.columns))
    ['cell', 'grad_norm', 'step']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tfdl import validation
from tfdl._compat import releasing_custom_gradients
from tfdl.errors import TfdlValueError
from tfdl.seeding import seeded

__all__ = [
    "train_seq2seq",
    "sequence_accuracy",
    "accuracy_by_length",
    "reverse_source_experiment",
    "gradient_norms_by_step",
]


def train_seq2seq(task, attention=None, reverse_source=False, cell="lstm", units=32,
                  embedding_dim=16, epochs=5, batch_size=32, learning_rate=1e-2, model=None,
                  seed=0, callbacks=None, verbose=0):
    """Build (unless ``model`` is given) and train a seq2seq on a task with teacher forcing.

    Formula: minimise ``−Σ_i log p(y_i | y_<i, x)`` over the non-padding target positions,
    feeding the true ``y_{i−1}`` to the decoder (teacher forcing).

    Args:
        task: a :class:`tfdl.data.sequences.SequenceTask` (training pairs).
        attention, reverse_source, cell, units, embedding_dim: passed to
            :func:`tfdl.models.seq2seq` when a new model is built.
        epochs, batch_size, learning_rate: training settings (Adam).
        model: continue training this model (e.g. a few epochs per playground rerun).
        seed: seed of the initial weights and the shuffling.
        callbacks: Keras callbacks (e.g. one that draws a live loss curve).
        verbose: Keras verbosity.

    Returns:
        ``(model, losses)``: the trained model and the list of per-epoch training losses.

    Example:
        >>> from tfdl.data.sequences import make_sequence_task
        >>> model, losses = train_seq2seq(make_sequence_task("copy", 64, 2, 3), epochs=1)
        >>> print(len(losses))
        1

    Paper: Sutskever, Vinyals & Le, NeurIPS 2014.
    """
    import keras

    from tfdl.models.sequence import seq2seq

    if model is None:
        vocab = task.tokenizer.vocab_size
        with seeded(seed):
            model = seq2seq(vocab, vocab, embedding_dim=embedding_dim, units=units, cell=cell,
                            attention=attention, reverse_source=reverse_source)
    if not model.compiled:
        model.compile(keras.optimizers.Adam(learning_rate),
                      keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    with releasing_custom_gradients():  # else the traced step keeps every trained model alive
        history = model.fit([task.encoder_input, task.decoder_input], task.decoder_target,
                            epochs=epochs, batch_size=batch_size, verbose=verbose,
                            callbacks=callbacks or [])
    return model, [float(v) for v in history.history["loss"]]


def sequence_accuracy(model, task, max_len=None, by_length=True):
    """Exact-match and per-token accuracy of greedy decoding, by source length.

    Args:
        model: a trained :func:`tfdl.models.seq2seq`.
        task: a :class:`tfdl.data.sequences.SequenceTask` (test pairs).
        max_len: output limit (default: the longest target + 1).
        by_length: one row per source length (else one overall row, ``length = -1``).

    Returns:
        ``DataFrame`` with ``length``, ``accuracy`` (whole sequence right), ``token_accuracy``
        (right characters at the right positions, over the target length) and ``n``.

    Example:
        >>> df = sequence_accuracy(model, test_task)        # doctest: +SKIP
        >>> print(list(df.columns))
        ['length', 'accuracy', 'token_accuracy', 'n']

    Paper: Bahdanau et al., ICLR 2015 (quality vs sentence length).
    """
    from tfdl.decoding import greedy_decode

    tok = task.tokenizer
    max_len = max_len or task.max_target_len + 1
    hyps = greedy_decode(model, task.encoder_input, max_len=max_len, bos_id=tok.bos_id,
                         eos_id=tok.eos_id)
    exact, token = [], []
    for h, t in zip(hyps, task.targets):
        out = tok.decode(h.tokens)
        exact.append(out == t)
        token.append(np.mean([k < len(out) and out[k] == ch for k, ch in enumerate(t)]))
    df = pd.DataFrame({"length": task.lengths if by_length else -1,
                       "accuracy": np.asarray(exact, float), "token_accuracy": token})
    out = df.groupby("length").agg(accuracy=("accuracy", "mean"),
                                   token_accuracy=("token_accuracy", "mean"),
                                   n=("accuracy", "size")).reset_index()
    return out


def _split(task_name, n_train, n_test, min_len, max_len, seed):
    from tfdl.data.sequences import make_sequence_task

    train = make_sequence_task(task_name, n_train, min_len, max_len, seed=seed)
    test = make_sequence_task(task_name, n_test, min_len, max_len, seed=seed + 1000)
    return train, test


def accuracy_by_length(task="copy", attentions=(None, "bahdanau"), min_len=2, max_len=10,
                       n_train=1500, n_test=300, units=32, epochs=6, cell="lstm", seed=0,
                       callbacks_factory=None):
    """Train one seq2seq per attention setting and measure accuracy by source length.

    The claim (Cho et al. 2014; Bahdanau et al. 2015): a fixed-size encoder state is a
    bottleneck, so without attention quality falls with the length; with attention it holds.

    Args:
        task: a task of :mod:`tfdl.data.sequences` (``"copy"``, ``"reverse"``, ...).
        attentions: the settings compared (``None``, ``"bahdanau"``, ``"luong"``).
        min_len, max_len: source lengths (train and test share the range).
        n_train, n_test: number of pairs.
        units, epochs, cell: model size and training length (same for every setting).
        seed: seed of data and weights.
        callbacks_factory: optional ``f(label) -> list of callbacks`` (progress in the app).

    Returns:
        ``DataFrame`` with ``attention`` (``"none"``, ``"bahdanau"``, ...), ``length``,
        ``accuracy``, ``token_accuracy``, ``n``, ``final_loss``.

    Example:
        >>> df = accuracy_by_length(max_len=6, n_train=300, epochs=1)   # doctest: +SKIP
        >>> print(sorted(df.attention.unique()))
        ['bahdanau', 'none']

    Paper: Bahdanau, Cho & Bengio, ICLR 2015.
    """
    if max_len < min_len:
        raise TfdlValueError(
            "max_len_below_min",
            "`max_len` must be >= `min_len`. Received: max_len={max_len}, min_len={min_len}",
            max_len=max_len, min_len=min_len,
        )
    train, test = _split(task, n_train, n_test, min_len, max_len, seed)
    frames = []
    for att in attentions:
        label = att or "none"
        cbs = callbacks_factory(label) if callbacks_factory else None
        model, losses = train_seq2seq(train, attention=att, cell=cell, units=units,
                                      epochs=epochs, seed=seed, callbacks=cbs)
        df = sequence_accuracy(model, test)
        df.insert(0, "attention", label)
        df["final_loss"] = losses[-1]
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def reverse_source_experiment(task="copy", min_len=2, max_len=8, n_train=1500, n_test=300,
                              units=32, epochs=6, cell="lstm", seed=0, callbacks_factory=None):
    """Seq2seq without attention, source read forwards vs reversed; accuracy by length.

    The claim (Sutskever et al. 2014): reversing the source puts ``x_1`` next to ``y_1``, which
    makes the first, easiest-to-learn dependencies short, and the model trains better.

    Args:
        task, min_len, max_len, n_train, n_test, units, epochs, cell, seed, callbacks_factory:
            as in :func:`accuracy_by_length`.

    Returns:
        ``DataFrame`` with ``reverse_source`` (bool), ``length``, ``accuracy``,
        ``token_accuracy``, ``n``, ``final_loss``.

    Example:
        >>> df = reverse_source_experiment(max_len=5, n_train=300, epochs=1)  # doctest: +SKIP
        >>> print(sorted(df.reverse_source.unique()))
        [False, True]

    Paper: Sutskever, Vinyals & Le, "Sequence to Sequence Learning with Neural Networks",
    NeurIPS 2014.
    """
    train, test = _split(task, n_train, n_test, min_len, max_len, seed)
    frames = []
    for rev in (False, True):
        cbs = callbacks_factory("reversed" if rev else "forward") if callbacks_factory else None
        model, losses = train_seq2seq(train, attention=None, reverse_source=rev, cell=cell,
                                      units=units, epochs=epochs, seed=seed, callbacks=cbs)
        df = sequence_accuracy(model, test)
        df.insert(0, "reverse_source", rev)
        df["final_loss"] = losses[-1]
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def gradient_norms_by_step(cells=("rnn", "lstm"), steps=50, units=32, features=32, batch=32,
                           seeds=(0,), forget_bias=1.0):
    """``‖∂L/∂h_t‖`` for every time step ``t`` of an untrained RNN, loss on the last step only.

    Formula: with ``L = rᵀ h_T`` (fixed random ``r``), backpropagation through time gives
    ``∂L/∂h_t = ∂L/∂h_T · Π_{k=t+1}^{T} ∂h_k/∂h_{k−1}``; for the vanilla RNN each factor is
    ``diag(1 − h_k²) U``, whose product shrinks geometrically (vanishing gradient); the LSTM's
    cell path ``c_k = f ⊙ c_{k−1} + …`` keeps it alive for longer the closer ``f`` is to 1
    (raise ``forget_bias`` to see the "memory highway"; at the first steps back an untrained
    LSTM with ``f ≈ σ(1) ≈ 0.73`` may even decay faster than the RNN — the gain is far back).

    Args:
        cells: any of ``"rnn"``, ``"lstm"``, ``"gru"``.
        steps: sequence length ``T``.
        units, features, batch: sizes of the random problem.
        seeds: the norms are averaged over these initialisations.
        forget_bias: initial forget-gate bias of the LSTM (Keras: 1).

    Returns:
        ``DataFrame`` with ``cell``, ``step`` (1..T) and ``grad_norm`` (mean over batch and
        seeds of ``‖∂L/∂h_t‖₂``).

    Example:
        >>> df = gradient_norms_by_step(steps=10, seeds=(0,))
        >>> print(len(df))
        20

    Paper: Bengio, Simard & Frasconi, "Learning Long-Term Dependencies with Gradient Descent
    is Difficult", IEEE TNN 1994; Pascanu, Mikolov & Bengio, ICML 2013.
    """
    import tensorflow as tf

    from tfdl.layers.recurrent import GRU, LSTM, SimpleRNN

    classes = {"rnn": SimpleRNN, "lstm": LSTM, "gru": GRU}
    for c in cells:
        if c not in classes:
            raise TfdlValueError(
                "cells_choice",
                "`cells` must be among {classes}. Received: {cell!r}",
                classes=sorted(classes), cell=c,
            )
    if steps < 2:
        raise validation.min_error("steps", steps, 2)
    rows = []
    for c in cells:
        norms = np.zeros(steps)
        for seed in seeds:
            rng = np.random.default_rng(seed)
            x = tf.constant(rng.normal(size=(batch, steps, features)).astype("float32"))
            r = tf.constant(rng.normal(size=(batch, units)).astype("float32"))
            with seeded(seed):
                layer = classes[c](units)
                layer(x[:, :2])
            cell = layer.cell
            if c == "lstm":
                b = cell.bias.numpy()
                b[units:2 * units] = forget_bias
                cell.bias.assign(b)
            xw = cell.project_inputs(x)
            states = [tf.zeros((batch, d)) for d in cell.state_size]
            with tf.GradientTape() as tape:
                hs = []
                for t in range(steps):
                    h_t, states, _ = cell.step(xw[:, t], states)
                    tape.watch(h_t)
                    hs.append(h_t)
                    states = [h_t] + list(states[1:])
                loss = tf.reduce_sum(r * hs[-1])
            grads = tape.gradient(loss, hs)
            norms += np.array([float(tf.reduce_mean(tf.norm(g, axis=-1))) for g in grads])
        norms /= len(seeds)
        rows += [{"cell": c, "step": t + 1, "grad_norm": norms[t]} for t in range(steps)]
    return pd.DataFrame(rows)
