"""The performance engine behind the recurrent layers (not needed to read the formulas).

The recurrence loop (``_recurrence``), the LSTM's hand-written BPTT with XLA-compiled loops
(``_lstm_sequence``), running independent batch slices side by side on CPU cores
(``_batch_slices``) and the delegation to Keras's cuDNN kernels (``_fused_kernel``).
"""

from __future__ import annotations

import os

import numpy as np
import tensorflow as tf

from tfdl import _compat

# --------------------------------------------------------------------------------------------
# The recurrence
# --------------------------------------------------------------------------------------------


def _recurrence(step, xw, states, mask=None, go_backwards=False, gate_names=(),
                zero_output_for_mask=False, return_sequences=True):
    """Run ``step`` over time on a precomputed projection ``xw`` (batch, time, features).

    Returns ``(last_output, outputs or None, final_states, gates dict of (batch, time, units))``.
    As Keras's ``backend.rnn``: a masked step keeps the previous state and outputs the previous
    *output* (zeros before the first valid step, whatever the initial state), or zeros with
    ``zero_output_for_mask``; ``last_output`` is the output of the last step read (so zeros
    when that step is masked and ``zero_output_for_mask``, and for a fully masked row).
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
        out_tas = [o_ta.write(t, h_t) for o_ta in out_tas]
        gate_tas = [g_ta.write(t, gates[name]) for g_ta, name in zip(gate_tas, gate_names)]
        return t + 1, h_t, new_states, out_tas, gate_tas

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
    return _compat.gradient_may_be_recorded()


def _pin_shape(t, like):
    """``t`` with the static shape of the loop variable ``like`` it replaces: the compiled loops
    relax each argument's shape separately (``reduce_retracing``), so ``h_{t-1} U`` may lose a
    batch size that ``h_0`` still has, which ``tf.while_loop`` rejects."""
    t.set_shape(like.shape)
    return t


def _lstm_forward_impl(xw, b_s, U_s, h_0, c_0, s, k, m_tm=None, r_m=None):
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
        a = tf.tanh(xw[t] + b_s + _per_gate(h, U_s, r_m)) * s + k
        i, f, g, o = tf.split(a, 4, axis=-1)
        c_new = f * c + i * g
        tc = tf.tanh(c_new)
        h_new = o * tc
        if m_tm is not None:  # masked steps keep the previous state
            m = m_tm[t]
            h_new = h + m * (h_new - h)
            c_new = c + m * (c_new - c)
        h_new, c_new = _pin_shape(h_new, h), _pin_shape(c_new, c)
        vals = (h_new, c_new, a)
        return t + 1, h_new, c_new, [ta.write(t, v) for ta, v in zip(tas, vals)]

    _, h_T, c_T, tas = tf.while_loop(lambda t, *_: t < n_steps, body, (0, h_0, c_0, tas),
                                     maximum_iterations=n_steps)
    hs, cs, acts = [ta.stack() for ta in tas]
    return h_T, c_T, hs, cs, acts


def _lstm_backward_impl(d_out, dh_T, dc_T, acts, cs, c_0, U_s, m_tm=None, e_c=None,
                        Q=None, r_m=None):
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
        dh_prev = tf.matmul(dz, U_T) if r_m is None else _per_gate_back(dz, U_s, r_m)
        dc_prev = dc * f[t]
        if m_tm is not None:
            dh_prev, dc_prev = dh_prev + dh_skip, dc_prev + dc_skip
        dh_prev, dc_prev = _pin_shape(dh_prev, dh_T), _pin_shape(dc_prev, dc_T)
        return t - 1, dh_prev, dc_prev, db + tf.reduce_sum(dz, 0), dz_ta.write(t, dz)

    db_0 = tf.reduce_sum(tf.zeros_like(acts[:1]), [0, 1])  # zeros (4u,), known shape or not
    _, dh_0, dc_0, db, dz_ta = tf.while_loop(
        lambda t, *_: t >= 0, back, (n_steps - 1, dh_T, dc_T, db_0, dz_ta),
        maximum_iterations=n_steps)
    return dz_ta.stack(), db, dh_0, dc_0


def _per_gate(h, U, r_m=None):
    """``h U``; with one recurrent dropout mask per gate ``r_m`` (4, B, u), as Keras'
    ``implementation=1``: ``[(h ⊙ r_g) U_g]_g`` as one batched product. ``h`` may also come
    already stacked per gate (4, N, F)."""
    if r_m is None and len(h.shape) == 2:
        return tf.matmul(h, U)
    u = tf.shape(U)[1] // 4  # (dynamic: the compiled loops relax their shapes)
    U_g = tf.transpose(tf.reshape(U, (-1, 4, u)), (1, 0, 2))  # (4, F, u)
    z = tf.matmul(h if r_m is None else h[None] * r_m, U_g)  # (4, N, u)
    return tf.reshape(tf.transpose(z, (1, 0, 2)), (-1, 4 * u))


def _per_gate_back(dz, U, r_m):
    """∂L/∂h of ``_per_gate(h, U, r_m)``: ``Σ_g (dz_g U_gᵀ) ⊙ r_g``."""
    u = tf.shape(U)[0]
    U_g = tf.transpose(tf.reshape(U, (u, 4, u)), (1, 0, 2))
    dz_g = tf.transpose(tf.reshape(dz, (-1, 4, u)), (1, 0, 2))  # (4, B, u)
    return tf.reduce_sum(tf.matmul(dz_g, U_g, transpose_b=True) * r_m, 0)


def _per_gate_dU(h_prev, dz):
    """``dU_g = Σ_t h̃_{g,t-1}ᵀ dz_{g,t}`` for the per-gate masked ``h̃`` (4, T, B, u)."""
    u = tf.shape(h_prev)[-1]
    dz_g = tf.transpose(tf.reshape(dz, (-1, 4, u)), (1, 0, 2))  # (4, T*B, u)
    dU = tf.matmul(tf.reshape(h_prev, (4, -1, u)), dz_g, transpose_a=True)  # (4, u, u)
    return tf.reshape(tf.transpose(dU, (1, 0, 2)), (u, 4 * u))


# Inside graphs that train, each loop is one XLA computation (compiled once per input shape):
# the per-step elementwise work is fused and the stored sequences are written in place.
_lstm_forward_xla = tf.function(_lstm_forward_impl, jit_compile=True, reduce_retracing=True)
_lstm_backward_xla = tf.function(_lstm_backward_impl, jit_compile=True, reduce_retracing=True)


def _lstm_sequence(x, W, b, U, h_0, c_0, mask=None, go_backwards=False,
                   zero_output_for_mask=False, need_gates=False, dp_mask=None, rec_mask=None):
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
    gradient passes straight through. The outputs follow Keras's ``backend.rnn``: ``y_t = h_t``
    where a valid step has been read by step ``t`` (``h_t`` then is the last valid output) and 0
    before it (not ``h_0``), or ``y_t = m_t h_t`` with ``zero_output_for_mask``; the last
    output is ``y_T``.

    When a gradient tape records the backward pass itself (a gradient of a gradient, e.g. a
    gradient penalty), the backward pass is autodiff of the plain (not compiled) forward loop,
    which can be differentiated again: XLA's compiled loops cannot.

    Dropout (Keras' ``implementation=1`` masks, drawn by the cell): ``dp_mask`` (4, B, F) and
    ``rec_mask`` (4, B, u) hold one mask per gate; then ``z_g = (x_t ⊙ m_g) W_g +
    (h_{t-1} ⊙ m'_g) U_g + b_g``, ``dh_{t-1} = Σ_g (dz_g U_gᵀ) ⊙ m'_g`` and
    ``dU_g = Σ_t (h_{t-1} ⊙ m'_g)ᵀ dz_{g,t}`` (``_per_gate*``).

    Returns time-major ``(outputs, last_output, h_T, c_T, gates)`` (gates only with
    ``need_gates``).
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
    y_m = None  # y_t = h_t ⊙ y_m: the output mask (time major)
    if m_tm is not None:
        # zeros until the first valid step (Keras's previous output starts at zero)
        y_m = m_tm if zero_output_for_mask else tf.cast(tf.cumsum(m_tm, 0) > 0, dtype)
    half = tf.fill([units], tf.constant(0.5, dtype))
    s = tf.concat([half, half, tf.ones([units], dtype), half], 0)  # z_s = z ⊙ s
    k = tf.concat([half, half, tf.zeros([units], dtype), half], 0)  # a = tanh(z_s) ⊙ s + k

    # x W_s for all steps, outside the custom gradient: autodiff turns d(xw) into dW (and dx
    # only when the input needs it) with single matrix products; b_s is added inside the loop.
    n_feat = x_tm.shape[-1]
    if dp_mask is None:
        xw = tf.matmul(tf.reshape(x_tm, (-1, n_feat)), W * s)
    else:  # one input dropout mask per gate (4, B, F): [(x ⊙ m_g) W_g]_g
        xw = _per_gate(tf.reshape(x_tm[None] * dp_mask[:, None], (4, -1, n_feat)), W * s)
    xw = tf.reshape(xw, tf.concat([tf.shape(x_tm)[:2], [4 * units]], 0))
    # XLA for graphs that train (a gradient tape is recording); eager calls and inference
    # (predict, step-by-step decoding, whose shapes change often) skip the compile.
    compiled = not tf.executing_eagerly() and _gradient_recorded()
    forward = _lstm_forward_xla if compiled else _lstm_forward_impl
    backward = _lstm_backward_xla if compiled else _lstm_backward_impl

    def results(forward, xw, b_s, U_s, h_0, c_0):
        h_T, c_T, hs, cs, acts = forward(xw, b_s, U_s, h_0, c_0, s, k, m_tm, rec_mask)
        out = hs if y_m is None else hs * y_m
        gates = ()
        if need_gates:
            i, f, g, o = tf.split(acts, 4, axis=-1)
            c_raw = f * tf.concat([c_0[None], cs[:-1]], 0) + i * g  # before the mask
            gates = (i, f, g, o, c_raw)
        return (out, h_T, c_T) + gates, (hs, cs, acts)

    @tf.custom_gradient
    def run(xw, b_s, U_s, h_0, c_0):
        # The tapes do not see the forward loop (``grad`` is its gradient): a tape that may take
        # a gradient of a gradient would make TensorFlow rewrite a compiled loop to return its
        # intermediates, which XLA cannot do (TensorLists). (No op, hence no cost.)
        hidden = [tf.stop_gradient(v) for v in (xw, b_s, U_s, h_0, c_0)]
        res, (hs, cs, acts) = results(forward, *hidden)
        h_T, c_T = res[1:3]

        def grad(*upstream):
            if _gradient_recorded():  # a tape records this backward pass: see the docstring
                inputs = [xw, b_s, U_s, h_0, c_0]
                with tf.GradientTape() as tape:
                    tape.watch(inputs)
                    res_again, _ = results(_lstm_forward_impl, *inputs)
                return tape.gradient(res_again, inputs, output_gradients=list(upstream),
                                     unconnected_gradients=tf.UnconnectedGradients.ZERO)
            # outputs that the loss does not use arrive as constant zeros: drop their terms
            d_out, d_hT, d_cT, *d_gates = [None if _is_zero(d) else d for d in upstream]
            if y_m is not None and d_out is not None:
                d_out = d_out * y_m
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
            dz, db, dh_0, dc_0 = backward(d_out, dh_T, dc_T, acts, cs, c_0, U_s, m_tm, e_c, Q,
                                          rec_mask)
            # dU = Σ_t h_{t-1}ᵀ dz_t as one product (the slices of hs along time are free)
            if rec_mask is None:
                dU = tf.matmul(h_0, dz[0], transpose_a=True) + tf.matmul(
                    tf.reshape(hs[:-1], (-1, units)), tf.reshape(dz[1:], (-1, 4 * units)),
                    transpose_a=True)
            else:  # dU_g = Σ_t (h_{t-1} ⊙ m_g)ᵀ dz_{g,t}
                h_prev = tf.concat([h_0[None], hs[:-1]], 0)[None] * rec_mask[:, None]
                dU = _per_gate_dU(h_prev, dz)
            return dz, db, dU, dh_0, dc_0

        return res, grad

    res = run(xw, b * s, U * s, h_0, c_0)
    # The shared compiled loops relax their traces to unknown shapes (reduce_retracing): give
    # the results back their static shapes, (T, B, units) per step and (B, units) at the end.
    per_step = x_tm.shape[:2].concatenate([units])
    for t, shape in zip(res, [per_step, per_step[1:], per_step[1:]] + [per_step] * 5):
        t.set_shape(shape)
    out, h_T, c_T = res[:3]
    last = h_T if y_m is None else h_T * y_m[-1]  # y_T (h_T is the last valid h)
    gates = dict(zip(("i", "f", "g", "o", "c"), res[3:]))
    return out, last, h_T, c_T, gates


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
    return _compat.keras_backend_rnn_kernel(kind)(**kwargs)
