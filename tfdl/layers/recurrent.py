"""Recurrent layers written from the formulas: ``SimpleRNN``, ``LSTM``, ``GRU`` and their cells.

The weights have the same names, shapes and gate order as ``keras.layers.SimpleRNN``/``LSTM``/
``GRU`` (``kernel``, ``recurrent_kernel``, ``bias``; LSTM gates ``i, f, c, o``; GRU gates
``z, r, h``), so ``layer.set_weights(keras_layer.get_weights())`` transfers a trained Keras layer
and the outputs agree.

How they run: the input projection ``x_t W + b`` is computed for ALL time steps as one matrix
product before the recurrence (it does not depend on ``h``), and a ``tf.while_loop`` then runs
only the recurrent part ``h_{t-1} U``. The LSTM (sigmoid/tanh gates) also has a hand-written
backward pass (BPTT, see ``_lstm_sequence``): its loop keeps the activations, so the gates cost
nothing extra and the backward pass evaluates no sigmoid (only ``tanh(c_t)``), and ``dU`` is
one matrix product over all steps; in training graphs both loops are compiled with XLA. On a CPU, inside
a graph, the batch runs as independent slices side by side, one per core (a single
``h_{t-1} U`` per step is too small to keep several cores busy). With
``return_gates=True`` the layer also returns every gate at every step, so a learner can plot
them. Without gates and masks, on a GPU, ``LSTM`` and ``GRU`` hand the whole sequence to the
fused cuDNN kernel (through Keras's backend ``lstm``/``gru``), like Keras does.

Example:
    >>> import numpy as np
    >>> from tfdl.layers import LSTM
    >>> y, gates = LSTM(8, return_sequences=True, return_gates=True)(np.zeros((2, 5, 3)))
    >>> print(y.shape, gates["f"].shape)
    (2, 5, 8) (2, 5, 8)
"""

from __future__ import annotations

import os

import keras
import numpy as np
import tensorflow as tf
from keras import ops

__all__ = ["SimpleRNNCell", "SimpleRNN", "LSTMCell", "LSTM", "GRUCell", "GRU", "ReverseSequence"]


def _check_units(units):
    if not isinstance(units, int) or isinstance(units, bool) or units < 1:
        raise ValueError(f"`units` must be a positive integer. Received: units={units!r}")


# --------------------------------------------------------------------------------------------
# Cells: one time step each. Every cell splits its step into
#   project_inputs(x)      -> x W + b         (no dependence on h: done for all steps at once)
#   step(xw_t, states)     -> h_t, states, gates   (the recurrent part only)
# and also implements the usual Keras cell protocol ``call(inputs, states)`` so it can be
# wrapped in ``keras.layers.RNN``.
# --------------------------------------------------------------------------------------------


