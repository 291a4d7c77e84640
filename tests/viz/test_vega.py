"""The interactive charts (tfdl.viz.vega): valid Vega-Lite, and their data is the caller's numbers."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from tfdl.viz.vega import curves_spec, epoch_loss_spec, lines_spec, trajectory_loss_spec


@pytest.fixture(scope="module")
def validator():
    """Vega-Lite's own JSON schema, as Altair ships it (the version Streamlit's frontend renders)."""
    import altair
    import jsonschema

    schema = json.loads((Path(altair.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json")
                        .read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def _valid(validator, spec) -> None:
    errors = sorted(validator.iter_errors(json.loads(json.dumps(spec))), key=str)
    assert not errors, errors[0].message


def test_lines_keep_the_numbers_and_leave_non_finite_values_as_gaps(validator):
    rows = {"step": [0, 1, 2, 0, 1, 2], "loss": [1.0, np.nan, 0.25, 2.0, np.inf, 0.5],
            "run": ["GD, η=0.1", "GD, η=0.1", "GD, η=0.1", "a.b", "a.b", "a.b"]}
    spec = lines_spec(rows, "step", "loss", "run", colors={"a.b": "#ff0000"}, rule_x=1)
    _valid(validator, spec)
    assert [r["loss"] for r in spec["data"]["values"]] == [1.0, None, 0.25, 2.0, None, 0.5]
    assert [r["run"] for r in spec["data"]["values"]] == rows["run"]
    color = spec["layer"][0]["encoding"]["color"]
    assert color["scale"]["domain"] == ["GD, η=0.1", "a.b"] and color["scale"]["range"][1] == "#ff0000"
    # hovering shows every series' value at that step: a pivot to one column per series
    hover = spec["layer"][1]
    assert hover["transform"] == [{"pivot": "run", "value": "loss", "groupby": ["step"]}]
    tooltip = hover["encoding"]["tooltip"]
    assert [t["field"] for t in tooltip] == ["step", "GD, η=0\\.1", "a\\.b"]  # dots escaped: not nested fields
    assert [t["title"] for t in tooltip] == ["step", "GD, η=0.1", "a.b"]
    assert spec["layer"][2]["data"]["values"] == [{"step": 1.0}]


def test_log_axis_drops_values_it_cannot_draw_and_two_charts_get_distinct_selections(validator):
    spec = lines_spec({"x": [1, 2, 3], "y": [1.0, 0.0, -1.0]}, "x", "y", log_y=True, name="a")
    _valid(validator, spec)
    assert [r["y"] for r in spec["data"]["values"]] == [1.0, None, None]
    other = lines_spec({"x": [1], "y": [1.0]}, "x", "y", name="b")
    names = lambda s: {p["name"] for layer in s["layer"] for part in [layer, *layer.get("layer", [])]
                       for p in part.get("params", [])}
    assert names(spec).isdisjoint(names(other))


def test_a_column_that_is_not_there_names_the_argument():
    with pytest.raises(ValueError, match="`series` must name a column.*'optimizer'"):
        lines_spec({"step": [0], "loss": [1.0]}, "step", "loss", "optimizer")


def test_learning_curves_train_solid_validation_dashed(validator):
    history = {"epoch": [1, 2, 3], "loss": [1.0, 0.6, 0.4], "val_loss": [1.2, 0.8, 0.9], "accuracy": [0.5, 0.7, 0.8]}
    spec = curves_spec(history, "loss", texts={"train": "обучение", "validation": "проверка", "loss": "потери"})
    _valid(validator, spec)
    values = spec["data"]["values"]
    assert [r["value"] for r in values if r["curve"] == "обучение"] == history["loss"]
    assert [r["value"] for r in values if r["curve"] == "проверка"] == history["val_loss"]
    dash = spec["layer"][0]["encoding"]["strokeDash"]["scale"]
    assert dash == {"domain": ["обучение", "проверка"], "range": [[1, 0], [6, 4]]}
    assert spec["layer"][0]["encoding"]["y"]["title"] == "потери"
    assert {r["curve"] for r in curves_spec(history, "accuracy")["data"]["values"]} == {"train"}
    with pytest.raises(ValueError, match="metrics"):
        curves_spec(history, "auc")


def test_epoch_loss_counts_epochs_from_one(validator):
    spec = epoch_loss_spec([0.9, 0.5, 0.3], texts={"epoch": "эпоха"}, title="training loss")
    _valid(validator, spec)
    assert [(r["epoch"], r["loss"]) for r in spec["data"]["values"]] == [(1, 0.9), (2, 0.5), (3, 0.3)]
    assert spec["title"] == "training loss" and spec["encoding"]["x"]["title"] == "эпоха"


def test_race_loss_is_the_distance_to_the_minimum_on_a_log_axis(validator):
    import tfdl
    from tfdl.surfaces import get_surface
    from tfdl.viz.optim import optimizer_colors

    surface = get_surface("himmelblau")
    df = tfdl.trajectories.run(["sgd", "adam"], surface, steps=6)
    spec = trajectory_loss_spec(df, surface, step=3)
    _valid(validator, spec)
    expected = np.maximum(df["loss"].to_numpy() - surface.min_value, 1e-12)
    got = np.array([r["loss"] for r in spec["data"]["values"]], dtype=float)
    np.testing.assert_allclose(got, expected)
    labels = list(dict.fromkeys(df["optimiser"]))
    assert spec["layer"][0]["encoding"]["color"]["scale"]["range"] == [optimizer_colors(labels)[k] for k in labels]
    assert spec["layer"][0]["encoding"]["y"]["scale"] == {"type": "log"}
    assert spec["layer"][2]["data"]["values"] == [{"step": 3.0}]
    saddle = trajectory_loss_spec(tfdl.trajectories.run(["sgd"], "saddle", steps=3), "saddle")
    assert saddle["layer"][0]["encoding"]["y"]["scale"] == {"zero": False} and not math.isnan(
        saddle["data"]["values"][0]["loss"])
