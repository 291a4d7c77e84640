"""Your own pictures as network inputs: PNG or JPEG bytes → a float32 array in [0, 1], safely.

:func:`read_image` is the one door for a file a user uploads or a drawing a browser sends. It
trusts nothing the bytes say until it has checked it, in this order:

1. the byte count (``max_bytes``, 5 MiB by default: the playground's upload limit);
2. the format, from the first bytes (PNG ``89 50 4E 47``, JPEG ``FF D8 FF``), never the file
   name: GIF, BMP, WebP, TIFF, SVG, PDF, ZIP (a ``.keras`` file), a pickle... are refused by name;
3. the width and height, read from the header only (PNG's IHDR chunk, JPEG's SOF marker) by
   :func:`image_header`, before any pixel is decoded: a 10000×10000 PNG of a few hundred bytes
   (a decompression bomb) is refused here (``max_pixels``, 4096² by default);
4. the decoding itself (Pillow, restricted to its PNG and JPEG decoders); a damaged or
   truncated file is refused.

Then the picture is converted to grey or RGB, optionally inverted (dark ink on white paper →
bright ink on black, as the scikit-learn digits are drawn), fitted and resized to the network's
input size. ``fit="ink"`` makes a digit MNIST-style: crop to the ink's bounding box, stretch the
contrast, pad to the target's shape with a margin, resize. Nothing is ever unpickled or evaluated.

Example:
    >>> import io, numpy as np
    >>> from PIL import Image
    >>> buf = io.BytesIO()
    >>> Image.fromarray(np.zeros((40, 30), np.uint8)).save(buf, format="PNG")
    >>> read_image(buf.getvalue(), size=(8, 8)).shape
    (8, 8, 1)
"""

from __future__ import annotations

import base64
import io
import struct
import warnings

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = [
    "IMAGE_FITS",
    "IMAGE_FORMATS",
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_PIXELS",
    "image_bytes_from_data_url",
    "image_header",
    "read_image",
]

#: The formats :func:`read_image` decodes.
IMAGE_FORMATS = ("PNG", "JPEG")
#: How :func:`read_image` fits a picture into ``size``.
IMAGE_FITS = ("stretch", "pad", "ink")
#: Default byte cap: 5 MiB, the playground's ``server.maxUploadSize = 5`` (Streamlit's MB are MiB).
MAX_IMAGE_BYTES = 5 * 2**20
#: Default pixel cap: 4096 × 4096 (a 12-megapixel phone photo passes; its decoded RGB is < 50 MB).
MAX_IMAGE_PIXELS = 4096 * 4096

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
# What other common files start with, so the refusal can name what was sent.
_OTHER_FORMATS = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP (.keras, .npz, .docx…)"),
    (b"\x80", "pickle"),
    (b"\x93NUMPY", "NumPy .npy"),
    (b"\x89HDF", "HDF5 (.h5)"),
    (b"\x00\x00\x01\x00", "ICO"),
)


def _describe(data: bytes) -> str | None:
    """The name of a known non-PNG/JPEG format the bytes start with, else ``None``."""
    for magic, name in _OTHER_FORMATS:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[4:12] in (b"ftypavif", b"ftypheic", b"ftypmif1", b"ftypheix"):
        return "AVIF/HEIC"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype", b"<html")) or b"<svg" in head:
        return "SVG/XML/HTML text"
    return None


def _corrupt(fmt: str, reason: str) -> TfdlValueError:
    return TfdlValueError(
        "image_corrupt",
        "The {format} file is damaged or truncated and cannot be decoded ({reason}).",
        format=fmt,
        reason=reason,
    )


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """``(width, height)`` from a JPEG's first SOF (start-of-frame) marker, without decoding."""
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            raise _corrupt("JPEG", f"no marker at byte {i}")
        while i < n and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= n:
            break
        marker = data[i]
        i += 1
        if marker == 0xD8 or 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            continue
        if marker in (0xD9, 0xDA):  # end of image, or the scan (pixels) started: no frame header came first
            raise _corrupt("JPEG", "no frame header before the image data")
        if i + 2 > n:
            break
        (length,) = struct.unpack(">H", data[i : i + 2])
        if length < 2:
            raise _corrupt("JPEG", f"a segment of length {length}")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # SOF0…SOF15
            if i + 7 > n:
                break
            height, width = struct.unpack(">HH", data[i + 3 : i + 7])
            return width, height
        i += length
    raise _corrupt("JPEG", "the header ends before the frame size")


