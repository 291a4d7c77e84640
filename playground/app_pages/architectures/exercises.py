"""The Architectures page's exercise mode: parameter counts, output shapes and receptive fields of
layers (questions from ``tfdl.exercises``, drawn by :mod:`playground.exercise`)."""

from __future__ import annotations

from playground.exercise import exercise_keys, exercise_section

KINDS = ("param_count", "conv_shape", "receptive_field")
KEYS = exercise_keys("arch")


def section() -> None:
    """The expander with the questions (built only while open)."""
    exercise_section("arch", KINDS)
