""" "The same in code": the Python a learner can paste to repeat what an interactive page shows.

One generator for every page that shows a convolution or a pooling: the numpy reference call
(:mod:`tfdl.functional`), the size check (:mod:`tfdl.shapes`) with the shapes it prints, and for
a convolution the Keras layer (:class:`tfdl.layers.PaddedConv2D`).

Example:
    >>> print(same_in_code("max", (4, 4, 1), (2, 2), stride=2, output_shape=(2, 2, 1)).splitlines()[6])
    y = F.max_pool2d(x, 2, stride=2, padding='valid', ceil_mode=False)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = [
    "POOL_FUNCTIONS",
    "architecture_code",
    "array_code",
    "conv_input_code",
    "race_code",
    "same_in_code",
    "train2d_code",
]

#: pooling kind → tfdl.functional function name
POOL_FUNCTIONS = {
    "max": "max_pool2d",
    "avg": "avg_pool2d",
    "l2": "l2_pool2d",
    "stochastic": "stochastic_pool2d",
    "weighted": "weighted_avg_pool2d",
}


def _num(v: float) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() else f"{v:.3g}"


def _nested(a) -> str:
    a = np.asarray(a)
    if a.ndim == 0:
        v = float(a)
        return str(int(v)) if v.is_integer() else repr(v)
    return "[" + ", ".join(_nested(v) for v in a) + "]"


def array_code(name: str, a) -> str:
    """One line of Python that defines ``name`` as the array ``a``, its numbers written out.

    Args:
        name: the variable's name.
        a: an array (any shape); numbers are written as integers when whole, else exactly (``repr``).

    Returns:
        str: ``name = np.array([...], dtype=float)``.

    Example:
        >>> array_code("x", np.eye(2))
        'x = np.array([[1, 0], [0, 1]], dtype=float)'
    """
    return f"{name} = np.array({_nested(a)}, dtype=float)"


def _input_lines(input_shape, x, input_code) -> str:
    h, w, c = input_shape
    if input_code is not None:
        return input_code.rstrip("\n") + "\n"
    if x is not None:
        x = np.asarray(x, dtype=float)
        if c == 1:  # one channel: the grid as it looks, then the channel axis
            return f"# x: the {h}×{w}×1 input\n" + array_code("x", x[..., 0]) + "[..., None]\n"
        return f"# x: the {h}×{w}×{c} input (rows, then the channels of each cell)\n" + array_code("x", x) + "\n"
    return f"x = np.random.default_rng(0).random(({h}, {w}, {c}))  # put your {h}×{w}×{c} input here\n"


def _kernel_lines(kernel_shape, kernel) -> str:
    kh, kw, cpg, n = kernel_shape
    if kernel is None:
        return f"kernel = np.random.default_rng(1).normal(size=({kh}, {kw}, {cpg}, {n}))\n"
    k = np.asarray(kernel, dtype=float)
    if np.all(k == k[:, :, :1, :]):  # the same plane for every input channel: write each filter once
        planes = _nested(np.moveaxis(k[:, :, 0, :], -1, 0))
        made = "np.moveaxis(planes, 0, -1)[:, :, None, :]"
        made = f"np.repeat({made}, {cpg}, axis=2)" if cpg > 1 else made
        return (
            f"planes = np.array({planes}, dtype=float)  # {n} filter(s), {kh}×{kw}\n"
            f"kernel = {made}  # {kh}×{kw}×{cpg}×{n}\n"
        )
    return f"# kernel: {kh}×{kw}×{cpg}×{n}\n" + array_code("kernel", k) + "\n"


def conv_input_code(source: str, *, channels: int = 1, index: int = 0, size: int = 8, seed: int = 0) -> str:
    """Lines that make the Convolution lab's input ``x`` with tfdl (the same numbers as the page).

    Args:
        source: ``"digit"`` (:func:`tfdl.data.digits.digit_image`, 0–16; three channels: digit, half,
            inverse), ``"image"`` (:func:`tfdl.data.shapes_images.make_shapes`, 0–255; three channels:
            circles, squares, triangles) or ``"random"`` (integers 0–9).
        channels: 1 or 3.
        index: the digit's index (``"digit"``).
        size: the side in cells.
        seed: the seed (``"image"``, ``"random"``).

    Returns:
        str: lines of Python defining ``x`` (``H×W×C``, float).

    Raises:
        TfdlValueError: an unknown ``source``.

    Example:
        >>> conv_input_code("random", size=3, seed=1).splitlines()[-1]
        'x = np.random.default_rng(1).integers(0, 10, size=(3, 3, 1)).astype(float)'
    """
    if source == "digit":
        lines = [
            "from tfdl.data.digits import digit_image",
            "",
            f"img, label = digit_image({int(index)}, {int(size)})",
            "x = img.astype(float)[..., None]",
        ]
        if channels == 3:
            lines.append("x = np.concatenate([x, np.floor(x / 2), x.max() - x], axis=-1)  # digit, half, inverse")
        return "\n".join(lines)
    if source == "image":
        lines = [
            "from tfdl.data.shapes_images import make_shapes",
            "",
            f"data = make_shapes(1, size={int(size)}, max_shapes=3, seed={int(seed)})",
            "grey = np.rint(data.images[0, ..., 0] * 255.0)",
        ]
        lines.append(
            "x = grey[..., None]"
            if channels == 1
            else "x = np.stack([grey * (data.masks[0] == k) for k in (1, 2, 3)], axis=-1)  # circles, squares, ..."
        )
        return "\n".join(lines)
    if source == "random":
        shape = (int(size), int(size), int(channels))
        return f"x = np.random.default_rng({int(seed)}).integers(0, 10, size={shape}).astype(float)"
    raise TfdlValueError(
        "codegen_source",
        "`source` must be one of {known}. Received: source={source!r}",
        known=["digit", "image", "random"],
        source=source,
    )


def _kwargs(values: dict) -> str:
    return "".join(f", {k}={v!r}" for k, v in values.items())


def _shape(shape):
    """An input shape as plain Python: ints, ``None`` kept, nested for a model with several inputs."""
    if shape is None:
        return None
    if isinstance(shape, (tuple, list)):
        return tuple(_shape(d) for d in shape)
    return int(shape)


def architecture_code(name: str, input_shape: Sequence[int], **options) -> str:
    """Python that builds a model of the registry as the Architectures page does and prints its size.

    Args:
        name: a name of :func:`tfdl.models.list_models`.
        input_shape: ``(H, W, C)``, or a sequence model's input (``(T,)``, ``(T, F)``, ``((T,), (T2,))``).
        **options: further builder keywords (e.g. ``aux_logits=True``, ``vocab_size=1000``).

    Returns:
        str: lines of Python.

    Example:
        >>> architecture_code("lenet5", (32, 32, 1)).splitlines()[2]
        "model = create_model('lenet5', input_shape=(32, 32, 1))"
    """
    shape = _shape(input_shape)
    return (
        "from tfdl.models import create_model\n\n"
        f"model = create_model({name!r}, input_shape={shape}{_kwargs(options)})\n"
        "model.summary()\n"
        "print(model.count_params())"
    )


_DECAY_KEYS = ("decay", "decay_rate", "drop", "step_size")


def race_code(
    surface: str,
    surface_params: dict | Sequence,
    start: Sequence[float],
    steps: int,
    configs: Sequence,
    *,
    noise: float = 0.0,
    seed: int = 0,
) -> str:
    """Python that runs the Optimisers page's race with :func:`tfdl.trajectories.run`.

    Args:
        surface: a surface name of :func:`tfdl.surfaces.get_surface`; ``surface_params`` its keywords
            (a dict or ``(key, value)`` pairs).
        start: ``(x, y)``; ``steps``: number of updates; ``noise``: gradient noise σ; ``seed``: its seed.
        configs: ``(name, hyper)`` pairs, ``hyper`` a dict or ``(key, value)`` pairs of the optimiser's
            arguments; ``decay`` (with ``decay_rate``, ``drop``, ``step_size``) makes the learning rate a
            :func:`tfdl.optimizers.decay_schedule`.

    Returns:
        str: lines of Python; the last prints each optimiser's final loss.

    Example:
        >>> race_code("bowl", {}, (1.0, 1.0), 10, [("SGD", {"learning_rate": 0.1})]).splitlines()[-3]
        'df = run(optimizers, surface, start=(1.0, 1.0), steps=10, seed=0)'
    """
    decayed = False
    entries = []
    for name, hyper in configs:
        hyper = dict(hyper)
        decay = {k: hyper.pop(k) for k in _DECAY_KEYS if k in hyper}
        args = [f"{k}={v!r}" for k, v in hyper.items()]
        if decay and decay["decay"] == "none":  # decay_schedule("none", η) is η itself
            decay = {}
        if decay:
            decayed = True
            lr = hyper.get("learning_rate")
            args = [f"learning_rate=decay_schedule({decay.pop('decay')!r}, {lr!r}{_kwargs(decay)})"] + [
                a for a in args if not a.startswith("learning_rate=")
            ]
        entries.append(f"    {name!r}: make_optimizer({name!r}, {', '.join(args)}),")
    start = tuple(float(v) for v in start)
    return "\n".join(
        [
            *(["from tfdl.optimizers import decay_schedule"] if decayed else []),
            "from tfdl.surfaces import get_surface",
            "from tfdl.trajectories import make_optimizer, run",
            "",
            f"surface = get_surface({surface!r}, noise={float(noise)!r}{_kwargs(dict(surface_params))})",
            "optimizers = {",
            *entries,
            "}",
            f"df = run(optimizers, surface, start={start}, steps={int(steps)}, seed={int(seed)})",
            "final = df.groupby('optimiser', sort=False).tail(1)",
            "print(final[['optimiser', 'step', 'x', 'y', 'loss']].to_string(index=False))",
        ]
    )


def train2d_code(
    dataset: str,
    *,
    n_samples: int,
    noise: float,
    train_ratio: float,
    features: Sequence[str],
    hidden: Sequence[int],
    activation: str,
    initializer: str,
    learning_rate: float,
    optimizer: str,
    l2: float,
    dropout: float,
    dropout_form: str,
    norm: str,
    batch_size: int,
    epochs: int,
    seed: int,
    classes: int = 3,
    points: str | None = None,
) -> str:
    """Python that repeats the Train page's 2-D run: the data, :func:`tfdl.training.build_mlp` and
    :func:`tfdl.training.fit` with the page's settings.

    Args:
        dataset, n_samples, noise, train_ratio, seed: :func:`tfdl.data.make_toy2d`'s arguments (``seed``
            also seeds the weights, the shuffling and dropout).
        features, hidden, activation, initializer, l2, dropout, dropout_form: the MLP's settings.
        norm: ``"none"``, ``"batch"`` or ``"layer"``.
        learning_rate, optimizer (``"sgd"`` or ``"adam"``), batch_size, epochs: the training settings.
        classes: the number of classes of ``"blobs"`` and ``"arms"``.
        points: for ``dataset="own"``, the points as CSV text (:func:`tfdl.data.points_csv`), split
            by :func:`tfdl.data.split_points`.

    Returns:
        str: lines of Python; the last print the final training loss and the test accuracy (the
        test MSE for the regression datasets ``"plane"`` and ``"multigauss"``).

    Example:
        >>> code = train2d_code("xor", n_samples=200, noise=0.0, train_ratio=0.5, features=("x1", "x2"),
        ...     hidden=(4,), activation="tanh", initializer="xavier", learning_rate=0.03, optimizer="sgd",
        ...     l2=0.0, dropout=0.0, dropout_form="inverted", norm="none", batch_size=10, epochs=5, seed=0)
        >>> "history.loss.iloc[-1]" in code
        True
    """
    from tfdl.data.toy2d_more import TOY2D_MULTICLASS, toy2d_task

    opt = {"sgd": "SGD", "adam": "Adam"}[optimizer]
    regression = toy2d_task(dataset) == "regression"
    if dataset == "own":
        data = [
            "from tfdl.data import read_points_csv, split_points",
            "",
            f"points = {points!r}",
            f"(x, y), (x_test, y_test) = split_points(*read_points_csv(points), {float(train_ratio)!r}, {int(seed)})",
        ]
    else:
        more = f", classes={int(classes)}" if dataset in TOY2D_MULTICLASS else ""
        data = [
            "from tfdl.data import make_toy2d",
            "",
            f"(x, y), (x_test, y_test) = make_toy2d({dataset!r}, n_samples={int(n_samples)}, noise={float(noise)!r},",
            f"                                      train_ratio={float(train_ratio)!r}, seed={int(seed)}{more})",
        ]
    if regression:
        head, task, last = ", regression=True", ", loss='mse', metrics=()", [
            "from tfdl.interpret import regression_mse",
            "print(regression_mse(result.model, x_test, y_test))  # the test loss (mean squared error)",
        ]
    else:
        head, task = "", ""
        last = ["print(evaluate(result.model, x_test, y_test).accuracy)  # the test accuracy"]
        if dataset == "own" or dataset in TOY2D_MULTICLASS:
            head = ", num_classes=max(2, int(max(y.max(), y_test.max())) + 1)"
    return "\n".join(
        [
            "import keras",
            "",
            data[0],
            "from tfdl.training import build_mlp, evaluate, fit",
            *data[1:],
            f"model = build_mlp({tuple(int(h) for h in hidden)}, {activation!r}, {initializer!r}, "
            f"features={tuple(features)},",
            f"                  l2={float(l2)!r}, dropout={float(dropout)!r}, dropout_form={dropout_form!r},",
            f"                  batch_norm={norm == 'batch'}, layer_norm={norm == 'layer'}, seed={int(seed)}{head})",
            f"result = fit(model, x, y, epochs={int(epochs)}, batch_size={int(batch_size)}, seed={int(seed)},",
            f"             optimizer=keras.optimizers.{opt}({float(learning_rate)!r}),",
            f"             validation_data=(x_test, y_test){task},",
            "             jit_compile=False, reinitialize=True)",
            "print(result.history.loss.iloc[-1])  # the final training loss",
            *last,
        ]
    )


def same_in_code(
    op: str,
    input_shape: Sequence[int],
    kernel_shape: Sequence[int],
    *,
    stride: int = 1,
    padding: int | str | tuple[int, int] = "valid",
    dilation: int = 1,
    padding_mode: str = "zeros",
    padding_value: float = 0.0,
    groups: int = 1,
    ceil_mode: bool = False,
    seed: int = 0,
    sigma: float = 1.0,
    output_shape: Sequence[int] | None = None,
    x=None,
    kernel=None,
    input_code: str | None = None,
) -> str:
    """Python code that repeats a convolution (``op="conv"``) or a pooling (``"max"``, ``"avg"``,
    ``"weighted"``, ``"l2"``, ``"stochastic"``) with tfdl, printing the output shape.

    Formula: none (text). For a convolution the kernel is ``kh×kw×(C_in/groups)×C_out``.

    Args:
        op: ``"conv"`` or a pooling kind of :data:`POOL_FUNCTIONS`.
        input_shape: ``(H, W, C)``.
        kernel_shape: ``(kh, kw, C_in/groups, C_out)`` for a convolution, ``(F, F)`` for a pooling.
        stride, padding, dilation, padding_mode, padding_value, groups: the convolution's settings.
        ceil_mode, seed, sigma: the pooling's settings (``seed`` only for stochastic pooling,
            ``sigma`` only for distance-weighted pooling).
        output_shape: the output ``(H_o, W_o, C_o)`` written in the comments (optional).
        x: the input array, written out as numbers (:func:`array_code`) unless ``input_code`` is given.
        kernel: the convolution's kernel array, written out (a kernel repeated over its input channels
            compactly, as its 2-D planes).
        input_code: lines that define ``x`` (e.g. :func:`conv_input_code`), instead of its numbers.

    Returns:
        str: lines of Python.

    Raises:
        TfdlValueError: an unknown ``op``.

    Example:
        >>> code = same_in_code("conv", (3, 3, 1), (2, 2, 1, 1), output_shape=(2, 2, 1))
        >>> code.splitlines()[7]
        "y = F.conv2d(x, kernel, stride=1, padding='valid', dilation=1, padding_mode='zeros', groups=1)"
    """
    h, w, c = input_shape
    x_lines = _input_lines(input_shape, x, input_code)
    shape_note = f"  # {tuple(output_shape)}" if output_shape is not None else ""
    size_note = f"  # {tuple(output_shape)[:2]}" if output_shape is not None else ""
    if op == "conv":
        kh, kw, cpg, n = kernel_shape
        extra = f", padding_value={_num(padding_value)}" if padding_mode == "constant" else ""
        k_lines = _kernel_lines(kernel_shape, kernel)
        layer = (
            f"conv = layers.PaddedConv2D({n}, ({kh}, {kw}), strides={stride}, padding={padding!r}, "
            f"padding_mode={padding_mode!r}, dilation_rate={dilation}, groups={groups}{extra})"
        )
        keras_part = ""
        if kernel is not None:  # the Keras layer with the same kernel (no bias) gives the same numbers
            keras_part = (
                f"conv.build((None, {h}, {w}, {c}))\n"
                f"conv.set_weights([kernel, np.zeros({n})])\n"
                "y_keras = np.asarray(conv(x[None].astype('float32')))[0]\n"
                "print(np.abs(y_keras - y).max())  # float32 round-off only\n"
            )
        return (
            "import numpy as np\n\nfrom tfdl import functional as F, layers, shapes\n\n"
            f"{x_lines}{k_lines}\n"
            f"y = F.conv2d(x, kernel, stride={stride}, padding={padding!r}, dilation={dilation}, "
            f"padding_mode={padding_mode!r}, groups={groups}{extra})\n"
            f"print(y.shape){shape_note}\n"
            f"print(shapes.conv_output_shape(({h}, {w}), ({kh}, {kw}), stride={stride}, "
            f"padding={padding!r}, dilation={dilation})){size_note}\n\n"
            f"{layer}\n{keras_part}"
        ).rstrip("\n")
    if op not in POOL_FUNCTIONS:
        raise TfdlValueError(
            "codegen_op",
            "`op` must be 'conv' or one of {known}. Received: op={op!r}",
            known=sorted(POOL_FUNCTIONS),
            op=op,
        )
    f = kernel_shape[0]
    seed_arg = f", seed={int(seed)}" if op == "stochastic" else ""
    seed_arg += f", sigma={float(sigma):g}" if op == "weighted" else ""
    return (
        "import numpy as np\n\nfrom tfdl import functional as F, shapes\n\n"
        f"{x_lines}\n"
        f"y = F.{POOL_FUNCTIONS[op]}(x, {f}, stride={stride}, padding={padding!r}, ceil_mode={ceil_mode}{seed_arg})\n"
        f"print(y.shape){shape_note}\n"
        f"print(shapes.pool_output_shape(({h}, {w}), {f}, stride={stride}, padding={padding!r}, "
        f"ceil_mode={ceil_mode})){size_note}"
    )
