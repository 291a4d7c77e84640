"""Measure word-vector training times and fit the playground's cost model (tfdl.embeddings.training).

Run: ``python benchmarks/bench_embeddings_time.py`` (about a minute on 2 cores). Trains on the
shipped English corpus (once or twice over) for a few settings, prints each run as
``(architecture, n_examples, epochs, negatives, dim, cpu_seconds)``, the least-squares
``(COST_OVERHEAD_S, COST_PER_STEP_S, COST_PER_UNIT_S)`` of
``seconds = overhead + steps · per_step + work · per_unit`` with ``steps = epochs · ⌈n / 256⌉``
(twice that for fastText) and ``work = n · epochs · (1 + k) · dim / 32``, and the module's
current estimate of each run next to the measured time. CPU seconds of the process (all
threads): the work itself, steady on a shared machine where wall times swing.
"""

from __future__ import annotations

import time

import numpy as np

from tfdl.embeddings import count_training_examples, estimate_training_seconds, load_corpus, train_word_vectors

RUNS = [  # (architecture, corpus copies, epochs, negatives, dim)
    ("skipgram", 1, 2, 5, 32),
    ("skipgram", 1, 20, 5, 32),
    ("skipgram", 2, 20, 10, 32),
    ("skipgram", 2, 20, 20, 128),
    ("skipgram", 1, 20, 5, 128),
    ("skipgram", 2, 10, 20, 256),
    ("cbow", 2, 30, 5, 32),
    ("cbow", 2, 20, 20, 128),
    ("fasttext", 1, 10, 5, 32),
    ("fasttext", 2, 10, 5, 64),
    ("fasttext", 2, 10, 20, 128),
]


BATCH = 256  # train_word_vectors' default batch size


def main(runs=RUNS):
    train_word_vectors(load_corpus("en"), epochs=1)  # TensorFlow's start-up: a server pays it once
    rows = []
    for architecture, copies, epochs, negatives, dim in runs:
        corpus = "\n".join([load_corpus("en")] * copies)
        n = count_training_examples(corpus, architecture)
        start = time.process_time()
        train_word_vectors(corpus, architecture, embedding_dim=dim, negatives=negatives, epochs=epochs)
        seconds = time.process_time() - start
        estimate = estimate_training_seconds(n, epochs, negatives, dim, architecture)
        print((architecture, n, epochs, negatives, dim, round(seconds, 2)), f"estimate {estimate:.1f} s", flush=True)
        steps = -(-n // BATCH) * epochs * (2 if architecture == "fasttext" else 1)
        rows.append((steps, n * epochs * (1 + negatives) * dim / 32, seconds))
    steps, work, seconds = np.array(rows).T
    design = np.stack([np.ones_like(work), steps, work], 1)
    (overhead, per_step, per_unit), *_ = np.linalg.lstsq(design, seconds, rcond=None)
    print(f"fit: COST_OVERHEAD_S = {overhead:.2f}, COST_PER_STEP_S = {per_step:.3g}, COST_PER_UNIT_S = {per_unit:.3g}")


if __name__ == "__main__":
    main()
