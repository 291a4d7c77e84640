"""tfdl.trajectories.run against stepping each Keras optimiser by hand; divergence; stories."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")
from tfdl import surfaces, trajectories
from tfdl.optimizers import (
    SGD,
    Adagrad,
    Adam,
    InverseTimeDecay,
    Momentum,
    Nesterov,
    RMSProp,
)
from tfdl.trajectories import run, summarize


def _step_by_hand(optimizer, surface, start, steps):
    """Apply ``optimizer`` eagerly to a Keras variable, with autodiff gradients of the surface."""
    var = keras.Variable(np.asarray(start, dtype="float32"))
    path = [var.numpy().copy()]
    for _ in range(steps):
        g = surface.gradient(var.numpy())
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(g), var)])
        path.append(var.numpy().copy())
    return np.array(path)


MAKERS = {
    "SGD": lambda: SGD(1e-3),
    "SGD-decay": lambda: SGD(InverseTimeDecay(2e-3, 0.05)),
    "Momentum": lambda: Momentum(1e-3, momentum=0.9),
    "Momentum-ema": lambda: Momentum(1e-2, momentum=0.8, form="ema"),
    "Nesterov": lambda: Nesterov(1e-3, momentum=0.9),
    "Adagrad": lambda: Adagrad(0.3),
    "RMSProp": lambda: RMSProp(0.01),
    "Adam": lambda: Adam(0.05),
}


def test_run_matches_each_optimizer_stepped_manually():
    s = surfaces.rosenbrock()
    steps = 25
    df = run({k: make() for k, make in MAKERS.items()}, s, start=(-1.2, 1.0), steps=steps)
    assert list(df.columns) == ["optimiser", "step", "x", "y", "loss", "grad_norm", "diverged"]
    assert len(df) == len(MAKERS) * (steps + 1) and not df["diverged"].any()
    for label, make in MAKERS.items():
        expected = _step_by_hand(make(), s, (-1.2, 1.0), steps)
        rows = df[df.optimiser == label]
        np.testing.assert_array_equal(rows.step, np.arange(steps + 1))
        np.testing.assert_allclose(rows[["x", "y"]].to_numpy(), expected, rtol=2e-4, atol=2e-5, err_msg=label)
        np.testing.assert_allclose(rows.loss, s.value(expected), rtol=1e-3, atol=1e-4, err_msg=label)
        np.testing.assert_allclose(rows.grad_norm, np.linalg.norm(s.gradient(expected), axis=1),
                                   rtol=1e-3, atol=1e-4, err_msg=label)


KERAS_ARGUMENTS = {  # tfdl optimiser with Keras' arguments ↔ Keras' own optimiser
    "SGD-momentum": (lambda: SGD(1e-3, momentum=0.9),
                     lambda: keras.optimizers.SGD(1e-3, momentum=0.9)),
    "SGD-nesterov": (lambda: SGD(1e-3, momentum=0.9, nesterov=True),
                     lambda: keras.optimizers.SGD(1e-3, momentum=0.9, nesterov=True)),
    "Momentum-1": (lambda: Momentum(1e-4, momentum=1.0),
                   lambda: keras.optimizers.SGD(1e-4, momentum=1.0)),
    "RMSProp-momentum": (lambda: RMSProp(0.01, momentum=0.5),
                         lambda: keras.optimizers.RMSprop(0.01, momentum=0.5)),
    "RMSProp-centered": (lambda: RMSProp(0.01, centered=True),
                         lambda: keras.optimizers.RMSprop(0.01, centered=True)),
    "RMSProp-both": (lambda: RMSProp(0.01, momentum=0.5, centered=True),
                     lambda: keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True)),
    "Adam-amsgrad": (lambda: Adam(0.05, amsgrad=True),
                     lambda: keras.optimizers.Adam(0.05, amsgrad=True)),
}


def test_keras_arguments_run_and_match_keras_optimizers():
    """SGD(momentum, nesterov), RMSProp(momentum, centered) and Adam(amsgrad) in the fast runner
    follow Keras' own optimisers stepped by hand; each option compiles its own loop (cache key)."""
    s, steps = surfaces.rosenbrock(), 25
    run({"plain": RMSProp(0.01), "adam": Adam(0.05)}, s, start=(-1.2, 1.0), steps=steps)
    df = run({k: ours() for k, (ours, _) in KERAS_ARGUMENTS.items()}, s, start=(-1.2, 1.0),
             steps=steps)
    for label, (_, theirs) in KERAS_ARGUMENTS.items():
        expected = _step_by_hand(theirs(), s, (-1.2, 1.0), steps)
        rows = df[df.optimiser == label]
        np.testing.assert_allclose(rows[["x", "y"]].to_numpy(), expected, rtol=2e-4, atol=2e-5,
                                   err_msg=label)
    # alone, with the plain optimisers' loops already cached
    for label in ("RMSProp-centered", "Adam-amsgrad"):
        ours, theirs = KERAS_ARGUMENTS[label]
        alone = run([ours()], s, start=(-1.2, 1.0), steps=steps)
        np.testing.assert_allclose(alone[["x", "y"]].to_numpy(),
                                   _step_by_hand(theirs(), s, (-1.2, 1.0), steps),
                                   rtol=2e-4, atol=2e-5, err_msg=label)


