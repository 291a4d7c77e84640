"""Your own pictures on the pages (AppTest: the canvas' value is set as the browser would send it,
uploads go through AppTest's file uploader): the Inside page classifies and explains a drawn or
photographed 7; the Convolution lab convolves a drawing exactly as numpy's block means say and
takes a clicked kernel into its link; bad files are explained in the user's language."""

import base64
import io
import struct
import zlib

import numpy as np
import pytest
import tomllib
from PIL import Image, ImageDraw

from playground.drawing import CANVAS_SIZE, PEN_WIDTH, kernel_from_report
from playground.limits import MAX_UPLOAD_MB
from tests.playground.pages import ROOT, inside_model_state, open_page

SEVEN = [(65, 40), (160, 40), (100, 194)]  # canvas pixels: the bar, then the stem


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _canvas(points, ink=255, paper=0, size=CANVAS_SIZE, scale=1.0) -> Image.Image:
    img = Image.new("L", (size, size), paper)
    ImageDraw.Draw(img).line(
        [(x * scale, y * scale) for x, y in points], fill=ink, width=round(PEN_WIDTH * scale), joint="curve"
    )
    return img


def _data_url(img: Image.Image) -> str:
    return "data:image/png;base64," + base64.b64encode(_png(img)).decode()


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _bomb() -> bytes:
    """A 10000×10000 PNG header over a few bytes of zeros."""

    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 10_000, 10_000, 1, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def _gif() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (8, 8)).save(buf, format="GIF")
    return buf.getvalue()


INSIDE = {"in_size": 8, "in_epochs": 2}


@pytest.fixture(scope="module")
def inside_state():
    """The model the Inside page trains for INSIDE (seeded: the same weights), trained once for the file."""
    return inside_model_state(8, 2, 0)


def test_inside_classifies_and_explains_a_drawn_seven(inside_state):
    at = open_page("inside", query={**INSIDE, "in_input": "draw"}, state=inside_state, timeout=180)
    _ok(at)
    assert any("Draw a digit" in c.value for c in at.caption)
    assert not any("Your digit" in m.value for m in at.markdown)  # nothing drawn, nothing explained
    at.session_state["in_draw"] = {"image": _data_url(_canvas(SEVEN))}
    at.run()
    _ok(at)
    verdict = [m.value for m in at.markdown if m.value.startswith("Your digit")]
    assert verdict and verdict[0].startswith("Your digit: predicted **7**"), verdict
    assert len(at.get("vega_lite_chart")) == 1  # the ten probabilities
    # every view works on the drawing: the embedding puts it first among the test digits, FGSM uses its prediction
    for view in ("features", "embedding", "adversarial"):
        at.radio(key="in_view").set_value(view).run()
        _ok(at)
    assert any("prediction 7 →" in m.value for m in at.markdown if "FGSM" in m.value)
    assert "in_draw" not in at.session_state["_link_query"]  # a link carries settings, not pictures


def test_inside_reads_a_photo_of_dark_ink_on_paper_and_explains_bad_files_in_russian(monkeypatch, inside_state):
    at = open_page("inside", query={**INSIDE, "in_input": "upload"}, state=inside_state, timeout=180)
    _ok(at)
    photo = _canvas(SEVEN, ink=30, paper=235, size=400, scale=400 / 224).convert("RGB")  # big, dark on light
    buf = io.BytesIO()
    photo.save(buf, format="JPEG", quality=90)
    at.file_uploader(key="in_upload").set_value(("seven.jpg", buf.getvalue(), "image/jpeg")).run()
    _ok(at)
    assert any(m.value.startswith("Your digit: predicted **7**") for m in at.markdown)
    from playground import i18n

    # AppTest formats the widgets' options in the test's thread too, where there is no session: Russian there as well
    monkeypatch.setattr(i18n, "current_language", lambda: "ru")
    at = open_page("inside", query={**INSIDE, "in_input": "upload"}, lang="ru", state=inside_state, timeout=180)
    at.file_uploader(key="in_upload").set_value(("seven.png", _gif(), "image/png")).run()  # a GIF named .png
    assert not at.exception
    assert len(at.error) == 1 and "Принимаются только изображения PNG и JPEG" in at.error[0].value
    assert "GIF" in at.error[0].value
    assert not any(m.value.startswith("Ваша цифра") for m in at.markdown)
    at.file_uploader(key="in_upload").set_value(("huge.png", _bomb(), "image/png")).run()
    assert not at.exception
    assert "10000×10000" in at.error[0].value and "пикселей" in at.error[0].value


