"""Parameter-count audit: each layer's formula with its numbers, and three totals reconciled.

Keras' ``model.count_params()`` counts every weight, trainable or not; the trainable count leaves
out BatchNormalization's moving mean and variance; PyTorch's torchvision reports the parameters of
its own build, which has no moving statistics among its parameters (they are buffers) and no bias
on a convolution followed by batch normalisation (BN's β makes such a bias redundant).
``reconcile`` names every difference between a Keras build and such a reference count, summed from
the layers themselves, so that the named differences add up exactly to ``total - reference``.

Formulas (k: kernel side, C_in/C_out: channels, g: groups, m: depth multiplier):

* convolution: ``k·k·C_in·C_out + C_out`` (grouped: ``k·k·(C_in/g)·C_out + C_out``);
* depthwise: ``k·k·C·m + C·m``; separable: ``k·k·C_in·m + C_in·m·C_out + C_out``;
* dense: ``in·out + out``; batch norm: ``2·C + 2·C`` (γ, β trainable; moving mean, variance not);
* squeeze-and-excitation: ``2·C·(C/r) + C/r + C``.

Example:
    >>> import keras
    >>> layer = keras.layers.Conv2D(64, 7)
    >>> layer.build((None, 224, 224, 3))
    >>> layer_formula(layer).filled
    '7·7·3·64 + 64'

Torchvision totals: ``TORCHVISION_TOTALS`` (see ``TORCHVISION_SOURCE``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tfdl.errors import TfdlValueError

__all__ = [
    "TORCHVISION_SOURCE",
    "TORCHVISION_TOTALS",
    "Difference",
    "LayerFormula",
    "Reconciliation",
    "layer_formula",
    "model_formulas",
    "reconcile",
]

# ``num_params`` of the ImageNet weights' metadata in torchvision (e.g.
# ``torchvision.models.ResNet50_Weights.IMAGENET1K_V1.meta["num_params"]``), also the "Params"
# column of the table at https://pytorch.org/vision/stable/models.html (torchvision 0.13+).
# Stored here because torchvision is not a dependency; the counts are for 1000 classes, 224×224×3.
# Only models whose tfdl build matches torchvision's structure (same count up to the named
# differences): not AlexNet (torchvision's is the one-GPU variant), GoogLeNet (torchvision adds BN),
# VGG-BN (torchvision keeps the conv biases before BN).
TORCHVISION_TOTALS = {
    "resnet18": 11_689_512,
    "resnet34": 21_797_672,
    "resnet50": 25_557_032,
    "resnet101": 44_549_160,
    "resnet152": 60_192_808,
    "resnext50_32x4d": 25_028_904,
    "vgg11": 132_863_336,
    "vgg13": 133_047_848,
    "vgg16": 138_357_544,
    "vgg19": 143_667_240,
    "densenet121": 7_978_856,
    "densenet169": 14_149_480,
    "densenet201": 20_013_928,
    "squeezenet1_0": 1_248_424,
    "squeezenet1_1": 1_235_496,
}
TORCHVISION_SOURCE = (
    "torchvision.models, num_params of each model's ImageNet weights (e.g. "
    "ResNet50_Weights.IMAGENET1K_V1.meta['num_params']); https://pytorch.org/vision/stable/models.html"
)

MOVING_STATISTICS = ("moving_mean", "moving_variance")


@dataclass(frozen=True)
class LayerFormula:
    """One layer's parameter count: ``formula`` in symbols, ``filled`` with its numbers, ``count``."""

    formula: str
    filled: str
    count: int


@dataclass(frozen=True)
class Difference:
    """One named part of ``total - reference``: ``code`` (stable id), ``count`` parameters over
    ``layers`` layers, ``text`` (English; pages translate by ``code``)."""

    code: str
    count: int
    layers: int
    text: str


@dataclass(frozen=True)
class Reconciliation:
    """Keras total, trainable count, reference count and the differences summing to total - reference."""

    total: int
    trainable: int
    non_trainable: int
    reference: int
    reference_given: bool
    differences: tuple

    @property
    def explained(self) -> int:
        return sum(d.count for d in self.differences)


def _size(shape) -> int:
    return int(math.prod(int(d) for d in shape))


def _kernel_symbols(dims) -> tuple[str, str]:
    """Symbols and numbers for a kernel's spatial sides: ``k·k`` for a square 2-D kernel."""
    if len(dims) == 2 and dims[0] == dims[1]:
        return "k·k", f"{dims[0]}·{dims[1]}"
    if len(dims) == 1:
        return "k", str(dims[0])
    names = {2: ("k_h", "k_w"), 3: ("k_d", "k_h", "k_w")}.get(len(dims), tuple(f"k{i}" for i in range(len(dims))))
    return "·".join(names), "·".join(str(d) for d in dims)


def _bias(layer, symbol: str, value: int) -> tuple[str, str]:
    return (f" + {symbol}", f" + {value}") if getattr(layer, "use_bias", False) else ("", "")


