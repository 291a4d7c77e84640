"""The model registry: ``list_models``, ``create_model`` and the metadata of every builder.

Builders register themselves with :func:`register_model`; the registry is the single list the
tests, the benchmarks and the playground's Architectures page iterate over.

Example:
    >>> from tfdl.models import list_models, create_model
    >>> "resnet50" in list_models("resnet*")
    True
    >>> model = create_model("lenet5")          # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import fnmatch
from typing import Any, Callable

__all__ = ["ModelInfo", "register_model", "list_models", "create_model", "model_info"]


@dataclasses.dataclass(frozen=True)
class ModelInfo:
    """What the registry knows about one variant.

    Attributes:
        name: registry name, also the builder's function name (``"resnet50"``).
        builder: the function that builds the model.
        family: family name (``"resnet"``), used to group variants in the app.
        paper: the reference, e.g. ``"He et al., Deep Residual Learning..., CVPR 2016"``.
        year: publication year.
        input_shape: the default input shape (H, W, C) or (T,) / (T, F) for sequences.
        params: parameters at the default input with the default head (``None`` if unknown).
        idea_en: one-line idea in English.
        idea_ru: the same in Russian.
        task: ``"classification"``, ``"segmentation"``, ``"autoencoder"``, ``"sequence"``, ...
        small_input: a small input shape on which the model still builds (for tests and demos).
        defaults: keyword arguments the registry passes to the builder (a variant of a family).
    """

    name: str
    builder: Callable[..., Any]
    family: str
    paper: str
    year: int
    input_shape: tuple
    params: int | None
    idea_en: str
    idea_ru: str
    task: str = "classification"
    small_input: tuple | None = None
    defaults: dict = dataclasses.field(default_factory=dict)


_REGISTRY: dict[str, ModelInfo] = {}


def register_model(
    name: str | None = None,
    *,
    family: str,
    paper: str,
    year: int,
    input_shape: tuple,
    params: int | None = None,
    idea_en: str,
    idea_ru: str,
    task: str = "classification",
    small_input: tuple | None = None,
    defaults: dict | None = None,
):
    """Decorator: register a builder function under ``name`` (default: the function's name)."""

    def decorator(fn):
        key = name or fn.__name__
        if key in _REGISTRY:
            raise ValueError(f"`name` must be unique in the model registry. Received: name={key!r}")
        _REGISTRY[key] = ModelInfo(
            name=key,
            builder=fn,
            family=family,
            paper=paper,
            year=year,
            input_shape=tuple(input_shape),
            params=params,
            idea_en=idea_en,
            idea_ru=idea_ru,
            task=task,
            small_input=tuple(small_input) if small_input is not None else None,
            defaults=dict(defaults or {}),
        )
        return fn

    return decorator


def _ensure_loaded() -> None:
    # Importing the package imports every builder module, which fills the registry.
    import tfdl.models  # noqa: F401


def list_models(pattern: str = "*", task: str | None = None) -> list[str]:
    """Sorted names of the registered models matching a shell-style ``pattern``.

    Args:
        pattern: e.g. ``"resnet*"``; ``"*"`` lists everything.
        task: keep only models of this task (``"classification"``, ``"segmentation"``, ...).
    """
    _ensure_loaded()
    return sorted(
        n for n, info in _REGISTRY.items()
        if fnmatch.fnmatch(n, pattern) and (task is None or info.task == task)
    )


def model_info(name: str) -> ModelInfo:
    """The :class:`ModelInfo` of a registered model; ``ValueError`` for an unknown name."""
    _ensure_loaded()
    if name not in _REGISTRY:
        close = fnmatch.filter(_REGISTRY, f"*{name[:4]}*") if name else []
        hint = f" Close matches: {close}." if close else ""
        raise ValueError(
            f"`name` must be a registered model. Received: name={name!r}.{hint} "
            f"See tfdl.models.list_models()."
        )
    return _REGISTRY[name]


def create_model(name: str, **overrides):
    """Build a registered model; keyword ``overrides`` replace the builder's defaults.

    Example:
        >>> m = create_model("resnet18", input_shape=(64, 64, 3), classes=10)  # doctest: +SKIP
    """
    info = model_info(name)
    kwargs = {**info.defaults, **overrides}
    return info.builder(**kwargs)
