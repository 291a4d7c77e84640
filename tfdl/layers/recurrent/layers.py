"""The recurrent layers: ``SimpleRNN``, ``LSTM``, ``GRU`` run their cell over a sequence.

See the package docstring for how they run; the cells are in ``cells.py``, the engine in
``_engine.py``.

Keras arguments: every argument of ``keras.layers.SimpleRNN``/``LSTM``/``GRU`` is accepted and
honoured, so ``tfdl.layers.LSTM.from_config(keras_layer.get_config())`` works:

- ``dropout``, ``recurrent_dropout``, ``seed``: in training, ``x_t`` and ``h_{t-1}`` are
  multiplied by masks drawn once per sequence from the cell's seed generator, exactly as Keras
  draws them (drawn at every call, used only in training), so the same seed gives Keras'
  numbers. The LSTM keeps its fast path (hand-written BPTT) with dropout.
- ``implementation``: no numerical effect, except that ``1`` (forced by
  ``recurrent_dropout > 0``, as in Keras) draws one dropout mask per gate.
- ``stateful``: the final states of a call are the initial states of the next (the batch size
  must be static); ``reset_state()`` (alias ``reset_states()``) sets them back to zeros.
- ``unroll``: accepted; the loop stays a ``tf.while_loop`` (same numbers), but as in Keras the
  number of time steps must be known.
- ``kernel_/recurrent_/bias_/activity_regularizer``, ``kernel_/recurrent_/bias_constraint``:
  as in Keras (weight penalties in ``layer.losses``, constraints applied by the optimiser).
- ``compile(jit_compile=True)`` works; ``supports_jit`` is off only where Keras turns it off
  (on a GPU, when the cuDNN kernel may run).
"""

from __future__ import annotations

import keras
import tensorflow as tf
from keras import ops

from tfdl import _compat
from tfdl.errors import TfdlValueError
from tfdl.layers.recurrent import _engine
from tfdl.layers.recurrent.cells import GRUCell, LSTMCell, SimpleRNNCell, _CellBase

__all__ = ["GRU", "LSTM", "ReverseSequence", "SimpleRNN"]


