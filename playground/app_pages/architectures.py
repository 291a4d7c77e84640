"""Architectures: every network of the course, layer by layer — shapes, parameters, FLOPs, graph.

Pick a model and an input shape; the page builds it with ``tfdl.models.create_model`` and shows
``tfdl.viz.models`` summaries (cached per (model, shape) as plain data, so big nets build once).
"""

from __future__ import annotations

import streamlit as st

from playground.common import guarded, lang, param, sync_params, tr
from playground.page_table import page_title


@st.cache_resource(show_spinner=False)
def _catalogue() -> dict:
    """Registry metadata of the image models, as plain data: name -> dict."""
    from tfdl.models import list_models, model_info

    out = {}
    for name in list_models():
        info = model_info(name)
        shape = info.input_shape
        if len(shape) == 3 and all(isinstance(d, int) for d in shape):
            out[name] = {"family": info.family, "paper": info.paper, "year": info.year,
                         "input_shape": tuple(shape), "params": info.params, "task": info.task,
                         "idea_en": info.idea_en, "idea_ru": info.idea_ru}
    return out


@st.cache_data(show_spinner=False, max_entries=24)
def summarize(name: str, shape: tuple, language: str = "en") -> dict:
    """Build the model once and return its summary and graphs as plain data (not the model);
    the graphs' words in the interface ``language``."""
    from tfdl.models import create_model
    from tfdl.viz.models import model_summary, model_to_dot

    texts = {"params": "параметров", "layers": "слоёв"} if language == "ru" else None
    model = create_model(name, input_shape=tuple(shape))
    summary = model_summary(model)
    summary["dot"] = {c: model_to_dot(model, collapse=c, texts=texts) for c in ("stage", "block")}
    summary["dot"]["layers"] = model_to_dot(model, collapse=None, max_nodes=250, texts=texts)
    return summary


def _fmt(n: float) -> str:
    for unit, k in ((tr("G", "млрд"), 1e9), (tr("M", "млн"), 1e6), (tr("k", "тыс."), 1e3)):
        if abs(n) >= k:
            return f"{n / k:.2f} {unit}"
    return f"{n:.0f}"


def _reset_shape(prefix: str, key: str) -> None:
    shape = CATALOGUE[st.session_state[key]]["input_shape"]
    for axis, value in zip("hwc", shape):
        st.session_state[f"{prefix}_{axis}"] = int(value)


def _totals(s: dict, container, compact: bool = False) -> None:
    """Four metrics in a row; ``compact`` (half-width, side by side): a 2×2 grid, counts as 62.38 M."""
    from tfdl.viz.formatting import format_significant

    if compact:
        (c1, c2), (c3, c4) = container.columns(2), container.columns(2)
    else:
        c1, c2, c3, c4 = container.columns(4)
    count = _fmt if compact else "{:,}".format
    c1.metric(tr("Parameters", "Параметры"), count(s["params"]))
    c2.metric(tr("Trainable", "Обучаемые"), count(s["trainable"]))
    c3.metric(tr("FLOPs / image", "FLOPs на изображение"), _fmt(s["flops"]),
              help=tr("2 × multiply-adds of convolutions and dense layers.",
                      "2 × умножения-сложения свёрток и полносвязных слоёв."))
    c4.metric(tr("Activation memory", "Память активаций"),
              format_significant(s["activation_bytes"] / 2**20) + " " + tr("MiB", "МиБ"),
              help=tr("Outputs of every layer for one image, float32 (forward pass).",
                      "Выходы всех слоёв для одного изображения, float32 (прямой проход)."))


CATALOGUE = _catalogue()
NAMES = sorted(CATALOGUE)

st.title(page_title("architectures"))
st.caption(tr("Every network of the course, built by tfdl.models: shapes, parameters, FLOPs and "
              "the graph. Change the input size and see what follows.",
              "Все сети курса, построенные tfdl.models: размеры, параметры, FLOPs и граф. "
              "Измените размер входа и посмотрите, что изменится."))

name = param("arch_model", "lenet5", NAMES)
default_shape = CATALOGUE[name]["input_shape"]
for axis, value in zip("hwc", default_shape):
    param(f"arch_{axis}", int(value))