class _CellBase(keras.layers.Layer):
    gate_names: tuple = ()

    def __init__(
        self,
        units,
        activation="tanh",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        **kwargs,
    ):
        super().__init__(**kwargs)
        _check_units(units)
        self.units = units
        self.activation = keras.activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.recurrent_initializer = keras.initializers.get(recurrent_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)

    # The number of columns of W (n_gates * units).
    n_gates = 1

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"The last dimension of the inputs to `{type(self).__name__}` must be known. "
                f"Received: input_shape={input_shape}"
            )
        self.kernel = self.add_weight(
            shape=(input_dim, self.n_gates * self.units), name="kernel",
            initializer=self.kernel_initializer,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.n_gates * self.units), name="recurrent_kernel",
            initializer=self.recurrent_initializer,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                shape=self._bias_shape(), name="bias", initializer=self._bias_init(),
            )
        else:
            self.bias = None

    def _bias_shape(self):
        return (self.n_gates * self.units,)

    def _bias_init(self):
        return self.bias_initializer

    def project_inputs(self, x):
        """``x W + b`` for any leading shape (all time steps at once)."""
        xw = ops.matmul(x, self.kernel)
        if self.use_bias:
            xw = xw + self.bias
        return xw

    def get_initial_state(self, batch_size=None):
        return [ops.zeros((batch_size, d), dtype=self.compute_dtype) for d in self.state_size]

    def call(self, inputs, states, training=None):
        """Keras cell protocol: one step, returns ``(output, new_states)``."""
        states = list(states) if isinstance(states, (list, tuple)) else [states]
        h, new_states, _ = self.step(self.project_inputs(inputs), states)
        return h, new_states

    def get_config(self):
        config = super().get_config()
        config.update(
            units=self.units,
            activation=keras.activations.serialize(self.activation),
            use_bias=self.use_bias,
            kernel_initializer=keras.initializers.serialize(self.kernel_initializer),
            recurrent_initializer=keras.initializers.serialize(self.recurrent_initializer),
            bias_initializer=keras.initializers.serialize(self.bias_initializer),
        )
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class SimpleRNNCell(_CellBase):
    """One step of the vanilla (Elman) RNN.

    Formula: ``h_t = tanh(x_t W + h_{t-1} U + b)`` (``W`` = ``kernel``, ``U`` =
    ``recurrent_kernel``), the course's ``h_t = σ(W_hh h_{t-1} + W_hx x_t + b)``.

    Args:
        units: size of the hidden state ``h``.
        activation: the nonlinearity (default ``"tanh"``).
        use_bias: add ``b``.
        kernel_initializer, recurrent_initializer, bias_initializer: initialisers of W, U, b.

    Returns:
        Called as a Keras cell, ``(h_t, [h_t])``.

    Example:
        >>> cell = SimpleRNNCell(4)
        >>> h, _ = cell(np.zeros((2, 3)), [np.zeros((2, 4))])
        >>> print(h.shape)
        (2, 4)

    Paper: Elman, "Finding Structure in Time", Cognitive Science 1990.
    """

    n_gates = 1
    gate_names = ()

    @property
    def state_size(self):
        return [self.units]

    @property
    def output_size(self):
        return self.units

    def step(self, xw_t, states):
        h_tm1 = states[0]
        h_t = self.activation(xw_t + ops.matmul(h_tm1, self.recurrent_kernel))
        return h_t, [h_t], {}


