"""Benchmark: the price of watching the gradients. Training time with ``tfdl.gradflow.GradientFlow``
(about 25 records per run, as the Train page records) vs without, same model, data and seed.

Two cases, as the Train page trains them: the 2-D MLP (``(4, 2)`` tanh, 200 points, batch 16,
50 epochs) and the small CNN on 8×8 digits (batch 64, 10 epochs). Each side runs ``--repeats``
times, alternating which goes first; the script prints the median wall and CPU seconds
(``time.process_time``: the machine is shared, wall time is noisy) and the ratio with/without.
Goal: overhead ≤ 15 % (ratio ≤ 1.15).

Run: ``python benchmarks/bench_gradflow.py [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

RECORDS = 25  # playground.app_pages.train.gradflow.RECORDS


def _cases():
    from tfdl.data import load_digits, make_toy2d
    from tfdl.training import build_mlp, digits_model

    (x, y), _ = make_toy2d("circle", n_samples=400, train_ratio=0.5, seed=0)
    yield "2-D MLP (4, 2), 50 epochs, batch 16", lambda: build_mlp((4, 2), "tanh", seed=0), x, y, 50, 16
    (dx, dy), _ = load_digits(size=8)
    yield "small CNN 8×8 digits, 10 epochs, batch 64", lambda: digits_model("small_cnn", 8), dx, dy, 10, 64


def _run(build, x, y, epochs, batch, watch: bool):
    from tfdl.gradflow import GradientFlow
    from tfdl.training import fit

    flow = None
    if watch:
        steps = -(-len(x) // batch) * epochs
        flow = GradientFlow(x, y, every=max(1, steps // RECORDS), probe=64)
    wall, cpu = time.perf_counter(), time.process_time()
    fit(build(), x, y, epochs=epochs, batch_size=batch, learning_rate=0.01, seed=0, sink=flow, jit_compile=False)
    return time.perf_counter() - wall, time.process_time() - cpu, (len(flow.records) if flow else 0)


def main(repeats: int = 3) -> None:
    for name, build, x, y, epochs, batch in _cases():
        _run(build, x[:64], y[:64], 1, batch, True)  # warm-up: first tracing, oneDNN kernels
        times = {False: [], True: []}
        records = 0
        for r in range(repeats):
            for watch in (False, True) if r % 2 == 0 else (True, False):
                wall, cpu, n = _run(build, x, y, epochs, batch, watch)
                times[watch].append((wall, cpu))
                records = max(records, n)
        med = {w: (statistics.median(t[0] for t in v), statistics.median(t[1] for t in v)) for w, v in times.items()}
        print(f"{name}: {records} records")
        print(f"  without  wall {med[False][0]:6.2f} s  cpu {med[False][1]:6.2f} s")
        print(f"  with     wall {med[True][0]:6.2f} s  cpu {med[True][1]:6.2f} s")
        print(
            f"  ratio    wall {med[True][0] / med[False][0]:.3f}  cpu {med[True][1] / med[False][1]:.3f}  (goal ≤ 1.15)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    main(parser.parse_args().repeats)
