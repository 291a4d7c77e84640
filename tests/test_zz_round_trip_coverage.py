"""Every layer class registered under package ``tfdl`` went through a ``.keras`` round trip.

``tfdl.testing.check_layer`` and ``check_model`` note every layer class they saved and reloaded
with ``safe_mode=True`` (``tfdl.testing.ROUND_TRIPPED``). After the whole suite has run, no
registered layer may be missing from that list. The check only makes sense for a full run, so it
is skipped when tests were selected with ``-k``/``-m`` or given by path.
"""

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def _full_run(request) -> bool:
    opt = request.config.option
    if opt.keyword or opt.markexpr:
        return False
    ran = {Path(str(item.path)).resolve() for item in request.session.items}
    on_disk = {p.resolve() for p in TESTS.rglob("test_*.py")}
    return on_disk <= ran


def test_every_registered_layer_had_a_round_trip(request):
    if not _full_run(request):
        pytest.skip("needs the whole suite (run `python -m pytest` with no selection)")
    import keras

    import tfdl.layers  # noqa: F401  (registers every layer)
    import tfdl.models  # noqa: F401
    import tfdl.training  # noqa: F401
    from tfdl.testing import ROUND_TRIPPED

    registered = {
        name for name, obj in keras.saving.get_custom_objects().items()
        if name.startswith("tfdl>") and isinstance(obj, type) and issubclass(obj, keras.layers.Layer)
    }
    assert len(registered) >= 30
    missing = sorted(registered - ROUND_TRIPPED)
    assert not missing, f"registered layers never saved/loaded by tfdl.testing: {missing}"