def _generic(layer) -> LayerFormula:
    """Any other layer: the sum of its weights' shapes."""
    if not layer.weights:
        return LayerFormula("—", "0", 0)
    filled = " + ".join("·".join(str(d) for d in w.shape) or "1" for w in layer.weights)
    return LayerFormula("Σ " + " + ".join(w.name for w in layer.weights), filled, layer.count_params())


def layer_formula(layer) -> LayerFormula:
    """The parameter formula of a built Keras layer, with its numbers filled in.

    Count formulas: conv ``k·k·C_in·C_out + C_out`` (groups g: ``k·k·(C_in/g)·C_out + C_out``),
    dense ``in·out + out``, batch norm ``2·C + 2·C`` (γ, β; moving mean, variance), depthwise,
    separable, transposed conv, layer norm, embedding, squeeze-and-excitation; any other layer: the
    sum of its weights' sizes. ``count`` always equals ``layer.count_params()``.

    Args:
        layer: a built Keras layer.

    Returns:
        ``LayerFormula(formula, filled, count)``.

    Example:
        >>> import keras
        >>> d = keras.layers.Dense(10)
        >>> d.build((None, 4))
        >>> layer_formula(d)
        LayerFormula(formula='in·out + out', filled='4·10 + 10', count=50)
    """
    import keras

    if not getattr(layer, "built", False) and not layer.weights:
        return LayerFormula("—", "0", 0)
    kind = type(layer).__name__
    if isinstance(layer, keras.layers.SeparableConv2D) or isinstance(layer, keras.layers.SeparableConv1D):
        *dims, c_in, m = layer.depthwise_kernel.shape
        c_out = layer.pointwise_kernel.shape[-1]
        ks, kv = _kernel_symbols(dims)
        bs, bv = _bias(layer, "C_out", c_out)
        formula, filled = f"{ks}·C_in·m + C_in·m·C_out{bs}", f"{kv}·{c_in}·{m} + {c_in}·{m}·{c_out}{bv}"
    elif isinstance(layer, (keras.layers.DepthwiseConv2D, keras.layers.DepthwiseConv1D)):
        *dims, c_in, m = layer.kernel.shape
        ks, kv = _kernel_symbols(dims)
        if m == 1:
            bs, bv = _bias(layer, "C", c_in)
            formula, filled = f"{ks}·C{bs}", f"{kv}·{c_in}{bv}"
        else:
            bs, bv = _bias(layer, "C·m", f"{c_in}·{m}")
            formula, filled = f"{ks}·C·m{bs}", f"{kv}·{c_in}·{m}{bv}"
    elif kind.startswith("Conv") and kind.endswith("Transpose") and hasattr(layer, "kernel"):
        *dims, c_out, c_in = layer.kernel.shape
        ks, kv = _kernel_symbols(dims)
        bs, bv = _bias(layer, "C_out", c_out)
        formula, filled = f"{ks}·C_in·C_out{bs}", f"{kv}·{c_in}·{c_out}{bv}"
    elif isinstance(layer, (keras.layers.Conv1D, keras.layers.Conv2D, keras.layers.Conv3D)):
        *dims, c_per_group, c_out = layer.kernel.shape
        groups = int(getattr(layer, "groups", 1) or 1)
        ks, kv = _kernel_symbols(dims)
        bs, bv = _bias(layer, "C_out", c_out)
        if groups == 1:
            formula, filled = f"{ks}·C_in·C_out{bs}", f"{kv}·{c_per_group}·{c_out}{bv}"
        else:
            formula = f"{ks}·(C_in/g)·C_out{bs}"
            filled = f"{kv}·({c_per_group * groups}/{groups})·{c_out}{bv}"
    elif isinstance(layer, keras.layers.Dense):
        n_in, n_out = layer.kernel.shape
        bs, bv = _bias(layer, "out", n_out)
        formula, filled = f"in·out{bs}", f"{n_in}·{n_out}{bv}"
    elif isinstance(layer, keras.layers.BatchNormalization):
        c = layer.moving_mean.shape[0]
        learned = int(bool(layer.scale)) + int(bool(layer.center))
        if learned:
            formula, filled = f"{learned}·C + 2·C", f"{learned}·{c} + 2·{c}"
        else:
            formula, filled = "2·C", f"2·{c}"
    elif isinstance(layer, keras.layers.LayerNormalization):
        learned = int(bool(layer.scale)) + int(bool(layer.center))
        c = _size(layer.weights[0].shape) if layer.weights else 0
        formula, filled = (f"{learned}·C", f"{learned}·{c}") if learned else ("—", "0")
    elif isinstance(layer, keras.layers.Embedding):
        v, d = layer.embeddings.shape
        formula, filled = "V·d", f"{v}·{d}"
    elif kind == "SqueezeExcitation" and hasattr(layer, "V"):
        c, hidden = layer.V.shape
        bs, bv = (" + C/r + C", f" + {hidden} + {c}") if getattr(layer, "use_bias", False) else ("", "")
        formula, filled = f"2·C·(C/r){bs}", f"2·{c}·{hidden}{bv}"
    else:
        return _generic(layer)
    return LayerFormula(formula, filled, layer.count_params())


