"""Convolution lab: padding, stride, dilation, groups and pooling, number by number.

Input (a digit, a generated picture, a typed grid or random numbers) → kernel (a named filter,
typed numbers or random) → settings. Shown at once: the output shapes under the TensorFlow and
PyTorch rules with the formula filled in, the output as numbers and as pictures, the kernel
walking over the padded input, the receptive field and the parameter count. A Pooling tab gives
the same treatment to max / average / L2 pooling. Needs numpy and tfdl only — no TensorFlow.
"""

from __future__ import annotations

import io
import itertools
import re

import numpy as np
import streamlit as st

from playground.common import param, show_error, sync_params, tr
from playground.page_table import page_title
from tfdl import filters as tf_filters
from tfdl import functional as F
from tfdl import shapes
from tfdl.data import worked_examples as WE
from tfdl.data.digits import digit_image
from tfdl.data.shapes_images import make_shapes
from tfdl.viz import conv as vz

# ----------------------------------------------------------------------------------------------
# Presets: the worked examples of the course notes (CURRICULUM §1), so a teacher can open them.
# ----------------------------------------------------------------------------------------------


def _grid(values) -> str:
    """A worked example's numbers as the grid text the page reads (rows on lines)."""
    rows = values if isinstance(values[0], tuple) else (values,)
    return "\n".join(" ".join(str(v) for v in row) for row in rows)


def _conv_preset(name: str) -> dict:
    ex = WE.CONVOLUTIONS[name]
    return dict(op="conv", src="grid", ch=1, grid=_grid(ex.x), ksrc="typed",
                kgrid=_grid(ex.kernel), s=ex.params.get("stride", 1),
                p=ex.params.get("padding", "valid"), pmode="zeros", d=1, g=1, n=1)


def _pool_preset(name: str) -> dict:
    ex = WE.POOLINGS[name]
    return dict(op="pool", src="grid", ch=1, grid=_grid(ex.x), pool=ex.op.split("_")[0],
                psize=ex.params["pool_size"], ps=ex.params["stride"], pp="valid", ceil=False)


PRESETS: dict[str, tuple[str, str, dict]] = {
    "custom": ("Your own settings", "Свои настройки", {}),
    "notes_valid": (
        "Example from the notes: 3×3 ⋆ 2×2, valid",
        "Пример из конспекта: 3×3 ⋆ 2×2, valid",
        _conv_preset("valid"),
    ),
    "notes_same": (
        "Example from the notes: 3×3 ⋆ 2×2, TensorFlow 'same'",
        "Пример из конспекта: 3×3 ⋆ 2×2, TensorFlow 'same'",
        _conv_preset("same"),
    ),
    "notes_stride2": (
        "Example from the notes: stride 2",
        "Пример из конспекта: шаг 2",
        _conv_preset("stride2"),
    ),
    "notes_5x5": (
        "Example from the notes: 5×5 ⋆ 3×3",
        "Пример из конспекта: 5×5 ⋆ 3×3",
        _conv_preset("5x5"),
    ),
    "notes_1d": (
        "Example from the notes: 1-D convolution",
        "Пример из конспекта: одномерная свёртка",
        _conv_preset("1d"),
    ),
    "notes_padding_modes": (
        "Example from the notes: padding modes (try each mode)",
        "Пример из конспекта: режимы паддинга (попробуйте каждый)",
        dict(op="conv", src="grid", ch=1, grid=_grid(WE.PADDING_MODE_INPUT), ksrc="typed",
             kgrid=_grid(WE.PADDING_MODE_KERNEL), s=1, p="0,2", pmode="reflect", d=1, g=1, n=1),
    ),
    "notes_dilation": (
        "Dilated ('à trous') 3×3 kernel on a digit",
        "Дилатированное ядро 3×3 («à trous») на цифре",
        dict(op="conv", src="digit", ch=1, digit=0, dsize=16, ksrc="filter", filter="outline",
             s=1, p="2", pmode="zeros", d=2, g=1, n=1),
    ),
    "notes_stack": (
        "Example from the notes: 28 → conv3 → 26 → pool2 → 13 → conv3 → 11 → pool2 → 5",
        "Пример из конспекта: 28 → conv3 → 26 → pool2 → 13 → conv3 → 11 → pool2 → 5",
        dict(op="conv", src="digit", ch=1, digit=0, dsize=28, ksrc="filter", filter="outline",
             s=1, p="valid", pmode="zeros", d=1, g=1, n=1, layers=2, rfpool=True),
    ),
    "notes_avgpool": (
        "Example from the notes: 3×3 average pooling, stride 1",
        "Пример из конспекта: усреднение 3×3, шаг 1",
        _pool_preset("avg_3x3"),
    ),
    "notes_maxpool": (
        "Example from the notes: 2×2 max pooling, stride 2",
        "Пример из конспекта: max-пулинг 2×2, шаг 2",
        _pool_preset("max_2x2"),
    ),
    "notes_maxpool_b": (
        "Example from the notes: 2×2 max pooling, second grid",
        "Пример из конспекта: max-пулинг 2×2, вторая матрица",
        _pool_preset("max_2x2_b"),
    ),
}

DEFAULTS = dict(
    op="conv", src="digit", digit=0, dsize=8, gsize=12, rsize=6, rseed=0, ch=1,
    grid="1 2 3\n3 4 5\n1 0 2", ksrc="filter", filter="top_sobel", k=3, kseed=0,
    kgrid="0 1\n1 -1", s=1, p="valid", pmode="zeros", pval=0.0, d=1, g=1, n=1,
    pool="max", psize=2, ps=2, pp="valid", ceil=False, pseed=0, layers=2, rfpool=False, step=0, pstep=0, och=0,
)
SOURCES = ["digit", "image", "grid", "random"]
KERNEL_SOURCES = ["filter", "typed", "random"]
PADDING_CHOICES = ["valid", "same", "0", "1", "2", "3", "4"]
PADDING_MODES = list(F.PADDING_MODES)
POOLS = ["max", "avg", "l2", "stochastic"]
DIGIT_SIZES = [8, 12, 16, 20, 28]


