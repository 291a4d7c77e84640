"""The recurrent cells as the course writes them: one time step of SimpleRNN, LSTM and GRU.

Read these first: each cell is the formula of one step, ``h_t = f(x_t W + h_{t-1} U + b)``
(with gates for the LSTM and GRU). The layers in ``tfdl.layers.recurrent.layers`` run a cell over
a whole sequence; the engine that makes that fast (``_engine.py``) is kept apart.
"""

from __future__ import annotations

import keras
from keras import ops

from tfdl import _compat, validation
from tfdl.errors import TfdlValueError

__all__ = ["GRUCell", "LSTMCell", "SimpleRNNCell"]


def _check_units(units):
    if not isinstance(units, int) or isinstance(units, bool) or units < 1:
        raise validation.positive_int_error("units", units)


def _check_rate(name, rate):
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
        raise TfdlValueError(
            "rate_range",
            "`{name}` must be a number in [0, 1]. Received: {name}={rate!r}",
            name=name, rate=rate,
        )
    return float(rate)


# Keras' DropoutRNNCell: draws one dropout mask per sequence from the cell's seed generator and
# caches it for every step (the same code as Keras' cells, so a seeded run draws the same masks).
DropoutRNNCell = _compat.dropout_rnn_cell_class()


# --------------------------------------------------------------------------------------------
# Cells: one time step each. Every cell splits its step into
#   project_inputs(x)      -> x W + b         (no dependence on h: done for all steps at once)
#   step(xw_t, states)     -> h_t, states, gates   (the recurrent part only)
# and also implements the usual Keras cell protocol ``call(inputs, states)`` so it can be
# wrapped in ``keras.layers.RNN``.
#
# Dropout (Gal & Ghahramani 2016), as Keras does it: a mask ``m`` (batch, features) is drawn
# once per sequence and multiplies ``x_t`` at every step (``dropout``); another multiplies
# ``h_{t-1}`` (``recurrent_dropout``). With ``implementation=1`` (forced by
# ``recurrent_dropout > 0``) the LSTM and GRU draw one mask per gate:
#   z_g = (x_t ⊙ m_g) W_g + (h_{t-1} ⊙ m'_g) U_g + b_g.
# --------------------------------------------------------------------------------------------


