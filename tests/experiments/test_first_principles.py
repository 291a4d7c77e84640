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
    reference = {
        "sin": np.sin(x),
        "abs": np.abs(x),
        "step": (x > 0) * 1.0,
        "bump": np.exp(-8 * x * x),
        "wiggle": np.sin(3 * x) + 0.5 * np.cos(7 * x),
    }[name]
    np.testing.assert_allclose(y, reference)


def _tape_graph(x: float):
    """The graph built with TensorFlow ops (float64): forward values, every node's adjoint ∂f/∂node
    from tf.GradientTape, and each op's local derivatives from a tape around that op alone."""
    import tensorflow as tf

    def ops(name, p):
        return {
            "a": lambda: p["x"] * p["x"],
            "b": lambda: tf.sin(p["x"]),
            "c": lambda: p["a"] * p["b"],
            "d": lambda: p["a"] + p["c"],
            "f": lambda: p["d"] * p["b"],
        }[name]()

    parents = {"a": ["x"], "b": ["x"], "c": ["a", "b"], "d": ["a", "c"], "f": ["d", "b"]}
    t = {"x": tf.constant(x, tf.float64)}
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(t["x"])
        for name in "abcdf":
            t[name] = ops(name, t)
            tape.watch(t[name])
    adjoints = {n: float(g) for n, g in zip(t, tape.gradient(t["f"], list(t.values())))}
    local = {}
    for name, ps in parents.items():
        inputs = {p: tf.constant(float(t[p]), tf.float64) for p in ps}
        with tf.GradientTape() as op_tape:
            op_tape.watch(list(inputs.values()))
            out = ops(name, inputs)
        local[name] = {p: float(g) for p, g in zip(ps, op_tape.gradient(out, [inputs[p] for p in ps]))}
    return {n: float(v) for n, v in t.items()}, adjoints, local


@pytest.mark.parametrize("x", [-1.3, 0.7])
def test_backprop_sweep_numbers_equal_gradient_tape(x):
    """Forward values = direct evaluation; local derivatives, final adjoints and every partial sum of
    the sweep = tf.GradientTape's numbers; nodes in reverse topological order."""
    values, adjoints, local = _tape_graph(x)
    steps = A.backprop_sweep(x)
    assert [s.node for s in steps] == ["f", "d", "c", "b", "a", "x"]
    # direct evaluation of the closed form
    assert steps[0].value == pytest.approx((x * x + x * x * math.sin(x)) * math.sin(x), rel=1e-12)
    seen = set()
    for s in steps:
        assert s.value == pytest.approx(values[s.node], rel=1e-12)
        assert s.adjoint == pytest.approx(adjoints[s.node], rel=1e-10)
        assert s.local == pytest.approx(local.get(s.node, {}), rel=1e-12)
        seen.add(s.node)
        # after this step a node holds the sum over its visited children of child adjoint × ∂child/∂node
        for node, acc in s.adjoints.items():
            parts = [adjoints[c] * local[c][node] for c in seen if node in local.get(c, {})]
            expected = 1.0 if node == "f" else (sum(parts) if parts else None)
            assert acc == (None if expected is None else pytest.approx(expected, rel=1e-10)), (s.node, node)
    assert steps[-1].adjoint == pytest.approx(A.graph_gradient(x)["gradient"], rel=1e-12)


def test_graph_dot_of_a_sweep_step_highlights_the_node_and_its_input_edges():
    step = A.backprop_sweep(0.5)[2]  # node c: parents a and b
    dot = A.graph_dot(x=0.5, step=step)
    assert re.search(r'^c \[label="c\\n[^"]*\\nc\u0304 = [^"]*" style=filled fillcolor="#fdd49e"', dot, re.M)
    bold = [line.split(" [")[0] for line in dot.splitlines() if "penwidth=2.5" in line]
    assert sorted(bold) == ["a -> c", "b -> c"]
    assert re.search(r'^x \[label="x\\n0.5\\n "\];', dot, re.M)  # no contribution reached x yet


def test_graph_dot_formats_every_number_with_the_given_function():
    dot = A.graph_dot(x=0.5, step=A.backprop_sweep(0.5)[0], number=lambda v: f"{v:.3g}".replace(".", ","))
    assert 'x [label="x\\n0,5\\n "];' in dot and 'x -> a [label="2x = 1"];' in dot
    assert "f\u0304 = 1" in dot and "0,479" in dot  # b = sin 0.5