def _apply_preset(name: str, only_missing_from_url: bool = False) -> None:
    """Copy a preset's settings into the widgets' session state."""
    for key, value in PRESETS.get(name, ("", "", {}))[2].items():
        if only_missing_from_url and key in st.query_params:
            continue
        st.session_state[key] = value


def sync_url() -> None:
    """Mirror the settings into the URL, keeping only what differs from the preset (short links)."""
    preset = st.session_state.get("preset", "custom")
    baseline = {**DEFAULTS, **PRESETS.get(preset, ("", "", {}))[2]}
    changed = [key for key in DEFAULTS if st.session_state.get(key) != baseline[key]]
    for key in DEFAULTS:
        if key not in changed and key in st.query_params:
            del st.query_params[key]
    if preset == "custom" and "preset" in st.query_params:
        del st.query_params["preset"]
    sync_params((["preset"] if preset != "custom" else []) + changed)


def _on_preset() -> None:
    """Open a preset exactly: every setting back to its default, then the preset's own."""
    for key, value in DEFAULTS.items():
        st.session_state[key] = value
    _apply_preset(st.session_state["preset"])
    labels = [tr("Convolution", "Свёртка"), tr("Pooling", "Пулинг")]
    st.session_state[f"tab_{tr('en', 'ru')}"] = labels[0 if st.session_state["op"] == "conv" else 1]


# A shared link opens the preset it names; settings also in the URL override the preset's.
if "_conv_lab_ready" not in st.session_state:
    st.session_state["_conv_lab_ready"] = True
    url_preset = st.query_params.get("preset")
    if url_preset in PRESETS and url_preset != "custom":
        _apply_preset(url_preset, only_missing_from_url=True)

# ----------------------------------------------------------------------------------------------
# Small helpers: parsing what the user typed, bundled pictures.
# ----------------------------------------------------------------------------------------------


MAX_GRID = 64  # cells per side of a typed grid (the walk draws every one)


def parse_grid(text: str, what: str) -> np.ndarray:
    """Rows of numbers (spaces or commas between them); a blank line starts the next channel.

    Returns H×W×C float array. Raises ValueError naming the faulty row.
    """
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    if not blocks:
        raise ValueError(tr(f"The {what} is empty: type rows of numbers.",
                            f"Поле «{what}» пусто: введите строки чисел."))
    planes = []
    for block in blocks:
        rows = []
        for ri, line in enumerate(block.strip().splitlines()):
            cells = [c for c in re.split(r"[,\s;]+", line.strip()) if c]
            try:
                row = [float(c) for c in cells]
                if not all(np.isfinite(row)):
                    raise ValueError
                rows.append(row)
            except ValueError:
                raise ValueError(tr(
                    f"{what}: row {ri + 1} is not a list of numbers. Received: {line.strip()!r}",
                    f"{what}: строка {ri + 1} — не список чисел. Получено: {line.strip()!r}",
                )) from None
        widths = {len(r) for r in rows}
        if len(widths) != 1:
            raise ValueError(tr(
                f"{what}: every row needs the same number of values. Received row lengths "
                f"{[len(r) for r in rows]}",
                f"{what}: во всех строках должно быть одинаковое число значений. Получены длины "
                f"{[len(r) for r in rows]}",
            ))
        planes.append(np.array(rows, dtype=float))
    if len({p.shape for p in planes}) != 1:
        raise ValueError(tr(
            f"{what}: all channels (blocks separated by a blank line) need the same shape. "
            f"Received {[p.shape for p in planes]}",
            f"{what}: все каналы (блоки через пустую строку) должны быть одного размера. "
            f"Получено {[p.shape for p in planes]}",
        ))
    if max(planes[0].shape) > MAX_GRID:
        raise ValueError(tr(
            f"{what}: at most {MAX_GRID} rows and columns. Received {planes[0].shape}",
            f"{what}: не больше {MAX_GRID} строк и столбцов. Получено {planes[0].shape}",
        ))
    return np.stack(planes, axis=-1)


def parse_padding(text) -> int | str | tuple[int, int]:
    """``"valid"``, ``"same"``, an int (each side) or ``"rows,cols"``."""
    text = str(text).strip().lower()
    if text in ("valid", "same"):
        return text
    parts = [p for p in re.split(r"[,\s;x×]+", text) if p]
    try:
        values = [int(p) for p in parts]
    except ValueError:
        values = []
    if len(values) not in (1, 2):
        raise ValueError(tr(
            f"`padding` must be 'valid', 'same', an integer or 'rows,cols'. Received: padding={text!r}",
            f"`padding` должен быть 'valid', 'same', целым числом или 'строки,столбцы'. "
            f"Получено: padding={text!r}",
        ))
    if any(v < 0 for v in values):
        raise ValueError(tr(f"`padding` must be >= 0. Received: padding={text!r}",
                            f"`padding` должен быть >= 0. Получено: padding={text!r}"))
    return values[0] if len(values) == 1 else (values[0], values[1])


@st.cache_data(show_spinner=False)
def _digit(index: int, size: int) -> tuple[np.ndarray, int]:
    return digit_image(index, size)


