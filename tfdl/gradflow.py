"""Gradient flow, live: per-layer gradient norms and weight/activation histograms while a model trains.

:class:`GradientFlow` is a :class:`~tfdl.training.ProgressSink` and a Keras callback: pass it to
:func:`tfdl.training.fit` (``sink=[display, flow]`` or ``callbacks=[flow]``). Before the first step
and every ``every`` steps it runs one traced TensorFlow function on a fixed probe batch (the first
``probe`` training examples): the forward pass in inference mode (dropout off, batch norm on its
running statistics, so the probe changes nothing), the loss the model was compiled with, and the
gradient of that loss with respect to every trainable weight, all on-graph. Each :class:`FlowRecord`
keeps

- ``grad_norms[layer] = sqrt(Σ_w ‖∂L/∂w‖²)`` over the layer's trainable weights ``w``;
- ``weights[layer]``: the histogram of the layer's largest weight (its kernel) and
  ``activations[layer]``: of each activation's output, as ``numpy.histogram(v, bins)`` gives it
  (``bins`` equal bins over ``[min v, max v]``, ``[v − ½, v + ½]`` when all values are equal);
- ``dead[layer]``: the share of an activation's units that are 0 on every probe example;
  ``saturated[layer]``: the share of sigmoid outputs outside ``[0.01, 0.99]`` or tanh outputs with
  ``|a| > 0.99`` (where their derivative is below 0.01);
- ``time_grads``: for a sequence input ``(N, T, F)``, ``‖∂L/∂x_t‖`` for every time step ``t``.

:func:`tfdl.diagnose.diagnose` reads the records and the loss of every step (``losses``) and names
the layer, the step and the likely cause.

Example:
    >>> import numpy as np
    >>> from tfdl.training import build_mlp, fit
    >>> x, y = np.random.rand(64, 2).astype("float32"), np.random.randint(0, 2, 64)
    >>> flow = GradientFlow(x, y, every=2)
    >>> _ = fit(build_mlp((4,)), x, y, epochs=1, batch_size=16, sink=flow)
    >>> [r.step for r in flow.records]
    [0, 2, 4]
"""

from __future__ import annotations

import dataclasses
import math

import keras
import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import int_min_error

__all__ = ["FlowRecord", "FlowLog", "GradientFlow", "SATURATING"]

SATURATING = {"sigmoid": 0.01, "tanh": 0.01}  # activation → the band near its bounds counted as saturated


@dataclasses.dataclass
class FlowRecord:
    """One look at the network: after ``step`` optimiser steps (0: before training).

    ``weights`` and ``activations`` map a layer to ``(counts, edges)`` as ``numpy.histogram`` returns them.
    """

    step: int
    loss: float
    grad_norms: dict
    weights: dict
    activations: dict
    dead: dict
    saturated: dict
    spread: dict  # max − min of each layer's kernel, ≥ 2-D only (0: all equal, e.g. zero initialisation)
    time_grads: np.ndarray | None = None


@dataclasses.dataclass
class FlowLog:
    """What a finished run leaves for :func:`tfdl.diagnose.diagnose` (no model inside: it can be kept).

    Attributes: ``records`` (:class:`FlowRecord` list), ``losses`` (the loss after each step),
    ``layers`` (the layers with weights, input to output), ``recurrent`` (those that are RNNs).
    """

    records: list
    losses: list
    layers: list
    recurrent: list


def _saturation(layer) -> str | None:
    fn = getattr(layer, "activation", None)
    name = getattr(fn, "__name__", None) or getattr(layer, "activation_name", None)
    return name if name in SATURATING else None


def _is_activation(layer) -> bool:
    if isinstance(
        layer, (keras.layers.ReLU, keras.layers.LeakyReLU, keras.layers.ELU, keras.layers.Softmax, keras.layers.PReLU)
    ):
        return True
    fn = getattr(layer, "activation", None)
    return fn is not None and getattr(fn, "__name__", "") != "linear"