def image_header(data: bytes) -> tuple[str, int, int]:
    """The format and size a PNG or JPEG file declares, read from its header without decoding.

    PNG: the IHDR chunk, which the format puts first (bytes 16–23: width, height, big-endian).
    JPEG: the first start-of-frame marker (SOF0–SOF15), reached by skipping segments by length.

    Args:
        data: the file's bytes.

    Returns:
        ``(format, width, height)`` with format ``"PNG"`` or ``"JPEG"``.

    Raises:
        ValueError: not PNG or JPEG (the format is named when known), or a header cut short.

    Example:
        >>> image_header(b"\\x89PNG\\r\\n\\x1a\\n" + bytes([0, 0, 0, 13]) + b"IHDR" + bytes([0, 0, 1, 0, 0, 0, 0, 2]))
        ('PNG', 256, 2)
    """
    if data.startswith(_PNG):
        if len(data) < 24 or data[12:16] != b"IHDR":
            raise _corrupt("PNG", "no IHDR header chunk")
        width, height = struct.unpack(">II", data[16:24])
        return "PNG", width, height
    if data.startswith(_JPEG):
        width, height = _jpeg_size(data)
        return "JPEG", width, height
    kind = _describe(data)
    if kind is not None:
        raise TfdlValueError("image_format", "Only PNG and JPEG images are accepted; this file is {kind}.", kind=kind)
    raise TfdlValueError(
        "image_unknown_format",
        "Only PNG and JPEG images are accepted; these bytes are neither (they start with {start!r}).",
        start=bytes(data[:8]),
    )


def image_bytes_from_data_url(url, *, max_bytes: int = MAX_IMAGE_BYTES) -> bytes:
    """The bytes of a ``data:image/png;base64,…`` (or ``image/jpeg``) URL, as a browser's canvas
    ``toDataURL()`` writes it; the length is checked before decoding.

    Args:
        url: the data URL (a string).
        max_bytes: the largest decoded size accepted.

    Returns:
        The decoded bytes (still to be checked by :func:`read_image`).

    Raises:
        ValueError: not a base64 PNG/JPEG data URL, or longer than ``max_bytes`` once decoded.

    Example:
        >>> image_bytes_from_data_url("data:image/png;base64,iVBORw0KGgo=")
        b'\\x89PNG\\r\\n\\x1a\\n'
    """
    prefixes = ("data:image/png;base64,", "data:image/jpeg;base64,")
    if not isinstance(url, str) or not url.startswith(prefixes):
        raise TfdlValueError(
            "image_data_url",
            "`url` must be a data URL starting with {prefixes}. Received: {start!r}",
            prefixes=" or ".join(prefixes),
            start=str(url)[:40],
        )
    payload = url.split(",", 1)[1]
    n_bytes = len(payload) * 3 // 4
    if n_bytes > max_bytes:
        raise _too_many_bytes(n_bytes, max_bytes)
    try:
        return base64.b64decode(payload, validate=True)
    except ValueError:  # binascii.Error is a ValueError
        raise TfdlValueError("image_data_url_base64", "The data URL's image is not valid base64.") from None


def _too_many_bytes(n_bytes: int, max_bytes: int) -> TfdlValueError:
    return TfdlValueError(
        "image_too_many_bytes",
        "The image file has {n_bytes} bytes; at most {max_bytes} ({max_mib:g} MiB) are accepted.",
        n_bytes=n_bytes,
        max_bytes=max_bytes,
        max_mib=round(max_bytes / 2**20, 2),
    )


def _size_pair(size) -> tuple[int, int] | None:
    if size is None:
        return None
    pair = (size, size) if isinstance(size, (int, np.integer)) and not isinstance(size, bool) else size
    try:
        h, w = pair
    except (TypeError, ValueError):
        raise TfdlValueError(
            "image_size_arg",
            "`size` must be None, an int or a pair (height, width). Received: size={size!r}",
            size=size,
        ) from None
    return validation.positive_int(h, "size"), validation.positive_int(w, "size")


def _decode(data: bytes, fmt: str, size: tuple[int, int] | None):
    """Pillow's image of the checked bytes, decoded (only PNG and JPEG decoders are allowed)."""
    from PIL import Image

    if fmt == "PNG":  # chunk CRCs and the end chunk: a PNG cut short can otherwise decode "fine"
        try:
            Image.open(io.BytesIO(data), formats=["PNG"]).verify()
        except Exception as exc:  # Pillow raises OSError, SyntaxError, struct.error...
            raise _corrupt(fmt, str(exc) or type(exc).__name__) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own cap was checked
            img = Image.open(io.BytesIO(data), formats=[fmt])
            if fmt == "JPEG" and size is not None:  # decode at 1/2, 1/4 or 1/8 scale when that is enough
                side = max(16 * max(size), 256)
                img.draft(img.mode, (side, side))
            img.load()
    except Image.DecompressionBombError as exc:
        raise _corrupt(fmt, str(exc)) from None
    except Exception as exc:
        raise _corrupt(fmt, str(exc) or type(exc).__name__) from None
    if size is not None:  # a huge photo made small for a small input: box-average in integers first
        factor = max(img.size) // max(16 * max(size), 256)
        if factor >= 2 and img.mode in ("L", "RGB", "RGBA", "LA"):
            img = img.reduce(factor)
    return img