@st.cache_data(show_spinner=False)
def generated_image(size: int, channels: int, seed: int) -> np.ndarray:
    """Bright shapes on a dark background (``tfdl.data.make_shapes``), 0–255.

    Three channels colour the shapes by kind: red circles, green squares, blue triangles.
    """
    data = make_shapes(1, size=size, max_shapes=3, seed=seed)
    grey = np.rint(data.images[0, ..., 0] * 255.0)
    if channels == 1:
        return grey[..., None]
    return np.stack([grey * (data.masks[0] == k) for k in (1, 2, 3)], axis=-1)


def make_input(src: str, channels: int) -> np.ndarray:
    """The H×W×C input the user chose."""
    if src == "digit":
        img, _ = _digit(int(st.session_state["digit"]), int(st.session_state["dsize"]))
        x = img.astype(float)[..., None]
        if channels == 3:  # a tinted copy: red = digit, green = half, blue = inverse
            x = np.concatenate([x, np.floor(x / 2), x.max() - x], axis=-1)
        return x
    if src == "image":
        return generated_image(int(st.session_state["gsize"]), channels,
                               int(st.session_state["rseed"]))
    if src == "grid":
        x = parse_grid(st.session_state["grid"], tr("input grid", "входная матрица"))
        if channels == 3 and x.shape[-1] == 1:
            x = np.repeat(x, 3, axis=-1)
        if channels == 1 and x.shape[-1] > 1:
            x = x[..., :1]
        return x
    rng = np.random.default_rng(int(st.session_state["rseed"]))
    n = int(st.session_state["rsize"])
    return rng.integers(0, 10, size=(n, n, channels)).astype(float)


def make_kernel(c_in_per_group: int, n_filters: int) -> tuple[np.ndarray, list[str]]:
    """The kh×kw×(C_in/groups)×N kernel and a name per filter."""
    src = st.session_state["ksrc"]
    if src == "typed":
        k2 = parse_grid(st.session_state["kgrid"], tr("kernel", "ядро"))[..., 0]
        planes, names = [k2] * n_filters, [tr("typed", "введённое")] * n_filters
    elif src == "random":
        rng = np.random.default_rng(int(st.session_state["kseed"]))
        size = int(st.session_state["k"])
        planes = [np.round(rng.normal(size=(size, size)), 2) for _ in range(n_filters)]
        names = [tr("random", "случайное")] * n_filters
    else:
        # filter 0 is the chosen one, the others the next named filters of the same shape
        chosen = st.session_state["filter"]
        shape = tf_filters.get_filter(chosen).shape
        names_all = list(tf_filters.FILTERS)
        start = names_all.index(chosen)
        ring = [names_all[(start + j) % len(names_all)] for j in range(len(names_all))]
        same = [name for name in ring if tf_filters.get_filter(name).shape == shape]
        names = [same[j % len(same)] for j in range(n_filters)]
        planes = [np.asarray(tf_filters.get_filter(name), dtype=float) for name in names]
    k = np.stack([np.repeat(p[..., None], c_in_per_group, axis=-1) for p in planes], axis=-1)
    return k, names


def filter_label(name: str) -> str:
    """A named filter as shown: its name, or in Russian the name from its Russian description."""
    if name not in tf_filters.FILTERS:
        return name
    return tr(name, tf_filters.describe_filter(name, lang="ru").split(":")[0])


def _show(where, fig, width="stretch") -> None:
    """Draw a tfdl.viz figure as a PNG (130 dpi: sharp, and quick to encode)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=130, bbox_inches="tight")
    where.image(buf.getvalue(), width=width)


def _fmt(v: float, spec: str | None = None) -> str:
    """A number as a learner writes it: 3, -0.25, 1.7."""
    if spec:
        return format(float(v), spec)
    v = float(v)
    return str(int(v)) if v.is_integer() else f"{v:.3g}"


def _axis_pads(H, W, kh, kw, s, padding, d):
    """((top, bottom), (left, right)) actually added, TensorFlow's split for 'same'."""
    ph, pw = padding if isinstance(padding, tuple) else (padding, padding)
    return (shapes.resolve_padding(H, kh, s, ph, d), shapes.resolve_padding(W, kw, s, pw, d))


def _conv2d(x, kernel, s, padding, d, mode, value, g):
    """tfdl.functional.conv2d with the page's settings (``value`` fills ``mode="constant"``)."""
    return F.conv2d(x, kernel, stride=s, padding=padding, dilation=d, padding_mode=mode,
                    groups=g, padding_value=value)


POOL_FUNCTIONS = {"max": F.max_pool2d, "avg": F.avg_pool2d, "l2": F.l2_pool2d,
                  "stochastic": F.stochastic_pool2d}


def _pool2d(x, kind, f, s, padding, ceil_mode, seed=0):
    """One tfdl.functional pooling call (stochastic: seeded, training-mode sampling)."""
    if kind == "stochastic":
        return F.stochastic_pool2d(x, f, s, padding, seed=seed, ceil_mode=ceil_mode)
    return POOL_FUNCTIONS[kind](x, f, s, padding, ceil_mode)


# ----------------------------------------------------------------------------------------------
# Page
# ----------------------------------------------------------------------------------------------
for key, value in DEFAULTS.items():
    param(key, value)
param("preset", "custom", options=list(PRESETS))
for key, opts in (("src", SOURCES), ("ksrc", KERNEL_SOURCES), ("pmode", PADDING_MODES),
                  ("pool", POOLS), ("op", ("conv", "pool"))):
    if st.session_state[key] not in opts:
        st.session_state[key] = DEFAULTS[key]
if st.session_state["filter"] not in tf_filters.FILTERS:
    st.session_state["filter"] = next(iter(tf_filters.FILTERS))
