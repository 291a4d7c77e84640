"""The classic image filters of the course, as named kernels (cross-correlation convention).

The kernels of note 000 (blur, sharpen, four Sobel kernels, outline, custom), the horizontal and
vertical gradients of note 004, plus identity, box blur, emboss and Laplacian. Apply one with
:func:`tfdl.functional.conv2d`::

    >>> import numpy as np
    >>> from tfdl.filters import get_filter
    >>> from tfdl.functional import conv2d
    >>> conv2d(np.eye(5), get_filter("outline"), padding="same").shape
    (5, 5)

Each entry of :data:`FILTERS` is a ``Filter`` with the kernel and an English description
(applications translate it keyed by that text: the playground's catalogue holds the Russian);
:func:`get_filter` returns a fresh float copy of the kernel.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from tfdl.errors import TfdlValueError

__all__ = ["Filter", "FILTERS", "get_filter", "list_filters", "describe_filter"]


class Filter(NamedTuple):
    """A named kernel with its description.

    Attributes:
        kernel: the kernel (float array, cross-correlation orientation).
        description: what it does, in English (``"Name: what it does."``; translations are keyed
            by this text).
        source: where the course shows it.
    """

    kernel: np.ndarray
    description: str
    source: str = ""


def _k(rows, scale: float = 1.0) -> np.ndarray:
    a = np.asarray(rows, dtype=float) * scale
    a.setflags(write=False)
    return a


FILTERS: dict[str, Filter] = {
    "identity": Filter(
        _k([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
        "Identity: copies the image (a good starting point for your own kernel).",
    ),
    "blur": Filter(
        _k([[1, 2, 1], [2, 4, 2], [1, 2, 1]], 1 / 16),
        "Blur (Gaussian 3×3): a weighted average that smooths noise and edges.",
        "000",
    ),
    "box_blur": Filter(
        _k(np.ones((3, 3)), 1 / 9),
        "Box blur: the plain mean of the 3×3 neighbourhood.",
    ),
    "sharpen": Filter(
        _k([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
        "Sharpen: the pixel minus its neighbours, added back — edges stand out.",
        "000",
    ),
    "top_sobel": Filter(
        _k([[1, 2, 1], [0, 0, 0], [-1, -2, -1]]),
        "Top Sobel: bright where the image gets darker going down (horizontal edges).",
        "000",
    ),
    "bottom_sobel": Filter(
        _k([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]),
        "Bottom Sobel: bright where the image gets brighter going down (horizontal edges).",
        "000",
    ),
    "left_sobel": Filter(
        _k([[1, 0, -1], [2, 0, -2], [1, 0, -1]]),
        "Left Sobel: bright where the image gets darker to the right (vertical edges).",
        "000",
    ),
    "right_sobel": Filter(
        _k([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),
        "Right Sobel: bright where the image gets brighter to the right (vertical edges).",
        "000",
    ),
    "outline": Filter(
        _k([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
        "Outline: the pixel against all eight neighbours; flat areas go black, edges light up.",
        "000",
    ),
    "custom": Filter(
        _k([[1, -1, 1], [-1, 0, -1], [1, -1, 1]]),
        "Custom: the checkerboard kernel of the notes — try your own numbers.",
        "000",
    ),
    "horizontal_gradient": Filter(
        _k([[1, 0, -1]]),
        "Horizontal gradient: x[i, j-1] - x[i, j+1], the change along a row.",
        "004",
    ),
    "vertical_gradient": Filter(
        _k([[1], [0], [-1]]),
        "Vertical gradient: x[i-1, j] - x[i+1, j], the change along a column.",
        "004",
    ),
    "emboss": Filter(
        _k([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]),
        "Emboss: a diagonal gradient plus the image — looks lit from the bottom right.",
    ),
    "laplacian": Filter(
        _k([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
        "Laplacian: the second derivative; zero on flat areas and linear ramps.",
    ),
}

_ALIASES = {
    "sobel_top": "top_sobel",
    "sobel_bottom": "bottom_sobel",
    "sobel_left": "left_sobel",
    "sobel_right": "right_sobel",
    "gaussian_blur": "blur",
    "gaussian": "blur",
    "mean": "box_blur",
    "edge": "outline",
    "edges": "outline",
    "gx": "horizontal_gradient",
    "gy": "vertical_gradient",
}


def _canonical(name: str) -> str:
    if not isinstance(name, str):
        raise TfdlValueError(
            "filter_name_type",
            "`name` must be a filter name (a string). Received: name={name!r}",
            name=name,
        )
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    key = _ALIASES.get(key, key)
    if key not in FILTERS:
        raise TfdlValueError(
            "filter_unknown",
            "Unknown filter {name!r}. Known filters: {known}.",
            name=name, known=", ".join(FILTERS),
        )
    return key


def get_filter(name: str) -> np.ndarray:
    """The kernel of a named filter, as a fresh (writable) float array.

    Formula: apply it as ``y = conv2d(x, k)`` (cross-correlation), e.g. sharpen
    ``y = 5·x[i,j] - x[i-1,j] - x[i+1,j] - x[i,j-1] - x[i,j+1]``.

    Args:
        name: a key of :data:`FILTERS` (``"top sobel"``, ``"sobel-top"`` and similar spellings
            are accepted).

    Returns:
        np.ndarray: the kernel.

    Raises:
        ValueError: unknown name (the message lists the known ones).

    Example:
        >>> get_filter("top sobel").shape
        (3, 3)

    Paper: I. Sobel, G. Feldman, "A 3×3 isotropic gradient operator for image processing", 1968.
    """
    return np.array(FILTERS[_canonical(name)].kernel, dtype=float)


def describe_filter(name: str, lang: str = "en") -> str:
    """One-line description of a filter, in English.

    Formula: none — text for the playground.

    Args:
        name: a filter name.
        lang: ``"en"`` only. tfdl holds no translations any more: an application translates the
            English description (the playground: ``pgettext("filter", description)``).

    Returns:
        str: the description (``"Name: what it does."``).

    Raises:
        ValueError: an unknown name, or ``lang`` other than ``"en"``.

    Example:
        >>> describe_filter("outline").split(":")[0]
        'Outline'

    Paper: course note 000 (classic filters).
    """
    f = FILTERS[_canonical(name)]
    if lang != "en":
        raise TfdlValueError(
            "filter_lang", "`lang` must be 'en': tfdl's filter descriptions are English and applications "
            "translate them (the playground's catalogue, context 'filter'). Received: lang={lang!r}", lang=lang)
    return f.description


def list_filters() -> list[str]:
    """Names of the filters, in the order of the course.

    Formula: none.

    Args:
        none.

    Returns:
        list[str]: the keys of :data:`FILTERS`.

    Example:
        >>> "blur" in list_filters()
        True

    Paper: course note 000 (classic filters).
    """
    return list(FILTERS)