@keras.saving.register_keras_serializable(package="tfdl")
class LSTMCell(_CellBase):
    """One step of the LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers 2000).

    Formula (stacked form, gate order ``i, f, g, o`` as in Keras's ``kernel``)::

        [i, f, g, o] = [σ, σ, tanh, σ](x_t W + h_{t-1} U + b)
        c_t = f ⊙ c_{t-1} + i ⊙ g
        h_t = o ⊙ tanh(c_t)

    With ``unit_forget_bias=True`` the forget-gate bias starts at 1, so the cell remembers by
    default at the start of training (Jozefowicz et al. 2015).

    Args:
        units: size of ``h`` and ``c``.
        activation: the nonlinearity of ``g`` and of the output (``"tanh"``).
        recurrent_activation: the gate nonlinearity (``"sigmoid"``).
        use_bias: add ``b``.
        unit_forget_bias: start the forget-gate bias at 1.
        kernel_initializer, recurrent_initializer, bias_initializer: initialisers.

    Returns:
        Called as a Keras cell, ``(h_t, [h_t, c_t])``.

    Example:
        >>> cell = LSTMCell(4)
        >>> h, (h2, c) = cell(np.zeros((2, 3)), [np.zeros((2, 4)), np.zeros((2, 4))])
        >>> print(c.shape)
        (2, 4)

    Paper: Hochreiter & Schmidhuber, "Long Short-Term Memory", Neural Computation 1997.
    """

    n_gates = 4
    gate_names = ("i", "f", "g", "o", "c")

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, unit_forget_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer,
                         bias_initializer=bias_initializer, **kwargs)
        self.recurrent_activation = keras.activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias

    @property
    def state_size(self):
        return [self.units, self.units]

    @property
    def output_size(self):
        return self.units

    def _bias_init(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        units, base = self.units, self.bias_initializer

        def init(shape, dtype=None):
            return ops.concatenate([
                base((units,), dtype=dtype),
                ops.ones((units,), dtype=dtype),
                base((2 * units,), dtype=dtype),
            ])

        return init

    def step(self, xw_t, states):
        h_tm1, c_tm1 = states[0], states[1]
        z = xw_t + ops.matmul(h_tm1, self.recurrent_kernel)
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)
        i = self.recurrent_activation(z_i)
        f = self.recurrent_activation(z_f)
        g = self.activation(z_g)
        o = self.recurrent_activation(z_o)
        c_t = f * c_tm1 + i * g
        h_t = o * self.activation(c_t)
        return h_t, [h_t, c_t], {"i": i, "f": f, "g": g, "o": o, "c": c_t}

    def get_config(self):
        config = super().get_config()
        config.update(
            recurrent_activation=keras.activations.serialize(self.recurrent_activation),
            unit_forget_bias=self.unit_forget_bias,
        )
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class GRUCell(_CellBase):
    """One step of the GRU (Cho et al. 2014), gate order ``z, r, h`` as in Keras's ``kernel``.

    Formula (``reset_after=True``, the Keras/cuDNN default; ``b = [b_x; b_h]``)::

        z = σ(x_t W_z + b_xz + h_{t-1} U_z + b_hz)
        r = σ(x_t W_r + b_xr + h_{t-1} U_r + b_hr)
        h̃ = tanh(x_t W_h + b_xh + r ⊙ (h_{t-1} U_h + b_hh))
        h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h̃

    With ``reset_after=False`` (the paper's form) ``h̃ = tanh(x_t W_h + (r ⊙ h_{t-1}) U_h + b_h)``.

    Args:
        units: size of ``h``.
        activation: nonlinearity of ``h̃`` (``"tanh"``).
        recurrent_activation: gate nonlinearity (``"sigmoid"``).
        use_bias: add biases.
        reset_after: apply the reset gate after the matrix product (Keras default ``True``).
        kernel_initializer, recurrent_initializer, bias_initializer: initialisers.

    Returns:
        Called as a Keras cell, ``(h_t, [h_t])``.

    Example:
        >>> cell = GRUCell(4)
        >>> h, _ = cell(np.zeros((2, 3)), [np.zeros((2, 4))])
        >>> print(h.shape)
        (2, 4)

    Paper: Cho et al., "Learning Phrase Representations using RNN Encoder-Decoder for
    Statistical Machine Translation", EMNLP 2014.
    """

    n_gates = 3
    gate_names = ("z", "r")

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, reset_after=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer,
                         bias_initializer=bias_initializer, **kwargs)
        self.recurrent_activation = keras.activations.get(recurrent_activation)
        self.reset_after = reset_after

    @property
    def state_size(self):
        return [self.units]

    @property
    def output_size(self):
        return self.units

    def _bias_shape(self):
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def project_inputs(self, x):
        xw = ops.matmul(x, self.kernel)
        if self.use_bias:
            xw = xw + (self.bias[0] if self.reset_after else self.bias)
        return xw

    def step(self, xw_t, states):
        h_tm1 = states[0]
        u = self.units
        x_z, x_r, x_h = ops.split(xw_t, 3, axis=-1)
        if self.reset_after:
            hu = ops.matmul(h_tm1, self.recurrent_kernel)
            if self.use_bias:
                hu = hu + self.bias[1]
            h_z, h_r, h_h = ops.split(hu, 3, axis=-1)
            z = self.recurrent_activation(x_z + h_z)
            r = self.recurrent_activation(x_r + h_r)
            hh = self.activation(x_h + r * h_h)
        else:
            hu = ops.matmul(h_tm1, self.recurrent_kernel[:, : 2 * u])
            h_z, h_r = ops.split(hu, 2, axis=-1)
            z = self.recurrent_activation(x_z + h_z)
            r = self.recurrent_activation(x_r + h_r)
            hh = self.activation(x_h + ops.matmul(r * h_tm1, self.recurrent_kernel[:, 2 * u:]))
        h_t = z * h_tm1 + (1.0 - z) * hh
        return h_t, [h_t], {"z": z, "r": r}

    def get_config(self):
        config = super().get_config()
        config.update(
            recurrent_activation=keras.activations.serialize(self.recurrent_activation),
            reset_after=self.reset_after,
        )
        return config


# --------------------------------------------------------------------------------------------
# The recurrence
# --------------------------------------------------------------------------------------------


