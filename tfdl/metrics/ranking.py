"""Scored predictions: the precision–recall curve and average precision, PASCAL VOC styles (numpy).

Example:
    >>> from tfdl.metrics.ranking import average_precision
    >>> average_precision([1, 0, 1], [0.9, 0.8, 0.7])
    0.8333333333333333
"""

from __future__ import annotations

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = ["average_precision", "average_precision_from_curve", "precision_recall_curve"]

#: The ways of integrating a precision–recall curve (see :func:`average_precision_from_curve`).
AP_METHODS = ("all_point", "11_point", "step")


def _scored(y_true, scores):
    t = np.asarray(y_true).reshape(-1)
    s = np.asarray(scores, dtype="float64").reshape(-1)
    if len(t) != len(s):
        raise TfdlValueError(
            "ranking_length",
            "`y_true` and `scores` must have the same length. Received: {n_true} and {n_scores}",
            n_true=len(t), n_scores=len(s),
        )
    if not np.isin(t, (0, 1, True, False)).all():
        raise TfdlValueError("binary_labels", "`y_true` must hold binary labels 0/1 (1 = positive / true detection)")
    return t.astype(bool), s


def precision_recall_curve(y_true, scores, n_positives: int | None = None):
    """Precision and recall at every distinct score threshold, highest threshold first.

    For threshold ``τ``: ``P(τ) = TP(τ) / (TP(τ) + FP(τ))``, ``R(τ) = TP(τ) / n_pos`` where items
    scoring ``>= τ`` are predicted positive. ``n_pos`` defaults to the positives in ``y_true``; in
    detection it is the number of ground-truth objects (missed objects never get a score).

    Args:
        y_true: binary labels (1 = positive / a correct detection).
        scores: confidences, same length.
        n_positives: total number of positives (>= the positives in ``y_true``).

    Returns:
        ``(precision, recall, thresholds)``: float64 arrays, thresholds decreasing. (scikit-learn
        returns the same points in increasing-threshold order plus a final ``(P=1, R=0)``.)

    Example:
        >>> p, r, t = precision_recall_curve([1, 0, 1], [0.9, 0.8, 0.7])
        >>> p.tolist(), r.tolist()
        ([1.0, 0.5, 0.6666666666666666], [0.5, 0.5, 1.0])
    """
    t, s = _scored(y_true, scores)
    n_pos = int(t.sum()) if n_positives is None else int(n_positives)
    if n_pos < t.sum() or n_pos < 1:
        raise TfdlValueError(
            "n_positives_range",
            "`n_positives` must be >= 1 and >= the positives in `y_true` ({positives}). Received: "
            "n_positives={n_positives!r}",
            positives=int(t.sum()), n_positives=n_positives,
        )
    order = np.argsort(-s, kind="stable")
    s, t = s[order], t[order]
    tp = np.cumsum(t)
    fp = np.cumsum(~t)
    last = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]  # last index of each distinct score
    tp, fp = tp[last].astype("float64"), fp[last].astype("float64")
    return tp / (tp + fp), tp / n_pos, s[last]


def average_precision_from_curve(precision, recall, method: str = "all_point") -> float:
    """Area under a precision–recall curve, in the PASCAL VOC styles.

    * ``"all_point"`` (VOC 2010+): ``AP = Σ_n (R_n − R_{n−1}) · P_interp(R_n)`` with the
      interpolated precision ``P_interp(r) = max_{r' >= r} P(r')`` (the curve's upper envelope);
    * ``"11_point"`` (VOC 2007): ``AP = (1/11) Σ_{r ∈ {0, 0.1, …, 1}} P_interp(r)``;
    * ``"step"``: ``Σ_n (R_n − R_{n−1}) P_n`` without interpolation (scikit-learn's
      ``average_precision_score``).

    Args:
        precision: precisions, in order of increasing recall (as returned by
            :func:`precision_recall_curve`).
        recall: recalls, non-decreasing.
        method: ``"all_point"``, ``"11_point"`` or ``"step"``.

    Returns:
        a float in ``[0, 1]``.

    Example:
        >>> average_precision_from_curve([1.0, 0.5, 2 / 3], [0.5, 0.5, 1.0])
        0.8333333333333333

    Paper: M. Everingham et al., "The PASCAL Visual Object Classes (VOC) Challenge", IJCV 2010.
    """
    p = np.asarray(precision, dtype="float64").reshape(-1)
    r = np.asarray(recall, dtype="float64").reshape(-1)
    if p.shape != r.shape:
        raise TfdlValueError(
            "precision_recall_length",
            "`precision` and `recall` must have the same length. Received: {precision_shape} and {recall_shape}",
            precision_shape=p.shape, recall_shape=r.shape,
        )
    if len(r) and (np.diff(r) < -1e-12).any():
        raise TfdlValueError("recall_order", "`recall` must be non-decreasing (points ordered by decreasing threshold)")
    if method not in AP_METHODS:
        raise validation.one_of_error("method", method, AP_METHODS)
    if len(r) == 0:
        return 0.0
    if method == "step":
        return float(np.sum(np.diff(np.r_[0.0, r]) * p))
    if method == "11_point":
        return float(np.mean([p[r >= level].max() if (r >= level).any() else 0.0 for level in np.linspace(0, 1, 11)]))
    mrec = np.r_[0.0, r, 1.0]
    mpre = np.r_[0.0, p, 0.0]
    mpre = np.maximum.accumulate(mpre[::-1])[::-1]  # upper envelope
    changes = np.nonzero(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[changes + 1] - mrec[changes]) * mpre[changes + 1]))


def average_precision(y_true, scores, method: str = "all_point", n_positives: int | None = None) -> float:
    """Average precision of scored predictions: the area under their precision–recall curve.

    :func:`precision_recall_curve` then :func:`average_precision_from_curve`. ``method="step"``
    equals ``sklearn.metrics.average_precision_score``.

    Args:
        y_true: binary labels.
        scores: confidences.
        method: ``"all_point"`` (VOC), ``"11_point"`` (VOC 2007) or ``"step"``.
        n_positives: total positives (detection: number of ground-truth objects).

    Returns:
        a float in ``[0, 1]``.

    Example:
        >>> average_precision([1, 0, 1], [0.9, 0.8, 0.7])
        0.8333333333333333

    Paper: M. Everingham et al., "The PASCAL Visual Object Classes (VOC) Challenge", IJCV 2010.
    """
    p, r, _ = precision_recall_curve(y_true, scores, n_positives)
    return average_precision_from_curve(p, r, method)