class _RNNBase(keras.layers.Layer):
    cell_class = None

    def __init__(self, units, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, return_gates=False, zero_output_for_mask=False,
                 use_cudnn="auto", activity_regularizer=None, **kwargs):
        cell_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k in self._cell_arg_names()}
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        _check_use_cudnn(use_cudnn)
        self.units = units
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful  # also read by keras.layers.Bidirectional
        self.unroll = unroll
        self.return_gates = return_gates
        self.zero_output_for_mask = zero_output_for_mask
        self._use_cudnn = use_cudnn  # a public `use_cudnn` on LSTM and GRU only, as in Keras
        self.cell = self.cell_class(units, name="cell", dtype=self.dtype_policy,
                                    trainable=self.trainable, **cell_kwargs)
        self._cell_kwargs = cell_kwargs
        # Like keras.layers.LSTM/GRU: the cuDNN kernel is not XLA-compilable, so where it may
        # run (a GPU, cuDNN-compatible settings) a model holding the layer is not jit-compiled by
        # `compile(jit_compile="auto")`; elsewhere `jit_compile=True` works.
        self.supports_jit = not self._may_use_cudnn()
        self.supports_masking = True
        self.input_spec = keras.layers.InputSpec(ndim=3)
        self.states = None  # stateful: the stored states (variables), made in `build`

    def _may_use_cudnn(self):
        return False  # subclasses with a cuDNN kernel override

    @classmethod
    def _cell_arg_names(cls):
        import inspect

        names = set()
        for klass in cls.cell_class.__mro__:
            if "__init__" in vars(klass) and klass is not keras.layers.Layer:
                names |= set(inspect.signature(klass.__init__).parameters)
            if klass is _CellBase:
                break
        return names - {"self", "units", "kwargs"}

    # Keras API compatibility: layer.kernel etc. live on the cell, like keras.layers.LSTM.
    @property
    def kernel(self):
        return self.cell.kernel

    @property
    def recurrent_kernel(self):
        return self.cell.recurrent_kernel

    @property
    def bias(self):
        return self.cell.bias

    def build(self, input_shape):
        if len(input_shape) != 3:
            raise TfdlValueError(
                "rnn_input_rank",
                "`{layer}` expects inputs of shape (batch, time, features). Received: input_shape={input_shape}",
                layer=type(self).__name__, input_shape=tuple(input_shape),
            )
        if self.unroll and input_shape[1] is None:
            raise TfdlValueError(
                "unroll_unknown_steps",
                "`unroll=True` needs a known number of time steps (pass `shape` to `keras.Input`). Received: "
                "input_shape={input_shape}",
                input_shape=tuple(input_shape),
            )
        self.cell.build((input_shape[0], input_shape[-1]))
        self.input_spec = keras.layers.InputSpec(ndim=3, axes={-1: input_shape[-1]})
        if self.stateful:
            if self.states is not None:
                self.reset_state()
            else:
                if input_shape[0] is None:
                    raise TfdlValueError(
                        "stateful_batch_unknown",
                        "`stateful=True` needs a static batch size (pass `batch_shape` to `keras.Input`). Received: "
                        "input_shape={input_shape}",
                        input_shape=tuple(input_shape),
                    )
                with _compat.untracked_attributes():  # not weights: as keras.layers.RNN
                    self.states = [
                        keras.Variable(ops.zeros((input_shape[0], d)), trainable=False,
                                       dtype=self.variable_dtype, name="rnn_state")
                        for d in self.cell.state_size
                    ]

    def reset_state(self):
        """Set the stored states of a stateful layer back to zeros."""
        if self.states is not None:
            for v in self.states:
                v.assign(ops.zeros_like(v.value))

    def reset_states(self):
        """Alias of ``reset_state`` (Keras 2's name)."""
        self.reset_state()

    def _fused_call(self, inputs, states, mask):
        return None  # subclasses with a cuDNN kernel override

    def _loop(self, inputs, states, mask, dp_mask=None, rec_mask=None):
        """The recurrence: ``(last, outputs, final_states, gates)``. ``dp_mask``: a list of
        per-gate input dropout masks; ``rec_mask``: the recurrent dropout mask(s)."""
        xw = self.cell.project_inputs(inputs, dp_mask)  # all time steps in one matmul
        step = self.cell.step
        if isinstance(rec_mask, list):  # one mask per gate: stacked (gates, batch, units)
            rec_mask = ops.stack(rec_mask)
        if rec_mask is not None:
            def step(xw_t, states):
                return self.cell.step(xw_t, states, rec_mask)
        return _engine._recurrence(
            step, xw, states, mask=mask, go_backwards=self.go_backwards,
            gate_names=self.cell.gate_names if self.return_gates else (),
            zero_output_for_mask=self.zero_output_for_mask,
            return_sequences=self.return_sequences,
        )

    def _sliced_loop(self, inputs, states, mask, dp_mask=None, rec_mask=None):
        """``_loop`` on independent slices of the batch, side by side (see ``_batch_slices``);
        the results are joined along the batch axis, autodiff sums the weight gradients.
        Slice sizes differ by at most one; a batch smaller than the number of slices (the last
        batch of an epoch) leaves some slices empty. Dropout masks are sliced with the batch."""
        n = _engine._batch_slices(inputs.shape[0])
        if n == 1 or inputs.shape[1] == 1:  # (one step, as in step-by-step decoding: no chain)
            return self._loop(inputs, states, mask, dp_mask, rec_mask)
        batch = inputs.shape[0]
        if batch is None:
            batch = tf.shape(inputs)[0]
            sizes = tf.stack([(batch + n - 1 - k) // n for k in range(n)])
        else:
            sizes = [(batch + n - 1 - k) // n for k in range(n)]

        def split(t):
            if isinstance(t, list):  # one mask per gate: a list per slice
                return [list(p) for p in zip(*[split(m) for m in t])]
            return [None] * n if t is None else tf.split(t, sizes, num=n, axis=0)

        xs, ms, dps, recs = split(inputs), split(mask), split(dp_mask), split(rec_mask)
        ss = list(zip(*[split(s) for s in states]))
        parts = [self._loop(xs[k], list(ss[k]), ms[k], dps[k], recs[k]) for k in range(n)]

        def join(tensors):
            return tf.concat(list(tensors), 0)

        last = join(p[0] for p in parts)
        outputs = None if parts[0][1] is None else join(p[1] for p in parts)
        final_states = [join(p[2][j] for p in parts) for j in range(len(states))]
        gates = {name: join(p[3][name] for p in parts) for name in parts[0][3]}
        return last, outputs, final_states, gates

    def _dropout_masks(self, inputs, states, training):
        """The dropout masks of this call, drawn as ``keras.layers.RNN`` draws them: at every
        call (in training or not) when the rate is > 0, the input mask(s) first, from the
        cell's seed generator; they are used only in training."""
        cell = self.cell
        cell.reset_dropout_mask()
        cell.reset_recurrent_dropout_mask()
        dp_mask = cell.get_dropout_mask(inputs[:, 0, :])
        rec_mask = cell.get_recurrent_dropout_mask(states[0])
        cell.reset_dropout_mask()
        cell.reset_recurrent_dropout_mask()
        if not (training and cell.dropout_applies(cell.dropout)):
            dp_mask = None
        if not (training and cell.dropout_applies(cell.recurrent_dropout)):
            rec_mask = None
        return dp_mask, rec_mask

    def call(self, sequences, initial_state=None, mask=None, training=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        inputs = ops.convert_to_tensor(sequences, dtype=self.compute_dtype)
        if self.unroll and inputs.shape[1] is None:
            raise TfdlValueError(
                "unroll_unknown_steps_call",
                "`unroll=True` needs a known number of time steps (pass `shape` to `keras.Input`). Received: "
                "inputs.shape={inputs_shape}",
                inputs_shape=tuple(inputs.shape),
            )
        if initial_state is None and self.stateful:
            initial_state = [v.value for v in self.states]
            if inputs.shape[0] is not None and inputs.shape[0] != self.states[0].shape[0]:
                raise TfdlValueError(
                    "stateful_batch_size",
                    "A stateful layer needs the batch size it was built with. Received: batch size {batch_size}, "
                    "expected {expected}",
                    batch_size=inputs.shape[0], expected=self.states[0].shape[0],
                )
        if initial_state is None:
            batch = ops.shape(inputs)[0]
            states = [ops.zeros((batch, d), dtype=inputs.dtype) for d in self.cell.state_size]
        else:
            states = list(initial_state) if isinstance(initial_state, (list, tuple)) else [
                initial_state]
            if len(states) != len(self.cell.state_size):
                raise TfdlValueError(
                    "initial_state_count",
                    "`initial_state` must hold {expected} tensor(s) for `{layer}`. Received: {received} tensor(s)",
                    expected=len(self.cell.state_size), layer=type(self).__name__, received=len(states),
                )
            states = [ops.convert_to_tensor(s, dtype=inputs.dtype) for s in states]

        dp_mask, rec_mask = self._dropout_masks(inputs, states, training)
        if dp_mask is not None and not isinstance(dp_mask, list):
            # one mask for all gates and steps: (x_t ⊙ m) W is ((x ⊙ m) W)_t
            inputs = inputs * ops.expand_dims(dp_mask, 1)
            dp_mask = None

        result = None
        if (not self.return_gates and self._use_cudnn in ("auto", True) and dp_mask is None
                and rec_mask is None):
            result = self._fused_call(inputs, states, mask)
        if result is None and self._use_cudnn is True:
            raise TfdlValueError(
                "cudnn_unavailable",
                "`use_cudnn=True` was set, but cuDNN cannot run this configuration here (needs a GPU, default "
                "activations, use_bias, return_gates=False, recurrent_dropout=0). Received: use_cudnn=True",
            )
        if result is not None:
            last, outputs, final_states = result
            gates = {}
        else:
            last, outputs, final_states, gates = self._sliced_loop(
                inputs, states, mask, dp_mask, rec_mask)
        if self.stateful:
            for v, s in zip(self.states, final_states):
                v.assign(ops.cast(s, v.dtype))
        output = outputs if self.return_sequences else last
        result = [output]
        if self.return_state:
            result += list(final_states)
        if self.return_gates:
            result.append(gates)
        return result[0] if len(result) == 1 else tuple(result)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch, steps = sequences_shape[0], sequences_shape[1]
        out = (batch, steps, self.units) if self.return_sequences else (batch, self.units)
        shapes = [out]
        if self.return_state:
            shapes += [(batch, d) for d in self.cell.state_size]
        if self.return_gates:
            shapes.append({n: (batch, steps, self.units) for n in self.cell.gate_names})
        return shapes[0] if len(shapes) == 1 else tuple(shapes)

    def compute_mask(self, sequences, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        extra = (len(self.cell.state_size) if self.return_state else 0) + (
            1 if self.return_gates else 0)
        if extra:
            masks = [output_mask] + [None] * len(self.cell.state_size if self.return_state else ())
            if self.return_gates:
                masks.append({n: None for n in self.cell.gate_names})
            return masks
        return output_mask

    def get_config(self):
        config = super().get_config()
        cell_config = self.cell.get_config()
        for key in ("name", "trainable", "dtype"):
            cell_config.pop(key, None)
        config.update(cell_config)
        config.update(
            units=self.units,
            return_sequences=self.return_sequences,
            return_state=self.return_state,
            go_backwards=self.go_backwards,
            return_gates=self.return_gates,
            zero_output_for_mask=self.zero_output_for_mask,
            use_cudnn=self._use_cudnn,
            stateful=self.stateful,
            unroll=self.unroll,
            activity_regularizer=keras.regularizers.serialize(self.activity_regularizer),
        )
        return config


def _check_use_cudnn(use_cudnn):
    if use_cudnn not in ("auto", True, False):
        raise TfdlValueError(
            "use_cudnn_choice",
            "`use_cudnn` must be one of 'auto', True, False. Received: use_cudnn={use_cudnn!r}",
            use_cudnn=use_cudnn,
        )


class _CudnnMixin:
    """``use_cudnn`` as a public attribute (Keras' LSTM and GRU have it, SimpleRNN does not;
    ``keras.layers.Bidirectional`` copies it to its forward and backward layers)."""

    @property
    def use_cudnn(self):
        return self._use_cudnn

    @use_cudnn.setter
    def use_cudnn(self, value):
        _check_use_cudnn(value)
        self._use_cudnn = value
        self.supports_jit = not self._may_use_cudnn()


def _standard_gates(cell):
    """tanh/sigmoid gates with a bias: the LSTM's fast path and cuDNN's requirements."""
    return (cell.use_bias
            and cell.activation in (keras.activations.tanh, tf.tanh, ops.tanh)
            and cell.recurrent_activation in (keras.activations.sigmoid, tf.sigmoid,
                                              ops.sigmoid))


def _gpu_available():
    return bool(tf.config.list_logical_devices("GPU"))


@keras.saving.register_keras_serializable(package="tfdl")
class SimpleRNN(_RNNBase):
    """The vanilla RNN over a whole sequence: ``h_t = tanh(x_t W + h_{t-1} U + b)``.

    Same weights as ``keras.layers.SimpleRNN``; ``x_t W + b`` is computed for all steps at once.

    Args:
        units: size of ``h``; other keyword arguments of :class:`SimpleRNNCell` are accepted
            (``dropout``, ``recurrent_dropout``, ``seed``, regularizers, constraints).
        return_sequences, return_state, go_backwards, zero_output_for_mask, stateful, unroll,
            activity_regularizer: as in ``keras.layers.SimpleRNN`` (see the module docstring).
        return_gates: accepted for symmetry (a SimpleRNN has no gates: an empty dict).
        use_cudnn: accepted for compatibility; there is no cuDNN SimpleRNN (``True`` raises).

    Returns:
        ``h_T`` (batch, units), or all ``h_t`` (batch, time, units), then the state if asked.

    Example:
        >>> print(SimpleRNN(8)(np.zeros((2, 5, 3))).shape)
        (2, 8)

    Paper: Elman, "Finding Structure in Time", Cognitive Science 1990.
    """

    cell_class = SimpleRNNCell

    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)


@keras.saving.register_keras_serializable(package="tfdl")
class LSTM(_CudnnMixin, _RNNBase):
    """The LSTM over a whole sequence; same weights as ``keras.layers.LSTM``.

    Formula: ``[i, f, g, o] = [σ, σ, tanh, σ](x_t W + h_{t-1} U + b)``,
    ``c_t = f ⊙ c_{t-1} + i ⊙ g``, ``h_t = o ⊙ tanh(c_t)``; forget bias starts at 1.

    Args:
        units: size of ``h`` and ``c``; keyword arguments of :class:`LSTMCell` are accepted
            (``activation``, ``recurrent_activation``, ``unit_forget_bias``, initialisers,
            ``dropout``, ``recurrent_dropout``, ``seed``, ``implementation``, regularizers,
            constraints).
        return_sequences, return_state, go_backwards, zero_output_for_mask, stateful, unroll,
            activity_regularizer: as in Keras (see the module docstring).
        return_gates: also return ``{"i", "f", "g", "o", "c"}``, each (batch, time, units).
        use_cudnn: ``"auto"``: without gates, on a GPU, run Keras's fused cuDNN kernel.

    Returns:
        output, then ``h_T, c_T`` if ``return_state``, then the gates if ``return_gates``.

    Example:
        >>> y, h, c = LSTM(8, return_sequences=True, return_state=True)(np.zeros((2, 5, 3)))
        >>> print(y.shape, c.shape)
        (2, 5, 8) (2, 8)

    Paper: Hochreiter & Schmidhuber, "Long Short-Term Memory", Neural Computation 1997.
    """

    cell_class = LSTMCell

    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)

    def _loop(self, inputs, states, mask, dp_mask=None, rec_mask=None):
        cell = self.cell
        if not _standard_gates(cell):  # other activations: the generic loop (autodiff)
            return super()._loop(inputs, states, mask, dp_mask, rec_mask)
        # dropout masks one per gate (implementation=1), stacked: (4, batch, features)
        stack = lambda m: ops.stack(m) if isinstance(m, list) else m
        read = lambda v: tf.identity(v.value)
        out, last, h_T, c_T, gates = _engine._lstm_sequence(
            inputs, read(cell.kernel), read(cell.bias), read(cell.recurrent_kernel),
            states[0], states[1], mask=mask, go_backwards=self.go_backwards,
            zero_output_for_mask=self.zero_output_for_mask, need_gates=self.return_gates,
            dp_mask=stack(dp_mask), rec_mask=stack(rec_mask))
        seq_shape = (inputs.shape[0], inputs.shape[1], self.units)

        def batch_major(x):
            x = tf.transpose(x, [1, 0, 2])
            x.set_shape(seq_shape)
            return x

        outputs = batch_major(out) if self.return_sequences else None
        gates = {k: batch_major(v) for k, v in gates.items()}
        return last, outputs, [h_T, c_T], gates

    def _may_use_cudnn(self):
        return (self._use_cudnn in ("auto", True) and not self.unroll
                and _standard_gates(self.cell) and _gpu_available())

    def _fused_call(self, inputs, states, mask):
        if mask is not None or not self.cell.use_bias:
            return None
        try:
            last, outputs, new_states = _engine._fused_kernel(
                "lstm", inputs=inputs, initial_state_h=states[0], initial_state_c=states[1],
                mask=None, kernel=self.cell.kernel, recurrent_kernel=self.cell.recurrent_kernel,
                bias=self.cell.bias, activation=self.cell.activation,
                recurrent_activation=self.cell.recurrent_activation,
                return_sequences=self.return_sequences, go_backwards=self.go_backwards,
            )
        except NotImplementedError:
            return None
        return last, outputs, list(new_states)


@keras.saving.register_keras_serializable(package="tfdl")
class GRU(_CudnnMixin, _RNNBase):
    """The GRU over a whole sequence; same weights as ``keras.layers.GRU`` (``reset_after``).

    Formula: ``z, r = σ(...)``, ``h̃ = tanh(x_t W_h + r ⊙ (h_{t-1} U_h + b_h))``,
    ``h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h̃`` (see :class:`GRUCell`).

    Args:
        units: size of ``h``; keyword arguments of :class:`GRUCell` are accepted
            (``reset_after``, ``dropout``, ``recurrent_dropout``, ``seed``, ``implementation``,
            regularizers, constraints).
        return_sequences, return_state, go_backwards, zero_output_for_mask, stateful, unroll,
            activity_regularizer: as in Keras (see the module docstring).
        return_gates: also return ``{"z", "r"}``, each (batch, time, units).
        use_cudnn: ``"auto"``: without gates, on a GPU, run Keras's fused cuDNN kernel.

    Returns:
        output, then ``h_T`` if ``return_state``, then the gates if ``return_gates``.

    Example:
        >>> print(GRU(8, return_sequences=True)(np.zeros((2, 5, 3))).shape)
        (2, 5, 8)

    Paper: Cho et al., EMNLP 2014; Chung et al., "Empirical Evaluation of Gated Recurrent
    Neural Networks on Sequence Modeling", 2014.
    """

    cell_class = GRUCell

    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)

    def _may_use_cudnn(self):
        return (self._use_cudnn in ("auto", True) and not self.unroll
                and _standard_gates(self.cell) and self.cell.reset_after and _gpu_available())

    def _fused_call(self, inputs, states, mask):
        if mask is not None or not self.cell.use_bias:
            return None
        try:
            last, outputs, new_states = _engine._fused_kernel(
                "gru", inputs=inputs, initial_state=states[0], mask=None,
                kernel=self.cell.kernel, recurrent_kernel=self.cell.recurrent_kernel,
                bias=self.cell.bias, activation=self.cell.activation,
                recurrent_activation=self.cell.recurrent_activation,
                return_sequences=self.return_sequences, go_backwards=self.go_backwards,
                reset_after=self.cell.reset_after,
            )
        except NotImplementedError:
            return None
        new_states = new_states if isinstance(new_states, (list, tuple)) else [new_states]
        return last, outputs, list(new_states)


@keras.saving.register_keras_serializable(package="tfdl")
class ReverseSequence(keras.layers.Layer):
    """Reverse the time axis (axis 1), mask included: the "reverse the source" trick of seq2seq.

    Formula: ``y_t = x_{T+1-t}``. Padding at the end becomes padding at the start; a masked
    encoder skips it, so the first word of the source is read last, next to the decoder.

    Args:
        none besides the usual layer keyword arguments.

    Returns:
        The input with axis 1 reversed (2-D ids or 3-D features).

    Example:
        >>> print(ReverseSequence()(np.zeros((2, 5, 3))).shape)
        (2, 5, 3)

    Paper: Sutskever, Vinyals & Le, "Sequence to Sequence Learning with Neural Networks",
    NeurIPS 2014 (reversing the source).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs):
        return ops.flip(inputs, axis=1)

    def compute_mask(self, inputs, mask=None):
        return None if mask is None else ops.flip(mask, axis=1)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)
