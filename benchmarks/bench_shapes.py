"""Benchmark: ``tfdl.shapes`` against building the Keras layer to read its output shape.

For the same list of configurations (Conv2D, Conv2DTranspose, MaxPooling2D; valid/same;
stride; dilation) it times, side by side in one run (warm-up first, median of repeats):

* ``tfdl.shapes.*_output_shape`` (pure Python);
* ``keras.layers.X(...)`` + ``layer.compute_output_shape(...)`` (what an engineer would do);
* ``keras.layers.X(...)`` called on a symbolic ``keras.Input`` (what a model summary does);

and checks that all three agree. Prints microseconds per configuration and the ratios.

Run: ``python benchmarks/bench_shapes.py [--repeats 5] [--configs 150]``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))


def make_configs(n: int, seed: int = 0) -> list[tuple]:
    """Valid configurations only (Keras must produce a shape for each)."""
    from tfdl import shapes

    rng = random.Random(seed)
    configs = []
    while len(configs) < n:
        kind = rng.choice(["conv", "transpose", "pool"])
        size = (rng.randint(8, 64), rng.randint(8, 64))
        k = (rng.randint(1, 5), rng.randint(1, 5))
        s = (rng.randint(1, 3), rng.randint(1, 3))
        d = (1, 1) if max(s) > 1 else (rng.randint(1, 3), rng.randint(1, 3))
        padding = rng.choice(["valid", "same"])
        try:
            if kind == "conv":
                shapes.conv_output_shape(size, k, s, padding, d)
            elif kind == "pool":
                shapes.pool_output_shape(size, k, s, padding)
        except ValueError:
            continue
        configs.append((kind, size, k, s, d, padding))
    return configs


def tfdl_shape(cfg):
    from tfdl import shapes

    kind, size, k, s, d, padding = cfg
    if kind == "conv":
        return shapes.conv_output_shape(size, k, s, padding, d)
    if kind == "transpose":
        return shapes.conv_transpose_output_shape(size, k, s, padding, None, d)
    return shapes.pool_output_shape(size, k, s, padding)


def keras_layer(cfg):
    import keras

    kind, size, k, s, d, padding = cfg
    if kind == "conv":
        return keras.layers.Conv2D(8, k, s, padding, dilation_rate=d)
    if kind == "transpose":
        return keras.layers.Conv2DTranspose(8, k, s, padding, dilation_rate=d)
    return keras.layers.MaxPooling2D(k, s, padding)


def keras_compute(cfg):
    return tuple(keras_layer(cfg).compute_output_shape((1, *cfg[1], 3))[1:3])


def keras_symbolic(cfg):
    import keras

    return tuple(keras_layer(cfg)(keras.Input((*cfg[1], 3))).shape[1:3])


def timed(fn, configs, repeats):
    for cfg in configs[:10]:  # warm-up
        fn(cfg)
    runs = []
    for _ in range(repeats):
        t = time.perf_counter()
        for cfg in configs:
            fn(cfg)
        runs.append((time.perf_counter() - t) / len(configs))
    return statistics.median(runs)


def main(repeats: int = 5, n_configs: int = 150) -> None:
    import keras  # noqa: F401  (import cost is not part of the measurement)

    configs = make_configs(n_configs)
    for cfg in configs:
        ours = tfdl_shape(cfg)
        assert ours == keras_compute(cfg) == keras_symbolic(cfg), (cfg, ours)
    t_tfdl = timed(tfdl_shape, configs, repeats)
    t_compute = timed(keras_compute, configs, repeats)
    t_symbolic = timed(keras_symbolic, configs, max(1, repeats // 2))
    print(f"{len(configs)} configurations (Conv2D / Conv2DTranspose / MaxPooling2D), all agree")
    print(f"tfdl.shapes                          : {t_tfdl * 1e6:9.1f} us per shape")
    print(f"Keras layer + compute_output_shape   : {t_compute * 1e6:9.1f} us per shape")
    print(f"Keras layer on a symbolic keras.Input: {t_symbolic * 1e6:9.1f} us per shape")
    print(f"ratio tfdl / Keras compute_output_shape = {t_tfdl / t_compute:.4f} "
          f"({t_compute / t_tfdl:.0f}x faster)")
    print(f"ratio tfdl / Keras symbolic call        = {t_tfdl / t_symbolic:.4f} "
          f"({t_symbolic / t_tfdl:.0f}x faster)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--configs", type=int, default=150)
    args = parser.parse_args()
    main(args.repeats, args.configs)
