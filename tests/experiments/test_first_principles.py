"""The First principles graph's DOT text, derivative labels and approximation targets."""

import math
import re

import numpy as np
import pytest

from tfdl.experiments import first_principles as A


def test_edge_labels_are_the_local_derivatives_by_finite_differences():
    """Each label, evaluated as a formula in the node values, is ∂w/∂u (checked numerically)."""
    x = 0.8
    g = A.graph_gradient(x)
    v = g["values"]
    env = {**v, "cos": math.cos}
    for (u, w), label in A.EDGE_DERIVATIVES.items():
        expr = label.replace("2x", "2*x").replace("cos x", "cos(x)")
        assert eval(expr, env) == pytest.approx(g["edges"][(u, w)]), (u, w, label)
    assert set(A.EDGE_DERIVATIVES) == set(g["edges"])
    # independent reference: the chain rule on the closed form f = (x² + x² sin x) sin x
    f = lambda t: (t * t + t * t * math.sin(t)) * math.sin(t)
    h = 1e-6
    assert g["gradient"] == pytest.approx((f(x + h) - f(x - h)) / (2 * h), rel=1e-6)


def test_graph_dot_has_every_node_value_and_labelled_edge():
    g = A.graph_gradient(1.2)
    dot = A.graph_dot(g)
    assert dot.startswith("digraph {") and dot.rstrip().endswith("}")
    nodes = dict(re.findall(r'^(\w) \[label="\w\\n([^"]+)"\];$', dot, re.M))
    assert set(nodes) == {"x", "a", "b", "c", "d", "f"}
    assert float(nodes["a"]) == pytest.approx(1.44) and float(nodes["b"]) == pytest.approx(math.sin(1.2), abs=1e-3)
    edges = re.findall(r'^(\w) -> (\w) \[label="([^"]+) = ([^"]+)"\];$', dot, re.M)
    assert len(edges) == 8
    for u, w, formula, value in edges:
        assert formula == A.EDGE_DERIVATIVES[(u, w)]
        assert float(value) == pytest.approx(g["edges"][(u, w)], rel=2e-3)
    assert A.graph_dot(x=1.2) == dot


def test_graph_latex_names_the_graph():
    for part in ("a = x^2", r"b = \sin x", "c = a", "d = a + c", "f = d"):
        assert part in A.GRAPH_LATEX


@pytest.mark.parametrize("name", list(A.TARGETS))
def test_targets_are_functions_on_their_intervals(name):
    t = A.TARGETS[name]
    assert t.x_min < t.x_max and t.label
    x = np.linspace(t.x_min, t.x_max, 7)
    y = t.fn(x)
    assert y.shape == x.shape and np.isfinite(y).all()
    reference = {"sin": np.sin(x), "abs": np.abs(x), "step": (x > 0) * 1.0, "bump": np.exp(-8 * x * x),
                 "wiggle": np.sin(3 * x) + 0.5 * np.cos(7 * x)}[name]
    np.testing.assert_allclose(y, reference)
