"""Architectures: every network of the course, layer by layer — shapes, parameters, FLOPs, graph.

Pick a model and an input shape; the page builds it with ``tfdl.models.create_model`` and shows
``tfdl.viz.models`` summaries (cached per (model, shape, language) as plain data, so big nets
build once). Sequence and text models take their own inputs (:mod:`.architectures.sequence_inputs`).
"""

from __future__ import annotations

import streamlit as st

from playground.app_pages.architectures import exercises
from playground.app_pages.architectures import sequence_inputs as seq
from playground.app_pages.architectures.audit import audit_section
from playground.app_pages.architectures.counts import short_count as _fmt
from playground.app_pages.architectures.receptive_field import RF_KEYS, receptive_field_section
from playground.code_export import architecture_expander
from playground.common import friendly_errors
from playground.i18n import N_, _, current_language, fmt_number, fmt_significant, ngettext, pgettext
from playground.limits import MAX_ACTIVATION_BYTES, MAX_CHANNELS, MAX_MODEL_PARAMS, MAX_SIDE
from playground.page_table import page_title
from playground.state import number_input, param, set_value, sync_params

DETAILS = {"block": N_("blocks collapsed"), "stage": N_("stages collapsed"), "layers": N_("every layer")}


@st.cache_resource(show_spinner=False)
def _catalogue() -> dict:
    """Registry metadata of the image and sequence models, as plain data: name -> dict."""
    from tfdl.models import list_models, model_info

    out = {}
    for name in list_models():
        info = model_info(name)
        shape = info.input_shape
        image = info.input_kind == "image" and len(shape) == 3 and all(isinstance(d, int) for d in shape)
        if image or info.input_kind in seq.SEQUENCE_KINDS:
            out[name] = {"family": info.family, "paper": info.paper, "year": info.year,
                         "input_shape": tuple(shape), "params": info.params, "task": info.task,
                         "idea": info.idea, "input_kind": info.input_kind if not image else "image",
                         "vocab": seq.vocab_default(info.builder)}
    return out


@st.cache_data(show_spinner=False, max_entries=24)
def summarize(name: str, shape: tuple, language: str = "en", options: tuple = ()) -> dict:
    """Build the model once and return its summary and graphs as plain data (not the model);
    the graphs' words in the interface ``language`` (the cache keeps one entry per language);
    ``options``: extra builder keywords as ``(key, value)`` pairs (GoogLeNet's aux heads)."""
    from tfdl.models import create_model
    from tfdl.viz.models import model_summary, model_to_dot

    texts = {"params": _("params"), "layers": lambda n: ngettext("layer", "layers", n)}
    model = create_model(name, input_shape=tuple(shape), **dict(options))
    summary = model_summary(model)
    summary["dot"] = {c: model_to_dot(model, collapse=c, texts=texts) for c in ("stage", "block")}
    summary["dot"]["layers"] = model_to_dot(model, collapse=None, max_nodes=250, texts=texts)
    return summary


def _reset_shape(prefix: str, key: str) -> None:
    """A new model starts from its own default input shape."""
    if (meta := CATALOGUE[st.session_state[key]])["input_kind"] != "image":
        return seq.reset(meta)
    for axis, value in zip("hwc", meta["input_shape"]):
        set_value(f"{prefix}_{axis}", int(value))


def _totals(s: dict, container, compact: bool = False, image: bool = True) -> None:
    """Four metrics in a row; ``compact`` (half-width, side by side): a 2×2 grid, counts as 62.38 M."""
    if compact:
        (c1, c2), (c3, c4) = container.columns(2), container.columns(2)
    else:
        c1, c2, c3, c4 = container.columns(4)
    count = _fmt if compact else (lambda n: fmt_number(n, ","))
    c1.metric(_("Parameters"), count(s["params"]))
    c2.metric(_("Trainable"), count(s["trainable"]))
    label, tip = (_("FLOPs / image"), _("2 × multiply-adds of convolutions and dense layers.")) if image else (
        _("FLOPs / sequence"), _("2 × multiply-adds of convolutions, dense and recurrent layers (every step)."))
    c3.metric(label, _fmt(s["flops"]), help=tip)
    c4.metric(_("Activation memory"), fmt_significant(s["activation_bytes"] / 2**20) + " " + _("MiB"),
              help=_("Outputs of every layer for one image, float32 (forward pass).") if image
              else _("Outputs of every layer for one sequence, float32 (forward pass)."))


@st.cache_data(show_spinner=False, max_entries=256)
def _footprint(name: str, shape: tuple, options: tuple = ()):
    from tfdl.models import model_footprint

    return model_footprint(name, shape, **dict(options))


def _build(name: str, shape: tuple, options: tuple = ()) -> dict | None:
    """The model's summary, or ``None`` after an error box: the builder's reason (translated), or a
    model over the server's caps (``playground.limits``), refused before anything is allocated."""
    with st.spinner(_("Building the model…")), friendly_errors():
        f = _footprint(name, shape, options)
        if f.params > MAX_MODEL_PARAMS or f.activation_bytes > MAX_ACTIVATION_BYTES:
            raise ValueError(_("{name} at {shape} would have {params} parameters and {memory} MiB of activations "
                               "per image; this server builds models up to {max_params} parameters and {max_memory} "
                               "MiB. Choose a smaller input.").format(
                name=name, shape="×".join(map(str, shape)).replace(",)", ")"), params=_fmt(f.params),
                memory=fmt_number(f.activation_bytes / 2**20, ",.0f"), max_params=_fmt(MAX_MODEL_PARAMS),
                max_memory=fmt_number(MAX_ACTIVATION_BYTES / 2**20, ",.0f")))
        return summarize(name, shape, current_language(), options)
    return None