def test_divergence_is_reported_per_optimizer_not_raised():
    # On c(x²+y²) SGD multiplies w by (1 − 2η); η = 1.5 doubles it with a flip each step.
    s = surfaces.quadratic_bowl()
    df = run({"too big": SGD(1.5), "fine": SGD(0.1), "adam": Adam(0.1)}, s, start=(-2.5, 2.0), steps=30)
    # |w_k| = 2.5·2^k leaves the default bound 30 (10× the plot box) first at k = 4
    info = trajectories.divergence(df)
    assert set(info) == {"too big"} and info["too big"]["step"] == 4
    assert "left" in info["too big"]["reason"] and info["too big"]["code"] == "left_region"
    big = df[df.optimiser == "too big"]
    assert big.step.max() == 4 and big.diverged.tolist() == [False] * 4 + [True]
    np.testing.assert_allclose(big.x, -2.5 * (-2.0) ** np.arange(5))
    assert (df[df.optimiser == "fine"].step.max(), df[df.optimiser == "adam"].step.max()) == (30, 30)
    table = summarize(df, surface=s)
    assert table.loc["too big", "diverged_at"] == 4 and np.isnan(table.loc["fine", "diverged_at"])


def test_overflow_is_reported_as_nan_or_inf():
    df = run({"boom": SGD(0.5)}, "rosenbrock", start=(-1.5, 2.5), steps=50, bound=1e30)
    info = trajectories.divergence(df)
    assert info["boom"]["reason"] == "NaN or inf" and info["boom"]["step"] < 10
    assert info["boom"]["code"] == "not_finite"


def test_hyperparameters_are_inputs_not_retraced():
    opts = lambda lr: [SGD(lr), Adam(lr)]
    a = run(opts(0.01), "beale", steps=20)
    key = next(k for k in trajectories._RUNNERS if k[1][0] == "beale")
    fn = trajectories._RUNNERS[key]
    b = run(opts(0.02), "beale", start=(0.5, 0.5), steps=20)
    c = run(opts(0.02), "beale", start=(0.5, 0.5), steps=50)  # same capacity: same loop
    assert fn.experimental_get_tracing_count() == 1
    assert not np.allclose(a.x, b.x)
    np.testing.assert_array_equal(c[c.step <= 20].x.to_numpy(), b.x.to_numpy())


def test_gradient_noise_is_seeded():
    s = surfaces.get_surface("bowl", noise=0.5)
    a = run(["sgd"], s, steps=30, seed=1)
    b = run(["sgd"], s, steps=30, seed=1)
    c = run(["sgd"], s, steps=30, seed=2)
    exact = run(["sgd"], s, steps=30, noise=0.0)
    np.testing.assert_array_equal(a.x, b.x)
    assert not np.allclose(a.x, c.x) and not np.allclose(a.x, exact.x)
    # with η = 0.01 the exact path is w₀(1 − 0.02)^k
    np.testing.assert_allclose(exact.x, s.start[0] * 0.98 ** np.arange(31), rtol=1e-5)


def test_ravine_story_momentum_beats_gradient_descent():
    s = surfaces.ravine(condition_number=50.0)
    df = run({"GD": SGD(0.038), "Momentum": Momentum(0.038, momentum=0.8)}, s, steps=300)
    t = summarize(df, surface=s, tol=1e-3)
    assert t.loc["Momentum", "steps_to_target"] < 0.5 * np.nan_to_num(t.loc["GD", "steps_to_target"], nan=1e9)


def test_saddle_story_adaptive_methods_escape_first():
    s = surfaces.saddle()
    df = run({"GD": SGD(0.01), "Adam": Adam(0.01), "RMSProp": RMSProp(0.01)}, s, start=(1.0, 1e-4), steps=400)
    t = summarize(df, surface=s)
    gd = np.nan_to_num(t.loc["GD", "steps_to_target"], nan=1e9)
    assert t.loc["Adam", "steps_to_target"] < gd and t.loc["RMSProp", "steps_to_target"] < gd