for key, lo, hi in (("digit", 0, 1796), ("dsize", 8, 28), ("gsize", 8, 32), ("rsize", 2, 16),
                    ("ch", 1, 3), ("k", 1, 7), ("s", 1, 6), ("d", 1, 5), ("g", 1, 3), ("n", 1, 6),
                    ("psize", 1, 6), ("ps", 1, 6), ("layers", 1, 6), ("rseed", 0, 10_000),
                    ("kseed", 0, 10_000), ("pseed", 0, 10_000), ("step", 0, 10**6),
                    ("pstep", 0, 10**6), ("och", 0, 5)):
    st.session_state[key] = int(min(max(int(st.session_state[key]), lo), hi))
if st.session_state["ch"] not in (1, 3):
    st.session_state["ch"] = 1
if st.session_state["dsize"] not in DIGIT_SIZES:
    st.session_state["dsize"] = DEFAULTS["dsize"]

st.title(page_title("convolution"))
st.caption(tr(
    "Deep-learning libraries compute cross-correlation: out[i, j] = Σ x[i·s + a·d, j·s + b·d]·k[a, b] "
    "over the kernel cells (a, b), on the padded input. Change one setting and watch the shapes, "
    "the numbers and the walk.",
    "Библиотеки глубинного обучения вычисляют взаимную корреляцию: out[i, j] = Σ x[i·s + a·d, "
    "j·s + b·d]·k[a, b] по клеткам ядра (a, b) на входе с паддингом. Меняйте одну настройку и "
    "смотрите на размеры, числа и проход ядра.",
))
st.selectbox(
    tr("Preset", "Пресет"), list(PRESETS), key="preset", on_change=_on_preset,
    format_func=lambda name: tr(PRESETS[name][0], PRESETS[name][1]),
    help=tr("Worked examples of the course notes: open one, then change a setting.",
            "Разобранные примеры из конспекта: откройте и меняйте настройки."),
)

# --- Input -------------------------------------------------------------------------------------
st.subheader(tr("Input", "Вход"))
c1, c2, c3 = st.columns([3, 2, 1])
c1.radio(
    tr("Source", "Источник"), SOURCES, key="src", horizontal=True,
    format_func=lambda v: {"digit": tr("digit", "цифра"),
                           "image": tr("generated picture", "картинка"),
                           "grid": tr("typed grid", "своя матрица"),
                           "random": tr("random", "случайно")}[v],
)
c3.radio(tr("Channels", "Каналы"), [1, 3], key="ch", horizontal=True)
src = st.session_state["src"]
if src == "digit":
    c2.number_input(tr("Digit index (0–1796)", "Номер цифры (0–1796)"), 0, 1796, key="digit")
    c2.select_slider(tr("Size", "Размер"), DIGIT_SIZES, key="dsize")
elif src == "image":
    c2.slider(tr("Size", "Размер"), 8, 32, key="gsize")
    c2.number_input(tr("Seed", "Зерно"), 0, 10_000, key="rseed")
elif src == "grid":
    c2.text_area(
        tr("Rows of numbers (a blank line starts the next channel)",
           "Строки чисел (пустая строка начинает следующий канал)"),
        key="grid", height=130,
    )
else:
    c2.slider(tr("Size", "Размер"), 2, 16, key="rsize")
    c2.number_input(tr("Seed", "Зерно"), 0, 10_000, key="rseed")

try:
    x = make_input(src, int(st.session_state["ch"]))
except ValueError as exc:
    show_error(exc)
    sync_url()
    st.stop()
H, W, C = x.shape
with st.expander(tr(f"Input {H}×{W}×{C}: numbers and picture", f"Вход {H}×{W}×{C}: числа и картинка"),
                 expanded=max(H, W) <= 12):
    _show(st, vz.number_grid_figure(x[..., 0] if C == 1 else x, size=2.8,
                                    titles=(tr("numbers", "числа"), tr("picture", "картинка"))),
              width="content")

labels = [tr("Convolution", "Свёртка"), tr("Pooling", "Пулинг")]
tab_key = f"tab_{tr('en', 'ru')}"
if tab_key in st.session_state and st.session_state[tab_key] in labels:
    st.session_state["op"] = "conv" if st.session_state[tab_key] == labels[0] else "pool"
tab_conv, tab_pool = st.tabs(
    labels, default=labels[0 if st.session_state["op"] == "conv" else 1], key=tab_key,
    on_change="rerun",
)
op = "conv" if tab_conv.open in (True, None) and not tab_pool.open else "pool"
st.session_state["op"] = op


def _settings_int(col, label_en, label_ru, key, lo, hi, help_en="", help_ru=""):
    col.number_input(tr(label_en, label_ru), lo, hi, key=key, step=1,
                     help=tr(help_en, help_ru) if help_en else None)
    return int(st.session_state[key])


