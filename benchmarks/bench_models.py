"""Training throughput (images/s) of tfdl's resnet50 and vgg16 against keras.applications.

Both models of a pair get the same batch, input size, optimizer and compile settings, and are
timed side by side in one run: warm-up steps first, then the median over repeats of a timed loop
of ``train_on_batch``. Prints images/s for each and the ratio tfdl / keras (goal >= 1.0).

On CPU the defaults are small (batch 8, 64×64, 10 classes) so the run takes about 2 minutes; on
a GPU pass e.g. ``--batch 64 --size 224 --mixed-precision`` to also time mixed float16.

    python benchmarks/bench_models.py
    python benchmarks/bench_models.py --batch 64 --size 224 --steps 20 --mixed-precision
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np


def _pairs(names):
    import keras

    import tfdl.models as M

    table = {
        "resnet50": (M.resnet50, keras.applications.ResNet50),
        "vgg16": (M.vgg16, keras.applications.VGG16),
    }
    return [(n, *table[n]) for n in names]


def throughput(model, x, y, steps, repeats, warmup=2):
    """Median images/s of ``train_on_batch`` over ``repeats`` loops of ``steps`` steps."""
    for _ in range(warmup):
        model.train_on_batch(x, y)
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(steps):
            loss = model.train_on_batch(x, y)
        float(np.asarray(loss).ravel()[0])            # wait for the device
        rates.append(steps * len(x) / (time.perf_counter() - t0))
    return statistics.median(rates)


def run(names, batch, size, classes, steps, repeats, jit, policy="float32"):
    import keras

    keras.mixed_precision.set_global_policy(policy)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, size, size, 3)).astype("float32")
    y = rng.integers(0, classes, batch)
    rows = []
    for name, ours_fn, ref_fn in _pairs(names):
        results = {}
        for who, fn in (("tfdl", ours_fn), ("keras", ref_fn)):
            kwargs = dict(input_shape=(size, size, 3), classes=classes)
            if who == "keras":
                kwargs["weights"] = None
            keras.utils.set_random_seed(0)
            model = fn(**kwargs)
            model.compile(keras.optimizers.SGD(0.01, momentum=0.9),
                          "sparse_categorical_crossentropy", jit_compile=jit)
            results[who] = throughput(model, x, y, steps, repeats)
            del model
            keras.backend.clear_session()
        ratio = results["tfdl"] / results["keras"]
        rows.append((name, policy, results["tfdl"], results["keras"], ratio))
        print(f"{name:10s} {policy:14s} tfdl {results['tfdl']:9.1f} img/s   "
              f"keras.applications {results['keras']:9.1f} img/s   ratio {ratio:5.2f}", flush=True)
    keras.mixed_precision.set_global_policy("float32")
    return rows


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", nargs="+", default=["resnet50", "vgg16"],
                   choices=["resnet50", "vgg16"])
    p.add_argument("--batch", type=int, default=None)
    p.add_argument("--size", type=int, default=None)
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--steps", type=int, default=None)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--jit", choices=["auto", "true", "false"], default="auto")
    p.add_argument("--mixed-precision", action="store_true",
                   help="also time resnet50 under mixed_float16 (GPU only)")
    args = p.parse_args(argv)

    import tensorflow as tf

    gpu = bool(tf.config.list_physical_devices("GPU"))
    batch = args.batch or (64 if gpu else 8)
    size = args.size or (224 if gpu else 64)
    steps = args.steps or (20 if gpu else 4)
    jit = {"auto": "auto", "true": True, "false": False}[args.jit]
    print(f"device: {'GPU' if gpu else 'CPU'}  batch {batch}  input {size}×{size}×3  "
          f"classes {args.classes}  steps {steps} × repeats {args.repeats}  jit_compile={jit}")
    rows = run(args.models, batch, size, args.classes, steps, args.repeats, jit)
    if args.mixed_precision:
        if gpu:
            rows += run(["resnet50"], batch, size, args.classes, steps, args.repeats, jit,
                        policy="mixed_float16")
        else:
            print("mixed precision skipped: no GPU (float16 matmuls are emulated on CPU)")
    return rows


if __name__ == "__main__":
    main()
