"""The Sequences page's code: an LSTM's gates over a typed sequence; the seq2seq trained and decoding."""

from __future__ import annotations

__all__ = ["gates_code", "seq2seq_code"]


def gates_code(text: str, *, alphabet: str = "0123456789", units: int = 16, shown: int = 4, seed: int = 0) -> str:
    """Python that computes the gate trace the Sequences page draws for a fresh (random) LSTM.

    Formula: ``i, f, o = σ(W·[x_t, h_{t-1}] + b)``, ``g = tanh(...)``, ``c_t = f·c_{t-1} + i·g``
    (Hochreiter & Schmidhuber, 1997): :func:`tfdl.models.random_lstm_gates` over the one-hot characters.

    Args:
        text: the sequence typed on the page (characters of ``alphabet``).
        alphabet: the tokenizer's characters.
        units: the LSTM's units; ``shown``: how many of them the page draws (and the code prints).
        seed: the seed of the LSTM's initial weights.

    Returns:
        str: lines of Python; they print each gate's shape and the first ``shown`` units at every step.

    Example:
        >>> gates_code("314").splitlines()[6]
        "ids = np.array([tok.encode('314')], dtype='int32')"
    """
    return "\n".join(
        [
            "import numpy as np",
            "",
            "from tfdl.data.sequences import CharTokenizer",
            "from tfdl.models import random_lstm_gates",
            "",
            f"tok = CharTokenizer({alphabet!r})",
            f"ids = np.array([tok.encode({text!r})], dtype='int32')",
            f"gates = random_lstm_gates(ids, vocab_size=tok.vocab_size, units={int(units)}, seed={int(seed)})",
            "for name, value in gates.items():  # i, f, g, o and the cell c: (batch, steps, units)",
            f"    print(name, value.shape, np.round(value[0, :, :{int(shown)}], 3).tolist())",
        ]
    )


def seq2seq_code(
    task: str,
    min_len: int,
    max_len: int,
    cell: str,
    attention: str,
    reverse: bool,
    birnn: bool,
    units: int,
    n_train: int,
    epochs: int,
    text: str,
) -> str:
    """Python that repeats the Sequences page's seq2seq training and decodes the typed input.

    Formula: minimise ``−Σ_i log p(y_i | y_<i, x)`` with teacher forcing (Sutskever et al. 2014), then
    decode greedily: ``y_i = argmax p(y | y_<i, x)`` until ``</s>``.

    Args:
        task, min_len, max_len, n_train: the task, source lengths and training pairs (200 more are held out).
        cell, attention, reverse, birnn, units: the model (``attention="none"``: none).
        epochs: training epochs; ``text``: the input the page decodes.

    Returns:
        str: lines of Python; they print the per-epoch losses and the greedy output.

    Example:
        >>> seq2seq_code("reverse", 2, 6, "lstm", "bahdanau", False, False, 48, 1200, 8, "31415").splitlines()[8]
        "data = make_sequence_task('reverse', n_samples=1400, min_len=2, max_len=6, seed=0)"
    """
    att = None if attention == "none" else attention
    return "\n".join(
        [
            "import numpy as np",
            "",
            "from tfdl.data.sequences import make_sequence_task",
            "from tfdl.decoding import decode_text",
            "from tfdl.experiments.sequences import train_seq2seq",
            "from tfdl.models import seq2seq",
            "from tfdl.seeding import seeded",
            "",
            f"data = make_sequence_task({task!r}, n_samples={int(n_train) + 200}, min_len={int(min_len)}, "
            f"max_len={int(max_len)}, seed=0)",
            f"train = data.subset(np.arange({int(n_train)}))  # the last 200 pairs are held out",
            "vocab = train.tokenizer.vocab_size",
            "with seeded(0):  # the page's initial weights",
            f"    model = seq2seq(vocab, vocab, embedding_dim=16, units={int(units)}, cell={cell!r}, "
            f"attention={att!r},",
            f"                    reverse_source={bool(reverse)}, bidirectional_encoder={bool(birnn)})",
            f"model, losses = train_seq2seq(train, model=model, epochs={int(epochs)})  # Adam 0.01, batches of 32",
            "print(losses)  # training loss per epoch",
            f"out = decode_text(model, train.tokenizer, {text!r}, method='greedy')",
            "print(out.text, out.log_prob)",
        ]
    )
