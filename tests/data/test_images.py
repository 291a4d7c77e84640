"""tfdl.data.read_image: numpy-built pictures encoded by Pillow come back as the same numbers
(resized as numpy's block means and bilinear interpolation say); everything that is not a sound,
small PNG or JPEG is refused with a coded error before it is decoded."""

import base64
import io
import pickle
import re
import struct
import zipfile
import zlib

import numpy as np
import pytest
from PIL import Image

from tfdl.data import MAX_IMAGE_BYTES, image_bytes_from_data_url, image_header, read_image
from tfdl.errors import TfdlValueError


def _encode(array: np.ndarray, fmt: str = "PNG", **kwargs) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format=fmt, **kwargs)
    return buf.getvalue()


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header says width × height (1-bit grey) over a tiny compressed block of zeros."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 4096))
        + _chunk(b"IEND", b"")
    )


def _code(call) -> TfdlValueError:
    with pytest.raises(ValueError) as info:
        call()
    assert isinstance(info.value, TfdlValueError) and info.value.code, info.value
    return info.value


def _bilinear(x: np.ndarray, out_h: int, out_w: int) -> np.ndarray:
    """Reference upsampling: pixel centres aligned ((i + ½)·in/out − ½), edges clamped."""

    def axis(n_in, n_out):
        pos = np.clip((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0, n_in - 1)
        lo = np.floor(pos).astype(int)
        hi = np.minimum(lo + 1, n_in - 1)
        return lo, hi, pos - lo

    r0, r1, fr = axis(x.shape[0], out_h)
    c0, c1, fc = axis(x.shape[1], out_w)
    rows = x[r0] * (1 - fr)[:, None] + x[r1] * fr[:, None]
    return rows[:, c0] * (1 - fc) + rows[:, c1] * fc


def test_a_grey_png_comes_back_as_its_numbers_over_255():
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(7, 5), dtype=np.uint8)
    out = read_image(_encode(pixels))
    assert out.shape == (7, 5, 1) and out.dtype == np.float32
    np.testing.assert_allclose(out[..., 0], pixels / 255.0, atol=1e-6)


def test_rgb_to_grey_uses_the_itu_601_weights_and_rgb_is_kept_with_three_channels():
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, size=(6, 4, 3), dtype=np.uint8)
    data = _encode(pixels)
    np.testing.assert_allclose(read_image(data, channels=3), pixels / 255.0, atol=1e-6)
    np.testing.assert_allclose(read_image(data)[..., 0], pixels @ np.array([0.299, 0.587, 0.114]) / 255.0, atol=1e-5)


def test_shrinking_averages_blocks_and_growing_interpolates_bilinearly():
    rng = np.random.default_rng(2)
    pixels = rng.integers(0, 256, size=(32, 24), dtype=np.uint8)
    small = read_image(_encode(pixels), size=(8, 6), fit="stretch")[..., 0]
    np.testing.assert_allclose(small, (pixels / 255.0).reshape(8, 4, 6, 4).mean(axis=(1, 3)), atol=1e-5)
    tiny = rng.integers(0, 256, size=(3, 2), dtype=np.uint8)
    big = read_image(_encode(tiny), size=(6, 5), fit="stretch")[..., 0]
    np.testing.assert_allclose(big, _bilinear(tiny / 255.0, 6, 5), atol=1e-5)


def test_pad_letterboxes_with_the_border_colour_and_keeps_proportions():
    pixels = np.zeros((10, 20), np.uint8)
    pixels[4:6, 8:12] = 255  # a bright bar in the middle of a black 10×20 picture
    out = read_image(_encode(pixels), size=10, fit="pad")[..., 0]
    expected = np.zeros((20, 20))
    expected[5:15] = pixels / 255.0  # padded to 20×20 (5 black rows above and below)...
    np.testing.assert_allclose(out, expected.reshape(10, 2, 10, 2).mean(axis=(1, 3)), atol=1e-5)  # ...halved


def test_ink_fit_crops_to_the_digit_centres_it_and_inverts_paper_automatically():
    paper = np.full((64, 64), 250, np.uint8)  # dark ink (a 20×10 bar) on light paper, off-centre
    paper[10:30, 40:50] = 10
    out = read_image(_encode(paper), size=20, fit="ink", invert="auto")[..., 0]
    expected = np.zeros((20, 20))
    expected[:, 5:15] = 1.0  # the ink fills the height, centred; background 0, ink 1 (stretched)
    np.testing.assert_allclose(out, expected, atol=1e-5)
    with_margin = read_image(_encode(paper), size=24, fit="ink", invert=True, margin=1 / 12)[..., 0]
    assert with_margin[:2].max() == 0 and with_margin[-2:].max() == 0 and with_margin[2:22, 7:17].min() == 1.0
    # a light background is kept as it is without invert; "auto" leaves dark backgrounds alone
    assert read_image(_encode(paper))[0, 0, 0] == pytest.approx(250 / 255)
    assert read_image(_encode(255 - paper), invert="auto")[0, 0, 0] == pytest.approx(5 / 255)


