"""Training helpers: ``fit`` around ``model.fit`` with progress sinks, a divergence guard and tidy history.

* :class:`ProgressSink` — the protocol any display implements (the playground, a terminal bar,
  a test spy): ``on_epoch_end(epoch, logs)`` after every epoch and ``should_stop()`` checked after
  every batch. :class:`SinkCallback` adapts a sink into a ``keras.callbacks.Callback``.
* :class:`DivergenceGuard` — stops training on the first NaN/inf loss and says where it happened.
* :func:`fit` — seeds, compiles if needed, optionally builds under a ``tf.distribute`` strategy,
  runs ``model.fit`` and returns a :class:`FitResult` whose ``history`` is a ``pandas.DataFrame``.

How long a run will take before it starts: :func:`estimate_fit_cost` (steps, FLOPs, CPU seconds;
:mod:`tfdl.training_cost`, re-exported here).

The builders (``build_mlp``, ``build_small_cnn``) moved to :mod:`tfdl.models.mlp`, the feature
layer to :class:`tfdl.layers.FeatureExpansion` (old name ``PlaygroundFeatures``), grid prediction
(``predict_grid``, ``hidden_outputs``) to :mod:`tfdl.interpret.decision`; they are re-exported
here so existing imports keep working. Transfer learning (:func:`transfer`, :func:`unfreeze_top`) lives in
:mod:`tfdl.transfer`, re-exported here.

Example:
    >>> from tfdl.data import make_toy2d
    >>> from tfdl.training import build_mlp, fit
    >>> (x, y), (xt, yt) = make_toy2d("circle", 200)
    >>> result = fit(build_mlp((8,), features=("x1", "x2")), x, y, epochs=2, learning_rate=0.03)
    >>> result.history.shape[0]
    2
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import sys
import time
from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

import keras
import numpy as np

from tfdl._compat import drop_custom_gradients, releasing_custom_gradients
from tfdl.errors import TfdlValueError
from tfdl.interpret.decision import hidden_outputs, predict_grid
from tfdl.layers.features import FEATURE_NAMES as PLAYGROUND_FEATURES
from tfdl.layers.features import FeatureExpansion, PlaygroundFeatures
from tfdl.models.mlp import MLP_ACTIVATIONS, MLP_INITIALIZERS, build_mlp, build_small_cnn
from tfdl.seeding import check_seed, seeded
from tfdl.training_cost import FitCost, ModelProfile, estimate_fit_cost, forward_flops, profile_model
from tfdl.transfer import BASE_NAME, trainable_params, transfer, tunable_layers, unfreeze_top
from tfdl.validation import int_min_error

__all__ = [
    "ProgressSink",
    "TerminalProgress",
    "EpochTick",
    "SinkCallback",
    "DivergenceGuard",
    "FitResult",
    "loss_trend",
    "set_seed",
    "release_memory",
    "reinitialize_weights",
    "fit",
    "Evaluation",
    "evaluate",
    "NeuronMaps",
    "neuron_maps",
    "to_keras_bytes",
    "digits_model",
    "parse_hidden",
    "FitCost",
    "ModelProfile",
    "estimate_fit_cost",
    "forward_flops",
    "profile_model",
    "PLAYGROUND_FEATURES",
    "PlaygroundFeatures",
    "FeatureExpansion",
    "MLP_ACTIVATIONS",
    "MLP_INITIALIZERS",
    "build_mlp",
    "build_small_cnn",
    "hidden_outputs",
    "predict_grid",
    "BASE_NAME",
    "transfer",
    "unfreeze_top",
    "trainable_params",
    "tunable_layers",
]


# ----------------------------------------------------------------------------- progress sinks

@runtime_checkable
class ProgressSink(Protocol):
    """What a display needs to follow training (a structural protocol: any object with these methods).

    ``on_epoch_end(epoch, logs)`` receives the 0-based epoch and the Keras logs (``loss``,
    ``accuracy``, ``val_loss``...). ``should_stop()`` is polled after every batch; return ``True``
    to end training early (a stop button). A sink may also define ``on_train_begin(epochs)``.

    Example:
        >>> class Printer:
        ...     def on_epoch_end(self, epoch, logs): print(epoch, round(logs["loss"], 2))
        ...     def should_stop(self): return False
        >>> isinstance(Printer(), ProgressSink)
        True
    """

    def on_epoch_end(self, epoch: int, logs: dict) -> None: ...

    def should_stop(self) -> bool: ...


class TerminalProgress:
    """A :class:`ProgressSink` that draws a one-line bar on a terminal (``stream``, default stderr).

    Example:
        >>> sink = TerminalProgress(width=10)
        >>> sink.on_train_begin(2)
    """

    def __init__(self, width: int = 30, stream=None):
        self.width = width
        self.stream = stream
        self.epochs = None

    def on_train_begin(self, epochs: int) -> None:
        self.epochs = epochs

    def on_epoch_end(self, epoch: int, logs: dict) -> None:
        stream = self.stream or sys.stderr
        total = self.epochs or (epoch + 1)
        done = int(self.width * (epoch + 1) / total)
        metrics = "  ".join(f"{k}={v:.4g}" for k, v in logs.items() if isinstance(v, (int, float)))
        end = "\n" if epoch + 1 >= total else ""
        stream.write(f"\r[{'#' * done}{'.' * (self.width - done)}] {epoch + 1}/{total}  {metrics}{end}")
        stream.flush()

    def should_stop(self) -> bool:
        return False


class EpochTick:
    """A :class:`ProgressSink` that calls ``tick(epoch, logs)`` after every epoch and never stops
    training: what an experiment that trains several models needs to report progress.

    Example:
        >>> seen = []
        >>> sink = EpochTick(lambda epoch, logs: seen.append(epoch))
        >>> sink.on_epoch_end(0, {"loss": 1.0}); seen, sink.should_stop()
        ([0], False)
    """

    def __init__(self, tick):
        self.tick = tick

    def on_epoch_end(self, epoch: int, logs: dict) -> None:
        self.tick(epoch, logs)

    def should_stop(self) -> bool:
        return False


class SinkCallback(keras.callbacks.Callback):
    """Adapts any :class:`ProgressSink` into a Keras callback.

    Args:
        sink: an object with ``on_epoch_end(epoch, logs)`` and ``should_stop()``.
        epochs: total epochs, forwarded to ``sink.on_train_begin`` if the sink has it.

    Example:
        >>> SinkCallback(TerminalProgress()).sink.width
        30
    """

    def __init__(self, sink, epochs: int | None = None):
        super().__init__()
        if not callable(getattr(sink, "on_epoch_end", None)) or not callable(getattr(sink, "should_stop", None)):
            raise TfdlValueError(
                "sink_methods",
                "`sink` must have on_epoch_end(epoch, logs) and should_stop() methods. Received: sink={sink!r}",
                sink=sink,
            )
        self.sink = sink
        self.epochs = epochs
        self.stopped = False

    def on_train_begin(self, logs=None):
        begin = getattr(self.sink, "on_train_begin", None)
        if callable(begin):
            begin(self.epochs)

    def on_train_batch_end(self, batch, logs=None):
        if self.sink.should_stop():
            self.stopped = True
            self.model.stop_training = True

    def on_epoch_end(self, epoch, logs=None):
        self.sink.on_epoch_end(epoch, {k: float(v) for k, v in (logs or {}).items()})
        if self.sink.should_stop():
            self.stopped = True
            self.model.stop_training = True


class _ReleaseSeed(keras.callbacks.Callback):
    """Releases :func:`tfdl.seeding.seeded`'s lock when training begins: Keras has built the model,
    drawn its weights and created the shuffled dataset (its op seeds fixed) before ``on_train_begin``."""

    def __init__(self, hold: contextlib.ExitStack):
        super().__init__()
        self.hold = hold

    def on_train_begin(self, logs=None):
        self.hold.close()


class DivergenceGuard(keras.callbacks.Callback):
    """Stops training when the loss becomes NaN/inf, or explodes past ``max_ratio`` × its first value.

    Keras' own ``TerminateOnNaN`` stops too, but does not tell the caller; this guard keeps
    ``diverged``, ``epoch``, ``batch``, ``value`` and a ``message`` for :class:`FitResult`.
    Softmax + cross-entropy losses rarely reach NaN (Keras computes them from the logits), they
    explode instead, hence the ratio test.

    Args:
        monitor: the log entry watched (``"loss"``).
        max_ratio: stop when ``loss > max_ratio · loss_first_batch`` (``None``: only NaN/inf).

    Example:
        >>> DivergenceGuard().diverged
        False
    """

    def __init__(self, monitor: str = "loss", max_ratio: float | None = 1e3):
        super().__init__()
        if max_ratio is not None and not max_ratio > 1:
            raise TfdlValueError(
                "max_ratio",
                "`max_ratio` must be > 1 or None. Received: max_ratio={max_ratio!r}",
                max_ratio=max_ratio,
            )
        self.monitor = monitor
        self.max_ratio = max_ratio
        self.diverged = False
        self.epoch = None
        self.batch = None
        self.value = None
        self.first = None
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def _check(self, logs, batch=None):
        value = (logs or {}).get(self.monitor)
        if value is None or self.diverged:
            return
        value = float(value)
        exploded = False
        if math.isfinite(value):
            if self.first is None:
                self.first = max(abs(value), 1e-12)
            exploded = self.max_ratio is not None and value > self.max_ratio * self.first
        if not math.isfinite(value) or exploded:
            self.diverged, self.epoch, self.batch, self.value = True, self._epoch, batch, value
            self.model.stop_training = True

    def on_train_batch_end(self, batch, logs=None):
        self._check(logs, batch)

    def on_epoch_end(self, epoch, logs=None):
        self._check(logs)

    @property
    def error(self) -> TfdlValueError | None:
        """The explanation as a :class:`~tfdl.errors.TfdlValueError` (a code and its numbers, so an
        application can say it in another language); not raised. ``None`` while not diverged."""
        if not self.diverged:
            return None
        epoch = self.epoch + 1
        if not math.isfinite(self.value):
            if self.batch is None:
                return TfdlValueError("training_diverged_nonfinite_epoch",
                                      "Training diverged: the loss became {value} at epoch {epoch}. Lower the "
                                      "learning rate, normalise the inputs or add batch norm.",
                                      value=str(self.value), epoch=epoch)
            return TfdlValueError("training_diverged_nonfinite",
                                  "Training diverged: the loss became {value} at epoch {epoch}, batch {batch}. "
                                  "Lower the learning rate, normalise the inputs or add batch norm.",
                                  value=str(self.value), epoch=epoch, batch=self.batch + 1)
        numbers = dict(value=f"{self.value:.3g}", ratio=f"{self.max_ratio:g}", first=f"{self.first:.3g}", epoch=epoch)
        if self.batch is None:
            return TfdlValueError("training_diverged_exploded_epoch",
                                  "Training diverged: the loss exploded to {value} (more than {ratio}× its first "
                                  "value {first}) at epoch {epoch}. Lower the learning rate, normalise the inputs "
                                  "or add batch norm.", **numbers)
        return TfdlValueError("training_diverged_exploded",
                              "Training diverged: the loss exploded to {value} (more than {ratio}× its first "
                              "value {first}) at epoch {epoch}, batch {batch}. Lower the learning rate, normalise "
                              "the inputs or add batch norm.", **numbers, batch=self.batch + 1)

    @property
    def message(self) -> str | None:
        """The explanation in English (``str(self.error)``), ``None`` while not diverged."""
        return None if self.error is None else str(self.error)


def loss_trend(losses: Iterable[float], min_epochs: int = 4) -> str:
    """What a loss curve did, epoch by epoch: ``"ok"``, ``"nonfinite"``, ``"exploding"`` or ``"oscillating"``.

    Rules, in this order (``L_t`` the loss after epoch ``t``, ``Δ_t = L_t − L_(t−1)``):

    - ``"nonfinite"``: some ``L_t`` is NaN or infinite;
    - ``"exploding"``: ``L_last > 1.5·L_first`` (training made things worse);
    - ``"oscillating"``: the curve bounces instead of falling: at least 40 % of the epochs raise the
      loss, the path ``Σ|Δ_t|`` is more than 3× the net change ``|L_last − L_first|``, and the
      bounces are large, ``mean|Δ_t| > 5 %`` of the mean loss (tiny noise at convergence is not
      a bounce). Too large a learning rate does this: each step jumps across the valley.

    Curves shorter than ``min_epochs`` are ``"ok"`` unless non-finite or exploding.

    Example:
        >>> loss_trend([1.0, 0.8, 0.6, 0.5]), loss_trend([0.7, 0.9, 0.6, 1.0, 0.65, 0.95])
        ('ok', 'oscillating')
    """
    values = [float(v) for v in losses]
    if not all(math.isfinite(v) for v in values):
        return "nonfinite"
    if len(values) >= 2 and values[-1] > 1.5 * values[0]:
        return "exploding"
    if len(values) < max(int(min_epochs), 2):
        return "ok"
    deltas = [b - a for a, b in zip(values, values[1:])]
    rises = sum(d > 0 for d in deltas) / len(deltas)
    path = sum(abs(d) for d in deltas)
    net = abs(values[-1] - values[0])
    mean_loss = sum(abs(v) for v in values) / len(values)
    bouncing = rises >= 0.4 and path > 3 * net and path / len(deltas) > 0.05 * max(mean_loss, 1e-12)
    return "oscillating" if bouncing else "ok"


@dataclasses.dataclass
class FitResult:
    """What :func:`fit` returns.

    Attributes:
        model: the trained ``keras.Model``.
        history: ``pandas.DataFrame``, one row per finished epoch: ``epoch`` (1-based) and every
            logged metric (``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``...).
        diverged: the loss became NaN or inf (training was stopped there).
        message: a human explanation when ``diverged`` (else ``None``).
        divergence: the same as a :class:`~tfdl.errors.TfdlValueError` (code and numbers, for
            translation; not raised), ``None`` when not diverged.
        stopped: the sink asked to stop before the last epoch.
        seconds: wall time of ``model.fit``.
    """

    model: Any
    history: Any
    diverged: bool = False
    message: str | None = None
    stopped: bool = False
    seconds: float = 0.0
    divergence: TfdlValueError | None = None

    @property
    def epochs_run(self) -> int:
        return int(len(self.history))


def set_seed(seed: int) -> None:
    """Seed Python, numpy and the backend (``keras.utils.set_random_seed``) for reproducible runs.

    Example:
        >>> set_seed(0)
    """
    keras.utils.set_random_seed(check_seed(seed))


def release_memory() -> int:
    """Free what finished trainings left behind in this process; returns the number of custom
    gradients dropped.

    Clears Keras' global state (``keras.backend.clear_session``), drops the gradient functions that
    ``tf.custom_gradient`` registered while tracing (TensorFlow keeps each one for good, and with
    it the traced graph and every variable that graph captured: every ``model.fit`` has one),
    collects garbage and hands glibc's free heap back to the operating system. A server or a
    notebook that trains model after model stays at the memory of its largest model instead of
    the sum. :func:`fit` already drops the gradients of its own training.

    Call it between trainings, never while a function is being traced. Models still referenced
    stay usable (their traced steps have their backward pass inside).

    Example:
        >>> result = fit(build_mlp((2,), [4]), x, y, epochs=1)  # doctest: +SKIP
        >>> del result; release_memory()  # doctest: +SKIP
    """
    import ctypes
    import gc

    keras.backend.clear_session(free_memory=False)
    dropped = drop_custom_gradients()
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
    return dropped


def _default_loss(model) -> str:
    units = model.outputs[0].shape[-1] if getattr(model, "outputs", None) else None
    return "binary_crossentropy" if units == 1 else "sparse_categorical_crossentropy"


def _make_optimizer(optimizer, learning_rate, fresh: bool):
    """A ``keras.optimizers.Optimizer`` from a name, a config dict or an instance.

    Called inside ``strategy.scope()`` when a strategy is given: ``fresh=True`` re-creates an
    instance from its config there, so its variables belong to that strategy.
    """
    if isinstance(optimizer, (str, dict)):
        try:
            if isinstance(optimizer, dict):  # {"class_name": "tfdl>SGD", "config": {...}}
                import tfdl.optimizers  # noqa: F401  (registers the tfdl> optimisers)

                opt = keras.optimizers.deserialize(optimizer)
            else:
                opt = keras.optimizers.get(optimizer)
        except (ValueError, TypeError) as exc:
            raise TfdlValueError(
                "optimizer_spec_error",
                "`optimizer` must be an optimiser name, a config dict or an instance. Received: "
                "optimizer={optimizer!r} ({error})",
                optimizer=optimizer, error=exc,
            ) from exc
        if learning_rate is not None:
            opt.learning_rate = learning_rate
        return opt
    if isinstance(optimizer, keras.optimizers.Optimizer):
        if fresh:
            return keras.optimizers.deserialize(keras.optimizers.serialize(optimizer))
        return optimizer
    raise TfdlValueError(
        "optimizer_spec",
        "`optimizer` must be an optimiser name, a config dict or an instance. Received: optimizer={optimizer!r}",
        optimizer=optimizer,
    )


def _should_reinitialize(model, reinitialize) -> bool:
    if reinitialize is True or reinitialize is False:
        return reinitialize
    if getattr(model, "_tfdl_keep_weights", False):  # tfdl.transfer.transfer: pretrained weights
        return False
    optimizer = getattr(model, "optimizer", None) if getattr(model, "compiled", False) else None
    iterations = getattr(optimizer, "iterations", None)
    return iterations is None or int(keras.ops.convert_to_numpy(iterations)) == 0


def reinitialize_weights(model, seed: int):
    """Re-draw every weight of ``model`` in place, as a fresh build under ``seed`` would.

    The model is re-created from its config (``keras.models.clone_model``) after
    ``keras.utils.set_random_seed(seed)``: its unseeded initialisers and dropout generators take
    their seeds from the seeded Python generator, so the same ``seed`` always gives the same
    weights. The clone's weights and random-generator states are then assigned to ``model``
    (same object, so callers that hold it see the new weights). A compiled model gets a fresh
    optimiser from its compile config.

    Args:
        model: a built functional or sequential ``keras.Model`` (or a subclassed model that
            implements ``get_config``).
        seed: integer >= 0.

    Returns:
        ``model``.

    Example:
        >>> from tfdl.models.mlp import build_mlp
        >>> m = build_mlp((3,))
        >>> a = reinitialize_weights(m, 1).get_weights()[0].copy()
        >>> b = reinitialize_weights(m, 1).get_weights()[0]
        >>> bool((a == b).all())
        True
    """
    try:
        with seeded(seed):  # the lock: another thread's seeding cannot interleave with these draws
            fresh = keras.models.clone_model(model)
    except Exception as exc:
        raise TfdlValueError(
            "reinitialize_config",
            "`model` could not be re-created from its config to draw its weights from `seed`; pass a builder "
            "(`fit(lambda: make_model(), ...)`) or `reinitialize=False`. Received: model={model_name!r} "
            "({error_type}: {error})",
            model_name=model.name, error_type=type(exc).__name__, error=exc,
        ) from exc
    old_vars, new_vars = _layer_variables(model), _layer_variables(fresh)
    if [tuple(v.shape) for v in old_vars] != [tuple(v.shape) for v in new_vars]:
        raise TfdlValueError(
            "reinitialize_variables",
            "`model` re-created from its config has other variables than the model; pass a builder or "
            "`reinitialize=False`. Received: model={model_name!r}",
            model_name=model.name,
        )
    for old, new in zip(old_vars, new_vars):
        old.assign(new)
    if getattr(model, "compiled", False):
        model.compile_from_config(model.get_compile_config())
    return model


def _layer_variables(model):
    """Every layer's variables (weights, BN statistics, random-generator states) in layer order."""
    out = []
    for layer in model._flatten_layers(include_self=False, recursive=True):
        own = {id(v) for sub in layer._flatten_layers(include_self=False) for v in sub.variables}
        out.extend(v for v in layer.variables if id(v) not in own)
    return out



