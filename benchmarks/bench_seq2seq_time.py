"""Measure seq2seq training times and fit the playground's cost model (tfdl.experiments.seq2seq_time).

Run: ``python benchmarks/bench_seq2seq_time.py`` (a few minutes on 2 cores). Trains the
playground's seq2seq (LSTM, Bahdanau attention, embedding 16, batch 32) for a few sizes, prints
each run as ``(n_train, epochs, tokens_per_pair, units, cpu_seconds)`` (paste them into
``MEASURED``), the fitted ``(OVERHEAD_S, SECONDS_PER_TOKEN)``, and the estimate of each run
with the module's current constants next to the measured time.
"""

from __future__ import annotations

import sys

from tfdl.experiments import seq2seq_time as st

RUNS = [  # (task, n_train, epochs, min_len, max_len, units)
    ("reverse", 256, 1, 2, 6, 48),
    ("reverse", 2048, 4, 2, 6, 48),
    ("reverse", 2048, 4, 6, 10, 48),
    ("reverse", 4096, 4, 2, 6, 48),
    ("reverse", 2048, 4, 2, 6, 128),
    ("reverse", 1024, 4, 2, 6, 256),
]


WALL = "--wall" in sys.argv  # also time each run by the clock (a second run each; noisy on a busy machine)


def main(runs=RUNS):
    # the first model of a process also pays TensorFlow's and XLA's start-up (~20 s more on the
    # development machine): a server pays it once, so it is left out of the fit
    st.measure_seq2seq_seconds("reverse", 64, 1, 2, 3, 8)
    rows = []
    for task, n, epochs, lo, hi, units in runs:
        wall = st.measure_seq2seq_seconds(task, n, epochs, lo, hi, units, clock="wall") if WALL else float("nan")
        seconds = st.measure_seq2seq_seconds(task, n, epochs, lo, hi, units, clock="cpu")
        row = (n, epochs, st.mean_pair_tokens(task, lo, hi), units, round(seconds, 2))
        estimate = st.estimate_seq2seq_seconds(*row[:4])
        print(row, f"estimate {estimate:.1f} s, wall time {wall:.1f} s", flush=True)
        rows.append(row)
    print("fit (overhead, seconds_per_token):", st.fit_cost_model(rows))
    return rows


if __name__ == "__main__":
    sys.exit(main() and 0)
