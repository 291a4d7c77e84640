"""The recurrent cells as the course writes them: one time step of SimpleRNN, LSTM and GRU.

Read these first: each cell is the formula of one step, ``h_t = f(x_t W + h_{t-1} U + b)``
(with gates for the LSTM and GRU). The layers in ``tfdl.layers.recurrent.layers`` run a cell over
a whole sequence; the engine that makes that fast (``_engine.py``) is kept apart.
"""

from __future__ import annotations

import keras
from keras import ops

__all__ = ["SimpleRNNCell", "LSTMCell", "GRUCell"]


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