OPEN_EXPANDERS = {"out_table": True, "conv_code": True, "pool_code": True}


def _lab(**query):
    # the output table and the code are built only while their expanders are open
    return open_page("convolution", query=query, state=OPEN_EXPANDERS, timeout=60)


def test_the_lab_convolves_a_drawing_as_numpy_block_means_say():
    at = _lab(src="draw", usize=8, ksrc="typed", kgrid="1")  # a 1×1 kernel of 1: the output is the input
    _ok(at)
    assert not at.dataframe  # nothing drawn yet: no output
    canvas = _canvas([(40, 30), (180, 200)])
    at.session_state["conv_draw"] = {"image": _data_url(canvas)}
    at.run()
    _ok(at)
    assert any(e.label.startswith("Input 8×8×1") for e in at.expander)
    expected = np.rint(np.asarray(canvas, float).reshape(8, 28, 8, 28).mean(axis=(1, 3)))  # 224 = 8 × 28
    np.testing.assert_allclose(at.dataframe[0].value.to_numpy(), expected)


def test_a_clicked_kernel_becomes_the_typed_kernel_and_goes_into_the_link():
    at = _lab(src="digit", ksrc="drawn")
    _ok(at)
    at.session_state["conv_kernel"] = {"kernel": {"grid": [[0, 1, 0], [1, -2, 1], [0, 1, 0]], "n": 1}}
    at.run()
    _ok(at)
    assert at.session_state["kgrid"] == "0 1 0\n1 -2 1\n0 1 0"
    assert at.session_state["_link_query"]["kgrid"] == "0 1 0\n1 -2 1\n0 1 0"
    at.radio(key="ksrc").set_value("typed").run()  # the typed numbers are the clicked ones
    assert at.text_area(key="kgrid").value == "0 1 0\n1 -2 1\n0 1 0"


def test_an_uploaded_colour_picture_keeps_its_channels_and_a_bad_one_is_explained():
    rgb = np.zeros((40, 40, 3), np.uint8)
    rgb[..., 0] = 255  # pure red: channel 0 is 255 everywhere, the others 0
    at = _lab(src="upload", usize=8, ch=3, ksrc="typed", kgrid="1")
    at.file_uploader(key="conv_upload").set_value(("red.png", _png(Image.fromarray(rgb)), "image/png")).run()
    _ok(at)
    assert any(e.label.startswith("Input 8×8×3") for e in at.expander)
    at.file_uploader(key="conv_upload").set_value(("cut.png", _png(Image.fromarray(rgb))[:-30], "image/png")).run()
    assert not at.exception
    assert at.error and "damaged or truncated" in at.error[0].value
    assert at.radio(key="ksrc").value == "typed"  # the rest of the page still draws


@pytest.mark.parametrize(
    "report",
    [
        None,
        {},
        {"grid": "1 2"},
        {"grid": []},
        {"grid": [[1, 2], [3]]},
        {"grid": [[True]]},
        {"grid": [[float("nan")]]},
        {"grid": [[1e9]]},
        {"grid": [[0] * 8]},
        {"grid": [[0]] * 8},
    ],
)
def test_a_kernel_report_the_grid_never_sends_is_ignored(report):
    assert kernel_from_report(report) is None


def test_a_kernel_report_is_read_as_numbers():
    np.testing.assert_array_equal(kernel_from_report({"grid": [[1, -2.5]], "n": 3}), [[1.0, -2.5]])


def test_the_upload_limit_is_the_servers():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