left, right = st.columns([2, 3])
left.selectbox(tr("Model", "Модель"), NAMES, key="arch_model",
               on_change=_reset_shape, args=("arch", "arch_model"),
               format_func=lambda n: f"{n}  ·  {CATALOGUE[n]['family']} ({CATALOGUE[n]['year']})")
h_col, w_col, c_col = right.columns(3)
h_col.number_input(tr("Height", "Высота"), 1, 1024, key="arch_h")
w_col.number_input(tr("Width", "Ширина"), 1, 1024, key="arch_w")
c_col.number_input(tr("Channels", "Каналы"), 1, 16, key="arch_c")
param("arch_detail", "block", ["block", "stage", "layers"])
st.radio(tr("Graph detail", "Детализация графа"), ["block", "stage", "layers"], key="arch_detail",
         horizontal=True,
         format_func=lambda v: {"block": tr("blocks collapsed", "блоки свёрнуты"),
                                "stage": tr("stages collapsed", "стадии свёрнуты"),
                                "layers": tr("every layer", "все слои")}[v])

name = st.session_state["arch_model"]
meta = CATALOGUE[name]
shape = (int(st.session_state["arch_h"]), int(st.session_state["arch_w"]),
         int(st.session_state["arch_c"]))
st.markdown(f"**{name}** — {tr(meta['idea_en'], meta['idea_ru'])}  \n"
            f"*{meta['paper']}*")

with st.spinner(tr("Building the model…", "Строим модель…")):
    summary = guarded(summarize, name, shape, lang())

if summary is not None:
    _totals(summary, st)
    st.caption(tr("Input", "Вход") + f" {summary['input_shape']} → " + tr("output", "выход") +
               f" {summary['output_shape']}")
    import pandas as pd

    table = pd.DataFrame(summary["layers"])[["name", "type", "output_shape", "params", "share_%"]]
    table.columns = [tr("name", "имя"), tr("type", "тип"), tr("output shape", "размер выхода"),
                     tr("parameters", "параметры"), tr("share of total, %", "доля, %")]
    tab_table, tab_graph = st.tabs([tr("Layers", "Слои"), tr("Graph", "Граф")])
    with tab_table:
        st.dataframe(table, hide_index=True, width="stretch",
                     column_config={table.columns[4]: st.column_config.NumberColumn(format="%.2f")})
    with tab_graph:
        # natural size: stretch made a 20-layer chain metres tall
        st.graphviz_chart(summary["dot"][st.session_state["arch_detail"]], width="content")

st.divider()
param("arch_compare", False)
st.checkbox(tr("Compare with another model", "Сравнить с другой моделью"), key="arch_compare")
if st.session_state["arch_compare"]:
    param("arch_other", "squeezenet1_0", NAMES)
    st.selectbox(tr("Second model (at its default input)", "Вторая модель (со своим входом)"),
                 NAMES, key="arch_other")
    other = st.session_state["arch_other"]
    other_shape = CATALOGUE[other]["input_shape"]
    with st.spinner(tr("Building the model…", "Строим модель…")):
        second = guarded(summarize, other, other_shape, lang())
    if summary is not None and second is not None:
        col_a, col_b = st.columns(2)
        col_a.subheader(f"{name} {shape}")
        _totals(summary, col_a, compact=True)
        col_b.subheader(f"{other} {other_shape}")
        _totals(second, col_b, compact=True)
        big, small = (summary, second) if summary["params"] >= second["params"] else (second, summary)
        ratio = big["params"] / max(1, small["params"])
        st.info(tr(f"{big['name']} has {ratio:.1f}× the parameters of {small['name']} "
                   f"and {big['flops'] / max(1, small['flops']):.1f}× the FLOPs.",
                   f"У {big['name']} в {ratio:.1f} раза больше параметров, чем у {small['name']}, "
                   f"и в {big['flops'] / max(1, small['flops']):.1f} раза больше FLOPs."))

sync_params(["arch_model", "arch_h", "arch_w", "arch_c", "arch_detail", "arch_compare",
             "arch_other"])
