"""The README's page screenshots (issue 13): one committed ``docs/screenshots/<slug>.png`` per page,
1280×800 as the browser test takes them, small, and shown by the README; the copier keeps what it
optimises (same size, nearly the same pixels)."""

import re
from pathlib import Path

import numpy as np
import pytest

from tests.browser.screenshots import MAX_TOTAL_BYTES, TARGET, copy_screenshots, page_slugs

ROOT = Path(__file__).resolve().parent.parent


def test_every_page_has_a_committed_screenshot_the_readme_shows():
    from PIL import Image

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    slugs = set(page_slugs())
    shown = [name for name in re.findall(r"docs/screenshots/([a-z_]+)\.png", readme) if name in slugs]
    assert shown == page_slugs()  # one per page, in the navigation's order (feature shots are extra)
    for feature in set(re.findall(r"docs/screenshots/([a-z_]+)\.png", readme)) - slugs:  # committed and small
        assert (TARGET / f"{feature}.png").stat().st_size < 150_000, feature
    total = 0
    for slug in page_slugs():
        path = TARGET / f"{slug}.png"
        with Image.open(path) as image:
            assert image.size == (1280, 800)
        total += path.stat().st_size
    assert total <= MAX_TOTAL_BYTES


def test_the_copier_optimises_without_changing_the_picture(tmp_path):
    from PIL import Image

    rng = np.random.default_rng(0)
    source, target = tmp_path / "shots", tmp_path / "docs"
    source.mkdir()
    # a page-like picture: flat background, a few colour blocks, a gradient
    picture = np.full((800, 1280, 3), 250, np.uint8)
    picture[100:300, 200:600] = (214, 39, 40)
    picture[400:700, 300:1000] = np.linspace(0, 255, 700, dtype=np.uint8)[None, :, None]
    picture[50:60] = rng.integers(0, 255, (10, 1280, 3), dtype=np.uint8)
    Image.fromarray(picture).save(source / "home.png")
    sizes = copy_screenshots(source, target, ["home"])
    with Image.open(target / "home.png") as out:
        assert out.size == (1280, 800)
        error = np.abs(np.asarray(out.convert("RGB"), float) - picture).mean()
    assert error < 3.0  # a 256-colour palette keeps a page's look
    assert sizes["home"] == (target / "home.png").stat().st_size
    with pytest.raises(FileNotFoundError, match="test_screenshots.py"):
        copy_screenshots(source, target, ["home", "train"])
