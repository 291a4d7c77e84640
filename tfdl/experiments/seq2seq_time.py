"""How long training a small seq2seq takes on a CPU: a measured cost model (the playground's time budget).

The model: a fixed cost (building, compiling and tracing the model) plus a cost per token that
goes through the network, growing with the hidden size::

    seconds ≈ n_models · (overhead + n_train · epochs · tokens_per_pair · per_token(units))
    per_token(units) = seconds_per_token · max(1, units / reference_units) ** units_exponent

``tokens_per_pair`` counts source and target characters plus ``<s>`` and ``</s>``
(:func:`mean_pair_tokens`). The seconds are CPU seconds of the training process (all its
threads), the work itself: on an idle 2-core server the wait is at most that (TensorFlow spreads
the batch over both cores part of the time); on a busy one it is longer. CPU time was measured
because the development machine is shared (its wall times swung 5–10× with the other jobs; the
CPU times about 2×).

Measured (``python benchmarks/bench_seq2seq_time.py``, two runs on the 2-core development machine,
TensorFlow 2.21, LSTM + Bahdanau attention, embedding 16, batch 32; the runs are in
:data:`MEASURED`) and fitted with :func:`fit_cost_model`: about 3.3 s to build and compile, and
3.2e-5 s per token at 48 units. The time per token grew about linearly with the units from 48
to 256 (2.6× at 128, 4.7× at 256; the ``units²`` matrix products are partly hidden by the
per-step cost of the loop), hence ``units_exponent = 1``; below 48 units it hardly falls, hence
the ``max(1, ·)``. The fit is within a factor of 2 of every run.

Example:
    >>> from tfdl.experiments.seq2seq_time import estimate_seq2seq_seconds
    >>> round(estimate_seq2seq_seconds(n_train=1000, epochs=5, tokens_per_pair=10, units=48), 1)
    4.9
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = [
    "MEASURED",
    "OVERHEAD_S",
    "REFERENCE_UNITS",
    "SECONDS_PER_TOKEN",
    "UNITS_EXPONENT",
    "estimate_seq2seq_seconds",
    "fit_cost_model",
    "mean_pair_tokens",
    "measure_seq2seq_seconds",
]

#: CPU seconds to build, compile and trace one model before its first batch
OVERHEAD_S = 3.3
#: CPU seconds per token (source + target + 2) and epoch at up to ``REFERENCE_UNITS`` hidden units
SECONDS_PER_TOKEN = 3.2e-5
REFERENCE_UNITS = 48
#: how the per-token time grows above ``REFERENCE_UNITS`` (measured: about linearly)
UNITS_EXPONENT = 1.0

#: the runs the constants were fitted to: (n_train, epochs, tokens_per_pair, units, CPU seconds)
MEASURED: tuple[tuple[int, int, float, int, float], ...] = (
    (256, 1, 10.0, 48, 2.99), (1024, 2, 10.0, 48, 3.16), (2048, 2, 10.0, 48, 4.11), (1024, 2, 18.0, 48, 3.96),
    (512, 2, 10.0, 128, 3.15),
    (256, 1, 10.0, 48, 6.05), (2048, 4, 10.0, 48, 5.51), (2048, 4, 18.0, 48, 9.65), (4096, 4, 10.0, 48, 8.62),
    (2048, 4, 10.0, 128, 10.34), (1024, 4, 10.0, 256, 9.59),
)


def _positive(name, value, minimum=1):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or value < minimum:
        raise TfdlValueError("seq_cost_min", "`{name}` must be a number >= {minimum}. Received: {name}={value!r}",
                             name=name, minimum=minimum, value=value)


def mean_pair_tokens(task: str, min_len: int, max_len: int, n_samples: int = 256, seed: int = 0) -> float:
    """The mean number of tokens one training pair sends through the network.

    Formula: ``mean(len(source) + len(target) + 2)`` (``<s>`` before the decoder input,
    ``</s>`` after the target) over ``n_samples`` pairs of :func:`tfdl.data.sequences.make_sequence_task`.

    Args:
        task: a name of :data:`tfdl.data.sequences.SEQUENCE_TASKS`.
        min_len, max_len: the source lengths the task is generated with.
        n_samples: pairs to average over.
        seed: the sample's seed.

    Returns:
        The mean token count (a float).

    Example:
        >>> mean_pair_tokens("copy", 4, 4)
        10.0
    """
    from tfdl.data.sequences import make_sequence_task

    data = make_sequence_task(task, n_samples=n_samples, min_len=min_len, max_len=max_len, seed=seed)
    return float(np.mean([len(s) + len(t) + 2 for s, t in zip(data.sources, data.targets)]))


def estimate_seq2seq_seconds(n_train: int, epochs: int, tokens_per_pair: float, units: int,
                             n_models: int = 1) -> float:
    """Estimated CPU seconds to build and train ``n_models`` seq2seq models (the module's formula).

    Args:
        n_train: training pairs.
        epochs: passes over them.
        tokens_per_pair: :func:`mean_pair_tokens` of the task.
        units: hidden units of the recurrent layers (twice the units for a bidirectional encoder).
        n_models: models trained one after the other (an experiment comparing two settings: 2).

    Returns:
        CPU seconds (a float): on an idle 2-core machine, about the longest a user waits.

    Example:
        >>> round(estimate_seq2seq_seconds(1200, 8, 10, 96), 1)
        9.4
    """
    for name, value in (("n_train", n_train), ("epochs", epochs), ("tokens_per_pair", tokens_per_pair),
                        ("units", units), ("n_models", n_models)):
        _positive(name, value)
    per_token = SECONDS_PER_TOKEN * max(1.0, units / REFERENCE_UNITS) ** UNITS_EXPONENT
    return float(n_models * (OVERHEAD_S + n_train * epochs * tokens_per_pair * per_token))


def measure_seq2seq_seconds(task: str = "reverse", n_train: int = 512, epochs: int = 2, min_len: int = 2,
                            max_len: int = 6, units: int = 48, cell: str = "lstm",
                            attention: str | None = "bahdanau", clock: str = "cpu") -> float:
    """Seconds of building and training one seq2seq, as the playground does it.

    Args:
        task, min_len, max_len: the data (:func:`tfdl.data.sequences.make_sequence_task`).
        n_train, epochs: the training run (:func:`tfdl.experiments.sequences.train_seq2seq`).
        units, cell, attention: the model (:func:`tfdl.models.seq2seq`, embedding 16).
        clock: ``"cpu"``, the process's CPU time over all threads (what the work costs; it hardly
            changes with the machine's load), or ``"wall"`` (what a user waits for: the same or
            less on an idle machine, more on a busy one).

    Returns:
        Seconds, from building the model to the end of the last epoch.

    Example:
        >>> seconds = measure_seq2seq_seconds(n_train=64, epochs=1)  # doctest: +SKIP
    """
    from tfdl.data.sequences import make_sequence_task
    from tfdl.experiments.sequences import train_seq2seq

    if clock not in ("cpu", "wall"):
        raise TfdlValueError("seq_cost_clock", "`clock` must be 'cpu' or 'wall'. Received: clock={clock!r}",
                             clock=clock)
    now = time.process_time if clock == "cpu" else time.perf_counter
    data = make_sequence_task(task, n_samples=n_train, min_len=min_len, max_len=max_len, seed=0)
    start = now()
    train_seq2seq(data, attention=attention, cell=cell, units=units, embedding_dim=16, epochs=epochs)
    return now() - start


def fit_cost_model(runs: Sequence[tuple[int, int, float, int, float]],
                   units_exponent: float = UNITS_EXPONENT) -> tuple[float, float]:
    """Least-squares ``(overhead, seconds_per_token)`` of the module's formula from measured runs.

    Formula: ``seconds = overhead + work · seconds_per_token`` with
    ``work = n_train · epochs · tokens_per_pair · max(1, units / REFERENCE_UNITS) ** units_exponent``.

    Args:
        runs: ``(n_train, epochs, tokens_per_pair, units, seconds)`` per run (two or more, with
            different amounts of work).
        units_exponent: the growth with ``units`` (kept fixed).

    Returns:
        ``(overhead, seconds_per_token)``.

    Example:
        >>> fit_cost_model([(100, 1, 10, 48, 6.09), (1000, 1, 10, 48, 6.9)])
        (6.0, 9e-05)
    """
    if len(runs) < 2:
        raise TfdlValueError("seq_cost_runs", "`runs` must hold at least 2 measurements. Received: {count}",
                             count=len(runs))
    runs = np.asarray(runs, dtype=float)
    work = runs[:, 0] * runs[:, 1] * runs[:, 2] * np.maximum(1.0, runs[:, 3] / REFERENCE_UNITS) ** units_exponent
    design = np.stack([np.ones_like(work), work], axis=1)
    (overhead, per_token), *_ = np.linalg.lstsq(design, runs[:, 4], rcond=None)
    return round(float(overhead), 4), float(f"{per_token:.4g}")