def shapes_block(H, W, C, kh, kw, s, padding, d, n_out, ceil_mode=False, pool=False, params=None):
    """Output shapes and filled-in formulas under both rules; returns (Ho, Wo) or raises."""
    pads = padding if isinstance(padding, tuple) else (padding, padding)
    size_fn = shapes.pool_output_size if pool else shapes.conv_output_size
    Ho = size_fn(H, kh, s, pads[0], d, ceil_mode)
    Wo = size_fn(W, kw, s, pads[1], d, ceil_mode)
    c_out = C if pool else n_out
    m1, m2, m3, m4 = st.columns([1, 1, 1, 1.4])
    m1.metric(tr("Input N×H×W×C (TensorFlow)", "Вход N×H×W×C (TensorFlow)"),
              f"1×{H}×{W}×{C}")
    m2.metric(tr("Output N×H×W×C (TensorFlow)", "Выход N×H×W×C (TensorFlow)"),
              f"1×{Ho}×{Wo}×{c_out}")
    m3.metric(tr("Output N×C×H×W (PyTorch)", "Выход N×C×H×W (PyTorch)"),
              f"1×{c_out}×{Ho}×{Wo}")
    if params is not None:
        m4.metric(params[0], params[1])
    rows = []
    for axis, size, k, p in ((tr("height", "высота"), H, kh, pads[0]),
                             (tr("width", "ширина"), W, kw, pads[1])):
        cells = {}
        for rule in ("tensorflow", "pytorch"):
            if rule == "tensorflow" and ceil_mode:
                cells[rule] = "*" + tr("no ceil_mode in Keras pooling",
                                       "в Keras у пулинга нет ceil_mode") + "*"
                continue
            if rule == "pytorch" and p == "same" and s != 1:
                cells[rule] = "*" + tr("padding='same' needs stride 1 in PyTorch",
                                       "в PyTorch padding='same' только при шаге 1") + "*"
                continue
            try:
                cells[rule] = f"`{vz.conv_size_formula(size, k, s, p, d, ceil_mode, rule=rule)}`"
            except ValueError as exc:
                cells[rule] = "*" + str(exc).replace("`", "").replace("|", "/") + "*"
        rows.append((axis, cells["tensorflow"], cells["pytorch"]))
    lines = [f"| {tr('axis', 'ось')} | {tr('TensorFlow / Keras rule', 'правило TensorFlow / Keras')} | "
             f"{tr('PyTorch rule', 'правило PyTorch')} |", "|---|---|---|"]
    lines += [f"| {a} | {t} | {p} |" for a, t, p in rows]
    st.markdown("\n".join(lines))
    notes = []
    if padding == "same":
        (t, b), (l, r) = (shapes.same_padding(H, kh, s, d), shapes.same_padding(W, kw, s, d))
        notes.append(tr(
            f"TensorFlow 'same' adds max((O−1)·S + D·(F−1) + 1 − I, 0) cells: here top {t}, "
            f"bottom {b}, left {l}, right {r} — an odd total puts the extra cell at the bottom/"
            "right, which PyTorch's symmetric integer padding cannot copy.",
            f"TensorFlow 'same' добавляет max((O−1)·S + D·(F−1) + 1 − I, 0) клеток: здесь сверху "
            f"{t}, снизу {b}, слева {l}, справа {r} — при нечётной сумме лишняя клетка идёт вниз/"
            "вправо, а симметричный паддинг PyTorch так не умеет.",
        ))
    elif not isinstance(padding, str) and not pool:
        notes.append(tr(
            "Keras Conv2D has no integer padding: in TensorFlow it is ZeroPadding2D(P) then "
            "'valid' (or tfdl.layers.PaddedConv2D, which also has the other padding modes).",
            "У Keras Conv2D нет целочисленного паддинга: в TensorFlow это ZeroPadding2D(P) и "
            "'valid' (или tfdl.layers.PaddedConv2D с другими режимами паддинга).",
        ))
    elif not isinstance(padding, str) and pool:
        notes.append(tr(
            "Keras pooling has no integer padding: ZeroPadding2D first gives the same size, but "
            "then the zeros can win a max (PyTorch pads max pooling with −∞).",
            "У пулинга в Keras нет целочисленного паддинга: ZeroPadding2D даёт тот же размер, но "
            "тогда нули могут победить в max (PyTorch дополняет max-пулинг значением −∞).",
        ))
    for note in notes:
        st.caption(note)
    return Ho, Wo


def output_table(y2d):
    """The output numbers as a table (easy to copy, and what the tests read)."""
    with st.expander(tr("Output as a table", "Выход таблицей")):
        st.dataframe(np.round(y2d, 4), hide_index=False)


def _nth(iterator, n):
    return next(itertools.islice(iterator, n, None))


def walk_block(x2d, out2d, step_key, *, kernel_size, stride, padding, dilation=1,
               padding_mode="zeros", value=0.0, kernel2d=None, what="conv", ceil_mode=False):
    """The kernel (or pooling window) walking over the padded input, one output cell per step."""
    H, W = x2d.shape
    Ho, Wo = out2d.shape
    total = Ho * Wo
    st.session_state[step_key] = int(min(max(int(st.session_state[step_key]), 0), total - 1))
    if total > 1:
        st.slider(tr("Walk: output cell number", "Проход: номер клетки выхода"), 0, total - 1,
                  key=step_key,
                  help=tr("Each step moves the window by the stride; the output fills row by row.",
                          "Каждый шаг сдвигает окно на stride; выход заполняется по строкам."))
    idx = int(st.session_state[step_key])
    if what == "conv":
        step = _nth(F.walk(x2d, kernel2d, stride, padding, dilation, padding_mode, value), idx)
        window = step.window
    else:
        step = None
        window = _nth(F.windows((H, W), kernel_size, stride, padding, dilation, "zeros",
                                ceil_mode), idx)
    i, j = window.index
    pads = [list(p) for p in _axis_pads(H, W, *kernel_size, stride, padding, dilation)]
    if what == "conv" or (what == "avg" and not isinstance(padding, str)):
        xp = F.pad(x2d, pads, padding_mode, value=value).astype(float)
    else:  # pooling: padding cells take no part (max: −∞), drawn empty
        xp = np.pad(x2d.astype(float), pads, constant_values=np.nan)
    if ceil_mode:  # PyTorch's last windows may hang past the padding: draw those cells empty
        last = list(F.windows((H, W), kernel_size, stride, padding, dilation, "zeros", True))[-1]
        extra = [max(0, last.box[1][a] - (size - 1) - pads[a][1]) for a, size in enumerate((H, W))]
        xp = np.pad(xp, ((0, extra[0]), (0, extra[1])), constant_values=np.nan)
        pads = [[pads[0][0], pads[0][1] + extra[0]], [pads[1][0], pads[1][1] + extra[1]]]
    taps = window.coords + np.array([pads[0][0], pads[1][0]])
    fig = vz.kernel_walk_figure(
        xp, pads, taps, out2d, (i, j), padding_mode=padding_mode, kernel=kernel2d,
        titles=(tr(f"input, padding '{padding_mode}'", f"вход, паддинг '{padding_mode}'")
                if what == "conv" else tr("input (empty cells: padding, ignored)",
                                          "вход (пустые клетки: паддинг, не участвует)")
                if np.isnan(xp).any() else tr("input", "вход"), tr("output", "выход")),
    )
    _show(st, fig, width="stretch")
    if step is not None and kernel2d.size <= 25:
        terms = " + ".join(f"{_fmt(v)}·{_fmt(w) if w >= 0 else '(' + _fmt(w) + ')'}"
                           for v, w in zip(step.values.ravel(), kernel2d.ravel()))
        st.markdown(f"out[{i}, {j}] = {terms} = **{_fmt(step.output)}**")
    elif step is None and window.inside.size <= 25:
        vals = list(x2d[tuple(window.coords[window.inside].T)])
        if what == "avg" and not isinstance(padding, str):  # PyTorch count_include_pad=True
            vals += [0.0] * int(window.padding.sum())
        cells = ", ".join(_fmt(v) for v in vals)
        st.markdown(f"out[{i}, {j}] = {what}({cells}) = **{_fmt(float(out2d[i, j]), '.4g')}**")