def model_formulas(model) -> list[dict]:
    """Every layer of ``model`` with its formula: dicts with ``name``, ``type``, ``formula``,
    ``filled``, ``count``, ``trainable`` (its trainable parameters)."""
    rows = []
    for layer in model.layers:
        f = layer_formula(layer)
        rows.append(
            {
                "name": layer.name,
                "type": type(layer).__name__,
                "formula": f.formula,
                "filled": f.filled,
                "count": f.count,
                "trainable": sum(_size(w.shape) for w in layer.trainable_weights),
            }
        )
    return rows


def _feeds_only_batch_norm(layer) -> bool:
    import keras

    nodes = getattr(layer, "_outbound_nodes", None) or []
    return bool(nodes) and all(isinstance(n.operation, keras.layers.BatchNormalization) for n in nodes)


def _is_conv(layer) -> bool:
    import keras

    return isinstance(
        layer,
        keras.layers.Conv1D
        | keras.layers.Conv2D
        | keras.layers.Conv3D
        | keras.layers.DepthwiseConv2D
        | keras.layers.SeparableConv2D,
    )


TEXTS = {
    "bn_moving_statistics": "BatchNormalization moving mean and variance (2·C per layer): Keras counts them as "
    "non-trainable weights; PyTorch keeps them as buffers, not parameters",
    "frozen_weights": "other non-trainable (frozen) weights",
    "conv_bias_before_bn": "biases of convolutions followed by batch normalisation: BN's β makes them redundant, "
    "and torchvision's ResNet and DenseNet build these convolutions with bias=False",
    "unexplained": "not explained by the categories above: the two builds differ in structure",
}


def reconcile(model, reference_total: int | None = None) -> Reconciliation:
    """Reconcile Keras' total, the trainable count and a reference count (e.g. torchvision's).

    ``total - reference`` is split into named differences summed from the layers: BN moving
    statistics, other non-trainable weights, biases of convolutions that feed only batch
    normalisation (torchvision's builds have none), and whatever remains (``unexplained``, listed
    only when non-zero). Without ``reference_total`` the reference is the count such a build would
    report: ``total`` less the named differences.

    Args:
        model: a built Keras model.
        reference_total: the reference parameter count, an int >= 0, or ``None``.

    Returns:
        ``Reconciliation`` with ``sum(d.count for d in differences) == total - reference``.

    Example:
        >>> from tfdl.models import resnet50, without_weights
        >>> with without_weights():  # doctest: +SKIP
        ...     r = reconcile(resnet50(), TORCHVISION_TOTALS["resnet50"])
        >>> [(d.code, d.count) for d in r.differences]  # doctest: +SKIP
        [('bn_moving_statistics', 53120)]
    """
    import keras

    if reference_total is not None and (
        isinstance(reference_total, bool) or not isinstance(reference_total, int) or reference_total < 0
    ):
        raise TfdlValueError(
            "audit_reference_total",
            "`reference_total` must be a whole number >= 0 or None. Got: reference_total={value!r}",
            value=reference_total,
        )
    parts = {code: [0, 0] for code in ("bn_moving_statistics", "frozen_weights", "conv_bias_before_bn")}

    def add(code, count):
        if count:
            parts[code][0] += count
            parts[code][1] += 1

    for layer in model.layers:
        trainable_ids = {id(w) for w in layer.trainable_weights}
        stats = frozen = 0
        for w in layer.non_trainable_weights:
            is_stat = isinstance(layer, keras.layers.BatchNormalization) and w.name in MOVING_STATISTICS
            stats += _size(w.shape) if is_stat else 0
            frozen += 0 if is_stat else _size(w.shape)
        add("bn_moving_statistics", stats)
        add("frozen_weights", frozen)
        bias = getattr(layer, "bias", None)
        if (
            _is_conv(layer)
            and getattr(layer, "use_bias", False)
            and bias is not None
            and id(bias) in trainable_ids
            and _feeds_only_batch_norm(layer)
        ):
            add("conv_bias_before_bn", _size(bias.shape))
    total = int(model.count_params())
    trainable = sum(_size(w.shape) for w in model.trainable_weights)
    diffs = [Difference(code, n, k, TEXTS[code]) for code, (n, k) in parts.items() if n]
    named = sum(d.count for d in diffs)
    reference = total - named if reference_total is None else int(reference_total)
    rest = total - reference - named
    if rest:
        diffs.append(Difference("unexplained", rest, 0, TEXTS["unexplained"]))
    return Reconciliation(total, trainable, total - trainable, reference, reference_total is not None, tuple(diffs))