class GradientFlow(keras.callbacks.Callback):
    """Records gradient norms and histograms every ``every`` steps (see the module docstring).

    Args:
        x: training inputs; the first ``probe`` rows are the probe batch.
        y: their targets.
        every: record after every ``every``-th optimiser step (>= 1), and before the first one.
        bins: histogram bins (>= 2).
        probe: rows of the probe batch (>= 1).

    Attributes:
        records: the :class:`FlowRecord` list, in step order.
        losses: the loss Keras logged after each step (the epoch's running mean, as ``fit`` shows it).
        layers: the names of the layers with trainable weights, input to output.

    Example:
        >>> GradientFlow(np.zeros((4, 2)), np.zeros(4), every=5).every
        5
    """

    def __init__(self, x, y, every: int = 10, bins: int = 20, probe: int = 64):
        super().__init__()
        for name, value, low in (("every", every, 1), ("bins", bins, 2), ("probe", probe, 1)):
            if not isinstance(value, (int, np.integer)) or value < low:
                raise int_min_error(name, value, low)
        if len(x) != len(y) or len(x) == 0:
            raise TfdlValueError(
                "gradflow_probe",
                "`x` and `y` must be non-empty and of the same length. Received: {nx} and {ny} rows",
                nx=len(x),
                ny=len(y),
            )
        self.x, self.y = np.asarray(x[:probe]), np.asarray(y[:probe])
        self.every, self.bins = int(every), int(bins)
        self.records: list[FlowRecord] = []
        self.losses: list[float] = []
        self.layers: list[str] = []
        self.recurrent: list[str] = []
        self.step = 0
        self._fn = None
        self._bound = None

    # the ProgressSink protocol: never stops training
    def should_stop(self) -> bool:
        return False

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_begin(self, logs=None):
        if self._bound is not self.model:
            self._fn, self._bound = self._trace(self.model), self.model
        if not self.records:
            self.record()

    def on_train_batch_end(self, batch, logs=None):
        self.step += 1
        self.losses.append(float((logs or {}).get("loss", float("nan"))))
        if self.step % self.every == 0 or not math.isfinite(self.losses[-1]):
            self.record()

    def on_train_end(self, logs=None):
        if self.records and self.records[-1].step != self.step:
            self.record()

    def _trace(self, model):
        import tensorflow as tf

        weighted = [layer for layer in model.layers if layer.trainable_weights]
        self.layers = [layer.name for layer in weighted]
        self.recurrent = [layer.name for layer in weighted if hasattr(layer, "cell")]
        last = model.layers[-1] if model.layers else None
        acts = [la for la in model.layers if _is_activation(la) and la is not last]
        try:  # a functional model shows its activations; a subclassed one (no graph) only its output
            probe_model = keras.Model(model.inputs, [*[a.output for a in acts], model.outputs[0]]) if acts else model
        except (AttributeError, TypeError, ValueError):
            acts, probe_model = [], model
        kinds = [_saturation(a) for a in acts]
        groups = [list(layer.trainable_weights) for layer in weighted]
        kernels = [max(g, key=lambda w: int(np.prod(w.shape))) for g in groups]
        sequence = len(self.x.shape) == 3 and np.issubdtype(self.x.dtype, np.floating)
        bins = self.bins

        def hist(v):
            # numpy.histogram of the finite values, without a boolean mask (a dynamic shape, slow to
            # trace and to run): the others are put at the lower edge, then taken out of bin 0
            v = tf.reshape(tf.cast(v, tf.float32), [-1])
            finite = tf.math.is_finite(v)
            some = tf.reduce_any(finite)
            lo = tf.where(some, tf.reduce_min(tf.where(finite, v, math.inf)), 0.0)
            hi = tf.where(some, tf.reduce_max(tf.where(finite, v, -math.inf)), 1.0)
            same = hi <= lo
            lo, hi = tf.where(same, lo - 0.5, lo), tf.where(same, hi + 0.5, hi)
            counts = tf.histogram_fixed_width(tf.where(finite, v, lo), tf.stack([lo, hi]), nbins=bins)
            others = tf.size(v, out_type=counts.dtype) - tf.reduce_sum(tf.cast(finite, counts.dtype))
            return counts - tf.one_hot(0, bins, dtype=counts.dtype) * others, lo, hi

        @tf.function(reduce_retracing=True, autograph=False)  # plain Python loops over layers: no conversion
        def probe(x, y):
            with tf.GradientTape() as tape:
                if sequence:
                    tape.watch(x)
                outs = probe_model(x, training=False)
                outs = list(outs) if acts else [outs]
                loss = model.compute_loss(x=x, y=y, y_pred=outs[-1], training=False)
            targets = [w.value for g in groups for w in g] + ([x] if sequence else [])
            grads = tape.gradient(loss, targets)
            out = {"loss": loss, "norms": [], "weights": [], "spread": [], "acts": [], "dead": [], "sat": []}
            i = 0
            for g in groups:
                gs = [tf.zeros_like(w) if d is None else d for w, d in zip(g, grads[i : i + len(g)])]
                out["norms"].append(tf.sqrt(tf.add_n([tf.reduce_sum(tf.square(tf.cast(d, tf.float32))) for d in gs])))
                i += len(g)
            for k in kernels:
                out["weights"].append(hist(k.value))
                out["spread"].append(tf.reduce_max(k.value) - tf.reduce_min(k.value))
            for a, kind in zip(outs[:-1], kinds):
                a = tf.reshape(tf.cast(a, tf.float32), [tf.shape(a)[0], -1])
                out["acts"].append(hist(a))
                out["dead"].append(tf.reduce_mean(tf.cast(tf.reduce_max(tf.abs(a), 0) <= 0, tf.float32)))
                if kind == "sigmoid":
                    sat = tf.minimum(a, 1 - a) < SATURATING["sigmoid"]
                elif kind == "tanh":
                    sat = tf.abs(a) > 1 - SATURATING["tanh"]
                else:
                    sat = tf.zeros_like(a, tf.bool)
                out["sat"].append(tf.reduce_mean(tf.cast(sat, tf.float32)))
            if sequence:
                out["time"] = tf.sqrt(tf.reduce_sum(tf.square(grads[-1]), axis=[0, 2]))
            return out

        self._acts, self._kinds, self._kernels = [a.name for a in acts], kinds, kernels
        return probe

    @property
    def log(self) -> FlowLog:
        """The records and losses so far, without the model."""
        return FlowLog(list(self.records), list(self.losses), list(self.layers), list(self.recurrent))

    def record(self) -> FlowRecord:
        """Look at the model now (after ``self.step`` steps); the record is appended and returned."""
        if self._fn is None or self._bound is not self.model:
            self._fn, self._bound = self._trace(self.model), self.model
        out = self._fn(self.x, self.y)

        def as_hist(h):
            counts, lo, hi = (np.asarray(t) for t in h)
            return counts.astype("int64"), np.linspace(float(lo), float(hi), self.bins + 1)

        rec = FlowRecord(
            step=self.step,
            loss=float(out["loss"]),
            grad_norms={n: float(v) for n, v in zip(self.layers, out["norms"])},
            weights={n: as_hist(h) for n, h in zip(self.layers, out["weights"])},
            spread={n: float(v) for n, v, k in zip(self.layers, out["spread"], self._kernels) if len(k.shape) >= 2},
            activations={n: as_hist(h) for n, h in zip(self._acts, out["acts"])},
            dead={n: float(v) for n, v in zip(self._acts, out["dead"])},
            saturated={n: float(v) for n, v, kind in zip(self._acts, out["sat"], self._kinds) if kind},
            time_grads=np.asarray(out["time"]) if "time" in out else None,
        )
        self.records.append(rec)
        return rec