def _rf_table(x, stack_h, stack_w):
    """Receptive field per layer along both axes, or None if the stack does not fit the input."""
    H, W = x.shape[:2]
    try:
        return (shapes.receptive_field(stack_h, input_size=H),
                shapes.receptive_field(stack_w, input_size=W))
    except ValueError:
        return None


def receptive_block(x, kind, kernel_size, stride, padding, dilation=1, with_pool=False):
    """Receptive field of a stack of copies of this layer (optionally each followed by a 2×2
    max pooling, as in the notes' 28 → 26 → 13 → 11 → 5), drawn on the input."""
    ph, pw = padding if isinstance(padding, tuple) else (padding, padding)
    left, right = st.columns([3, 2], gap="large")
    n_blocks = left.slider(tr("Stack this layer how many times", "Сколько раз повторить слой"),
                           1, 6, key="layers")
    if with_pool:
        left.checkbox(tr("each followed by 2×2 max pooling, stride 2",
                         "после каждого — max-пулинг 2×2 с шагом 2"), key="rfpool")
    pool = bool(st.session_state["rfpool"]) and with_pool

    def stack(k, p, n):
        layers = []
        for i in range(n):
            layers.append({"kernel_size": k, "stride": stride, "padding": p,
                           "dilation": dilation, "type": kind, "name": f"{kind}{i + 1}"})
            if pool:
                layers.append({"kernel_size": 2, "stride": 2, "type": "pool",
                               "name": f"pool{i + 1}"})
        return layers

    fits = n_blocks
    table = _rf_table(x, stack(kernel_size[0], ph, fits), stack(kernel_size[1], pw, fits))
    while table is None and fits > 1:
        fits -= 1
        table = _rf_table(x, stack(kernel_size[0], ph, fits), stack(kernel_size[1], pw, fits))
    if table is None:  # not even one block fits: let shapes explain why
        shapes.receptive_field(stack(kernel_size[0], ph, 1), input_size=x.shape[0])
        shapes.receptive_field(stack(kernel_size[1], pw, 1), input_size=x.shape[1])
    if fits < n_blocks:
        left.info(tr(f"Only {fits} such block(s) fit on a {x.shape[0]}×{x.shape[1]} input: the "
                     "next one would have nothing left to slide over.",
                     f"На вход {x.shape[0]}×{x.shape[1]} помещается только {fits} таких блока: "
                     "следующему не по чему двигаться."))
    rf_h, rf_w = table

    def both(a, b):
        return str(a) if a == b else f"{a}×{b}"

    regions, labels = [], []
    lines = [f"| {tr('layer', 'слой')} | r | j | {tr('start', 'начало')} | {tr('output', 'выход')} |",
             "|---|---|---|---|---|"]
    for lh, lw in zip(rf_h, rf_w):
        lo = []
        for info in (lh, lw):
            cell = (info["output_size"] - 1) // 2  # the centre cell of this layer's output
            centre = info["start"] + cell * info["jump"]
            lo.append(int(round(centre - (info["size"] - 1) / 2)))
        regions.append((lo[0], lo[1], lh["size"], lw["size"]))
        labels.append(f"{lh['name']}: {lh['size']}×{lw['size']}")
        lines.append(f"| {lh['name']} | {both(lh['size'], lw['size'])} | "
                     f"{both(lh['jump'], lw['jump'])} | {both(_fmt(lh['start']), _fmt(lw['start']))} | "
                     f"{lh['output_size']}×{lw['output_size']} |")
    left.markdown("\n".join(lines))
    left.caption(tr(
        "r_l = r_(l−1) + D·(F−1)·j_(l−1), j_l = j_(l−1)·S: the field grows with depth, stride and "
        "dilation. The last layers should see the whole image. The picture shows the field of "
        "the centre output cell after each layer (dashed: it reaches into the padding).",
        "r_l = r_(l−1) + D·(F−1)·j_(l−1), j_l = j_(l−1)·S: поле растёт с глубиной, шагом и "
        "дилатацией. Последние слои должны видеть всё изображение. На картинке — поле "
        "центральной клетки выхода после каждого слоя (пунктир: заходит в паддинг).",
    ))
    _show(right, vz.receptive_field_figure(
        x[..., 0] if x.shape[-1] == 1 else x, regions, labels=labels, size=3.0,
        title=tr("receptive field of the centre cell", "рецептивное поле центральной клетки")),
        width="stretch")


