"""Measure fit times and fit the training cost model (tfdl.training_cost), as the playground trains.

Run: ``python benchmarks/bench_fit_cost.py`` (a few minutes on 2 cores). Trains the Train page's
2-D MLP and the digits CNNs (the small CNN, LeNet-5, ResNet-20) at a few epoch counts and batch
sizes, prints each run as ``(layers, batches, epochs, flops, cpu_seconds)`` (paste them into
``MEASURED``), the fitted ``(OVERHEAD_S, SECONDS_PER_LAYER, SECONDS_PER_LAYER_BATCH, SECONDS_PER_EPOCH,
FLOPS_PER_SECOND)``,
and each run's estimate with the module's current constants next to the measured time.
"""

from __future__ import annotations

import sys

from tfdl import training_cost as tc


def _runs():
    from tfdl.data import load_digits, make_toy2d
    from tfdl.training import build_mlp, digits_model

    (x, y), val = make_toy2d("circle", n_samples=400, noise=0.0, train_ratio=0.5, seed=0)
    for hidden, epochs, batch in [
        ((4, 2), 2, 1),
        ((4, 2), 10, 1),
        ((4, 2), 5, 4),
        ((4, 2), 40, 16),
        ((4, 2), 100, 16),
        ((4, 2), 20, 128),
        ((64, 64, 64, 64), 2, 1),
        ((64, 64, 64, 64), 30, 8),
    ]:

        def mlp(hidden=hidden):
            return build_mlp(hidden, "tanh", "xavier", features=("x1", "x2"), seed=0)

        yield f"2-D MLP {hidden}, {epochs} epochs, batch {batch}", mlp, x, y, val, epochs, batch
    for name, size, epochs, batch, n in [
        ("small_cnn", 8, 1, 1, 1437),
        ("small_cnn", 8, 5, 64, 1437),
        ("small_cnn", 28, 1, 8, 1437),
        ("small_cnn", 32, 3, 64, 1437),
        ("lenet5", 32, 2, 32, 1437),
        ("lenet5", 32, 1, 1, 400),
        ("highway_mlp", 32, 2, 16, 1437),
        ("resnet20", 32, 1, 64, 256),
        ("resnet20", 32, 1, 4, 64),
    ]:
        (dx, dy), (vx, vy) = load_digits(size=size)

        def build(name=name, size=size):
            return digits_model(name, size)

        yield f"{name} {size}×{size}, {epochs} epochs, batch {batch}", build, dx[:n], dy[:n], (vx, vy), epochs, batch


def main():
    runs = list(_runs())
    # the first model of a process also pays TensorFlow's start-up: a server pays it once
    _, build, x, y, val, _, _ = runs[0]
    tc.measure_fit_seconds(build, x[:32], y[:32], 1, 32)
    constants = (
        tc.OVERHEAD_S,
        tc.SECONDS_PER_LAYER,
        tc.SECONDS_PER_LAYER_BATCH,
        tc.SECONDS_PER_EPOCH,
        1.0 / tc.FLOPS_PER_SECOND,
    )
    rows = []
    for label, build, x, y, val, epochs, batch in runs:
        row = tc.measure_fit_seconds(build, x, y, epochs, batch, validation_data=val)
        print(f"{row},  # {label}: estimate {tc._seconds(row[:4], constants):.1f} s", flush=True)
        rows.append(row)
    print("fit (overhead, per_layer, per_layer_batch, per_epoch, flops_per_second):", tc.fit_cost_model(rows))
    return rows


if __name__ == "__main__":
    sys.exit(main() and 0)