CATALOGUE = _catalogue()
NAMES = sorted(CATALOGUE)

st.title(page_title("architectures"))
st.caption(_("Every network of the course, built by tfdl.models: shapes, parameters, FLOPs and "
             "the graph. Change the input size and see what follows."))

name = param("arch_model", "lenet5", options=NAMES)
meta = CATALOGUE[name]
image = meta["input_kind"] == "image"
if image:
    for axis, value in zip("hwc", meta["input_shape"]):
        param(f"arch_{axis}", int(value), min=1, max=MAX_CHANNELS if axis == "c" else MAX_SIDE)
param("arch_detail", "block", options=list(DETAILS))

left, right = st.columns([2, 3])
left.selectbox(_("Model"), NAMES, key="arch_model", on_change=_reset_shape, args=("arch", "arch_model"),
               format_func=lambda n: f"{n}  ·  {CATALOGUE[n]['family']} ({CATALOGUE[n]['year']})")
if image:
    input_keys = ["arch_h", "arch_w", "arch_c"]
    for column, key, label in zip(right.columns(3), input_keys, (_("Height"), _("Width"), _("Channels"))):
        with column:
            number_input(label, key, step=1)
    shape, overrides = tuple(int(st.session_state[key]) for key in input_keys), ()
else:
    values = seq.settings(meta, right)
    input_keys = list(values)
    shape, overrides = seq.build_args(meta, values)
# labels translated now, not in format_func (AppTest calls it outside the script run, in English)
detail_labels = {value: _(label) for value, label in DETAILS.items()}
st.radio(_("Graph detail"), list(DETAILS), key="arch_detail", horizontal=True, format_func=detail_labels.get)
st.markdown(f"**{name}** — {pgettext('model idea', meta['idea'])}  \n*{meta['paper']}*")
param("arch_aux", False)
aux = name.startswith("googlenet") and st.checkbox(
    _("Auxiliary classifiers (on 4a and 4d, loss weight 0.3; needs at least 80×80)"), key="arch_aux")
summary = _build(name, shape, options := overrides + ((("aux_logits", True),) if aux else ()))
if summary is not None:
    _totals(summary, st, image=image)
    architecture_expander(name, shape, options)
    if not image:
        st.markdown(seq.describe(meta, values, summary["output_shape"]))
    else:
        st.caption(_("Input {input} → output {output}").format(input=summary["input_shape"],
                                                               output=summary["output_shape"]))
    import pandas as pd
    table = pd.DataFrame(summary["layers"])[["name", "type", "output_shape", "params", "share_%"]]
    table.columns = [_("name"), _("type"), _("output shape"), _("parameters"), _("share of total, %")]
    if aux:
        heads = table[table[_("name")].str.startswith("aux")]
        st.caption(_("The auxiliary heads ({n} layers, {params} parameters) only help training; the paper "
                     "drops them at inference.").format(n=len(heads),
                                                        params=fmt_number(int(heads[_("parameters")].sum()), ",")))
    tab_table, tab_graph = st.tabs([_("Layers"), _("Graph")])
    with tab_table:
        st.dataframe(table, hide_index=True, width="stretch",
                     column_config={table.columns[4]: st.column_config.NumberColumn(format="%.2f")})
    with tab_graph:
        # natural size: stretch made a 20-layer chain metres tall
        st.graphviz_chart(summary["dot"][st.session_state["arch_detail"]], width="content")
    audit_section(name, shape, options, meta["input_shape"])
    receptive_field_section(name, shape, options)

exercises.section()
st.divider()
param("arch_compare", False)
st.checkbox(_("Compare with another model"), key="arch_compare")
if st.session_state["arch_compare"]:
    param("arch_other", "squeezenet1_0", options=NAMES)
    st.selectbox(_("Second model (at its default input)"), NAMES, key="arch_other")
    other_meta = CATALOGUE[other := st.session_state["arch_other"]]
    other_shape = other_meta["input_shape"]
    second = _build(other, other_shape, seq.default_options(other_meta))
    if summary is not None and second is not None:
        col_a, col_b = st.columns(2)
        col_a.subheader(f"{name} {shape}")
        _totals(summary, col_a, compact=True, image=image)
        col_b.subheader(f"{other} {other_shape}")
        _totals(second, col_b, compact=True, image=other_meta["input_kind"] == "image")
        big, small = (summary, second) if summary["params"] >= second["params"] else (second, summary)
        flops = big["flops"] / max(1, small["flops"])
        sentence = (_("{big} has {params}× the parameters of {small} and {flops}× the FLOPs.") if flops >= 1
                    else _("{big} has {params}× the parameters of {small} but {flops}× fewer FLOPs."))
        st.info(sentence.format(big=big["name"], small=small["name"],
                                params=fmt_number(big["params"] / max(1, small["params"]), ".1f"),
                                flops=fmt_number(flops if flops >= 1 else 1 / max(flops, 1e-12), ".1f")))

sync_params(["arch_model", *input_keys, "arch_detail", "arch_compare", "arch_other", "arch_aux", *exercises.KEYS,
             *RF_KEYS])
