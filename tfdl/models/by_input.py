"""Which registered models take a given kind of input: the registry filtered by ``input_kind``.

A page that trains on digit images asks for the image classifiers whose default input is small
enough; a page about sequences asks for the token models. Kept apart from the registry's table
(:mod:`tfdl.models.registry`) and built on its public API only.

Example:
    >>> from tfdl.models.by_input import list_models_by_input
    >>> "lenet5" in list_models_by_input("image", task="classification", max_side=32)
    True
"""

from __future__ import annotations

from tfdl.errors import TfdlValueError
from tfdl.models.registry import list_models, model_info

__all__ = ["INPUT_KINDS", "list_models_by_input"]

#: the values of :attr:`tfdl.models.registry.ModelInfo.input_kind`
INPUT_KINDS = ("image", "features", "tokens", "token pairs")


def list_models_by_input(input_kind: str, *, task: str | None = None, max_side: int | None = None) -> list[str]:
    """Names of the registered models taking ``input_kind`` inputs, in the registry's natural order.

    Args:
        input_kind: ``"image"``, ``"features"``, ``"tokens"`` or ``"token pairs"``.
        task: keep only this task (``"classification"``...), ``None`` for all.
        max_side: for images, keep only models whose default input ``(H, W, C)`` has a known
            ``H <= max_side`` and ``W <= max_side`` (``None``: any size).

    Returns:
        A list of names (possibly empty).

    Raises:
        TfdlValueError: ``input_kind`` is not one of :data:`INPUT_KINDS`, or ``max_side < 1``.

    Example:
        >>> list_models_by_input("image", task="classification", max_side=32)[:2]  # doctest: +SKIP
        ['fractalnet', 'highway_mlp']
    """
    if input_kind not in INPUT_KINDS:
        raise TfdlValueError("input_kind_unknown",
                             "`input_kind` must be one of {kinds}. Received: input_kind={value!r}",
                             kinds=list(INPUT_KINDS), value=input_kind)
    if max_side is not None and not (isinstance(max_side, int) and max_side >= 1):
        raise TfdlValueError("max_side_min", "`max_side` must be an integer >= 1 or None. Received: max_side={value!r}",
                             value=max_side)
    names = []
    for name in list_models(task=task):
        info = model_info(name)
        if info.input_kind != input_kind:
            continue
        if max_side is not None:
            shape = info.input_shape
            if len(shape) != 3 or None in shape[:2] or max(shape[:2]) > max_side:
                continue
        names.append(name)
    return names