def _recurrence(step, xw, states, mask=None, go_backwards=False, gate_names=(),
                zero_output_for_mask=False, return_sequences=True):
    """Run ``step`` over time on a precomputed projection ``xw`` (batch, time, features).

    Returns ``(last_output, outputs or None, final_states, gates dict of (batch, time, units))``.
    Masked steps keep the previous state and repeat the previous output (or output zeros),
    exactly as Keras's ``backend.rnn``.
    """
    xw_tm = tf.transpose(xw, [1, 0, 2])  # time major
    if mask is not None:
        mask_tm = tf.transpose(tf.cast(mask, tf.bool), [1, 0])
    if go_backwards:
        xw_tm = tf.reverse(xw_tm, [0])
        if mask is not None:
            mask_tm = tf.reverse(mask_tm, [0])
    n_steps = xw_tm.shape[0] if xw_tm.shape[0] is not None else tf.shape(xw_tm)[0]
    dtype = states[0].dtype
    out0 = tf.zeros_like(states[0])

    def ta(size):
        return tf.TensorArray(dtype, size=size, element_shape=states[0].shape)

    xs = tf.TensorArray(xw_tm.dtype, size=n_steps).unstack(xw_tm)
    ms = tf.TensorArray(tf.bool, size=n_steps).unstack(mask_tm) if mask is not None else None
    out_tas = [ta(n_steps)] if return_sequences else []
    gate_tas = [ta(n_steps) for _ in gate_names]

    def body(t, prev_out, states, out_tas, gate_tas):
        h_t, new_states, gates = step(xs.read(t), list(states))
        if ms is not None:
            m = tf.expand_dims(ms.read(t), -1)
            new_states = [tf.where(m, s_new, s_old) for s_new, s_old in zip(new_states, states)]
            h_t = tf.where(m, h_t, tf.zeros_like(h_t) if zero_output_for_mask else prev_out)
            # the last output should stay the last valid one, even with zero outputs
            last = tf.where(m, h_t, prev_out)
        else:
            last = h_t
        out_tas = [o_ta.write(t, h_t) for o_ta in out_tas]
        gate_tas = [g_ta.write(t, gates[name]) for g_ta, name in zip(gate_tas, gate_names)]
        return t + 1, last, new_states, out_tas, gate_tas

    loop_vars = (tf.constant(0), out0, list(states), out_tas, gate_tas)
    _, last, final_states, out_tas, gate_tas = tf.while_loop(
        lambda t, *_: t < n_steps, body, loop_vars, parallel_iterations=32,
        maximum_iterations=n_steps,
    )
    seq_shape = (xw.shape[0], xw.shape[1], states[0].shape[-1])

    def stacked(t_a):
        out = tf.transpose(t_a.stack(), [1, 0, 2])
        out.set_shape(seq_shape)
        return out

    outputs = stacked(out_tas[0]) if return_sequences else None
    gates = {name: stacked(g) for name, g in zip(gate_names, gate_tas)}
    return last, outputs, list(final_states), gates


def _is_zero(t):
    """``True`` for ``None`` or a tensor known (statically) to be all zeros."""
    if t is None:
        return True
    value = tf.get_static_value(t)
    return value is not None and not np.any(value)


def _gradient_recorded():
    """``True`` when a gradient tape may record the ops being built (training)."""
    try:
        from tensorflow.python.eager import record
    except ImportError:  # private module moved: compile whenever in a graph
        return True
    return bool(record.could_possibly_record())


def _lstm_forward_impl(xw, b_s, U_s, h_0, c_0, s, k, m_tm=None):
    """The forward recurrence on the scaled projection ``xw`` (time major), see
    ``_lstm_sequence``: one ``h_{t-1} U`` and ONE ``tanh`` over all four gates per step.

    Returns ``h_T, c_T`` and, stacked over time, ``h_t``, ``c_t`` and the activations
    ``a_t = [i, f, g, o]``: the backward pass reuses them instead of recomputing a sigmoid.
    """
    dtype = xw.dtype
    n_steps = xw.shape[0] if xw.shape[0] is not None else tf.shape(xw)[0]
    # a = tanh(z_s) ⊙ s + k  gives  [σ(z_i), σ(z_f), tanh(z_g), σ(z_o)]
    # (σ(z) = (1 + tanh(z/2))/2)
    shape = h_0.shape
    tas = [tf.TensorArray(dtype, size=n_steps, element_shape=sh)
           for sh in (shape, shape, tf.TensorShape([shape[0], xw.shape[-1]]))]

    def body(t, h, c, tas):
        a = tf.tanh(xw[t] + b_s + tf.matmul(h, U_s)) * s + k
        i, f, g, o = tf.split(a, 4, axis=-1)
        c_new = f * c + i * g
        tc = tf.tanh(c_new)
        h_new = o * tc
        if m_tm is not None:  # masked steps keep the previous state
            m = m_tm[t]
            h_new = h + m * (h_new - h)
            c_new = c + m * (c_new - c)
        vals = (h_new, c_new, a)
        return t + 1, h_new, c_new, [ta.write(t, v) for ta, v in zip(tas, vals)]

    _, h_T, c_T, tas = tf.while_loop(lambda t, *_: t < n_steps, body, (0, h_0, c_0, tas),
                                     maximum_iterations=n_steps)
    hs, cs, acts = [ta.stack() for ta in tas]
    return h_T, c_T, hs, cs, acts


