"""The Optimisers page's code: the race of optimisers on a surface from a start point."""

from __future__ import annotations

from collections.abc import Sequence

from tfdl.codegen._format import kwargs as _kwargs

__all__ = ["race_code"]

_DECAY_KEYS = ("decay", "decay_rate", "drop", "step_size")


def race_code(
    surface: str,
    surface_params: dict | Sequence,
    start: Sequence[float],
    steps: int,
    configs: Sequence,
    *,
    noise: float = 0.0,
    seed: int = 0,
) -> str:
    """Python that runs the Optimisers page's race with :func:`tfdl.trajectories.run`.

    Args:
        surface: a surface name of :func:`tfdl.surfaces.get_surface`; ``surface_params`` its keywords
            (a dict or ``(key, value)`` pairs).
        start: ``(x, y)``; ``steps``: number of updates; ``noise``: gradient noise σ; ``seed``: its seed.
        configs: ``(name, hyper)`` pairs, ``hyper`` a dict or ``(key, value)`` pairs of the optimiser's
            arguments; ``decay`` (with ``decay_rate``, ``drop``, ``step_size``) makes the learning rate a
            :func:`tfdl.optimizers.decay_schedule`.

    Returns:
        str: lines of Python; the last prints each optimiser's final loss.

    Example:
        >>> race_code("bowl", {}, (1.0, 1.0), 10, [("SGD", {"learning_rate": 0.1})]).splitlines()[-3]
        'df = run(optimizers, surface, start=(1.0, 1.0), steps=10, seed=0)'
    """
    decayed = False
    entries = []
    for name, hyper in configs:
        hyper = dict(hyper)
        decay = {k: hyper.pop(k) for k in _DECAY_KEYS if k in hyper}
        args = [f"{k}={v!r}" for k, v in hyper.items()]
        if decay and decay["decay"] == "none":  # decay_schedule("none", η) is η itself
            decay = {}
        if decay:
            decayed = True
            lr = hyper.get("learning_rate")
            args = [f"learning_rate=decay_schedule({decay.pop('decay')!r}, {lr!r}{_kwargs(decay)})"] + [
                a for a in args if not a.startswith("learning_rate=")
            ]
        entries.append(f"    {name!r}: make_optimizer({name!r}, {', '.join(args)}),")
    start = tuple(float(v) for v in start)
    return "\n".join(
        [
            *(["from tfdl.optimizers import decay_schedule"] if decayed else []),
            "from tfdl.surfaces import get_surface",
            "from tfdl.trajectories import make_optimizer, run",
            "",
            f"surface = get_surface({surface!r}, noise={float(noise)!r}{_kwargs(dict(surface_params))})",
            "optimizers = {",
            *entries,
            "}",
            f"df = run(optimizers, surface, start={start}, steps={int(steps)}, seed={int(seed)})",
            "final = df.groupby('optimiser', sort=False).tail(1)",
            "print(final[['optimiser', 'step', 'x', 'y', 'loss']].to_string(index=False))",
        ]
    )
