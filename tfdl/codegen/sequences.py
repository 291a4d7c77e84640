"""The Sequences page's code: an LSTM's gates over a typed sequence."""

from __future__ import annotations

__all__ = ["gates_code"]


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
