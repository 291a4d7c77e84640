"""Copy the browser tests' page screenshots into ``docs/screenshots/``, optimised for the README.

The screenshots come from the browser tests, never by hand::

    TFDL_SCREENSHOTS=tests/browser/artifacts python -m pytest -n 0 -p no:cacheprovider tests/browser/test_screenshots.py
    python -m tests.browser.screenshots            # tests/browser/artifacts -> docs/screenshots

Each ``<slug>.png`` (one per page of ``playground.page_table``, ``home`` included) is reduced to a
256-colour palette and saved with PNG optimisation: a 1280×800 page shot shrinks from ~120 KB to
~60 KB and the set stays well under :data:`MAX_TOTAL_BYTES`. (Debian's ``fonts-noto-color-emoji``
draws the pages' icons; without it chromium shows empty boxes.)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tests" / "browser" / "artifacts"
TARGET = ROOT / "docs" / "screenshots"
#: the whole set in the repository stays small
MAX_TOTAL_BYTES = 3 * 2**20


def page_slugs() -> list[str]:
    """The pages that get a screenshot: every entry of the page table, in its order."""
    from playground.page_table import PAGES

    return [p.slug for p in PAGES]


def optimise(source: Path, target: Path, colours: int = 256) -> int:
    """Save ``source`` as a palette PNG at ``target`` (same size); returns its size in bytes."""
    from PIL import Image

    with Image.open(source) as image:
        small = image.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        target.parent.mkdir(parents=True, exist_ok=True)
        small.save(target, format="PNG", optimize=True)
    return target.stat().st_size


def copy_screenshots(source: Path = SOURCE, target: Path = TARGET, slugs: list[str] | None = None) -> dict[str, int]:
    """Optimise ``source/<slug>.png`` into ``target/<slug>.png`` for every page; ``{slug: bytes}``.

    Raises:
        FileNotFoundError: a page has no screenshot in ``source`` (run the browser test first).
        ValueError: the set would exceed :data:`MAX_TOTAL_BYTES`.
    """
    slugs = page_slugs() if slugs is None else slugs
    missing = [s for s in slugs if not (source / f"{s}.png").exists()]
    if missing:
        raise FileNotFoundError(f"no screenshot for {missing} in {source}: run tests/browser/test_screenshots.py")
    sizes = {s: optimise(source / f"{s}.png", target / f"{s}.png") for s in slugs}
    if sum(sizes.values()) > MAX_TOTAL_BYTES:
        raise ValueError(f"the screenshots take {sum(sizes.values())} bytes, over {MAX_TOTAL_BYTES}")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path(os.environ.get("TFDL_SCREENSHOTS") or SOURCE))
    parser.add_argument("--target", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    sizes = copy_screenshots(args.source, args.target)
    for slug, size in sizes.items():
        print(f"{args.target / (slug + '.png')}: {size / 1024:.0f} KiB")
    print(f"total {sum(sizes.values()) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