def conv_tab(x):
    H, W, C = x.shape
    st.markdown(f"##### {tr('Kernel', 'Ядро')}")
    k1, k2, k3 = st.columns([1, 2, 1])
    k1.radio(tr("Kernel from", "Ядро"), KERNEL_SOURCES, key="ksrc",
             format_func=lambda v: {"filter": tr("named filter", "фильтр"),
                                    "typed": tr("typed numbers", "ввести числа"),
                                    "random": tr("random", "случайное")}[v])
    if st.session_state["ksrc"] == "filter":
        k2.selectbox(tr("Filter", "Фильтр"), list(tf_filters.FILTERS), key="filter", format_func=filter_label)
        k2.caption(tf_filters.describe_filter(st.session_state["filter"], lang=tr("en", "ru")))
    elif st.session_state["ksrc"] == "typed":
        k2.text_area(tr("Kernel rows", "Строки ядра"), key="kgrid", height=100)
    else:
        c_a, c_b = k2.columns(2)
        _settings_int(c_a, "Kernel size", "Размер ядра", "k", 1, 7)
        _settings_int(c_b, "Seed", "Зерно", "kseed", 0, 10_000)

    st.markdown(f"##### {tr('Settings', 'Настройки')}")
    s1, s2, s3, s4, s5, s6 = st.columns(6)
    s = _settings_int(s1, "Stride S", "Шаг S", "s", 1, 6)
    s2.selectbox(tr("Padding P", "Паддинг P"), PADDING_CHOICES, key="p", accept_new_options=True,
                 help=tr("'valid' (none), 'same' (TensorFlow: output = ceil(I/S)), an integer on "
                         "each side (PyTorch), or 'rows,cols'. Type your own value.",
                         "'valid' (без паддинга), 'same' (TensorFlow: выход = ceil(I/S)), целое "
                         "число с каждой стороны (PyTorch) или 'строки,столбцы'. Можно ввести своё."))
    s3.selectbox(tr("Padding mode", "Режим паддинга"), PADDING_MODES, key="pmode",
                 help=tr("What the padding cells hold: zeros, a constant, the edge repeated, a "
                         "mirror without / with the edge (reflect / symmetric), or the other side.",
                         "Что лежит в клетках паддинга: нули, константа, повтор края, зеркало без "
                         "края / с краем (reflect / symmetric) или другая сторона (circular)."))
    if st.session_state["pmode"] == "constant":
        s3.number_input(tr("Constant value", "Значение"), key="pval", step=1.0)
    d = _settings_int(s4, "Dilation D", "Дилатация D", "d", 1, 5,
                      "D − 1 cells are skipped between kernel taps.",
                      "Между отсчётами ядра пропускается D − 1 клеток.")
    g = _settings_int(s5, "Groups", "Группы", "g", 1, 3,
                      "Each filter sees C_in / groups channels (groups = C_in: depthwise).",
                      "Каждый фильтр видит C_in / groups каналов (groups = C_in: depthwise).")
    n = _settings_int(s6, "Filters", "Фильтры", "n", 1, 6,
                      "Number of filters = output channels.", "Число фильтров = каналов выхода.")

    padding = parse_padding(st.session_state["p"])
    kernel, names = make_kernel(max(C // g, 1), n)
    kh, kw = kernel.shape[:2]
    _show(k3, vz.number_grid_figure(kernel[:, :, 0, 0], size=1.5,
                                    titles=(tr("kernel", "ядро"), tr("picture", "картинка"))),
              width="stretch")
    if n > 1:
        k3.caption(tr("Filters: ", "Фильтры: ") + ", ".join(map(filter_label, names)))

    st.markdown(f"##### {tr('Shapes', 'Размеры')}")
    y = _conv2d(x, kernel, s, padding, d, st.session_state["pmode"], float(st.session_state["pval"]), g)
    n_params = shapes.conv_params((kh, kw), C, n, groups=g)
    shapes_block(H, W, C, kh, kw, s, padding, d, n, params=(
        tr("Parameters k·k·(C_in/g)·C_out + C_out", "Параметры k·k·(C_in/g)·C_out + C_out"),
        f"{kh}·{kw}·({C}/{g})·{n} + {n} = {n_params}"))

    mode, val = st.session_state["pmode"], float(st.session_state["pval"])
    with st.expander(tr("The same in code (numpy reference and Keras layer)",
                        "То же в коде (эталон на numpy и слой Keras)")):
        extra = f", padding_value={_fmt(val)}" if mode == "constant" else ""
        st.code(
            "from tfdl import functional as F, layers, shapes\n\n"
            f"# x: {H}×{W}×{C} array, kernel: {kh}×{kw}×{max(C // g, 1)}×{n} array\n"
            f"y = F.conv2d(x, kernel, stride={s}, padding={padding!r}, dilation={d}, "
            f"padding_mode={mode!r}, groups={g}{extra})\n"
            f"print(y.shape)  # {y.shape}\n"
            f"print(shapes.conv_output_shape(({H}, {W}), ({kh}, {kw}), stride={s}, "
            f"padding={padding!r}, dilation={d}))  # {y.shape[:2]}\n\n"
            f"conv = layers.PaddedConv2D({n}, ({kh}, {kw}), strides={s}, padding={padding!r}, "
            f"padding_mode={mode!r}, dilation_rate={d}, groups={g}{extra})",
            language="python",
        )

    left, right = st.columns([3, 2], gap="large")
    with right:
        st.markdown(f"##### {tr('Output', 'Выход')}")
        if n > 1:
            st.session_state["och"] = min(int(st.session_state["och"]), n - 1)
            st.radio(tr("Filter shown", "Показать фильтр"), list(range(n)), key="och",
                     horizontal=True, format_func=lambda j: f"{j}: {filter_label(names[j])}")
        och = int(st.session_state["och"]) if n > 1 else 0
        _show(st, vz.conv_output_figure(y, channel=och, size=2.4,
                                        titles=(tr("numbers", "числа"), tr("picture", "картинка"))),
                  width="stretch")
        output_table(y[..., och])
    with left:
        st.markdown(f"##### {tr('The kernel walks over the input', 'Ядро проходит по входу')}")
        cpg = max(C // g, 1)
        cin = (och // max(n // g, 1)) * cpg
        if cpg > 1:
            st.caption(tr(f"Showing input channel {cin}; the output cell sums the {cpg} channels "
                          "of its group.",
                          f"Показан входной канал {cin}; клетка выхода — сумма по {cpg} каналам "
                          "группы."))
        walk_block(x[..., cin], y[..., och], "step", kernel_size=(kh, kw), stride=s,
                   padding=padding, dilation=d, padding_mode=st.session_state["pmode"],
                   value=float(st.session_state["pval"]), kernel2d=kernel[:, :, 0, och])

    st.markdown(f"##### {tr('Receptive field', 'Рецептивное поле')}")
    receptive_block(x, "conv", (kh, kw), s, padding, d, with_pool=True)


def pool_tab(x):
    H, W, C = x.shape
    p1, p2, p3, p4, p5 = st.columns(5)
    p1.selectbox(tr("Pooling", "Пулинг"), POOLS, key="pool",
                 format_func=lambda v: {"max": "max", "avg": tr("average", "среднее"), "l2": "L2",
                                        "stochastic": tr("stochastic", "стохастический")}[v])
    f = _settings_int(p2, "Pool size F", "Размер окна F", "psize", 1, 6)
    s = _settings_int(p3, "Stride S", "Шаг S", "ps", 1, 6)
    p4.selectbox(tr("Padding P", "Паддинг P"), ["valid", "same", "0", "1", "2", "3"], key="pp",
                 accept_new_options=True,
                 help=tr("PyTorch allows at most half the window; padding never wins a max.",
                         "PyTorch допускает не больше половины окна; паддинг не выигрывает max."))
    p5.checkbox("ceil_mode", key="ceil",
                help=tr("PyTorch: round the output size up (the last window may hang over the "
                        "edge, but must start inside the input or its left padding).",
                        "PyTorch: округлять размер выхода вверх (последнее окно может выходить "
                        "за край, но должно начинаться внутри входа или левого паддинга)."))
    padding = parse_padding(st.session_state["pp"])
    ceil_mode = bool(st.session_state["ceil"])
    kind = st.session_state["pool"]
    if kind == "stochastic":
        p1.number_input(tr("Sampling seed", "Зерно выборки"), 0, 10_000, key="pseed",
                        help=tr("Training-time stochastic pooling picks a cell with probability "
                                "a / Σa; the same seed gives the same picks.",
                                "Стохастический пулинг при обучении выбирает клетку с "
                                "вероятностью a / Σa; то же зерно — тот же выбор."))
    st.markdown(f"##### {tr('Shapes', 'Размеры')}")
    y = _pool2d(x, kind, f, s, padding, ceil_mode, seed=int(st.session_state["pseed"]))
    shapes_block(H, W, C, f, f, s, padding, 1, C, ceil_mode=ceil_mode, pool=True, params=(
        tr("Parameters (pooling keeps the channels)", "Параметры (пулинг сохраняет каналы)"), "0"))
    with st.expander(tr("The same in code", "То же в коде")):
        fn = {"max": "max_pool2d", "avg": "avg_pool2d", "l2": "l2_pool2d",
              "stochastic": "stochastic_pool2d"}[kind]
        seed = f", seed={int(st.session_state['pseed'])}" if kind == "stochastic" else ""
        st.code(
            "from tfdl import functional as F, shapes\n\n"
            f"# x: {H}×{W}×{C} array\n"
            f"y = F.{fn}(x, {f}, stride={s}, padding={padding!r}, ceil_mode={ceil_mode}{seed})\n"
            f"print(y.shape)  # {y.shape}\n"
            f"print(shapes.pool_output_shape(({H}, {W}), {f}, stride={s}, padding={padding!r}, "
            f"ceil_mode={ceil_mode}))  # {y.shape[:2]}",
            language="python",
        )
    left, right = st.columns([3, 2], gap="large")
    with right:
        st.markdown(f"##### {tr('Output', 'Выход')}")
        _show(st, vz.conv_output_figure(y, size=2.4,
                                        titles=(tr("numbers", "числа"), tr("picture", "картинка"))),
                  width="stretch")
        output_table(y[..., 0])
    with left:
        st.markdown(f"##### {tr('The window walks over the input', 'Окно проходит по входу')}")
        walk_block(x[..., 0], y[..., 0], "pstep", kernel_size=(f, f), stride=s, padding=padding,
                   what=kind, ceil_mode=ceil_mode)
    st.markdown(f"##### {tr('Receptive field', 'Рецептивное поле')}")
    receptive_block(x, "pool", (f, f), s, padding)


try:
    with tab_conv:
        if op == "conv":
            conv_tab(x)
    with tab_pool:
        if op == "pool":
            pool_tab(x)
except ValueError as exc:
    show_error(exc)

sync_url()
