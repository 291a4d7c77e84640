"""Backpropagation through time for the vanilla RNN, written out in numpy: the reference the
gradient-norm experiments (vanishing and exploding) are checked against."""

import numpy as np


def simple_rnn_bptt(x, r, W, U, b):
    """``h_t = tanh(x_t W + h_{t-1} U + b)``, ``L = Σ_batch rᵀ h_T``, backwards by hand (float64).

    Returns ``(norms, grads)``: ``norms[t]`` the batch mean of ``‖∂L/∂h_t‖`` (t = 0..T−1) and
    ``grads`` = ``{"kernel": ∂L/∂W, "recurrent_kernel": ∂L/∂U, "bias": ∂L/∂b}``.
    """
    x, r, W, U, b = (np.asarray(a, dtype="float64") for a in (x, r, W, U, b))
    batch, steps, _ = x.shape
    h = np.zeros((batch, U.shape[0]))
    hs = [h]
    for t in range(steps):
        h = np.tanh(x[:, t] @ W + h @ U + b)
        hs.append(h)
    g = r.copy()  # dL/dh_T
    norms = np.zeros(steps)
    dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
    for t in range(steps - 1, -1, -1):
        norms[t] = np.linalg.norm(g, axis=-1).mean()
        delta = g * (1 - hs[t + 1] ** 2)  # dL/dz_t
        dW += x[:, t].T @ delta
        dU += hs[t].T @ delta
        db += delta.sum(axis=0)
        g = delta @ U.T  # dL/dh_{t-1} = dL/dh_t diag(1-h_t^2) U^T
    return norms, {"kernel": dW, "recurrent_kernel": dU, "bias": db}