def test_ink_fit_with_min_aspect_widens_narrow_digits_before_stretching():
    pixels = np.zeros((64, 64), np.uint8)
    pixels[10:30, 40:50] = 255  # ink box 20×10: aspect 0.5
    filled = read_image(_encode(pixels), size=20, fit="ink", min_aspect=0.5)[..., 0]
    np.testing.assert_allclose(filled, np.ones((20, 20)), atol=1e-6)  # already wide enough: stretched to fill
    widened = read_image(_encode(pixels), size=20, fit="ink", min_aspect=0.75)[..., 0]
    box = np.zeros((20, 15))
    box[:, 2:12] = 1.0  # padded to 20×15 (aspect 0.75), centred, then stretched to 20×20
    np.testing.assert_allclose(widened, _bilinear(box, 20, 20), atol=1e-5)
    wide = np.zeros((64, 64), np.uint8)
    wide[20:25, 5:45] = 255  # a 5×40 dash: its height is padded to 0.2 × 40 = 8 rows
    dash = read_image(_encode(wide), size=8, fit="ink", min_aspect=0.2)[..., 0]
    tall = np.zeros((8, 40))
    tall[1:6] = 1.0
    np.testing.assert_allclose(dash, tall.reshape(8, 1, 8, 5).mean(axis=(1, 3)), atol=1e-6)


def test_blank_drawing_with_ink_fit_stays_blank():
    out = read_image(_encode(np.zeros((30, 30), np.uint8)), size=8, fit="ink")
    assert out.shape == (8, 8, 1) and out.max() == 0


def test_jpeg_decodes_close_to_its_pixels_and_big_jpegs_are_decoded_small():
    yy, xx = np.mgrid[0:64, 0:96]
    smooth = (yy * 2 + xx).astype(np.uint8)
    out = read_image(_encode(smooth, "JPEG", quality=95))[..., 0]
    assert np.abs(out - smooth / 255.0).max() < 0.03
    yy, xx = np.mgrid[0:1024, 0:1024]
    big = ((yy + xx) // 8).astype(np.uint8)
    small = read_image(_encode(big, "JPEG", quality=95), size=4, fit="stretch")[..., 0]
    np.testing.assert_allclose(small, (big / 255.0).reshape(4, 256, 4, 256).mean(axis=(1, 3)), atol=0.02)


def test_sixteen_bit_png_and_transparency():
    deep = np.arange(12, dtype=np.uint16).reshape(3, 4) * 5000
    np.testing.assert_allclose(read_image(_encode(deep))[..., 0], deep / 65535.0, atol=1e-6)
    rgba = np.zeros((2, 2, 4), np.uint8)
    rgba[..., 3] = [[0, 255], [128, 255]]  # black ink, partly transparent: lies on white
    out = read_image(_encode(rgba))[..., 0]
    np.testing.assert_allclose(out, 1.0 - rgba[..., 3] / 255.0, atol=1e-6)


def test_header_sizes_match_pillow_without_decoding():
    for fmt, shape in (("PNG", (13, 21)), ("JPEG", (17, 9)), ("PNG", (5, 300))):
        data = _encode(np.zeros(shape, np.uint8), fmt)
        assert image_header(data) == (fmt, *Image.open(io.BytesIO(data)).size)
    assert image_header(_png_claiming(10_000, 10_000)) == ("PNG", 10_000, 10_000)


def test_a_10000_by_10000_png_is_refused_from_its_header_before_decoding(monkeypatch):
    bomb = _png_claiming(10_000, 10_000)
    assert len(bomb) < 200
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("decoded a bomb"))
    err = _code(lambda: read_image(bomb, size=28))
    assert err.code == "image_too_large" and err.params["pixels"] == 100_000_000
    assert "10000×10000" in str(err) and str(4096 * 4096) in str(err)
    # a JPEG frame header saying the same is refused the same way (SOI, APP0, SOF0)
    jpeg = (
        b"\xff\xd8"
        + b"\xff\xe0"
        + struct.pack(">H", 16)
        + b"JFIF\0"
        + bytes(9)
        + b"\xff\xc0"
        + struct.pack(">HBHHB", 11, 8, 10_000, 10_000, 1)
        + bytes(3)
    )
    assert _code(lambda: read_image(jpeg)).code == "image_too_large"
    assert _code(lambda: read_image(_encode(np.zeros((40, 40), np.uint8)), max_pixels=1000)).params["pixels"] == 1600