class _CellBase(keras.layers.Layer, DropoutRNNCell):
    gate_names: tuple = ()

    def __init__(
        self,
        units,
        activation="tanh",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
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
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = keras.regularizers.get(recurrent_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.recurrent_constraint = keras.constraints.get(recurrent_constraint)
        self.bias_constraint = keras.constraints.get(bias_constraint)
        self.dropout = _check_rate("dropout", dropout)
        self.recurrent_dropout = _check_rate("recurrent_dropout", recurrent_dropout)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    # The number of columns of W (n_gates * units).
    n_gates = 1

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise TfdlValueError(
                "cell_input_unknown",
                "The last dimension of the inputs to `{layer}` must be known. Received: input_shape={input_shape}",
                layer=type(self).__name__, input_shape=input_shape,
            )
        self.kernel = self.add_weight(
            shape=(input_dim, self.n_gates * self.units), name="kernel",
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.n_gates * self.units), name="recurrent_kernel",
            initializer=self.recurrent_initializer, regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                shape=self._bias_shape(), name="bias", initializer=self._bias_init(),
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )
        else:
            self.bias = None

    def _bias_shape(self):
        return (self.n_gates * self.units,)

    def _bias_init(self):
        return self.bias_initializer

    def _input_bias(self):
        return self.bias

    def dropout_applies(self, rate):
        """Whether a drawn mask of this ``rate`` is applied in training (Keras' rule for the
        LSTM and GRU: ``0 < rate < 1``)."""
        return 0.0 < rate < 1.0

    def project_inputs(self, x, dp_mask=None):
        """``x W + b`` for any leading shape (all time steps at once).

        ``dp_mask``: ``None``, one input dropout mask (batch, features), or a list of one mask
        per gate (``implementation=1``), multiplying ``x`` at every step."""
        if dp_mask is not None and ops.ndim(x) == 3:  # (batch, time, features): same each step
            dp_mask = ([ops.expand_dims(m, 1) for m in dp_mask] if isinstance(dp_mask, list)
                       else ops.expand_dims(dp_mask, 1))
        if isinstance(dp_mask, list):  # one mask per gate: z_g = (x ⊙ m_g) W_g
            W_g = ops.split(self.kernel, self.n_gates, axis=-1)
            xw = ops.concatenate([ops.matmul(x * m, w) for m, w in zip(dp_mask, W_g)], -1)
        else:
            xw = ops.matmul(x if dp_mask is None else x * dp_mask, self.kernel)
        if self.use_bias:
            xw = xw + self._input_bias()
        return xw

    def _times_u(self, h, rec_mask, first=0, last=None):
        """``h_{t-1} U`` over the gates ``first..last-1``; with recurrent dropout ``h_{t-1}`` is
        multiplied by its mask: one for all gates (batch, units), or one per gate, as a list or
        stacked (gates, batch, units): then ``z_g = (h_{t-1} ⊙ m'_g) U_g`` for every gate ``g``
        in one batched product."""
        last = self.n_gates if last is None else last
        u, n = self.units, last - first
        U = self.recurrent_kernel
        if (first, last) != (0, self.n_gates):
            U = U[:, first * u:last * u]
        if isinstance(rec_mask, list):
            rec_mask = ops.stack(rec_mask)
        if rec_mask is not None and len(rec_mask.shape) == 3:  # one mask per gate
            U_g = ops.transpose(ops.reshape(U, (u, n, u)), (1, 0, 2))  # (gates, u, u)
            z = ops.matmul(h[None] * rec_mask[first:last], U_g)  # (gates, batch, u)
            return ops.reshape(ops.transpose(z, (1, 0, 2)), (-1, n * u))
        return ops.matmul(h if rec_mask is None else h * rec_mask, U)

    def get_initial_state(self, batch_size=None):
        return [ops.zeros((batch_size, d), dtype=self.compute_dtype) for d in self.state_size]

    def call(self, inputs, states, training=None):
        """Keras cell protocol: one step, returns ``(output, new_states)``.

        In training, the cached dropout masks multiply ``x_t`` and ``h_{t-1}`` (inside
        ``keras.layers.RNN``, which draws them once per sequence, as for Keras' cells)."""
        states = list(states) if isinstance(states, (list, tuple)) else [states]
        dp_mask = rec_mask = None
        if training and self.dropout_applies(self.dropout):
            dp_mask = self.get_dropout_mask(inputs)
        if training and self.dropout_applies(self.recurrent_dropout):
            rec_mask = self.get_recurrent_dropout_mask(states[0])
        h, new_states, _ = self.step(self.project_inputs(inputs, dp_mask), states, rec_mask)
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
            kernel_regularizer=keras.regularizers.serialize(self.kernel_regularizer),
            recurrent_regularizer=keras.regularizers.serialize(self.recurrent_regularizer),
            bias_regularizer=keras.regularizers.serialize(self.bias_regularizer),
            kernel_constraint=keras.constraints.serialize(self.kernel_constraint),
            recurrent_constraint=keras.constraints.serialize(self.recurrent_constraint),
            bias_constraint=keras.constraints.serialize(self.bias_constraint),
            dropout=self.dropout,
            recurrent_dropout=self.recurrent_dropout,
            seed=self.seed,
        )
        return config


