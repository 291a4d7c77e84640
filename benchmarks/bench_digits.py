"""Benchmark: a small CNN on the scikit-learn digits reaches >= 98% test accuracy in <= 10 s on a CPU.

Trains the same network (``tfdl.training.build_small_cnn`` on 8×8 digits, same seed so the same
initial weights) twice, side by side:
with ``tfdl.training.fit`` (divergence guard, progress sink, history table) and with plain
``model.fit``, same seed and settings; reports test accuracy, wall time (median of repeats after
a warm-up) and the ratio tfdl / Keras — the price of the guard and the sink.

Run: ``python benchmarks/bench_digits.py [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numpy as np

EPOCHS, BATCH, LR, SPE = 15, 64, 5e-3, 8


class Silent:
    """A ProgressSink doing what the app's does minus drawing: keep the logs."""

    def __init__(self):
        self.rows = []

    def on_epoch_end(self, epoch, logs):
        self.rows.append(logs)

    def should_stop(self):
        return False


def main(repeats: int = 3) -> None:
    import keras

    from tfdl.data import load_digits
    from tfdl.training import build_small_cnn, fit

    (x, y), (xt, yt) = load_digits(size=8)

    def net():
        return build_small_cnn((8, 8, 1), classes=10, filters=(16, 32), dense_units=64)

    def run_tfdl():
        t = time.perf_counter()
        result = fit(net, x, y, epochs=EPOCHS, batch_size=BATCH, learning_rate=LR, seed=0,
                     sink=Silent(), steps_per_execution=SPE, jit_compile=False)
        seconds = time.perf_counter() - t
        acc = float(np.mean(result.model.predict(xt, verbose=0).argmax(1) == yt))
        return seconds, acc

    def run_keras():
        t = time.perf_counter()
        keras.utils.set_random_seed(0)
        model = net()
        model.compile(optimizer=keras.optimizers.Adam(LR), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"], steps_per_execution=SPE, jit_compile=False)
        model.fit(x, y, epochs=EPOCHS, batch_size=BATCH, verbose=0)
        seconds = time.perf_counter() - t
        acc = float(np.mean(model.predict(xt, verbose=0).argmax(1) == yt))
        return seconds, acc

    # warm-up: first graph tracing and oneDNN kernels
    fit(net(), x[:128], y[:128], epochs=1, batch_size=BATCH, jit_compile=False)
    results = {"tfdl.training.fit": [], "keras model.fit": []}
    for r in range(repeats):  # alternate the order so neither side always runs first
        if r % 2:
            results["keras model.fit"].append(run_keras())
            results["tfdl.training.fit"].append(run_tfdl())
        else:
            results["tfdl.training.fit"].append(run_tfdl())
            results["keras model.fit"].append(run_keras())
    print(f"small CNN on 8x8 digits: {len(x)} train / {len(xt)} test, {EPOCHS} epochs, batch {BATCH}")
    med = {}
    for name, runs in results.items():
        med[name] = statistics.median(s for s, _ in runs)
        accs = [a for _, a in runs]
        print(f"{name:20s} time {med[name]:6.2f} s (median of {repeats})  test accuracy "
              f"min {min(accs):.4f} median {statistics.median(accs):.4f}")
    ratio = med["tfdl.training.fit"] / med["keras model.fit"]
    print(f"ratio tfdl / keras: {ratio:.2f}x")
    best = min(results["tfdl.training.fit"], key=lambda r: r[0])
    ok = min(a for _, a in results["tfdl.training.fit"]) >= 0.98 and med["tfdl.training.fit"] <= 10.0
    print(f"quality bar (>= 98% in <= 10 s): {'met' if ok else 'NOT met'} (best run {best[0]:.2f} s)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    main(parser.parse_args().repeats)
