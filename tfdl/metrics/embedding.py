"""Triplets of an embedding, one anchor at a time: its positive and its semi-hard negative (numpy).

The same choice as :func:`tfdl.losses.triplet_semihard_loss` makes for every anchor–positive pair,
written out for one pair so it can be drawn.

Example:
    >>> from tfdl.metrics.embedding import semihard_triplet
    >>> semihard_triplet([[0.0], [1.0], [1.5], [3.0]], [0, 0, 1, 1], anchor=0)["negative"]
    2
"""

from __future__ import annotations

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = ["semihard_triplet"]


def semihard_triplet(
    embeddings, labels, anchor: int, positive: int | None = None, margin: float = 1.0, squared: bool = True
) -> dict:
    """The anchor's positive, its semi-hard negative and the triplet loss of that pair (FaceNet).

    With ``D`` the (squared) Euclidean distance: the semi-hard negative of the pair ``(a, p)`` is
    the closest negative *farther* than the positive, ``n* = argmin {D_an : y_n ≠ y_a, D_an > D_ap}``;
    if there is none, the farthest negative. The loss is ``max(0, D_ap − D_an* + α)``: zero once
    ``n*`` is at least ``α`` farther than ``p``.

    Args:
        embeddings: ``(N, d)`` points.
        labels: ``(N,)`` integer classes.
        anchor: index of the anchor.
        positive: index of a positive (same class, not the anchor); default the farthest one.
        margin: ``α`` (>= 0).
        squared: squared distances (FaceNet) or plain ones.

    Returns:
        dict with ``anchor``, ``positive``, ``negative`` (indices), ``d_ap``, ``d_an``, ``loss``
        and ``semi_hard`` (``True`` when ``D_ap < D_an* < D_ap + α``: the negatives FaceNet trains on).

    Example:
        >>> semihard_triplet([[0.0], [1.0], [1.5], [3.0]], [0, 0, 1, 1], anchor=0, squared=False)["loss"]
        0.5

    Paper: F. Schroff, D. Kalenichenko, J. Philbin, "FaceNet", CVPR 2015 (arXiv:1503.03832).
    """
    e = np.asarray(embeddings, dtype="float64")
    e = e.reshape(len(e), -1)
    y = np.asarray(labels).reshape(-1)
    if len(y) != len(e):
        raise TfdlValueError(
            "labels_per_point",
            "`labels` must have one value per embedding ({n_points}). Received: {n_labels} labels",
            n_points=len(e),
            n_labels=len(y),
        )
    if not isinstance(anchor, (int, np.integer)) or not 0 <= anchor < len(e):
        raise validation.interval_error("anchor", anchor, f"[0, {len(e) - 1}]")
    if not np.isfinite(margin) or margin < 0:
        raise validation.min_error("margin", margin, 0)
    d = ((e - e[anchor]) ** 2).sum(axis=1)
    if not squared:
        d = np.sqrt(d)
    same = y == y[anchor]
    same[anchor] = False
    negatives = np.flatnonzero(y != y[anchor])
    if positive is None:
        if not same.any() or not len(negatives):
            raise TfdlValueError(
                "triplet_anchor",
                "Anchor {anchor} needs another point of its class {label} and a point of another class",
                anchor=int(anchor),
                label=y[anchor].item(),
            )
        positive = int(np.flatnonzero(same)[np.argmax(d[same])])
    elif not isinstance(positive, (int, np.integer)) or not 0 <= positive < len(e) or not same[positive]:
        raise TfdlValueError(
            "triplet_positive",
            "`positive` must index another point of the anchor's class {label}. Received: positive={positive!r}",
            label=y[anchor].item(),
            positive=positive,
        )
    if not len(negatives):
        raise TfdlValueError(
            "triplet_anchor",
            "Anchor {anchor} needs another point of its class {label} and a point of another class",
            anchor=int(anchor),
            label=y[anchor].item(),
        )
    d_ap = float(d[positive])
    farther = negatives[d[negatives] > d_ap]
    negative = int(farther[np.argmin(d[farther])]) if len(farther) else int(negatives[np.argmax(d[negatives])])
    d_an = float(d[negative])
    return {
        "anchor": int(anchor),
        "positive": int(positive),
        "negative": negative,
        "d_ap": d_ap,
        "d_an": d_an,
        "loss": max(0.0, d_ap - d_an + margin),
        "semi_hard": d_ap < d_an < d_ap + margin,
    }