def _lstm_backward_impl(d_out, dh_T, dc_T, acts, cs, c_0, U_s, m_tm=None, e_c=None,
                        Q=None):
    """BPTT from ``t = T`` down to 1 (see ``_lstm_sequence``); returns ``dz`` (T, B, 4u) =
    ∂L/∂(scaled pre-activations), ``db = Σ_t dz_t`` (summed in the loop, while ``dz_t`` is
    in cache), ``dh_0``, ``dc_0``. The coefficients that do not depend on ``dh``/``dc`` are
    products of the stored activations and ``tanh(c_t)`` (recomputed for all steps at once:
    cheaper than storing it)."""
    dtype = acts.dtype
    n_steps = acts.shape[0] if acts.shape[0] is not None else tf.shape(acts)[0]
    i, f, g, o = tf.split(acts, 4, axis=-1)
    c_prev = tf.concat([c_0[None], cs[:-1]], 0)
    tcs = tf.tanh(cs)
    A = o * (1 - tcs * tcs)  # dc += dh ⊙ A
    # dz = [dc, dc, dc, dh] ⊙ P   (gate order i, f, g, o; 2σ(1−σ) = ∂σ/∂(z/2))
    P = tf.concat([g * (2 * i * (1 - i)), c_prev * (2 * f * (1 - f)), i * (1 - g * g),
                   tcs * (2 * o * (1 - o))], -1)
    U_T = tf.transpose(U_s)
    dz_ta = tf.TensorArray(dtype, size=n_steps,
                           element_shape=tf.TensorShape([dh_T.shape[0], acts.shape[-1]]))

    def back(t, dh, dc, db, dz_ta):
        if d_out is not None:
            dh = dh + d_out[t]
        if m_tm is not None:  # a masked step passes the gradient straight through
            m = m_tm[t]
            dh_skip, dc_skip = (1 - m) * dh, (1 - m) * dc
            dh, dc = m * dh, m * dc
        dc = dc + dh * A[t]
        if e_c is not None:
            dc = dc + e_c[t]
        dz = tf.concat([dc, dc, dc, dh], -1) * P[t]
        if Q is not None:
            dz = dz + Q[t]
        dh_prev = tf.matmul(dz, U_T)
        dc_prev = dc * f[t]
        if m_tm is not None:
            dh_prev, dc_prev = dh_prev + dh_skip, dc_prev + dc_skip
        return t - 1, dh_prev, dc_prev, db + tf.reduce_sum(dz, 0), dz_ta.write(t, dz)

    db_0 = tf.reduce_sum(tf.zeros_like(acts[:1]), [0, 1])  # zeros (4u,), known shape or not
    _, dh_0, dc_0, db, dz_ta = tf.while_loop(
        lambda t, *_: t >= 0, back, (n_steps - 1, dh_T, dc_T, db_0, dz_ta),
        maximum_iterations=n_steps)
    return dz_ta.stack(), db, dh_0, dc_0


# Inside graphs that train, each loop is one XLA computation (compiled once per input shape):
# the per-step elementwise work is fused and the stored sequences are written in place.
_lstm_forward_xla = tf.function(_lstm_forward_impl, jit_compile=True, reduce_retracing=True)
_lstm_backward_xla = tf.function(_lstm_backward_impl, jit_compile=True, reduce_retracing=True)