def _to_float(img) -> np.ndarray:
    """``(H, W, 3)`` RGB in [0, 1]; transparent parts lie on white (as a viewer shows them)."""
    if img.mode.startswith("I"):  # 16-bit PNG: Pillow's "I;16" / "I"
        grey = np.asarray(img, dtype=np.float32) / 65535.0
        return np.repeat(np.clip(grey, 0.0, 1.0)[..., None], 3, axis=-1)
    has_alpha = "A" in img.mode or "transparency" in img.info
    rgba = np.asarray(img.convert("RGBA" if has_alpha else "RGB"), dtype=np.float32) / 255.0
    if not has_alpha:
        return rgba
    alpha = rgba[..., 3:]
    return rgba[..., :3] * alpha + (1.0 - alpha)


def _luminance(rgb: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma, Pillow's ``convert("L")`` weights: 0.299 R + 0.587 G + 0.114 B."""
    return rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)


def _border(grey: np.ndarray) -> np.ndarray:
    """The outer ring of pixels, about 5 % of the side wide (at least one pixel)."""
    h, w = grey.shape
    t = max(1, min(h, w) // 20)
    return np.concatenate([grey[:t].ravel(), grey[-t:].ravel(), grey[:, :t].ravel(), grey[:, -t:].ravel()])


def _resize(x: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Resize ``(h, w, C)`` to ``size``: box average when shrinking (no aliasing), bilinear with
    pixel-centre alignment when growing (Pillow's filters, in float32)."""
    from PIL import Image

    h, w = x.shape[:2]
    if (h, w) == tuple(size):
        return x
    resample = Image.Resampling.BOX if size[0] <= h and size[1] <= w else Image.Resampling.BILINEAR
    planes = [
        np.asarray(
            Image.fromarray(np.ascontiguousarray(x[..., c]), mode="F").resize((size[1], size[0]), resample),
            dtype=np.float32,
        )
        for c in range(x.shape[-1])
    ]
    return np.stack(planes, axis=-1)


def _pad_to_aspect(
    x: np.ndarray, size: tuple[int, int], margin: float, value: np.ndarray, min_aspect: float = 1.0
) -> np.ndarray:
    """Pad ``x`` evenly with ``value`` (one per channel) until its proportions, measured against
    ``size``'s, are within [min_aspect, 1/min_aspect] (1: exactly ``size``'s), then by ``margin`` (a
    fraction of the padded side) on each side. Resizing the result to ``size`` stretches what is left."""
    h, w = x.shape[:2]
    ratio = (w / size[1]) / (h / size[0])  # 1: the target's proportions
    new_h, new_w = float(h), float(w)
    if ratio < min_aspect:
        new_w = min_aspect * h * size[1] / size[0]
    elif ratio * min_aspect > 1.0:
        new_h = min_aspect * w * size[0] / size[1]
    new_h, new_w = max(h, round(new_h / (1.0 - 2.0 * margin))), max(w, round(new_w / (1.0 - 2.0 * margin)))
    top, left = (new_h - h) // 2, (new_w - w) // 2
    out = np.empty((new_h, new_w, x.shape[-1]), dtype=np.float32)
    out[...] = value
    out[top : top + h, left : left + w] = x
    return out


def read_image(
    data,
    *,
    size=None,
    channels: int = 1,
    fit: str = "pad",
    invert=False,
    margin: float = 0.0,
    min_aspect: float = 1.0,
    max_pixels: int = MAX_IMAGE_PIXELS,
    max_bytes: int = MAX_IMAGE_BYTES,
) -> np.ndarray:
    """Decode a PNG or JPEG file into a float32 array in [0, 1], checked before it is decoded.

    Checks, in order (see the module docstring): ``len(data) <= max_bytes``; the first bytes say
    PNG or JPEG; the header's width × height ``<= max_pixels``; the file decodes completely.

    Then: grey (ITU-R 601 luma) or RGB; ``invert`` (``x → 1 − x``); the fit into ``size``:

    - ``"stretch"``: the whole picture resized to ``size`` (proportions change);
    - ``"pad"``: letterboxed: padded evenly with its border's colour to ``size``'s proportions;
    - ``"ink"``: a digit MNIST-style: the background (the border's median) becomes 0 and the
      brightest ink 1, the picture is cropped to the ink's bounding box (pixels above half the
      ink's brightness), then padded as ``"pad"`` with ``margin``; with ``min_aspect`` < 1 the
      box is padded only until its narrow side is ``min_aspect`` times its long side (relative to
      ``size``'s proportions) and then stretched to fill ``size``: the scikit-learn digits fill
      their 8 rows and about 5.4 of their 8 columns, so a narrow drawn digit matches them better
      widened (``min_aspect=0.6``, ``margin=0``) than centred in a square.

    Resizing averages boxes of pixels when shrinking and interpolates bilinearly when growing.

    Args:
        data: the file's bytes (``bytes``, ``bytearray`` or ``memoryview``).
        size: ``None`` (keep the picture's size), an int (square) or ``(height, width)``.
        channels: 1 (grey) or 3 (RGB).
        fit: ``"stretch"``, ``"pad"`` or ``"ink"``.
        invert: ``False``, ``True``, or ``"auto"`` (invert when the border is light: dark ink on paper).
        margin: with ``"pad"``/``"ink"``, the empty share of the target's side on each side, in [0, 0.5).
        min_aspect: with ``"ink"``, the narrowest proportions kept before stretching, in (0, 1]
            (1: the ink keeps its proportions).
        max_pixels: the largest width × height accepted (checked on the header, before decoding).
        max_bytes: the largest file accepted.

    Returns:
        float32 array of shape ``(H, W, channels)`` with values in [0, 1].

    Raises:
        ValueError: (a ``TfdlValueError`` with a code) a bad argument, too many bytes or pixels,
            a format other than PNG/JPEG (named when known), or a damaged or truncated file.

    Example:
        >>> import io, numpy as np
        >>> from PIL import Image
        >>> buf = io.BytesIO()
        >>> Image.fromarray(np.full((10, 20, 3), 255, np.uint8)).save(buf, format="JPEG")
        >>> read_image(buf.getvalue(), size=4, channels=3, fit="stretch").shape
        (4, 4, 3)
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TfdlValueError(
            "image_bytes_type",
            "`data` must be the bytes of a PNG or JPEG file. Received an object of type {type}.",
            type=type(data).__name__,
        )
    data = bytes(data)
    max_bytes = validation.positive_int(max_bytes, "max_bytes")
    max_pixels = validation.positive_int(max_pixels, "max_pixels")
    target = _size_pair(size)
    if channels not in (1, 3):
        raise validation.one_of_error("channels", channels, (1, 3))
    if fit not in IMAGE_FITS:
        raise validation.one_of_error("fit", fit, IMAGE_FITS)
    if invert not in (False, True, "auto"):
        raise validation.one_of_error("invert", invert, (False, True, "auto"))
    if not (isinstance(margin, (int, float)) and 0.0 <= margin < 0.5):
        raise validation.interval_error("margin", margin, "[0, 0.5)")
    if not (isinstance(min_aspect, (int, float)) and 0.0 < min_aspect <= 1.0):
        raise validation.interval_error("min_aspect", min_aspect, "(0, 1]")
    if len(data) > max_bytes:
        raise _too_many_bytes(len(data), max_bytes)
    if not data:
        raise TfdlValueError("image_empty", "The image file is empty (0 bytes).")
    fmt, width, height = image_header(data)
    if width < 1 or height < 1:
        raise _corrupt(fmt, f"the header says {width}×{height} pixels")
    if width * height > max_pixels:
        raise TfdlValueError(
            "image_too_large",
            "The image is {width}×{height} = {pixels} pixels; at most {max_pixels} are accepted. "
            "Make it smaller first.",
            width=width,
            height=height,
            pixels=width * height,
            max_pixels=max_pixels,
        )

    rgb = _to_float(_decode(data, fmt, target))
    grey = _luminance(rgb)
    if invert == "auto":
        invert = bool(np.median(_border(grey)) > 0.5)
    if invert:
        rgb, grey = 1.0 - rgb, 1.0 - grey
    x = grey[..., None] if channels == 1 else rgb
    background = np.median(np.stack([_border(x[..., c]) for c in range(x.shape[-1])], axis=-1), axis=0)
    if fit == "ink":
        floor, top = float(np.median(_border(grey))), float(grey.max())
        if top - floor > 1e-3:  # some ink: crop to it and stretch it (background → 0, brightest → 1)
            rows, cols = np.nonzero(grey > floor + 0.5 * (top - floor))
            x = x[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
            x = np.clip((x - background) / (top - floor), 0.0, 1.0)
            background = np.zeros_like(background)
    if target is not None:
        if fit != "stretch":
            x = _pad_to_aspect(x, target, float(margin), background, float(min_aspect) if fit == "ink" else 1.0)
        x = _resize(x, target)
    return np.clip(x, 0.0, 1.0).astype(np.float32)