def test_adagrad_step_dies_out_where_rmsprop_does_not():
    s = surfaces.ravine()
    df = run({"Adagrad": Adagrad(0.1), "RMSProp": RMSProp(0.1)}, s, steps=300)
    t = summarize(df, surface=s, tol=1e-2)
    assert not np.isnan(t.loc["RMSProp", "steps_to_target"])  # RMSProp arrives
    assert np.isnan(t.loc["Adagrad", "steps_to_target"]) and t.loc["Adagrad", "final_loss"] > 10
    g = df[df.optimiser == "Adagrad"]
    step = np.hypot(np.diff(g.x), np.diff(g.y))
    # stalled far from the minimum, not converged: its steps shrink like 1/√t
    assert step[200:].sum() < 0.6 * step[:100].sum()


@pytest.mark.parametrize("kwargs, message", [
    ({"steps": 0}, "steps"),
    ({"start": (0.0,)}, "start"),
    ({"start": (np.nan, 0.0)}, "start"),
    ({"bound": -1.0}, "bound"),
    ({"noise": -0.1}, "noise"),
])
def test_bad_arguments_raise_teaching_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        run(["sgd"], "bowl", **kwargs)


def test_rejects_optimizers_without_a_pure_rule():
    with pytest.raises(ValueError, match="tfdl optimisers"):
        run([keras.optimizers.SGD(0.1)], "bowl", steps=3)
    with pytest.raises(ValueError, match="optimizers"):
        run([], "bowl", steps=3)


# ---------------------------------------------------------------- tfdl.viz.optim on run() output
def test_viz_draws_every_path_minima_and_log_loss():
    import matplotlib

    matplotlib.use("Agg")
    from tfdl.viz import optim as V

    s = surfaces.himmelblau()
    df = run({"GD": SGD(0.01), "Adam": Adam(0.1), "boom": SGD(1.0)}, s, steps=40)
    fig = V.trajectories_figure(df, s, step=10, texts={"start": "старт"})
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert {"GD", "Adam", "boom", "старт", "minimum"} <= set(labels)
    gd = next(line for line in ax.get_lines() if line.get_label() == "GD")
    assert len(gd.get_xdata()) == 11  # steps 0..10 only: the slider frame
    stars = [line for line in ax.get_lines() if line.get_marker() == "*"]
    assert sum(len(line.get_xdata()) for line in stars) == 4  # Himmelblau's four minima
    assert V.trajectory_loss_figure(df, s).axes[0].get_yscale() == "log"
    assert V.trajectory_loss_figure(run(["adam"], "saddle", steps=5), "saddle").axes[0].get_yscale() == "symlog"
    pos = V.positions_at(df, 10)
    np.testing.assert_allclose(pos.loc["GD", ["x", "y"]].to_numpy(float),
                               df[(df.optimiser == "GD") & (df.step == 10)][["x", "y"]].to_numpy(float)[0])
    assert V.step_range(df) == (0, 40)
    assert pos.loc["boom", "step"] <= 10 or not df[df.optimiser == "boom"].diverged.any()


def test_race_frames_draw_each_step_where_the_paths_are():
    """RaceFrames (the playground's step slider) redraws the paths up to the step on a saved
    background: the frame holds the rows up to the step, the current position is drawn where the
    row says (a pixel of the JPEG), and the same step gives the same picture."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from PIL import Image

    from tfdl.viz.optim import RaceFrames, optimizer_colors

    s = surfaces.get_surface("bowl")
    df = run({"GD": SGD(0.1), "boom": SGD(1.2)}, s, start=(-2.5, 2.0), steps=30)
    frames = RaceFrames(df, s, dpi=80)
    first, again, last = frames.trajectories_image(10), frames.trajectories_image(10), frames.trajectories_image(30)
    assert first == again and first != last
    image = Image.open(io.BytesIO(frames.trajectories_image(10)))
    assert image.format == "JPEG" and image.size == (512, 448)  # 6.4 × 5.6 inches at 80 dpi
    for label in ("GD", "boom"):
        rows = df[(df.optimiser == label) & (df.step <= 10)]
        path, here, cross = frames._marks[label]
        np.testing.assert_allclose(path.get_xdata(), rows["x"])
        np.testing.assert_allclose(path.get_ydata(), rows["y"])
        assert list(here.get_xdata()) == [rows["x"].iloc[-1]]
        assert len(cross.get_xdata()) == int(bool(rows["diverged"].iloc[-1]))
    x, y = df[(df.optimiser == "GD") & (df.step == 10)][["x", "y"]].to_numpy(float)[0]
    px, py = here.axes.transData.transform((x, y))
    colour = np.array(image.convert("RGB").getpixel((int(px), int(image.size[1] - py))))
    expected = np.array([int(optimizer_colors(["GD"])["GD"][k:k + 2], 16) for k in (1, 3, 5)])
    assert np.abs(colour - expected).max() < 40  # GD's marker, drawn at its position at step 10
    assert Image.open(io.BytesIO(frames.loss_image(7))).size == (512, 352)
    assert list(frames._step_line.get_xdata()) == [7, 7] and frames._step_line.get_visible()