def _lstm_sequence(x, W, b, U, h_0, c_0, mask=None, go_backwards=False,
                   zero_output_for_mask=False, need_gates=False):
    """The whole LSTM recurrence with a hand-written backward pass (BPTT), sigmoid/tanh gates.

    Forward: ``x W`` for all steps as one matrix product (time major), then one
    ``h_{t-1} U`` (plus ``b``) and one ``tanh`` per step: the sigmoid gates use
    ``σ(z) = (1 + tanh(z/2))/2`` with the ``1/2`` folded into the columns of ``W``, ``b`` and
    ``U`` (``s`` below), so all four gates are activated by a single op. The loop keeps ``h_t``,
    ``c_t`` and the activations of every step. Backward, from ``t = T`` down to 1
    (``d·`` = ∂L/∂·)::

        dc += dh ⊙ o ⊙ (1 − tanh²(c_t))
        dz = [dc ⊙ g ⊙ i(1−i), dc ⊙ c_{t-1} ⊙ f(1−f), dc ⊙ i ⊙ (1−g²), dh ⊙ tanh(c_t) ⊙ o(1−o)]
        dh_{t-1} = dz Uᵀ,   dc_{t-1} = dc ⊙ f

    Every coefficient that does not depend on ``dh``/``dc`` is computed for all steps at once
    from the stored activations, so the loop holds one matrix product and a few products per
    step (and sums ``db = Σ_t dz_t``); ``dU = Σ_t h_{t-1}ᵀ dz_t`` is one matrix product after it,
    and ``dW`` (and ``dx``) come from autodiff of the projection outside — autodiff of the loop
    would accumulate them one step at a time. Masked steps keep the previous state: their
    gradient passes straight through.

    Returns time-major ``(outputs, h_T, c_T, gates)`` (gates only with ``need_gates``).
    """
    x_tm = tf.transpose(x, [1, 0, 2])
    m_tm = None
    if mask is not None:
        m_tm = tf.cast(tf.transpose(mask, [1, 0]), x.dtype)[:, :, None]  # (T, B, 1)
    if go_backwards:
        x_tm = tf.reverse(x_tm, [0])
        if m_tm is not None:
            m_tm = tf.reverse(m_tm, [0])
    units = U.shape[0]
    dtype = x.dtype
    zero_out = m_tm is not None and zero_output_for_mask
    half = tf.fill([units], tf.constant(0.5, dtype))
    s = tf.concat([half, half, tf.ones([units], dtype), half], 0)  # z_s = z ⊙ s
    k = tf.concat([half, half, tf.zeros([units], dtype), half], 0)  # a = tanh(z_s) ⊙ s + k

    # x W_s for all steps, outside the custom gradient: autodiff turns d(xw) into dW (and dx
    # only when the input needs it) with single matrix products; b_s is added inside the loop.
    n_feat = x_tm.shape[-1]
    xw = tf.matmul(tf.reshape(x_tm, (-1, n_feat)), W * s)
    xw = tf.reshape(xw, tf.concat([tf.shape(x_tm)[:2], [4 * units]], 0))
    # XLA for graphs that train (a gradient tape is recording); eager calls and inference
    # (predict, step-by-step decoding, whose shapes change often) skip the compile.
    compiled = not tf.executing_eagerly() and _gradient_recorded()
    forward = _lstm_forward_xla if compiled else _lstm_forward_impl
    backward = _lstm_backward_xla if compiled else _lstm_backward_impl

    @tf.custom_gradient
    def run(xw, b_s, U_s, h_0, c_0):
        h_T, c_T, hs, cs, acts = forward(xw, b_s, U_s, h_0, c_0, s, k, m_tm)
        out = hs * m_tm if zero_out else hs
        gates = ()
        if need_gates:
            i, f, g, o = tf.split(acts, 4, axis=-1)
            c_raw = f * tf.concat([c_0[None], cs[:-1]], 0) + i * g  # before the mask
            gates = (i, f, g, o, c_raw)

        def grad(*upstream):
            # outputs that the loss does not use arrive as constant zeros: drop their terms
            d_out, d_hT, d_cT, *d_gates = [None if _is_zero(d) else d for d in upstream]
            if zero_out and d_out is not None:
                d_out = d_out * m_tm
            e_i, e_f, e_g, e_o, e_c = d_gates if d_gates else (None,) * 5
            Q = None  # the gates' own upstream gradients, as a dz term
            if any(e is not None for e in (e_i, e_f, e_g, e_o)):
                i, f, g, o = tf.split(acts, 4, axis=-1)
                zeros = tf.zeros_like(i)
                Q = tf.concat([(zeros if e is None else e) * d for e, d in zip(
                    (e_i, e_f, e_g, e_o),
                    (2 * i * (1 - i), 2 * f * (1 - f), 1 - g * g, 2 * o * (1 - o)))], -1)
            dh_T = tf.zeros_like(h_T) if d_hT is None else d_hT
            dc_T = tf.zeros_like(c_T) if d_cT is None else d_cT
            dz, db, dh_0, dc_0 = backward(d_out, dh_T, dc_T, acts, cs, c_0, U_s, m_tm, e_c, Q)
            # dU = Σ_t h_{t-1}ᵀ dz_t as one product (the slices of hs along time are free)
            dU = tf.matmul(h_0, dz[0], transpose_a=True) + tf.matmul(
                tf.reshape(hs[:-1], (-1, units)), tf.reshape(dz[1:], (-1, 4 * units)),
                transpose_a=True)
            return dz, db, dU, dh_0, dc_0

        return (out, h_T, c_T) + gates, grad

    res = run(xw, b * s, U * s, h_0, c_0)
    # The shared compiled loops relax their traces to unknown shapes (reduce_retracing): give
    # the results back their static shapes, (T, B, units) per step and (B, units) at the end.
    per_step = x_tm.shape[:2].concatenate([units])
    for t, shape in zip(res, [per_step, per_step[1:], per_step[1:]] + [per_step] * 5):
        t.set_shape(shape)
    out, h_T, c_T = res[:3]
    gates = dict(zip(("i", "f", "g", "o", "c"), res[3:]))
    return out, h_T, c_T, gates