def _logs_as_vectors(model) -> None:
    """Return the step logs as 1-element vectors so Keras can average them across workers.

    Keras 3.15 reduces every log of a step with ``strategy.reduce("MEAN", v, axis=0)`` under
    ``MultiWorkerMirroredStrategy``, which fails on the scalar logs a step returns ("Invalid
    reduction dimension 0 for input with 0 dimensions"). Shape ``(1,)`` logs reduce to the
    scalar mean over all workers, so every worker logs the same loss.
    """
    train_step, test_step = model.train_step, model.test_step

    def as_vectors(logs):
        return keras.tree.map_structure(lambda v: keras.ops.reshape(v, (1,)), logs)

    model.train_step = lambda data: as_vectors(train_step(data))
    model.test_step = lambda data: as_vectors(test_step(data))


def fit(
    model,
    x,
    y=None,
    *,
    epochs: int = 10,
    batch_size: int | None = 32,
    validation_data=None,
    validation_split: float = 0.0,
    sink=None,
    seed: int | None = 0,
    strategy=None,
    optimizer="adam",
    learning_rate: float | None = None,
    loss=None,
    metrics: Iterable = ("accuracy",),
    callbacks: Iterable = (),
    shuffle: bool = True,
    verbose: int = 0,
    max_loss_ratio: float | None = 1e3,
    steps_per_execution: int = 1,
    jit_compile="auto",
    reinitialize="auto",
    **fit_kwargs,
) -> FitResult:
    """Train with ``model.fit``, reporting to a sink, guarding against divergence, history as a table.

    ``model`` may be a ``keras.Model`` or a zero-argument builder (called under ``strategy.scope()``
    when a ``tf.distribute`` strategy is given, so its variables are mirrored). An uncompiled model
    is compiled with ``optimizer`` (a name, a config dict or an instance; ``learning_rate`` sets the
    step of a name or dict), ``loss`` (default: binary cross-entropy for one sigmoid output, else
    sparse categorical) and ``metrics``. Under a ``strategy`` the optimiser is built inside
    ``strategy.scope()``: an instance is re-created there from its config (its state is not kept).

    **One seed fixes the whole run.** With ``seed`` given, the Python, numpy and backend generators
    are seeded, then the weights are drawn from that seed: a builder is called after seeding, and a
    model that was built but never trained (no optimiser step yet) has its variables re-drawn in
    place (``reinitialize="auto"``: the layers are re-created from their configs under the seed,
    and the new weights and dropout generator states are copied into ``model``). Shuffling and
    dropout then follow the same seed, so two calls with the same seed give the same history and
    weights. A model that was already trained, or made by :func:`transfer`, keeps its weights; pass
    ``reinitialize=False`` to keep pretrained weights of a fresh, uncompiled model, ``True`` to
    always start over.

    Args:
        model: ``keras.Model`` or a callable returning one.
        x: inputs (array) or a ``tf.data.Dataset`` of ``(x, y)`` batches (then ``y=None``).
        y: targets.
        epochs: number of epochs (>= 1).
        batch_size: mini-batch size (ignored for datasets).
        validation_data: ``(x_val, y_val)`` evaluated after each epoch.
        validation_split: share of ``x`` held out instead of ``validation_data``.
        sink: a :class:`ProgressSink` (app, terminal bar...), a list of them, or ``None``; a sink that
            is a ``keras.callbacks.Callback`` (:class:`tfdl.gradflow.GradientFlow`) is added as one.
        seed: seeds numpy/python/backend before building and fitting (``None``: leave as is).
        strategy: optional ``tf.distribute.Strategy``.
        optimizer: used only when the model is not compiled yet.
        learning_rate: step size of ``optimizer`` when given by name.
        loss: loss for compiling (see above).
        metrics: metrics for compiling.
        callbacks: extra Keras callbacks.
        shuffle: shuffle the training arrays every epoch.
        verbose: Keras verbosity (0 silent).
        max_loss_ratio: see :class:`DivergenceGuard` (``None``: stop only on NaN/inf).
        steps_per_execution: batches per compiled call when compiling here (fewer Python
            round trips; callbacks then see every n-th batch).
        jit_compile: XLA when compiling here (Keras' ``"auto"`` leaves it off on CPU).
        reinitialize: ``"auto"`` (re-draw the weights of a built, untrained model from ``seed``),
            ``True`` (always, also resetting a compiled model's optimiser) or ``False`` (never).
        **fit_kwargs: passed to ``model.fit``.

    Returns:
        :class:`FitResult` (``model``, ``history`` DataFrame, ``diverged``, ``message``,
        ``stopped``, ``seconds``).

    Example:
        >>> import numpy as np
        >>> x, y = np.random.rand(64, 2).astype("float32"), np.random.randint(0, 2, 64)
        >>> fit(build_mlp((4,)), x, y, epochs=1).history.columns.tolist()
        ['epoch', 'accuracy', 'loss']
    """
    import pandas as pd

    if not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise int_min_error("epochs", epochs, 1)
    if batch_size is not None and (not isinstance(batch_size, (int, np.integer)) or batch_size < 1):
        raise int_min_error("batch_size", batch_size, 1)
    if learning_rate is not None and not (isinstance(learning_rate, (int, float)) and learning_rate > 0):
        raise TfdlValueError(
            "number_positive",
            "`{name}` must be a number > 0. Received: {name}={value!r}",
            name="learning_rate", value=learning_rate,
        )
    if reinitialize not in ("auto", True, False):
        raise TfdlValueError(
            "reinitialize_choice",
            "`reinitialize` must be 'auto', True or False. Received: reinitialize={reinitialize!r}",
            reinitialize=reinitialize,
        )
    # one lock from seeding until training begins: model, weights and fit's shuffling draw from the
    # seeded generators as one step (tfdl.seeding); _ReleaseSeed lets go once the draws are fixed
    seed_hold = contextlib.ExitStack()
    try:
        if seed is not None:
            seed_hold.enter_context(seeded(seed))
            if isinstance(model, keras.Model) and _should_reinitialize(model, reinitialize):
                reinitialize_weights(model, seed)

        def build_and_compile():
            m = model if isinstance(model, keras.Model) else model()
            if not isinstance(m, keras.Model):
                raise TfdlValueError(
                    "model_builder",
                    "`model` must be a keras.Model or a builder returning one. Received: {model!r}",
                    model=m,
                )
            if not m.compiled:
                opt = _make_optimizer(optimizer, learning_rate, fresh=strategy is not None)
                m.compile(optimizer=opt,
                          loss=loss or _default_loss(m), metrics=list(metrics),
                          steps_per_execution=steps_per_execution, jit_compile=jit_compile)
            return m

        if strategy is not None:
            with strategy.scope():
                m = build_and_compile()
            import tensorflow as tf

            if isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy):
                from tfdl._compat import build_from_one_replica

                build_from_one_replica(m, strategy)  # Keras 3.15 cannot build from a multi-worker batch
                _logs_as_vectors(m)
        else:
            m = build_and_compile()

        guard = DivergenceGuard(max_ratio=max_loss_ratio)
        cbs = [_ReleaseSeed(seed_hold), guard]
        for one in sink if isinstance(sink, (list, tuple)) else [sink] if sink is not None else []:
            if isinstance(one, keras.callbacks.Callback):  # a sink that is a callback too (GradientFlow)
                cbs.append(one)
                continue
            cbs.append(SinkCallback(one, epochs=int(epochs)))
        cbs.extend(callbacks)

        kwargs = dict(epochs=int(epochs), callbacks=cbs, verbose=verbose, **fit_kwargs)
        if y is not None:  # arrays; a tf.data.Dataset brings its own batching and shuffling
            kwargs.update(y=y, batch_size=batch_size, shuffle=shuffle)
        else:
            kwargs["shuffle"] = False
        if validation_data is not None:
            kwargs["validation_data"] = validation_data
        elif validation_split:
            kwargs["validation_split"] = validation_split
        start = time.perf_counter()
        with releasing_custom_gradients():  # else the traced step keeps the model alive (release_memory)
            history = m.fit(x, **kwargs)
    finally:
        seed_hold.close()
    seconds = time.perf_counter() - start

    table = pd.DataFrame(history.history)
    table.insert(0, "epoch", np.arange(1, len(table) + 1))
    return FitResult(
        model=m,
        history=table,
        diverged=guard.diverged,
        message=guard.message,
        divergence=guard.error,
        stopped=bool(any(getattr(c, "stopped", False) for c in cbs if isinstance(c, SinkCallback))
                     and len(table) < epochs),
        seconds=seconds,
    )


