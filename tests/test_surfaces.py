"""tfdl.surfaces: autodiff gradients against hand-derived formulas, minima, noise, errors."""

import math

import numpy as np
import pytest

from tfdl import surfaces as S

PI = math.pi


def _analytic(name, x, y, **p):
    """(value, ∂L/∂x, ∂L/∂y) written out by hand in numpy."""
    if name == "bowl":
        c = p.get("scale", 1.0)
        return c * (x**2 + y**2), 2 * c * x, 2 * c * y
    if name == "ravine":
        k = p.get("condition_number", 20.0)
        return 0.5 * (x**2 + k * y**2), x, k * y
    if name == "rosenbrock":
        a, b = p.get("a", 1.0), p.get("b", 100.0)
        return (a - x) ** 2 + b * (y - x**2) ** 2, -2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)
    if name == "beale":
        t1, t2, t3 = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
        gx = 2 * t1 * (y - 1) + 2 * t2 * (y**2 - 1) + 2 * t3 * (y**3 - 1)
        gy = 2 * t1 * x + 2 * t2 * 2 * x * y + 2 * t3 * 3 * x * y**2
        return t1**2 + t2**2 + t3**2, gx, gy
    if name == "himmelblau":
        u, v = x**2 + y - 11, x + y**2 - 7
        return u**2 + v**2, 4 * x * u + 2 * v, 2 * u + 4 * y * v
    if name == "saddle":
        return x**2 - y**2, 2 * x, -2 * y
    if name == "rastrigin":
        A = p.get("A", 10.0)
        val = 2 * A + x**2 - A * np.cos(2 * PI * x) + y**2 - A * np.cos(2 * PI * y)
        return val, 2 * x + 2 * PI * A * np.sin(2 * PI * x), 2 * y + 2 * PI * A * np.sin(2 * PI * y)
    raise KeyError(name)


CASES = [("bowl", {}), ("bowl", {"scale": 3.0}), ("ravine", {}), ("ravine", {"condition_number": 100.0}),
         ("rosenbrock", {}), ("rosenbrock", {"a": 2.0, "b": 10.0}), ("beale", {}), ("himmelblau", {}),
         ("saddle", {}), ("rastrigin", {}), ("rastrigin", {"A": 3.0})]


@pytest.mark.parametrize("name, params", CASES)
def test_value_and_autodiff_gradient_match_formula(name, params):
    s = S.get_surface(name, **params)
    (x0, x1), (y0, y1) = s.bounds
    rng = np.random.default_rng(0)
    xy = np.stack([rng.uniform(x0, x1, 20), rng.uniform(y0, y1, 20)], axis=1).astype("float32")
    x, y = xy[:, 0].astype("float64"), xy[:, 1].astype("float64")
    value, gx, gy = _analytic(name, x, y, **params)
    np.testing.assert_allclose(s.value(xy), value, rtol=1e-4, atol=1e-3)
    g = s.gradient(xy)
    assert g.shape == (20, 2)
    scale = 1e-4 * (np.abs(np.stack([gx, gy], 1)).max() + 1)
    np.testing.assert_allclose(g, np.stack([gx, gy], axis=1), rtol=1e-4, atol=scale)


@pytest.mark.parametrize("name", S.list_surfaces())
def test_minima_have_zero_gradient_and_minimum_value(name):
    s = S.get_surface(name)
    for point in s.minima + s.critical_points:
        _, gx, gy = _analytic(name, np.float64(point[0]), np.float64(point[1]))
        assert abs(gx) < 1e-3 and abs(gy) < 1e-3  # the published points, by the hand formula
        assert np.abs(s.gradient(point)).max() < 1e-3  # and by autodiff
    for point in s.minima:
        assert float(s.value(point)) == pytest.approx(s.min_value, abs=1e-6)
        # a minimum: nearby points are higher
        for d in [(1e-2, 0), (0, 1e-2), (-1e-2, 0), (0, -1e-2)]:
            assert s.value(np.add(point, d)) > s.value(point)


def test_saddle_has_no_minimum_but_a_critical_point():
    s = S.saddle()
    assert s.minima == () and s.min_value is None and s.critical_points == ((0.0, 0.0),)
    assert s.value([0.0, 2.0]) < s.value([0.0, 0.0]) < s.value([2.0, 0.0])
    assert s.target() == -1.0


def test_ravine_condition_number_is_hessian_ratio():
    s = S.ravine(condition_number=50.0)
    h = 1e-2
    gx = s.gradient([[h, 0.0], [0.0, h]])
    curvatures = np.array([gx[0, 0], gx[1, 1]]) / h
    assert curvatures[1] / curvatures[0] == pytest.approx(50.0, rel=1e-4)


def test_gradient_noise_has_requested_std_and_is_off_by_default():
    s = S.get_surface("bowl", noise=0.5)
    xy = np.zeros((4000, 2), dtype="float32")
    assert np.abs(s.gradient(xy)).max() == 0  # noisy=False: the exact gradient
    g = s.gradient(xy, noisy=True, seed=1)
    assert g.std() == pytest.approx(0.5, rel=0.05) and abs(g.mean()) < 0.05
    assert S.get_surface("bowl").noise == 0.0


def test_grid_matches_values():
    s = S.himmelblau()
    X, Y, Z = s.grid(n=7)
    assert X.shape == Y.shape == Z.shape == (7, 7)
    np.testing.assert_allclose(Z, _analytic("himmelblau", X, Y)[0], rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("call, message", [
    (lambda: S.get_surface("donut"), "name"),
    (lambda: S.ravine(condition_number=0.5), "condition_number"),
    (lambda: S.rosenbrock(b=-1.0), "b"),
    (lambda: S.get_surface("bowl", radius=2), "radius"),
    (lambda: S.saddle().with_noise(-1), "sigma"),
])
def test_bad_settings_raise_teaching_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_titles_write_no_coefficient_of_one():
    """The bowl's title read "1(x² + y²)" on the Optimisers page."""
    from tfdl.surfaces import quadratic_bowl, ravine, rosenbrock

    assert quadratic_bowl().title == "(x² + y²)" and quadratic_bowl(2.0).title == "2(x² + y²)"
    assert ravine(1.0).title == "(x² + y²)/2" and ravine(20.0).title == "(x² + 20·y²)/2"
    assert rosenbrock(b=1.0).title == "(1 − x)² + (y − x²)²"
