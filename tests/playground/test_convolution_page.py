"""Convolution lab page: renders, reacts to stride/padding/dilation, explains bad settings,
speaks Russian, opens shared links, and never imports TensorFlow.

Expected numbers are the worked examples of CURRICULUM §1 (tfdl.data.worked_examples) and the
size formulas of the notes.
"""

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.playground.pages import ROOT, open_page, page_path
from tfdl.data import worked_examples as WE

OPEN_EXPANDERS = {"out_table": True, "conv_code": True, "pool_code": True}


def _app(**query) -> AppTest:
    # the output table and the code are built only while their expanders are open
    return open_page("convolution", query=query, state=OPEN_EXPANDERS, timeout=60)


def _metric(at, start: str) -> str:
    for m in at.metric:
        if m.label.startswith(start):
            return m.value
    raise AssertionError(f"no metric {start!r} in {[m.label for m in at.metric]}")


def _link(at) -> dict:
    """What the address bar holds (the page writes it with replaceState; AppTest runs no JavaScript)."""
    return at.session_state["_link_query"]


def _table(at) -> np.ndarray:
    return at.dataframe[0].value.to_numpy()


def test_page_renders_without_tensorflow():
    """Default page in a fresh interpreter: renders, shows shapes, TensorFlow never imported; nor
    scikit-learn (the digits are embedded), matplotlib (SVG pictures) or pandas (the output table
    and the code wait for their expanders): the lab's first paint stays quick on a cold server."""
    script = textwrap.dedent(f"""
        import json, sys
        sys.path.insert(0, {str(ROOT)!r})
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file({page_path("convolution")!r}, default_timeout=60).run()
        print(json.dumps({{
            "exception": [str(e.value) for e in at.exception],
            "errors": [e.value for e in at.error],
            "metrics": {{m.label: m.value for m in at.metric}},
            "tensorflow": "tensorflow" in sys.modules,
            "keras": "keras" in sys.modules,
            "heavy": sorted(m for m in ("sklearn", "matplotlib", "pandas") if m in sys.modules),
            "tables": len(at.dataframe) + len(at.code),
            "pictures": len(at.get("image")),
        }}))
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["exception"] == [] and out["errors"] == []
    assert not out["tensorflow"] and not out["keras"]
    assert out["heavy"] == [] and out["tables"] == 0
    assert out["pictures"] == 5  # input, kernel, output, walk, receptive field
    # default: 8×8 digit, 3×3 Sobel, valid -> 6×6, 10 parameters
    assert out["metrics"]["Output N×H×W×C (TensorFlow)"] == "1×6×6×1"
    assert out["metrics"]["Output N×C×H×W (PyTorch)"] == "1×1×6×6"
    assert out["metrics"]["Parameters k·k·(C_in/g)·C_out + C_out"].endswith("= 10")


def test_notes_preset_link_then_stride_padding_dilation_change_the_shape():
    at = _app(preset="notes_stride2")
    assert not at.exception and not at.error
    assert _metric(at, "Output N×H×W×C") == "1×2×2×1"
    np.testing.assert_array_equal(_table(at), WE.CONVOLUTIONS["stride2"].result)
    assert any("floor((5 + 2·0 - 1·(3-1) - 1) / 2) + 1 = 2" in md.value for md in at.markdown)

    at.number_input(key="s").set_value(1).run()
    assert _metric(at, "Output N×H×W×C") == "1×3×3×1"
    assert _link(at)["s"] == "1"

    at.selectbox(key="p").set_value("1").run()
    assert _metric(at, "Output N×C×H×W") == "1×1×5×5"
    assert any("floor((5 + 2·1 - 1·(3-1) - 1) / 1) + 1 = 5" in md.value for md in at.markdown)

    at.number_input(key="d").set_value(2).run()
    assert _metric(at, "Output N×H×W×C") == "1×3×3×1"
    assert not at.exception and not at.error

    at.selectbox(key="p").set_value("same")
    at.number_input(key="s").set_value(2).run()
    assert _metric(at, "Output N×H×W×C") == "1×3×3×1"  # ceil(5 / 2)
    assert any("padding='same' needs stride 1 in PyTorch" in md.value for md in at.markdown)
    assert any("ceil(5 / 2) = 3" in md.value for md in at.markdown)
    # D = 2: total = max((3 - 1)·2 + 2·(3 - 1) + 1 - 5, 0) = 4, split 2 / 2
    assert any("top 2, bottom 2, left 2, right 2" in c.value for c in at.caption)

    # the URL holds the preset plus what was changed; opening it reproduces the same setup
    link = dict(_link(at))
    assert link == {"preset": "notes_stride2", "p": "same", "d": "2"}
    again = _app(**link)
    assert _metric(again, "Output N×H×W×C") == _metric(at, "Output N×H×W×C")
    np.testing.assert_array_equal(_table(again), _table(at))


def test_same_padding_matches_the_notes_and_the_walk_adds_up():
    at = _app(preset="notes_same")
    same = WE.CONVOLUTIONS["same"]
    np.testing.assert_array_equal(_table(at), same.result)
    # the "same in code" snippet defines x and kernel itself, runs and gives the same numbers (Keras part
    # left out: no TF here; tests/test_codegen_runs.py runs it whole)
    code = at.code[0].value.split("\nconv = layers.PaddedConv2D")[0].replace(", layers", "")
    scope = {}
    exec(code, scope)
    np.testing.assert_array_equal(scope["y"][..., 0], same.result)
    at.slider(key="step").set_value(5).run()  # cell (1, 2): the notes' slide prints 4, 2 is right
    walk = [md.value for md in at.markdown if md.value.startswith("out[1, 2]")]
    assert walk and walk[0].endswith("**2**")
    assert _link(at)["step"] == "5"


@pytest.mark.parametrize(
    "mode, expected", [(mode, result) for mode, (_, result) in WE.PADDING_MODE_EXAMPLES.items()],
)
def test_padding_modes_of_the_notes(mode, expected):
    at = _app(preset="notes_padding_modes", pmode=mode)
    assert not at.exception and not at.error
    np.testing.assert_array_equal(_table(at), [expected])


def test_invalid_settings_show_an_error_not_a_traceback():
    # kernel bigger than the input with 'valid' padding
    at = _app(src="grid", grid="1 2\n3 4", ksrc="typed", kgrid="1 0 1\n0 1 0\n1 0 1")
    assert not at.exception
    assert any("kernel is larger than the padded input" in e.value for e in at.error)

    # a malformed typed grid
    at.text_area(key="grid").set_value("1 2 3\n4 x 6").run()
    assert not at.exception
    assert any("row 2" in e.value and "'4 x 6'" in e.value for e in at.error)

    # rows of different lengths
    at.text_area(key="grid").set_value("1 2 3\n4 5").run()
    assert any("same number of values" in e.value for e in at.error)

    # groups that do not divide the channels (3 channels, 2 groups)
    at = _app(src="random", ch=3, g=2, n=2)
    assert not at.exception
    assert any("groups" in e.value for e in at.error)

    # a padding that is neither a name nor integers
    at = _app(p="lots")
    assert not at.exception
    assert any("`padding`" in e.value for e in at.error)


def test_a_hand_edited_link_never_crashes_a_widget():
    at = _app(d=0, s=-3, rseed=-5, dsize=10, ch=2, src="foo", filter="bar", pool="zzz",
              step=999, layers=99, ceil="maybe", pval="abc", kseed=-1, preset="nope")
    assert not at.exception and not at.error
    assert at.number_input(key="d").value == 1 and at.number_input(key="s").value == 1
    assert _metric(at, "Output N×H×W×C") == "1×6×6×1"  # back to the defaults


def test_pooling_tab_from_a_shared_link():
    at = _app(preset="notes_maxpool")
    assert not at.exception and not at.error
    assert _metric(at, "Output N×H×W×C") == "1×2×2×1"
    np.testing.assert_array_equal(_table(at), WE.POOLINGS["max_2x2"].result)
    assert _metric(at, "Parameters") == "0"

    at = _app(preset="notes_avgpool")
    np.testing.assert_allclose(np.round(_table(at), 1), WE.POOLINGS["avg_3x3"].result)
    at.number_input(key="psize").set_value(2)
    at.number_input(key="ps").set_value(2).run()
    assert _metric(at, "Output N×C×H×W") == "1×1×2×2"  # floor((5 - 2)/2) + 1
    at.checkbox(key="ceil").check().run()
    # ceil((5 - 2)/2) + 1 = 3: the last window starts inside the input, hangs over its edge
    assert _metric(at, "Output N×C×H×W") == "1×1×3×3"
    assert any("ceil((5 + 2·0 - 1·(2-1) - 1) / 2) + 1 = 3" in md.value for md in at.markdown)
    assert not at.exception and not at.error


def test_russian():
    at = open_page("convolution", timeout=60, run=False)
    at.session_state["lang"] = "ru"
    at.run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Лаборатория свёртки"
    assert any(m.label.startswith("Выход N×C×H×W") for m in at.metric)


def test_depthwise_groups_match_an_independent_correlation():
    from scipy.signal import correlate2d

    from tfdl.filters import get_filter

    at = _app(src="random", rsize=6, rseed=3, ch=3, g=3, n=3, och=1)
    assert not at.exception and not at.error
    assert _metric(at, "Parameters").endswith("3·3·(3/3)·3 + 3 = 30")
    x = np.random.default_rng(3).integers(0, 10, size=(6, 6, 3)).astype(float)
    # groups = 3: filter 1 (the next named filter of the same shape) sees input channel 1 only
    expected = correlate2d(x[..., 1], get_filter("bottom_sobel"), mode="valid")
    np.testing.assert_allclose(_table(at), expected)


def test_receptive_field_of_the_notes_stack():
    # CURRICULUM §1: 28 →conv3→ 26 →pool2→ 13 →conv3→ 11 →pool2→ 5; fields 3, 4, 8, 10
    at = _app(preset="notes_stack")
    assert not at.exception and not at.error
    (table,) = [md.value for md in at.markdown if md.value.startswith("| layer")]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in table.splitlines()[2:]]
    assert [(r[0], r[1], r[4]) for r in rows] == [
        ("conv1", "3", "26×26"), ("pool1", "4", "13×13"), ("conv2", "8", "11×11"),
        ("pool2", "10", "5×5")]


def test_russian_filter_names_and_receptive_field_table():
    at = open_page("convolution", timeout=60, run=False)
    at.session_state["lang"] = "ru"
    at.query_params["filter"] = "top_sobel"
    at.run()
    assert not at.exception and not at.error
    options = at.selectbox(key="filter").options
    assert "Собель сверху" in options and "Лапласиан" in options and "top_sobel" not in options
    assert any(m.value.startswith("| слой | r | j | начало | выход |") for m in at.markdown)
    at = _app(filter="top_sobel")  # English keeps tfdl's filter names
    assert "top_sobel" in at.selectbox(key="filter").options
    assert any(m.value.startswith("| layer | r | j | start | output |") for m in at.markdown)
