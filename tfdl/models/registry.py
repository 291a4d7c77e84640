"""The model registry: ``list_models``, ``create_model`` and the metadata of every builder.

Builders register themselves with :func:`register_model` (their name only); what the app shows
about each (family, paper, the one-line idea, ...) is data in
:mod:`tfdl.models.metadata`. The registry is the single list the tests, the benchmarks and the
playground's Architectures page iterate over.

Example:
    >>> from tfdl.models import list_models, create_model
    >>> list_models(family="resnet")[:3]
    ['resnet18', 'resnet34', 'resnet50']
    >>> model = create_model("lenet5")          # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import fnmatch
import re
import warnings
from collections.abc import Callable
from typing import Any

from tfdl.errors import TfdlValueError
from tfdl.models.metadata import MODEL_METADATA

__all__ = ["ModelInfo", "create_model", "list_models", "model_info", "register_model"]


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
        idea: the one-line idea, in English (the playground translates it by this text:
            ``pgettext("model idea", info.idea)``); ``idea_en`` is a deprecated alias.
        task: ``"classification"``, ``"segmentation"``, ``"autoencoder"``, ``"sequence"``, ...
        small_input: a small input shape on which the model still builds (for tests and demos).
        defaults: keyword arguments the registry passes to the builder (a variant of a family).
        input_kind: ``"image"``, ``"features"``, ``"tokens"`` or ``"token pairs"``.
    """

    name: str
    builder: Callable[..., Any]
    family: str
    paper: str
    year: int
    input_shape: tuple
    params: int | None
    idea: str
    task: str = "classification"
    small_input: tuple | None = None
    defaults: dict = dataclasses.field(default_factory=dict)
    input_kind: str = "image"

    @property
    def idea_en(self) -> str:
        """Deprecated alias of :attr:`idea` (the idea is English; translations live in the app)."""
        warnings.warn("ModelInfo.idea_en is deprecated; use ModelInfo.idea", DeprecationWarning, stacklevel=2)
        return self.idea


_REGISTRY: dict[str, ModelInfo] = {}


def register_model(name: str | None = None, **metadata):
    """Decorator: register a builder function under ``name`` (default: the function's name).

    The model's metadata comes from :data:`tfdl.models.metadata.MODEL_METADATA` under the same
    name. A model defined outside tfdl passes it here instead, as keywords of
    :class:`ModelInfo` (``family``, ``paper``, ``year``, ``input_shape``, ``idea``, and
    optionally ``params``, ``task``, ``small_input``, ``defaults``, ``input_kind``); keywords
    given here override the table's. The older ``idea_en`` (for ``idea``) and ``idea_ru``
    (ignored: translations live in the playground's catalogue) still work, with a
    ``DeprecationWarning``.

    Example:
        >>> @register_model("my_net", family="mine", paper="-", year=2024,
        ...                 input_shape=(8, 8, 1), idea="A tiny net.")
        ... def my_net(input_shape=(8, 8, 1), **kwargs):
        ...     ...                                   # doctest: +SKIP
    """

    def decorator(fn):
        key = name or fn.__name__
        if key in _REGISTRY:
            raise TfdlValueError(
                "model_name_taken",
                "`name` must be unique in the model registry. Received: name={name!r}",
                name=key,
            )
        fields = {"params": None, **MODEL_METADATA.get(key, {}), **_deprecated_ideas(metadata)}
        missing = [f for f in ("family", "paper", "year", "input_shape", "idea") if f not in fields]
        if missing:
            raise TfdlValueError(
                "model_metadata_missing",
                "`name` must have an entry in tfdl.models.metadata.MODEL_METADATA, or the decorator must be given "
                "{missing}. Received: name={name!r}",
                missing=missing, name=key,
            )
        unknown = set(fields) - {f.name for f in dataclasses.fields(ModelInfo)}
        if unknown:
            raise TfdlValueError(
                "model_metadata_keys",
                "Model metadata keys must be fields of ModelInfo ({fields}). Received: {unknown} for name={name!r}",
                fields=[f.name for f in dataclasses.fields(ModelInfo)][2:], unknown=sorted(unknown), name=key,
            )
        small = fields.get("small_input")
        _REGISTRY[key] = ModelInfo(
            **{**fields, "name": key, "builder": fn,
               "input_shape": tuple(fields["input_shape"]),
               "small_input": tuple(small) if small is not None else None,
               "defaults": dict(fields.get("defaults") or {})})
        return fn

    return decorator