# ----------------------------------------------------------------------------- after training

@dataclasses.dataclass
class Evaluation:
    """What :func:`evaluate` returns.

    Attributes:
        probabilities: the model's outputs on ``x`` (``(N, 1)`` sigmoid or ``(N, K)`` softmax).
        predictions: the predicted classes ``(N,)``, ``None`` when an output is NaN or inf.
        accuracy: share of ``predictions == y`` (NaN when the outputs are not finite).
    """

    probabilities: np.ndarray
    predictions: np.ndarray | None
    accuracy: float

    @property
    def finite(self) -> bool:
        return self.predictions is not None


def evaluate(model, x, y, batch_size: int = 256) -> Evaluation:
    """Predicted classes and accuracy of a classifier on ``(x, y)``; a diverged model gives NaN.

    ``prediction = 1[p > 0.5]`` for one sigmoid output, ``argmax_k p_k`` otherwise;
    ``accuracy = mean(prediction == y)``.

    Args:
        model: a trained ``keras.Model``.
        x: inputs.
        y: integer labels ``(N,)``.
        batch_size: batch size of ``model.predict``.

    Returns:
        :class:`Evaluation` (``probabilities``, ``predictions``, ``accuracy``).

    Example:
        >>> import numpy as np
        >>> from tfdl.training import build_mlp
        >>> m = build_mlp((), features=("x1", "x2"))
        >>> 0.0 <= evaluate(m, np.zeros((4, 2)), np.array([0, 1, 0, 1])).accuracy <= 1.0
        True
    """
    y = np.asarray(y).ravel()
    if len(y) != len(x):
        raise TfdlValueError("evaluate_lengths", "`x` and `y` must have the same length. Received: {nx} and {ny}",
                             nx=len(x), ny=len(y))
    probs = np.asarray(model.predict(x, batch_size=batch_size, verbose=0))
    if not np.isfinite(probs).all():
        return Evaluation(probs, None, float("nan"))
    if probs.ndim == 1 or probs.shape[-1] == 1:
        pred = (probs.reshape(len(probs)) > 0.5).astype("int64")
    else:
        pred = probs.argmax(axis=-1)
    return Evaluation(probs, pred, float(np.mean(pred == y)) if len(y) else float("nan"))


