"""Train one model on several worker processes with ``tf.distribute.MultiWorkerMirroredStrategy``.

Each worker runs the same program: it reads its place in the cluster from the ``TF_CONFIG``
environment variable, creates the strategy before any other TensorFlow work, and calls
:func:`tfdl.training.fit` with ``strategy=``. Every step, each worker computes gradients on its
share of the global batch and the workers all-reduce them, so every worker applies the same
update and all end with identical weights.

On one machine (what ``tests/experiments/test_multiworker.py`` does)::

    python -m tfdl.experiments.multiworker --local 2 --out /tmp/mw

On several machines, start the same command on each with its own ``TF_CONFIG`` (the same
``cluster`` everywhere, ``task.index`` 0, 1, ... per machine)::

    TF_CONFIG='{"cluster": {"worker": ["host0:12345", "host1:12345"]},
                "task": {"type": "worker", "index": 0}}' \\
        python -m tfdl.experiments.multiworker --out /shared/mw

Example:
    >>> configs = local_tf_configs(2)
    >>> configs[1]["task"]
    {'type': 'worker', 'index': 1}
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys

from tfdl import validation

__all__ = ["local_tf_configs", "train_worker", "run_local"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def local_tf_configs(workers: int = 2) -> list[dict]:
    """``TF_CONFIG`` dicts for ``workers`` processes on this machine (127.0.0.1, free ports).

    Args:
        workers: number of worker processes (>= 1).

    Returns:
        One dict per worker: the same ``cluster``, ``task.index`` 0, 1, ...
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise validation.int_min_error("workers", workers, 1)
    cluster = {"worker": [f"127.0.0.1:{_free_port()}" for _ in range(workers)]}
    return [{"cluster": cluster, "task": {"type": "worker", "index": i}} for i in range(workers)]


def train_worker(out_dir: str, epochs: int = 2, seed: int = 0, batch_size: int = 32) -> dict:
    """Run this process's share of a multi-worker training (reads ``TF_CONFIG``).

    Trains :func:`tfdl.models.mlp.build_mlp` on the ``circle`` toy set with
    ``fit(strategy=MultiWorkerMirroredStrategy())`` and writes ``worker{index}.npz`` (every
    weight, in order) and ``worker{index}.json`` (history, number of workers) to ``out_dir``.

    Args:
        out_dir: folder for the results (created if missing).
        epochs: epochs (>= 1).
        seed: seed of the data, the weights and the shuffling (the same on every worker).
        batch_size: global batch size, split across the workers.

    Returns:
        ``{"index", "workers", "loss"}``.
    """
    import tensorflow as tf

    # The strategy must exist before any other TensorFlow operation in this process.
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    import numpy as np

    from tfdl.data import make_toy2d
    from tfdl.models.mlp import build_mlp
    from tfdl.training import fit

    config = json.loads(os.environ.get("TF_CONFIG", "{}"))
    index = int(config.get("task", {}).get("index", 0))
    (x, y), _ = make_toy2d("circle", n_samples=512, noise=0.05, train_ratio=0.5, seed=seed)
    result = fit(lambda: build_mlp((8,), "tanh"), x, y, epochs=epochs, batch_size=batch_size,
                 seed=seed, strategy=strategy, optimizer="adam", learning_rate=0.05)
    os.makedirs(out_dir, exist_ok=True)
    weights = result.model.get_weights()
    np.savez(os.path.join(out_dir, f"worker{index}.npz"), *weights)
    info = {"index": index, "workers": strategy.num_replicas_in_sync,
            "loss": [float(v) for v in result.history["loss"]]}
    with open(os.path.join(out_dir, f"worker{index}.json"), "w") as fh:
        json.dump(info, fh)
    return info


def run_local(out_dir: str, workers: int = 2, epochs: int = 2,
              timeout: float = 300.0) -> list[dict]:
    """Start ``workers`` processes of :func:`train_worker` on 127.0.0.1 and wait for them.

    Every process is killed if one fails or ``timeout`` seconds pass.

    Returns:
        The ``worker{i}.json`` contents, in worker order.
    """
    configs = local_tf_configs(workers)
    procs = []
    try:
        for cfg in configs:
            env = {**os.environ, "TF_CONFIG": json.dumps(cfg), "CUDA_VISIBLE_DEVICES": ""}
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "tfdl.experiments.multiworker", "--out", out_dir,
                 "--epochs", str(epochs)],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            ))
        logs = []
        for i, p in enumerate(procs):
            out, _ = p.communicate(timeout=timeout)
            logs.append(out)
            os.makedirs(out_dir, exist_ok=True)
            with open(os.path.join(out_dir, f"worker{i}.log"), "w") as fh:
                fh.write(out)
            if p.returncode != 0:
                raise RuntimeError(f"worker {i} exited with {p.returncode}:\n{out[-3000:]}")
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    infos = []
    for i in range(workers):
        with open(os.path.join(out_dir, f"worker{i}.json")) as fh:
            infos.append(json.load(fh))
    return infos


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="folder for the weights and histories")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--local", type=int, default=0,
                        help="start this many workers on 127.0.0.1 instead of being one")
    args = parser.parse_args(argv)
    if args.local:
        for info in run_local(args.out, args.local, args.epochs):
            print(json.dumps(info))
    else:
        print(json.dumps(train_worker(args.out, epochs=args.epochs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