def _deprecated_ideas(metadata: dict) -> dict:
    """``metadata`` with the pre-catalogue keywords mapped: ``idea_en`` → ``idea``, ``idea_ru`` dropped."""
    metadata = dict(metadata)
    if "idea_en" in metadata:
        warnings.warn("register_model(idea_en=...) is deprecated; pass idea=...", DeprecationWarning, stacklevel=3)
        metadata.setdefault("idea", metadata.pop("idea_en"))
    if "idea_ru" in metadata:
        warnings.warn("register_model(idea_ru=...) is ignored: tfdl's texts are English; the playground "
                      "translates the idea in its catalogue", DeprecationWarning, stacklevel=3)
        metadata.pop("idea_ru")
    return metadata


def _natural_key(name: str):
    """``"resnet101"`` → ``["resnet", 101, ""]``: digit runs compare as numbers."""
    return [int(part) if k % 2 else part for k, part in enumerate(re.split(r"(\d+)", name))]


def _ensure_loaded() -> None:
    # Importing the package imports every builder module, which fills the registry.
    import tfdl.models  # noqa: F401


def list_models(pattern: str = "*", task: str | None = None,
                family: str | None = None) -> list[str]:
    """Names of the registered models, in natural order (``resnet18`` before ``resnet101``).

    Args:
        pattern: shell-style pattern on the name, e.g. ``"resnet*"``; ``"*"`` lists everything.
        task: keep only models of this task (``"classification"``, ``"segmentation"``,
            ``"autoencoder"``, ``"sequence"``).
        family: keep only models of this family (``"resnet"``, ``"vgg"``, ...; a shell-style
            pattern too: ``"resnet*"`` also gives the CIFAR family ``"resnet_cifar"``);
            ``ValueError`` when it matches no family.

    Returns:
        A list of names (empty when nothing matches ``pattern``).

    Example:
        >>> list_models("resnet1*")
        ['resnet18', 'resnet101', 'resnet110', 'resnet152']
        >>> list_models(family="vgg", pattern="*_bn")
        ['vgg11_bn', 'vgg13_bn', 'vgg16_bn', 'vgg19_bn']
    """
    _ensure_loaded()
    if family is not None:
        families = sorted({info.family for info in _REGISTRY.values()})
        if not fnmatch.filter(families, family):
            raise TfdlValueError(
                "model_family_unknown",
                "`family` must match a registered family, one of {families}. Received: family={family!r}",
                families=families, family=family,
            )
    return sorted(
        (n for n, info in _REGISTRY.items()
         if fnmatch.fnmatchcase(n, pattern) and (task is None or info.task == task)
         and (family is None or fnmatch.fnmatchcase(info.family, family))),
        key=_natural_key,
    )


def model_info(name: str) -> ModelInfo:
    """The :class:`ModelInfo` of a registered model; ``ValueError`` for an unknown name."""
    _ensure_loaded()
    if name not in _REGISTRY:
        close = fnmatch.filter(_REGISTRY, f"*{name[:4]}*") if name else []
        if close:
            raise TfdlValueError(
                "model_unknown_close",
                "`name` must be a registered model. Received: name={name!r}. Close matches: {close}. "
                "See tfdl.models.list_models().",
                name=name, close=close,
            )
        raise TfdlValueError(
            "model_unknown",
            "`name` must be a registered model. Received: name={name!r}. See tfdl.models.list_models().",
            name=name,
        )
    return _REGISTRY[name]


def create_model(model_name: str, /, **overrides):
    """Build a registered model; keyword ``overrides`` replace the builder's defaults.

    Args:
        model_name: a name from :func:`list_models` (positional, so that ``name=`` can be one
            of the overrides: the Keras model's own name).
        **overrides: keywords of the builder: the common ``input_shape``, ``include_top``,
            ``num_classes`` (alias ``classes``), ``classifier_activation``, ``pooling``,
            ``name``, and the family's own.

    Returns:
        A ``keras.Model``.

    Example:
        >>> m = create_model("resnet18", input_shape=(64, 64, 3), num_classes=10, name="r18")
        >>> m.name, m.output_shape
        ('r18', (None, 10))
    """
    info = model_info(model_name)
    kwargs = {**info.defaults, **overrides}
    return info.builder(**kwargs)
