"""The recurrent layers: ``SimpleRNN``, ``LSTM``, ``GRU`` run their cell over a sequence.

See the package docstring for how they run; the cells are in ``cells.py``, the engine in
``_engine.py``.
"""

from __future__ import annotations

import keras
import tensorflow as tf
from keras import ops

from tfdl.layers.recurrent import _engine
from tfdl.layers.recurrent.cells import GRUCell, LSTMCell, SimpleRNNCell, _CellBase

__all__ = ["SimpleRNN", "LSTM", "GRU", "ReverseSequence"]


class _RNNBase(keras.layers.Layer):
    cell_class = None

    def __init__(self, units, return_sequences=False, return_state=False, go_backwards=False,
                 return_gates=False, zero_output_for_mask=False, use_cudnn="auto", **kwargs):
        cell_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k in self._cell_arg_names()}
        super().__init__(**kwargs)
        if use_cudnn not in ("auto", True, False):
            raise ValueError(
                f"`use_cudnn` must be one of 'auto', True, False. Received: use_cudnn={use_cudnn!r}"
            )
        self.units = units
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.return_gates = return_gates
        self.zero_output_for_mask = zero_output_for_mask
        self.use_cudnn = use_cudnn
        self.stateful = False  # read by keras.layers.Bidirectional
        # Like keras.layers.LSTM on a GPU: the cuDNN kernel is not XLA-compilable, so a model
        # holding these layers is not jit-compiled by `compile(jit_compile="auto")`.
        self.supports_jit = False
        self.cell = self.cell_class(units, name="cell", dtype=self.dtype_policy, **cell_kwargs)
        self._cell_kwargs = cell_kwargs
        self.supports_masking = True
        self.input_spec = keras.layers.InputSpec(ndim=3)

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

    @property
    def states(self):
        """Stored states of a stateful RNN: these layers are stateless (read by Bidirectional)."""
        return None

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
            raise ValueError(
                f"`{type(self).__name__}` expects inputs of shape (batch, time, features). "
                f"Received: input_shape={tuple(input_shape)}"
            )
        self.cell.build((input_shape[0], input_shape[-1]))
        self.input_spec = keras.layers.InputSpec(ndim=3, axes={-1: input_shape[-1]})

    def _fused_call(self, inputs, states, mask):
        return None  # subclasses with a cuDNN kernel override

    def _loop(self, inputs, states, mask):
        """The recurrence: ``(last, outputs, final_states, gates)``."""
        xw = self.cell.project_inputs(inputs)  # all time steps in one matmul
        return _engine._recurrence(
            self.cell.step, xw, states, mask=mask, go_backwards=self.go_backwards,
            gate_names=self.cell.gate_names if self.return_gates else (),
            zero_output_for_mask=self.zero_output_for_mask,
            return_sequences=self.return_sequences,
        )

    def _sliced_loop(self, inputs, states, mask):
        """``_loop`` on independent slices of the batch, side by side (see ``_batch_slices``);
        the results are joined along the batch axis, autodiff sums the weight gradients.
        Slice sizes differ by at most one; a batch smaller than the number of slices (the last
        batch of an epoch) leaves some slices empty."""
        n = _engine._batch_slices(inputs.shape[0])
        if n == 1 or inputs.shape[1] == 1:  # (one step, as in step-by-step decoding: no chain)
            return self._loop(inputs, states, mask)
        batch = inputs.shape[0]
        if batch is None:
            batch = tf.shape(inputs)[0]
            sizes = tf.stack([(batch + n - 1 - k) // n for k in range(n)])
        else:
            sizes = [(batch + n - 1 - k) // n for k in range(n)]

        def split(t):
            return [None] * n if t is None else tf.split(t, sizes, num=n, axis=0)

        xs, ms = split(inputs), split(mask)
        ss = list(zip(*[split(s) for s in states]))
        parts = [self._loop(xs[k], list(ss[k]), ms[k]) for k in range(n)]

        def join(tensors):
            return tf.concat(list(tensors), 0)

        last = join(p[0] for p in parts)
        outputs = None if parts[0][1] is None else join(p[1] for p in parts)
        final_states = [join(p[2][j] for p in parts) for j in range(len(states))]
        gates = {name: join(p[3][name] for p in parts) for name in parts[0][3]}
        return last, outputs, final_states, gates

    def call(self, sequences, initial_state=None, mask=None, training=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        inputs = ops.convert_to_tensor(sequences, dtype=self.compute_dtype)
        if initial_state is None:
            batch = ops.shape(inputs)[0]
            states = [ops.zeros((batch, d), dtype=inputs.dtype) for d in self.cell.state_size]
        else:
            states = list(initial_state) if isinstance(initial_state, (list, tuple)) else [
                initial_state]
            if len(states) != len(self.cell.state_size):
                raise ValueError(
                    f"`initial_state` must hold {len(self.cell.state_size)} tensor(s) for "
                    f"`{type(self).__name__}`. Received: {len(states)} tensor(s)"
                )
            states = [ops.convert_to_tensor(s, dtype=inputs.dtype) for s in states]

        result = None
        if not self.return_gates and self.use_cudnn in ("auto", True):
            result = self._fused_call(inputs, states, mask)
        if result is None and self.use_cudnn is True:
            raise ValueError(
                "`use_cudnn=True` was set, but cuDNN cannot run this configuration here "
                "(needs a GPU, default activations, use_bias, return_gates=False). "
                "Received: use_cudnn=True"
            )
        if result is not None:
            last, outputs, final_states = result
            gates = {}
        else:
            last, outputs, final_states, gates = self._sliced_loop(inputs, states, mask)
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
            use_cudnn=self.use_cudnn,
        )
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class SimpleRNN(_RNNBase):
    """The vanilla RNN over a whole sequence: ``h_t = tanh(x_t W + h_{t-1} U + b)``.

    Same weights as ``keras.layers.SimpleRNN``; ``x_t W + b`` is computed for all steps at once.

    Args:
        units: size of ``h``; other keyword arguments of :class:`SimpleRNNCell` are accepted.
        return_sequences, return_state, go_backwards, return_gates, zero_output_for_mask,
        use_cudnn: as in ``keras.layers.SimpleRNN`` (see the module docstring).

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
class LSTM(_RNNBase):
    """The LSTM over a whole sequence; same weights as ``keras.layers.LSTM``.

    Formula: ``[i, f, g, o] = [σ, σ, tanh, σ](x_t W + h_{t-1} U + b)``,
    ``c_t = f ⊙ c_{t-1} + i ⊙ g``, ``h_t = o ⊙ tanh(c_t)``; forget bias starts at 1.

    Args:
        units: size of ``h`` and ``c``; keyword arguments of :class:`LSTMCell` are accepted
            (``activation``, ``recurrent_activation``, ``unit_forget_bias``, initialisers).
        return_sequences, return_state, go_backwards, zero_output_for_mask: as in Keras.
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

    def _loop(self, inputs, states, mask):
        cell = self.cell
        standard = (cell.use_bias
                    and cell.activation in (keras.activations.tanh, tf.tanh, ops.tanh)
                    and cell.recurrent_activation in (keras.activations.sigmoid, tf.sigmoid,
                                                      ops.sigmoid))
        if not standard:  # other activations: the generic loop (autodiff through it)
            return super()._loop(inputs, states, mask)
        read = lambda v: tf.identity(v.value)  # noqa: E731  (a tensor, not a variable)
        out, last, h_T, c_T, gates = _engine._lstm_sequence(
            inputs, read(cell.kernel), read(cell.bias), read(cell.recurrent_kernel),
            states[0], states[1], mask=mask, go_backwards=self.go_backwards,
            zero_output_for_mask=self.zero_output_for_mask, need_gates=self.return_gates)
        seq_shape = (inputs.shape[0], inputs.shape[1], self.units)

        def batch_major(x):
            x = tf.transpose(x, [1, 0, 2])
            x.set_shape(seq_shape)
            return x

        outputs = batch_major(out) if self.return_sequences else None
        gates = {k: batch_major(v) for k, v in gates.items()}
        return last, outputs, [h_T, c_T], gates

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
class GRU(_RNNBase):
    """The GRU over a whole sequence; same weights as ``keras.layers.GRU`` (``reset_after``).

    Formula: ``z, r = σ(...)``, ``h̃ = tanh(x_t W_h + r ⊙ (h_{t-1} U_h + b_h))``,
    ``h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h̃`` (see :class:`GRUCell`).

    Args:
        units: size of ``h``; keyword arguments of :class:`GRUCell` are accepted.
        return_sequences, return_state, go_backwards, zero_output_for_mask: as in Keras.
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