# A batch slice smaller than this keeps the per-step matrix products too small to be worth a
# core of their own; a batch of unknown size (``model.fit`` traces with one) counts as Keras's
# default ``batch_size``.
_MIN_SLICE = 16
_UNKNOWN_BATCH = 32


def _batch_slices(batch):
    """How many independent slices of the batch to run side by side (1: no split).

    On a CPU one ``h_{t-1} U`` per step (e.g. 64×128 · 128×512) is too small to keep several
    cores busy, and the recurrence cannot run two steps at once. The samples of a batch are
    independent, though: inside a graph, one loop per slice of the batch gives TensorFlow's
    executor independent work for each core. Eager calls (run op by op) and GPUs (one stream)
    keep one loop.
    """
    if tf.executing_eagerly() or tf.config.list_logical_devices("GPU"):
        return 1
    batch = _UNKNOWN_BATCH if batch is None else batch
    cores = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
             else os.cpu_count()) or 1
    threads = tf.config.threading.get_inter_op_parallelism_threads() or cores
    return max(1, min(cores, threads, batch // _MIN_SLICE))


def _fused_kernel(kind, **kwargs):
    """Keras's backend entry to cuDNN (``backend.lstm``/``backend.gru``); raises
    ``NotImplementedError`` where cuDNN cannot run (no GPU, unsupported settings)."""
    from keras.src import backend

    return getattr(backend, kind)(**kwargs)


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
        return _recurrence(
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
        n = _batch_slices(inputs.shape[0])
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


_LAYER_ARGS_DOC = """
        return_sequences: return ``h_t`` for every step (batch, time, units), else the last.
        return_state: also return the final state(s).
        go_backwards: read the sequence from the end; outputs come in reading order.
        return_gates: also return a dict of per-step gates, each (batch, time, units).
        zero_output_for_mask: masked steps output zeros instead of repeating the last output.
        use_cudnn: ``"auto"`` uses the fused cuDNN kernel on a GPU when possible."""


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
        out, h_T, c_T, gates = _lstm_sequence(
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
        return h_T, outputs, [h_T, c_T], gates

    def _fused_call(self, inputs, states, mask):
        if mask is not None or not self.cell.use_bias:
            return None
        try:
            last, outputs, new_states = _fused_kernel(
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
            last, outputs, new_states = _fused_kernel(
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
