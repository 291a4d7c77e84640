"""Run Keras' own test files (shipped inside the installed ``keras`` package) against tfdl.

A suite is the source of ``keras/src/<relpath>`` with only its import lines changed: each
``(old, new)`` pair replaces one import line, so that the class under test becomes tfdl's and
every assertion stays Keras'. Tests that exercise a feature tfdl does not have are skipped with a
reason naming that feature; nothing is downloaded (the files come with the installed package).

Example (in a test module)::

    suite = load_keras_suite(
        "optimizers/adam_test.py",
        imports={"from keras.src.optimizers.adam import Adam": "from tfdl.optimizers import Adam"},
        skips={"AdamTest.test_clip_norm": "global clipnorm is Keras' base-class feature"},
    )
    globals().update(suite)          # pytest collects the TestCase classes
"""

from __future__ import annotations

import sys
import types
import unittest
from pathlib import Path

import keras

KERAS_SRC = Path(keras.__file__).parent / "src"


def overlay(base: types.ModuleType, name: str, **overrides) -> types.ModuleType:
    """A module that answers ``overrides`` first and everything else from ``base``
    (e.g. Keras' ``layers`` with ``LSTM`` replaced by tfdl's)."""
    module = types.ModuleType(name)
    module.__dict__.update(overrides)
    module.__getattr__ = lambda attr: getattr(base, attr)  # PEP 562 fallback
    sys.modules[name] = module
    return module


def load_keras_suite(relpath: str, imports: dict[str, str], skips: dict[str, str] | None = None,
                     ) -> dict[str, type]:
    """Load ``keras/src/<relpath>`` with its import lines replaced; return its TestCase classes.

    Args:
        relpath: the test file under ``keras/src``, e.g. ``"layers/rnn/lstm_test.py"``.
        imports: ``{old import line: new import line}``; each old line must occur in the file.
        skips: ``{"Class.test_method": reason}``, the reason naming the missing feature. A method
            name also matches absl's parameterized expansions (``test_x0``, ``test_x_case``).

    Returns:
        ``{class name: TestCase class}`` to put into a test module's globals.
    """
    path = KERAS_SRC / relpath
    source = path.read_text(encoding="utf-8")
    for old, new in imports.items():
        if old not in source:
            raise ValueError(f"`imports`: the line {old!r} is not in {path}")
        source = source.replace(old, new)
    name = "keras_suite_" + relpath.replace("/", "_").removesuffix(".py")
    module = types.ModuleType(name)
    module.__file__ = str(path)
    sys.modules[name] = module
    exec(compile(source, str(path), "exec"), module.__dict__)
    classes = {n: c for n, c in vars(module).items()
               if isinstance(c, type) and issubclass(c, unittest.TestCase)
               and c.__module__ == name}
    for key, reason in (skips or {}).items():
        cls_name, method = key.split(".", 1)
        cls = classes[cls_name]
        matched = [m for m in dir(cls) if m == method or (
            m.startswith(method) and m[len(method):len(method) + 1] in ("0123456789_"))]
        if not matched:
            raise ValueError(f"`skips`: {key!r} names no test in {relpath}")
        for m in matched:
            setattr(cls, m, unittest.skip(reason)(getattr(cls, m)))
    return classes