class _GatedCellBase(_CellBase):
    """LSTM and GRU cells: ``implementation`` (Keras' argument) only chooses the dropout masks:
    with ``1`` (forced by ``recurrent_dropout > 0``, as in Keras) one mask per gate."""

    def __init__(self, units, implementation=2, **kwargs):
        super().__init__(units, **kwargs)
        if implementation not in (0, 1, 2):
            raise TfdlValueError(
                "implementation_choice",
                "`implementation` must be 0 (legacy), 1 or 2. Received: implementation={implementation!r}",
                implementation=implementation,
            )
        self.implementation = 1 if self.recurrent_dropout != 0.0 else implementation
        if self.implementation == 1:
            self.dropout_mask_count = self.n_gates  # read by DropoutRNNCell

    def get_config(self):
        config = super().get_config()
        config.update(implementation=self.implementation)
        return config


@keras.saving.register_keras_serializable(package="tfdl")
class SimpleRNNCell(_CellBase):
    """One step of the vanilla (Elman) RNN.

    Formula: ``h_t = tanh(x_t W + h_{t-1} U + b)`` (``W`` = ``kernel``, ``U`` =
    ``recurrent_kernel``), the course's ``h_t = σ(W_hh h_{t-1} + W_hx x_t + b)``. With dropout
    in training: ``h_t = tanh((x_t ⊙ m) W + (h_{t-1} ⊙ m') U + b)``.

    Args:
        units: size of the hidden state ``h``.
        activation: the nonlinearity (default ``"tanh"``).
        use_bias: add ``b``.
        kernel_initializer, recurrent_initializer, bias_initializer: initialisers of W, U, b.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties on W, U, b.
        kernel_constraint, recurrent_constraint, bias_constraint: constraints on W, U, b.
        dropout: fraction of the inputs ``x_t`` dropped in training (one mask per sequence).
        recurrent_dropout: fraction of ``h_{t-1}`` dropped in training (one mask per sequence).
        seed: seed of the dropout masks (the same seed draws Keras' masks).

    Returns:
        Called as a Keras cell, ``(h_t, [h_t])``.

    Example:
        >>> cell = SimpleRNNCell(4)
        >>> h, _ = cell(np.zeros((2, 3)), [np.zeros((2, 4))])
        >>> print(h.shape)
        (2, 4)

    Paper: Elman, "Finding Structure in Time", Cognitive Science 1990; dropout: Gal &
    Ghahramani, "A Theoretically Grounded Application of Dropout in Recurrent Neural
    Networks", NeurIPS 2016.
    """

    n_gates = 1
    gate_names = ()

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None, **kwargs):
        super().__init__(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **kwargs)

    @property
    def state_size(self):
        return [self.units]

    @property
    def output_size(self):
        return self.units

    def dropout_applies(self, rate):
        return rate > 0.0  # Keras' SimpleRNNCell applies any drawn mask

    def step(self, xw_t, states, rec_mask=None):
        h_tm1 = states[0]
        h_t = self.activation(xw_t + self._times_u(h_tm1, rec_mask))
        return h_t, [h_t], {}