@dataclasses.dataclass
class NeuronMaps:
    """What :func:`neuron_maps` returns: a 2-D classifier's picture over the plane.

    Attributes:
        xx, yy: grid coordinates ``(R, R)``.
        p: probability of class 1 ``(R, R)``.
        outputs: ``{"features": (R·R, F), "hidden1_act": (R·R, units), ...}``: the input features
            then each hidden layer's own output on the grid; empty when ``p`` is not finite.
    """

    xx: np.ndarray
    yy: np.ndarray
    p: np.ndarray
    outputs: dict

    @property
    def grid_shape(self) -> tuple:
        return self.xx.shape


def neuron_maps(model, resolution: int = 40, extent: float = 6.0) -> NeuronMaps:
    """The decision map and every hidden neuron's output over ``[−extent, extent]²``
    (a :func:`build_mlp` model), as the Train page draws them.

    Args:
        model: a model mapping ``(N, 2)`` points to the probability of class 1, built by
            :func:`build_mlp` (its layers ``features`` and ``hidden<i>_act`` are read).
        resolution: grid points per side (>= 2).
        extent: half-width of the square.

    Returns:
        :class:`NeuronMaps`.

    Example:
        >>> from tfdl.training import build_mlp
        >>> maps = neuron_maps(build_mlp((3,), features=("x1", "x2")), resolution=4)
        >>> maps.p.shape, list(maps.outputs)
        ((4, 4), ['features', 'hidden1_act'])
    """
    xx, yy, p = predict_grid(model, extent=extent, resolution=resolution)
    outputs = {}
    if np.isfinite(p).all():
        grid = np.stack([xx.ravel(), yy.ravel()], axis=1)
        outputs = {**hidden_outputs(model, grid, suffix="features"), **hidden_outputs(model, grid)}
    return NeuronMaps(xx, yy, p, outputs)