def test_too_many_bytes_and_empty_files_are_refused():
    data = _encode(np.random.default_rng(3).integers(0, 256, (40, 40), dtype=np.uint8))
    err = _code(lambda: read_image(data, max_bytes=100))
    assert err.code == "image_too_many_bytes" and err.params["n_bytes"] == len(data)
    assert MAX_IMAGE_BYTES == 5 * 2**20
    assert _code(lambda: read_image(b"")).code == "image_empty"


def _keras_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("config.json", "{}")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda: _encode(np.zeros((4, 4), np.uint8), "GIF"), "GIF"),
        (lambda: _encode(np.zeros((4, 4, 3), np.uint8), "BMP"), "BMP"),
        (lambda: _encode(np.zeros((4, 4, 3), np.uint8), "WEBP"), "WebP"),
        (lambda: _encode(np.zeros((4, 4), np.uint8), "TIFF"), "TIFF"),
        (lambda: b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "SVG/XML/HTML text"),
        (lambda: b"  <svg width='10' height='10'></svg>", "SVG/XML/HTML text"),
        (lambda: pickle.dumps({"weights": [1, 2, 3]}), "pickle"),
        (_keras_zip, "ZIP (.keras, .npz, .docx…)"),
    ],
)
def test_other_formats_are_refused_by_name_whatever_the_file_is_called(make, kind):
    err = _code(lambda: read_image(make()))
    assert err.code == "image_format" and err.params["kind"] == kind


def test_unknown_bytes_and_wrong_types_are_refused():
    assert _code(lambda: read_image(b"hello, world")).code == "image_unknown_format"
    assert _code(lambda: read_image("picture.png")).code == "image_bytes_type"


def test_damaged_and_truncated_files_are_refused():
    rng = np.random.default_rng(4)
    png = _encode(rng.integers(0, 256, (32, 32), dtype=np.uint8))
    jpeg = _encode(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8), "JPEG")
    flipped = bytearray(png)
    flipped[60] ^= 0xFF  # inside the compressed pixels: the chunk's CRC no longer matches
    for bad in (
        png[: len(png) // 2],
        png[:-12],
        bytes(flipped),
        png[:20],
        jpeg[: len(jpeg) // 2],
        jpeg[:-40],
        b"\xff\xd8\xff\xda" + bytes(20),
    ):
        assert _code(lambda bad=bad: read_image(bad)).code == "image_corrupt", bad[:24]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"channels": 2}, "one_of"),
        ({"fit": "crop"}, "one_of"),
        ({"invert": "yes"}, "one_of"),
        ({"size": (0, 5)}, "int_at_least"),
        ({"size": "big"}, "image_size_arg"),
        ({"margin": 0.5}, "interval"),
        ({"min_aspect": 0}, "interval"),
        ({"max_pixels": 0}, "int_at_least"),
    ],
)
def test_bad_arguments_name_themselves(kwargs, code):
    err = _code(lambda: read_image(_encode(np.zeros((4, 4), np.uint8)), **kwargs))
    assert err.code == code and next(iter(kwargs)) in str(err)


def test_data_urls_are_decoded_after_their_length_is_checked():
    png = _encode(np.full((3, 3), 7, np.uint8))
    url = "data:image/png;base64," + base64.b64encode(png).decode()
    assert image_bytes_from_data_url(url) == png
    np.testing.assert_allclose(read_image(image_bytes_from_data_url(url)), 7 / 255, atol=1e-6)
    assert _code(lambda: image_bytes_from_data_url("data:text/html;base64,PGI+")).code == "image_data_url"
    assert _code(lambda: image_bytes_from_data_url(None)).code == "image_data_url"
    assert _code(lambda: image_bytes_from_data_url("data:image/png;base64,@@@@")).code == "image_data_url_base64"
    assert _code(lambda: image_bytes_from_data_url(url, max_bytes=10)).code == "image_too_many_bytes"


def test_every_refusal_reads_as_russian_with_the_same_numbers(monkeypatch):
    pytest.importorskip("babel")
    from playground import i18n

    errors = [
        _code(lambda: read_image(_png_claiming(10_000, 10_000))),
        _code(lambda: read_image(_encode(np.zeros((40, 40), np.uint8)), max_bytes=10)),
        _code(lambda: read_image(pickle.dumps(1))),
        _code(lambda: read_image(b"hello")),
        _code(lambda: read_image(b"")),
        _code(lambda: read_image(3)),
        _code(lambda: read_image(_encode(np.zeros((9, 9), np.uint8))[:-12])),
        _code(lambda: read_image(b"", size="big")),
        _code(lambda: image_bytes_from_data_url("x")),
        _code(lambda: image_bytes_from_data_url("data:image/png;base64,!!")),
    ]
    monkeypatch.setattr(i18n, "current_language", lambda: "ru")
    for err in errors:
        russian = i18n.error_text(err)
        assert russian != str(err) and re.search("[а-яё]", russian), russian
        for value in err.params.values():
            if isinstance(value, int) and not isinstance(value, bool):
                assert str(value) in russian, (value, russian)
