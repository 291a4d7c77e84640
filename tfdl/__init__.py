"""tfdl: a deep-learning teaching kit built on Keras 3 and TensorFlow.

Submodules load lazily, so ``import tfdl`` and ``import tfdl.shapes`` stay light (no
TensorFlow); ``tfdl.layers``, ``tfdl.models`` and friends import Keras when first touched.

Example:
    >>> import tfdl
    >>> tfdl.shapes.conv_output_size(28, 3)
    26
"""

from __future__ import annotations

import importlib
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

__version__ = "0.1.0"

_SUBMODULES = (
    "shapes",
    "receptive",
    "functional",
    "filters",
    "parsing",
    "explain",
    "codegen",
    "layers",
    "models",
    "optimizers",
    "surfaces",
    "trajectories",
    "data",
    "training",
    "training_cost",
    "training_runs",
    "seeding",
    "gradflow",
    "diagnose",
    "flow_presets",
    "transfer",
    "audit",
    "decoding",
    "exercises",
    "embeddings",
    "metrics",
    "interpret",
    "experiments",
    "activations",
    "initializers",
    "losses",
    "validation",
    "viz",
    "testing",
)

__all__ = list(_SUBMODULES) + ["__version__"]


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'tfdl' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
