"""The settings of the lab's three "views" tabs (as a matrix, transposed, dense vs shared), merged
into ``settings.py``'s tables (key, default, range) so presets, links and the sweep see them."""

from __future__ import annotations

from playground.i18n import _

VIEW_OPS = ["matrix", "transposed", "sharing"]
TRANSPOSED_PADDINGS = ["valid", "same", "0", "1", "2", "3"]
OUTPUT_PADDINGS = ["none", "0", "1", "2", "3"]
#: the largest matrix drawn with its numbers (rows and columns): a 7×7 input, or a 3×3 kernel's 9×9 output
MAX_MATRIX = 49
#: the largest input of the transposed tab (it upsamples: a 6×6 input with stride 4 is already 30 cells)
MAX_TRANSPOSED_INPUT = 6

VIEW_DEFAULTS = dict(mcrop=4, mrow=2, mcol=2, mcell=0, ts=2, tp="valid", top="none", tcell=0, scell=0)
VIEW_OPTIONS = dict(tp=TRANSPOSED_PADDINGS, top=OUTPUT_PADDINGS)
VIEW_RANGES = dict(
    mcrop=(1, 7), mrow=(0, 31), mcol=(0, 31), mcell=(0, 10**6), ts=(1, 4), tcell=(0, 10**6), scell=(0, 10**6)
)


def view_labels() -> list[str]:
    """The three tabs' labels in the session's language."""
    return [_("As a matrix"), _("Transposed"), _("Dense vs shared")]
