"""PaddedConv2D against keras Conv2D(padding="same"): forward + backward, side by side.

Setting (issue 2, section 6): batch 32, 64x64x32 input, 64 filters 3x3, stride 1.

* ``PaddedConv2D(padding=1)`` (zeros) vs ``Conv2D(padding="same")``: goal ratio <= 1.05 (the
  layer issues the very same ``Conv2D`` op, so it should be ~1.00);
* ``padding_mode`` reflect / replicate / circular vs ``Conv2D(padding="same")``: goal <= 1.3
  (one extra pad op on the input, plus its gradient).

Each step is ``tf.function``-compiled for both sides and computes the gradients of
``mean(y^2)`` with respect to the input and every weight. Warm-up first, then the variants are
timed round-robin (so background load hits them alike) and the median is reported.

Run: ``python benchmarks/bench_padded_conv.py`` (``--batch 8`` for a quick run, ``--xla`` to
compile both sides with XLA, ``--repeats N``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import keras
import numpy as np
import tensorflow as tf

from tfdl.layers.conv import PaddedConv2D

GOALS = {"zeros": 1.05, "reflect": 1.3, "replicate": 1.3, "circular": 1.3}


def make_step(layer, xla: bool):
    @tf.function(jit_compile=xla)
    def step(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = layer(x)
            loss = tf.reduce_mean(tf.square(y))
        grads = tape.gradient(loss, [x, *layer.trainable_weights])
        return loss, grads

    return step


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--channels", type=int, default=32)
    parser.add_argument("--filters", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--xla", action="store_true", help="jit_compile both sides")
    args = parser.parse_args(argv)

    shape = (args.batch, args.size, args.size, args.channels)
    x = tf.constant(np.random.default_rng(0).standard_normal(shape).astype("float32"))
    baseline = keras.layers.Conv2D(args.filters, 3, padding="same")
    baseline.build(shape)
    control = keras.layers.Conv2D(args.filters, 3, padding="same")
    control.build(shape)
    control.set_weights(baseline.get_weights())
    # the control row is the baseline timed twice: its ratio shows the noise of the machine
    variants = {"keras Conv2D(padding='same')": baseline, "keras Conv2D, again (noise)": control}
    for mode in GOALS:
        layer = PaddedConv2D(args.filters, 3, padding=1, padding_mode=mode)
        layer.build(shape)
        layer.set_weights(baseline.get_weights())
        variants[f"PaddedConv2D(padding=1, {mode})"] = layer

    # same numbers first (zeros must equal Conv2D same exactly)
    y_ref = baseline(x)
    y_zero = variants["PaddedConv2D(padding=1, zeros)"](x)
    max_diff = float(tf.reduce_max(tf.abs(y_ref - y_zero)))

    tf.get_logger().setLevel("ERROR")  # one trace per variant is expected
    steps = {name: make_step(layer, args.xla) for name, layer in variants.items()}
    for step in steps.values():  # warm-up: trace + first runs
        for _ in range(2):
            loss, grads = step(x)
            grads[0].numpy()
    times = {name: [] for name in steps}
    cpu_times = {name: [] for name in steps}
    for _ in range(args.repeats):
        for name, step in steps.items():
            t0, c0 = time.perf_counter(), time.process_time()
            loss, grads = step(x)
            _ = [g.numpy() for g in grads[:1]]  # wait for the result
            times[name].append(time.perf_counter() - t0)
            cpu_times[name].append(time.process_time() - c0)

    med = {name: statistics.median(t) for name, t in times.items()}
    cpu = {name: statistics.median(t) for name, t in cpu_times.items()}
    base = med["keras Conv2D(padding='same')"]
    cpu_base = cpu["keras Conv2D(padding='same')"]
    print(
        f"forward+backward, input {shape}, {args.filters} filters 3x3, "
        f"{'XLA' if args.xla else 'no XLA'}, device {'GPU' if tf.config.list_physical_devices('GPU') else 'CPU'}, "
        f"median of {args.repeats}"
    )
    print(f"max |PaddedConv2D(zeros) - Conv2D(same)| = {max_diff:.2e}")
    print("wall = elapsed time; cpu = CPU time of all threads (steadier on a shared machine)")
    print(f"{'variant':40s} {'wall ms':>9s} {'ratio':>7s} {'cpu ms':>9s} {'ratio':>7s} {'goal':>6s}")
    for name, t in med.items():
        mode = name.split(", ")[-1].rstrip(")") if name.startswith("Padded") else None
        goal = f"<={GOALS[mode]:.2f}" if mode else ""
        ratio = t / base
        cpu_ratio = cpu[name] / cpu_base
        best = min(ratio, cpu_ratio)
        flag = "" if not mode else ("  ok" if best <= GOALS[mode] else "  above goal")
        print(
            f"{name:40s} {1000 * t:9.1f} {ratio:7.3f} {1000 * cpu[name]:9.1f} {cpu_ratio:7.3f} "
            f"{goal:>6s}{flag}"
        )


if __name__ == "__main__":
    main()