@keras.saving.register_keras_serializable(package="tfdl")
class LSTMCell(_GatedCellBase):
    """One step of the LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers 2000).

    Formula (stacked form, gate order ``i, f, g, o`` as in Keras's ``kernel``)::

        [i, f, g, o] = [σ, σ, tanh, σ](x_t W + h_{t-1} U + b)
        c_t = f ⊙ c_{t-1} + i ⊙ g
        h_t = o ⊙ tanh(c_t)

    With ``unit_forget_bias=True`` the forget-gate bias starts at 1, so the cell remembers by
    default at the start of training (Jozefowicz et al. 2015). With dropout in training,
    ``x_t`` and ``h_{t-1}`` are multiplied by masks drawn once per sequence (one per gate with
    ``implementation=1``).

    Args:
        units: size of ``h`` and ``c``.
        activation: the nonlinearity of ``g`` and of the output (``"tanh"``).
        recurrent_activation: the gate nonlinearity (``"sigmoid"``).
        use_bias: add ``b``.
        kernel_initializer, recurrent_initializer, bias_initializer: initialisers.
        unit_forget_bias: start the forget-gate bias at 1.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties on W, U, b.
        kernel_constraint, recurrent_constraint, bias_constraint: constraints on W, U, b.
        dropout: fraction of the inputs ``x_t`` dropped in training (one mask per sequence).
        recurrent_dropout: fraction of ``h_{t-1}`` dropped in training (one mask per sequence).
        seed: seed of the dropout masks (the same seed draws Keras' masks).
        implementation: Keras' argument, no numerical effect except that ``1`` (forced by
            ``recurrent_dropout > 0``, as in Keras) draws one dropout mask per gate.

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
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        super().__init__(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **kwargs)
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

    def step(self, xw_t, states, rec_mask=None):
        h_tm1, c_tm1 = states[0], states[1]
        z = xw_t + self._times_u(h_tm1, rec_mask)
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
class GRUCell(_GatedCellBase):
    """One step of the GRU (Cho et al. 2014), gate order ``z, r, h`` as in Keras's ``kernel``.

    Formula (``reset_after=True``, the Keras/cuDNN default; ``b = [b_x; b_h]``)::

        z = σ(x_t W_z + b_xz + h_{t-1} U_z + b_hz)
        r = σ(x_t W_r + b_xr + h_{t-1} U_r + b_hr)
        h̃ = tanh(x_t W_h + b_xh + r ⊙ (h_{t-1} U_h + b_hh))
        h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h̃

    With ``reset_after=False`` (the paper's form) ``h̃ = tanh(x_t W_h + (r ⊙ h_{t-1}) U_h + b_h)``.
    With dropout in training, ``x_t`` and ``h_{t-1}`` inside the products are multiplied by
    masks drawn once per sequence (one per gate with ``implementation=1``).

    Args:
        units: size of ``h``.
        activation: nonlinearity of ``h̃`` (``"tanh"``).
        recurrent_activation: gate nonlinearity (``"sigmoid"``).
        use_bias: add biases.
        kernel_initializer, recurrent_initializer, bias_initializer: initialisers.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties on W, U, b.
        kernel_constraint, recurrent_constraint, bias_constraint: constraints on W, U, b.
        dropout: fraction of the inputs ``x_t`` dropped in training (one mask per sequence).
        recurrent_dropout: fraction of ``h_{t-1}`` dropped in training (one mask per sequence).
        seed: seed of the dropout masks (the same seed draws Keras' masks).
        reset_after: apply the reset gate after the matrix product (Keras default ``True``).
        implementation: Keras' argument, no numerical effect except that ``1`` (forced by
            ``recurrent_dropout > 0``, as in Keras) draws one dropout mask per gate.

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
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, reset_after=True, seed=None, **kwargs):
        super().__init__(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **kwargs)
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

    def _input_bias(self):
        return self.bias[0] if self.reset_after else self.bias

    def step(self, xw_t, states, rec_mask=None):
        h_tm1 = states[0]
        x_z, x_r, x_h = ops.split(xw_t, 3, axis=-1)
        if self.reset_after:
            hu = self._times_u(h_tm1, rec_mask)
            if self.use_bias:
                hu = hu + self.bias[1]
            h_z, h_r, h_h = ops.split(hu, 3, axis=-1)
            z = self.recurrent_activation(x_z + h_z)
            r = self.recurrent_activation(x_r + h_r)
            hh = self.activation(x_h + r * h_h)
        else:
            hu = self._times_u(h_tm1, rec_mask, 0, 2)
            h_z, h_r = ops.split(hu, 2, axis=-1)
            z = self.recurrent_activation(x_z + h_z)
            r = self.recurrent_activation(x_r + h_r)
            h_for_h = h_tm1 if rec_mask is None else h_tm1 * rec_mask[2]
            hh = self.activation(x_h + self._times_u(r * h_for_h, None, 2, 3))
        h_t = z * h_tm1 + (1.0 - z) * hh
        return h_t, [h_t], {"z": z, "r": r}

    def get_config(self):
        config = super().get_config()
        config.update(
            recurrent_activation=keras.activations.serialize(self.recurrent_activation),
            reset_after=self.reset_after,
        )
        return config
