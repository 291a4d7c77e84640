"""tfdl.viz: see the modules in this folder; every public name is re-exported here.

Importing it imports no matplotlib: the figure builders import it when they first draw, and
``ORANGE_BLUE_CMAP`` (a matplotlib colormap) is built on first use, so the matplotlib-free
pictures of ``tfdl.viz.conv_svg`` stay quick to load.
"""

from typing import TYPE_CHECKING

from tfdl.validation import deprecated_names
from tfdl.viz.activations import activation_curves_figure, init_statistics_figure, maxout_figure, softplus_sum_figure
from tfdl.viz.autoencoders import (
    AUTOENCODER_TEXTS,
    denoising_figure,
    image_rows_figure,
    morph_figure,
    reconstructions_figure,
)
from tfdl.viz.beam_tree import BEAM_TREE_TEXTS, beam_tree_dot
from tfdl.viz.conv import (
    conv_output_figure,
    conv_size_formula,
    draw_number_grid,
    kernel_walk_figure,
    number_grid_figure,
    receptive_field_figure,
)
from tfdl.viz.conv_svg import conv_output_svg, grid_panel, kernel_walk_svg, number_grid_svg, receptive_field_svg
from tfdl.viz.embeddings import word_map_figure
from tfdl.viz.formatting import SEPARATORS, format_number, format_significant
from tfdl.viz.gradflow import GRADFLOW_TEXTS, flow_histograms_figure, grad_norms_spec, time_grads_spec
from tfdl.viz.gradients import EXPLODING_TEXTS, exploding_gradients_figure
from tfdl.viz.grid_cells import (
    CELL_COLOR,
    MIN_NUMBER_FONT,
    PADDING_MODE_COLORS,
    RF_COLORS,
    WINDOW_COLOR,
    cell_labels,
    fit_font,
    format_value,
    walk_inputs,
    zoom_region,
)
from tfdl.viz.interpret import (
    activation_histograms_figure,
    adversarial_figure,
    embedding_figure,
    heatmaps_figure,
    image_grid_figure,
    neighbors_figure,
)
from tfdl.viz.landscape import (
    LANDSCAPE_TEXTS,
    interpolation_figure,
    landscape_contours_figure,
    landscape_surfaces_figure,
)
from tfdl.viz.matrix_svg import connectivity_svg, matrix_product_svg, zero_insertion_svg
from tfdl.viz.models import block_of, layer_macs, layer_table, model_summary, model_to_dot
from tfdl.viz.optim import (
    TEXTS,
    RaceFrames,
    contours_figure,
    optimizer_colors,
    positions_at,
    step_range,
    trajectories_figure,
    trajectory_loss_figure,
    trajectory_until,
)
from tfdl.viz.plane import CLASS_COLORS, PLANE_TEXTS, class_map_figure, regression_map_figure
from tfdl.viz.pool_svg import pool_backward_svg, unpool_svg, window_weights_svg
from tfdl.viz.sanity import sanity_correlation_figure, sanity_grid_figure
from tfdl.viz.sequences import (
    accuracy_by_length_figure,
    alignment_figure,
    gate_traces_figure,
    gradient_norms_figure,
    loss_curve_figure,
)
from tfdl.viz.templates import TEMPLATE_TEXTS, class_templates_figure
from tfdl.viz.training import (
    confusion_matrix,
    confusion_matrix_figure,
    decision_boundary_figure,
    misclassified_figure,
    neuron_maps_figure,
    training_curves_figure,
)
from tfdl.viz.vega import curves_spec, epoch_loss_spec, lines_spec, trajectories_spec, trajectory_loss_spec
from tfdl.viz.vision import (
    VISION_TEXTS,
    anchors_figure,
    box_iou_figure,
    nms_figure,
    pr_curve_figure,
    segmentation_figure,
    triplet_embedding_figure,
)

__all__ = [
    "BEAM_TREE_TEXTS", "beam_tree_dot",  # tfdl.viz.beam_tree
    "activation_curves_figure", "softplus_sum_figure", "maxout_figure", "init_statistics_figure",
    "PADDING_MODE_COLORS", "draw_number_grid", "number_grid_figure", "kernel_walk_figure",
    "conv_output_figure", "receptive_field_figure", "conv_size_formula", "format_significant",
    "MIN_NUMBER_FONT", "fit_font",
    "SEPARATORS", "format_number",
    "heatmaps_figure", "image_grid_figure", "embedding_figure", "neighbors_figure",
    "activation_histograms_figure",
    "adversarial_figure", "layer_table", "model_summary", "model_to_dot", "block_of", "layer_macs",
    "optimizer_colors", "contours_figure", "trajectories_figure", "trajectory_loss_figure",
    "trajectory_until", "positions_at", "step_range", "TEXTS", "alignment_figure",
    "gate_traces_figure", "gradient_norms_figure", "accuracy_by_length_figure",
    "loss_curve_figure", "ORANGE_BLUE_CMAP", "confusion_matrix", "decision_boundary_figure",
    "neuron_maps_figure", "training_curves_figure", "confusion_matrix_figure",
    "misclassified_figure", "LANDSCAPE_TEXTS", "landscape_contours_figure", "landscape_surfaces_figure",
    "interpolation_figure", "word_map_figure", "number_grid_svg", "kernel_walk_svg", "conv_output_svg",
    "receptive_field_svg", "grid_panel", "pool_backward_svg", "unpool_svg", "window_weights_svg",
    "RaceFrames",
    "WINDOW_COLOR", "CELL_COLOR", "RF_COLORS", "format_value", "cell_labels", "zoom_region", "walk_inputs",
    "lines_spec", "curves_spec", "epoch_loss_spec", "trajectory_loss_spec", "trajectories_spec",
    "AUTOENCODER_TEXTS", "image_rows_figure", "reconstructions_figure", "denoising_figure", "morph_figure",
    "EXPLODING_TEXTS", "exploding_gradients_figure", "TEMPLATE_TEXTS", "class_templates_figure",
    "VISION_TEXTS", "anchors_figure", "box_iou_figure", "nms_figure", "pr_curve_figure", "segmentation_figure",
    "triplet_embedding_figure",
]
__all__ += ["matrix_product_svg", "zero_insertion_svg", "connectivity_svg"]  # tfdl.viz.matrix_svg
__all__ += ["sanity_grid_figure", "sanity_correlation_figure"]  # tfdl.viz.sanity
__all__ += ["CLASS_COLORS", "PLANE_TEXTS", "class_map_figure", "regression_map_figure"]  # tfdl.viz.plane
__all__ += ["GRADFLOW_TEXTS", "grad_norms_spec", "time_grads_spec", "flow_histograms_figure"]  # tfdl.viz.gradflow

if TYPE_CHECKING:
    from tfdl.viz.training import ORANGE_BLUE_CMAP

# Old names (before 0.2), deprecated aliases for one release.
_deprecated = deprecated_names("tfdl.viz", {
    "plot_contours": "contours_figure",
    "plot_trajectories": "trajectories_figure",
    "plot_loss_curves": "trajectory_loss_figure",
    "PLAYGROUND_CMAP": "ORANGE_BLUE_CMAP",
    "neighbours_figure": "neighbors_figure",
})


def __getattr__(name: str):
    if name == "ORANGE_BLUE_CMAP":  # a matplotlib colormap, built on first use (tfdl.viz.training)
        from tfdl.viz import training

        return training.ORANGE_BLUE_CMAP
    return _deprecated(name)
