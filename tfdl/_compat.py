"""The only place where tfdl touches private TensorFlow / Keras APIs.

Each function here wraps one private entry point that has no public equivalent. The versions
they were checked on are pinned in ``CHECKED_VERSIONS``; ``tests/test_compat.py`` fails loudly
when the installed TensorFlow or Keras moves past them, so whoever upgrades re-checks these
few lines instead of discovering a silent slow path or a wrong result.
"""

from __future__ import annotations

import contextlib
import threading

# (major, minor) of the releases these private entry points were read in.
CHECKED_VERSIONS = {"tensorflow": (2, 21), "keras": (3, 15)}


def gradient_may_be_recorded() -> bool:
    """``True`` when a gradient tape may record the ops being built (i.e. training).

    TensorFlow has no public query for this; ``tensorflow.python.eager.record`` holds it.
    Falls back to ``True`` (assume training) if the private module moves.
    """
    try:
        from tensorflow.python.eager import record
    except ImportError:  # private module moved: assume a tape may record
        return True
    return bool(record.could_possibly_record())


def keras_backend_rnn_kernel(kind: str):
    """Keras's backend entry to the fused cuDNN kernels: ``lstm`` or ``gru`` of
    ``keras.src.backend`` (raises ``NotImplementedError`` where cuDNN cannot run)."""
    from keras.src import backend

    return getattr(backend, kind)


def functional_model_class():
    """``keras.src.models.functional.Functional`` (Keras exports no public name for it)."""
    from keras.src.models.functional import Functional

    return Functional


@contextlib.contextmanager
def layer_state_unlocked(layer):
    """Let a built layer add weights (as ``enable_lora`` must): Keras locks a layer's state
    tracker after ``build`` and has no public way to reopen it (``Layer._tracker``)."""
    tracker = layer._tracker
    was_locked = tracker.locked
    tracker.unlock()
    try:
        yield
    finally:
        if was_locked:
            tracker.lock()


def build_from_one_replica(model, strategy) -> None:
    """Make ``model.fit`` under ``MultiWorkerMirroredStrategy`` build from one replica's batch.

    Keras 3.15's TensorFlow trainer (``keras.src.backend.tensorflow.trainer``,
    ``_maybe_symbolic_build``) averages the first distributed batch with
    ``strategy.reduce("MEAN", (x, y))`` only to read its shapes; the collective strategy cannot
    reduce a tuple (``ValueError: Attempt to convert a value (PerReplica...)``), so ``fit``
    fails before the first step. This replaces that private method on ``model`` (this instance
    only) by one that reads the shapes from this worker's first replica, then builds as Keras
    does (``model._symbolic_build``).
    """
    import tensorflow as tf

    def local(value):
        if isinstance(value, tf.distribute.DistributedValues):
            return strategy.experimental_local_results(value)[0]
        return value

    def _maybe_symbolic_build(iterator=None, data_batch=None):
        if iterator is not None:
            for _, _, it in iterator:
                data_batch = tf.nest.map_structure(local, next(it))
                break
        with strategy.scope():
            model._symbolic_build(data_batch=data_batch)

    model._maybe_symbolic_build = _maybe_symbolic_build


def dropout_rnn_cell_class():
    """``keras.src.layers.rnn.dropout_rnn_cell.DropoutRNNCell``, the mixin that draws and caches
    an RNN cell's dropout masks (one per sequence, from the cell's ``seed_generator``).

    tfdl's cells inherit it so that they draw exactly Keras' masks, and so that
    ``keras.layers.RNN`` (which tests ``isinstance(cell, DropoutRNNCell)``) prepares and resets
    those masks around its loop as it does for Keras' own cells. Keras exports no public name.
    """
    from keras.src.layers.rnn.dropout_rnn_cell import DropoutRNNCell

    return DropoutRNNCell


def untracked_attributes():
    """A context manager (``keras.src.utils.tracking.DotNotTrackScope``) inside which variables
    assigned to layer attributes are not tracked as the layer's weights: how
    ``keras.layers.RNN`` keeps a stateful layer's ``states`` out of ``get_weights()``."""
    from keras.src.utils.tracking import DotNotTrackScope

    return DotNotTrackScope()


_CUSTOM_GRADIENT = "CustomGradient-"  # the names tf.custom_gradient registers in graph mode


def _gradient_registry() -> dict:
    """TensorFlow's global gradient registry (``ops._gradient_registry``): op type -> gradient."""
    from tensorflow.python.framework import ops

    return ops._gradient_registry._registry


def drop_custom_gradients(keep: set | frozenset = frozenset()) -> int:
    """Remove the gradient functions ``tf.custom_gradient`` registered while tracing (all but ``keep``).

    In graph mode ``tf.custom_gradient`` registers its gradient function under a fresh name and
    never removes it; the function's closure holds the traced graph, and with it every variable
    the graph captured. Keras' train step always has one (the optimiser's all-reduce under the
    default strategy), so a process that trains model after model keeps every model's weights
    and optimiser state (VGG16 at 64×64 with Adam: +0.5 GB a model). Call this only when no
    function being traced now still needs its gradient (after training, between tests; never
    while another thread trains: :func:`releasing_custom_gradients` is the thread-safe way).
    Returns how many were removed."""
    registry = _gradient_registry()
    stale = [k for k in list(registry) if k.startswith(_CUSTOM_GRADIENT) and k not in keep]
    for k in stale:
        registry.pop(k, None)
    return len(stale)


# The registry's names when each block of releasing_custom_gradients still running began (one entry a block).
_RUNNING_BLOCKS: list[frozenset] = []
_RUNNING_LOCK = threading.Lock()


@contextlib.contextmanager
def releasing_custom_gradients():
    """Drop the custom gradients registered inside the block when it ends (see
    :func:`drop_custom_gradients`): a ``model.fit`` in it leaves its model collectable.

    Thread-safe (a server trains for several sessions at once): a gradient is looked up while a
    train step is traced, so one block must not drop what another thread's trace registered and
    still needs. A block drops only the names registered since it began *and* before every other
    running block began (its own, or those of blocks that have ended); the names it leaves are
    new to some running block, which drops them when it ends, the last one standing all of them.
    """
    # list(registry) copies in one C call: a tracing thread may register a name at any moment
    with _RUNNING_LOCK:
        began = frozenset(list(_gradient_registry()))
        _RUNNING_BLOCKS.append(began)
    try:
        yield
    finally:
        with _RUNNING_LOCK:
            _RUNNING_BLOCKS.remove(began)
            registry = _gradient_registry()
            for name in list(registry):
                if (name.startswith(_CUSTOM_GRADIENT) and name not in began
                        and all(name in other for other in _RUNNING_BLOCKS)):
                    registry.pop(name, None)


@contextlib.contextmanager
def traced_without_weights():
    """``keras.StatelessScope(initialize_variables=False)``: layers built inside get variables with a
    shape and no value (nothing is allocated). Keras keeps such variables in a global list that
    the next initialising scope would fill; the list is restored on exit, so they never are."""
    import keras
    from keras.src.backend.common import global_state

    before = list(global_state.get_global_attribute("uninitialized_variables") or [])
    try:
        with keras.StatelessScope(initialize_variables=False):
            yield
    finally:
        pending = global_state.get_global_attribute("uninitialized_variables")
        if pending is not None:
            pending[:] = before