def to_keras_bytes(model) -> bytes:
    """The model saved as a ``.keras`` file (a zip archive), as bytes (for a download button).

    Example:
        >>> from tfdl.training import build_mlp
        >>> to_keras_bytes(build_mlp((2,)))[:2]
        b'PK'
    """
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.keras")
        model.save(path)
        with open(path, "rb") as fh:
            return fh.read()


def digits_model(name: str, image_size: int, classes: int = 10, **small_cnn_options):
    """A fresh classifier for ``(S, S, 1)`` digit images: the small CNN or a registered model.

    ``"small_cnn"`` is :func:`build_small_cnn` with filters (16, 32) and 64 dense units; any other
    name is built by :func:`tfdl.models.create_model` with ``input_shape=(S, S, 1)``.

    Args:
        name: ``"small_cnn"`` or a registered model (``"lenet5"``...).
        image_size: ``S``.
        classes: number of classes.
        **small_cnn_options: more arguments of :func:`build_small_cnn` (``batch_norm=``,
            ``layer_norm=``...), for ``"small_cnn"`` only.

    Returns:
        An uncompiled ``keras.Model``.

    Raises:
        TfdlValueError: the model cannot take ``(S, S, 1)`` images (the reason in ``params``).

    Example:
        >>> digits_model("small_cnn", 8).output_shape
        (None, 10)
    """
    if name == "small_cnn":
        return build_small_cnn((image_size, image_size, 1), classes, filters=(16, 32), dense_units=64,
                               **small_cnn_options)
    if small_cnn_options:
        raise TfdlValueError("digits_model_options", "Only the small CNN takes {options}; {name} has its own layers.",
                             options=", ".join(sorted(small_cnn_options)), name=name)
    from tfdl.models import create_model

    try:
        return create_model(name, input_shape=(image_size, image_size, 1), classes=classes)
    except (ValueError, TypeError) as exc:
        raise TfdlValueError("digits_model_input", "{name} cannot take {size}×{size}×1 digits: {reason}",
                             name=name, size=image_size, reason=str(exc)) from exc


