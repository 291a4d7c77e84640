"""Benchmark: tfdl.interpret and tfdl.metrics against the TensorFlow/Keras way of doing the same.

Side by side, in one run (warm-up first, median of repeats):

* saliency: ``tfdl.interpret.saliency`` (cached probe model, pre-softmax score) vs a bare
  ``tf.GradientTape`` around ``model(x)`` — the price of the probe;
* occlusion: ``tfdl.interpret.occlusion_sensitivity`` (all occluded copies in batches) vs one
  ``model(x)`` call per mask position — the gain of batching;
* NMS: ``tfdl.metrics.non_max_suppression`` (numpy, greedy) vs ``tf.image.non_max_suppression``;
* mean IoU: ``tfdl.metrics.mean_iou`` (numpy bincount) vs ``keras.metrics.MeanIoU``.

Run: ``python benchmarks/bench_interpret.py [--repeats 5]``.
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


def timed(fn, repeats):
    fn()  # warm-up (tracing, caches)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name, ours, theirs, label):
    print(f"{name:<34} tfdl {ours * 1e3:9.2f} ms   {label:<28} {theirs * 1e3:9.2f} ms   ratio {ours / theirs:6.2f}")


def main(repeats: int = 5) -> None:
    import keras
    import tensorflow as tf

    import tfdl.interpret as I
    from tfdl import metrics as M
    from tfdl.training import build_small_cnn

    rng = np.random.default_rng(0)
    model = build_small_cnn((28, 28, 1), filters=(16, 32), dense_units=64, dropout=0.0)
    x = rng.random((28, 28, 1)).astype("float32")

    def bare_saliency():
        xt = tf.convert_to_tensor(x[None])
        with tf.GradientTape() as tape:
            tape.watch(xt)
            s = model(xt, training=False)[:, 3]
        return np.abs(tape.gradient(s, xt).numpy()).max(-1)

    report("saliency 28×28 CNN", timed(lambda: I.saliency(model, x, 3), repeats),
           timed(bare_saliency, repeats), "bare GradientTape")

    mask, stride = 6, 2

    def naive_occlusion():
        rows, cols = I.occlusion_positions((28, 28), mask, stride)
        out = np.empty((len(rows), len(cols)))
        for i, r in enumerate(rows):
            for j, q in enumerate(cols):
                xo = x.copy()
                xo[r:r + mask, q:q + mask] = x.mean()
                out[i, j] = model(xo[None], training=False).numpy()[0, 3]
        return out

    report("occlusion 28×28, m=6, s=2 (12×12)",
           timed(lambda: I.occlusion_sensitivity(model, x, 3, mask_size=mask, stride=stride), repeats),
           timed(naive_occlusion, max(1, repeats // 2)), "one model() per position")

    xy = rng.uniform(0, 100, (1000, 2))
    boxes = np.c_[xy, xy + rng.uniform(5, 30, (1000, 2))].astype("float32")
    scores = rng.random(1000).astype("float32")
    report("NMS 1000 boxes, IoU 0.5",
           timed(lambda: M.non_max_suppression(boxes, scores, 0.5, max_output_size=100), repeats),
           timed(lambda: tf.image.non_max_suppression(boxes, scores, 100, 0.5).numpy(), repeats),
           "tf.image.non_max_suppression")

    y = rng.integers(0, 21, (8, 128, 128))
    p = np.where(rng.random(y.shape) < 0.7, y, rng.integers(0, 21, y.shape))

    def keras_miou():
        metric = keras.metrics.MeanIoU(num_classes=21)
        metric.update_state(y, p)
        return float(metric.result())

    assert abs(M.mean_iou(y, p, num_classes=21) - keras_miou()) < 1e-5
    report("mean IoU 8×128×128, 21 classes", timed(lambda: M.mean_iou(y, p, num_classes=21), repeats),
           timed(keras_miou, repeats), "keras.metrics.MeanIoU")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    main(parser.parse_args().repeats)
