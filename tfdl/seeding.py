"""Seeded runs that stay reproducible when several threads train at once (a server's sessions).

``keras.utils.set_random_seed`` seeds process-wide generators: Python's ``random`` (unseeded Keras
initialisers and every new layer's ``SeedGenerator`` draw their seeds from it), numpy's and
TensorFlow's global seed (the op seeds of ``model.fit``'s shuffling are fixed from it when the
dataset is built). Two students pressing Train with seeds 0 and 1 at the same moment would each
draw from the other's sequence, and "the same seed gives the same run" would fail.

:func:`seeded` holds one process-wide lock from the seeding until the block ends, so seeding and
everything that draws from the seeded generators (building the model, drawing its weights,
creating ``fit``'s dataset) happens as one step per thread. ``tfdl.training.fit`` releases the lock
when training begins (the random draws are fixed by then), so trainings still run side by side.

Code that draws without a seed (an unseeded build) does not take the lock and can still shift a
seeded sequence that runs at the same moment; every seeded path in tfdl goes through here.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import numpy as np

from tfdl.validation import int_min_error

__all__ = ["seeded", "check_seed", "SEED_LOCK"]

#: the process-wide lock :func:`seeded` holds (re-entrant: a seeded block may call another)
SEED_LOCK = threading.RLock()


def check_seed(seed) -> int:
    """``seed`` as an ``int`` >= 0, else a ``ValueError`` naming it.

    Example:
        >>> check_seed(3)
        3
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise int_min_error("seed", seed, 0)
    return int(seed)


@contextlib.contextmanager
def seeded(seed: int | None) -> Iterator[None]:
    """Seed Python, numpy and TensorFlow with ``seed`` and hold the seed lock until the block ends.

    ``seed=None`` seeds nothing and takes no lock (an unseeded run).

    Args:
        seed: integer >= 0, or ``None``.

    Example:
        >>> import keras
        >>> with seeded(0):
        ...     a = keras.random.normal((2,), seed=None)
        >>> with seeded(0):
        ...     b = keras.random.normal((2,), seed=None)
        >>> bool((a == b).numpy().all())
        True
    """
    if seed is None:
        yield
        return
    seed = check_seed(seed)
    import keras

    with SEED_LOCK:
        keras.utils.set_random_seed(seed)
        yield
