"""Benchmark: ``tfdl.interpret.loss_landscape`` against the point-by-point way (set_weights + evaluate).

A 21×21 grid (441 points) around the small CNN of the *Inside a network* page
(``tfdl.interpret.train_digits_cnn(8)``: conv 8 → conv 16 → dense 32) on the 1,437 training digits.

* tfdl: one traced function evaluates a row of the grid per call, the weights combined and the model
  run functionally (``model.stateless_call``); the time includes tracing, as a user pays it.
* reference: for each point ``model.set_weights(θ + αδ + βη)`` then ``model.evaluate`` (Keras'
  own loop), on an ``n×n`` sub-grid of the same points (``--naive-grid``, default 5), extrapolated
  to 441 points; the losses of both are compared at those points.

Goal: the 21×21 grid in ≤ 10 s on the project's 2-core CPU. Run:
``python benchmarks/bench_landscape.py [--repeats 2] [--naive-grid 5]`` (``--naive-grid 21``: the
whole grid point by point, about two minutes).
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

RESOLUTION = 21


def main(repeats: int = 2, naive_grid: int = 5) -> None:
    from tfdl.data import load_digits
    from tfdl.interpret import loss_landscape, random_directions, train_digits_cnn

    (x, y), _ = load_digits(size=8)
    model, _ = train_digits_cnn(8, epochs=3)

    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        land = loss_landscape(model, x, y, resolution=RESOLUTION, seed=0)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    ours = statistics.median(walls)

    delta, eta = random_directions(model, seed=0)
    theta = model.get_weights()
    position = {id(v): i for i, v in enumerate(model.trainable_variables)}
    pick = np.unique(np.linspace(0, RESOLUTION - 1, naive_grid).round().astype(int))
    model.evaluate(x, y, batch_size=1024, verbose=0)  # warm-up: Keras builds its test function once
    start, worst = time.perf_counter(), 0.0
    for i in pick:
        for j in pick:
            a, b = land.alphas[j], land.betas[i]
            model.set_weights(
                [
                    w + a * delta[position[id(v)]] + b * eta[position[id(v)]] if id(v) in position else w
                    for v, w in zip(model.weights, theta)
                ]
            )
            loss = model.evaluate(x, y, batch_size=1024, verbose=0, return_dict=True)["loss"]
            worst = max(worst, abs(loss - land.losses[i, j]) / abs(loss))
    per_point = (time.perf_counter() - start) / len(pick) ** 2
    model.set_weights(theta)
    naive = per_point * RESOLUTION**2

    print(f"loss landscape {RESOLUTION}×{RESOLUTION} of the small digits CNN on {len(x)} digits")
    print(
        f"  tfdl.interpret.loss_landscape  {ours:7.2f} s wall (runs: {', '.join(f'{w:.2f}' for w in walls)}; "
        f"CPU time {statistics.median(cpus):.2f} s)   goal ≤ 10 s: {'met' if ours <= 10 else 'NOT met'}"
    )
    print(
        f"  set_weights + evaluate         {naive:7.2f} s ({per_point * 1e3:.1f} ms/point over "
        f"{len(pick) ** 2} points{', extrapolated' if len(pick) < RESOLUTION else ''})"
    )
    print(f"  ratio tfdl / point-by-point    {ours / naive:7.3f}   (speed-up ×{naive / ours:.1f})")
    print(f"  largest relative difference of the losses at the compared points: {worst:.1e}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--naive-grid", type=int, default=5)
    args = parser.parse_args()
    main(args.repeats, args.naive_grid)
