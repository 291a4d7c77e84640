"""How much of the gradient survives the trip back in time: one number per cell.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"cell": ["rnn"] * 3, "step": [1, 2, 3], "grad_norm": [0.01, 0.1, 1.0]})
    >>> gradient_decay(df)
    {'rnn': 0.01}
"""

from __future__ import annotations

from tfdl.errors import TfdlValueError

__all__ = ["gradient_decay"]


def gradient_decay(df) -> dict[str, float]:
    """``‖∂L/∂h_1‖ / ‖∂L/∂h_T‖`` per cell: the gradient at the first step relative to the last.

    Formula: for each cell, ``grad_norm`` at the smallest ``step`` divided by ``grad_norm`` at the
    largest (the loss is at the last step ``T``); ``≪ 1`` means the gradient vanished.

    Args:
        df: the ``DataFrame`` of :func:`tfdl.experiments.gradient_norms_by_step` (columns ``cell``,
            ``step``, ``grad_norm``).

    Returns:
        ``{cell: ratio}`` in the order the cells first appear.

    Example:
        >>> import pandas as pd
        >>> gradient_decay(pd.DataFrame({"cell": ["lstm", "lstm"], "step": [2, 1], "grad_norm": [2.0, 1.0]}))
        {'lstm': 0.5}
    """
    missing = sorted({"cell", "step", "grad_norm"} - set(getattr(df, "columns", ())))
    if missing:
        raise TfdlValueError("gradient_decay_columns", "`df` must have the columns {missing}. Received columns: "
                             "{columns}", missing=missing, columns=list(getattr(df, "columns", ())))
    ratios = {}
    for cell, part in df.groupby("cell", sort=False):
        part = part.sort_values("step")
        ratios[str(cell)] = float(part["grad_norm"].iloc[0] / part["grad_norm"].iloc[-1])
    return ratios