def parse_hidden(text: str, max_layers: int = 6, max_units: int = 64) -> tuple[int, ...]:
    """Hidden layer sizes typed as text: ``"4, 2"`` → ``(4, 2)``; ``""`` → ``()`` (no hidden layer).

    Commas or semicolons separate the layers; each size is an integer in ``1..max_units``.

    Args:
        text: the typed sizes.
        max_layers: at most this many layers.
        max_units: at most this many units per layer.

    Returns:
        A tuple of ints (for :func:`build_mlp`).

    Raises:
        TfdlValueError: anything else, naming the text received.

    Example:
        >>> parse_hidden("8; 4, 2"), parse_hidden(" ")
        ((8, 4, 2), ())
    """
    parts = [p.strip() for p in str(text).replace(";", ",").split(",")] if str(text).strip() else []
    try:
        units = tuple(int(p) for p in parts)  # an empty part ("4,,2", "4,") is not a size
    except ValueError:
        units = None
    if units is None or any(u < 1 or u > max_units for u in units) or len(units) > max_layers:
        raise TfdlValueError(
            "hidden_layers_text",
            "`hidden layers` must be up to {max_layers} comma-separated integers in 1..{max_units}, "
            "e.g. '4, 2'. Received: {text!r}", max_layers=max_layers, max_units=max_units, text=str(text))
    return units
