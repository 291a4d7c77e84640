"""tfdl.interpret: see the modules in this folder; every public name is re-exported here."""

from tfdl.interpret.decision import hidden_outputs, predict_grid
from tfdl.interpret.digits_lab import (
    ATTRIBUTION_METHODS,
    EmbeddingView,
    attribution_maps,
    embedding_view,
    image_input_size,
    kernel_layer_for,
    train_digits_cnn,
    train_digits_cnn_cost,
)
from tfdl.interpret.embedding import embeddings, nearest_neighbors, pca, penultimate_layer, tsne
from tfdl.interpret.features import (
    activation_histograms,
    feature_map_layers,
    feature_maps,
    filter_images,
    image_grid,
    layer_activations,
)
from tfdl.interpret.landscape import (
    MAX_RESOLUTION,
    LossInterpolation,
    LossLandscape,
    filter_normalize,
    interpolate_loss,
    loss_landscape,
    random_directions,
    slice_curvature,
)
from tfdl.interpret.occlusion import occlusion_positions, occlusion_sensitivity
from tfdl.interpret.plane import predict_grid_classes, regression_mse
from tfdl.interpret.saliency import grad_cam, guided_backprop, saliency, smoothgrad
from tfdl.interpret.sanity import (
    SANITY_METHODS,
    SanityCheck,
    randomize_layers,
    randomized_layers,
    sanity_check,
    spearman,
)
from tfdl.interpret.synthesis import class_model_visualization, fgsm
from tfdl.validation import deprecated_names

__all__ = [
    "hidden_outputs", "predict_grid", "penultimate_layer", "embeddings", "pca", "tsne",
    "nearest_neighbors", "feature_map_layers",
    "filter_images", "image_grid", "feature_maps", "layer_activations", "activation_histograms",
    "occlusion_sensitivity", "occlusion_positions", "saliency", "smoothgrad", "guided_backprop",
    "grad_cam", "class_model_visualization", "fgsm",
    "ATTRIBUTION_METHODS", "EmbeddingView", "attribution_maps", "embedding_view", "image_input_size",
    "kernel_layer_for", "train_digits_cnn", "train_digits_cnn_cost",
    "LossLandscape", "LossInterpolation", "loss_landscape", "interpolate_loss", "random_directions",
    "filter_normalize", "slice_curvature", "MAX_RESOLUTION",
    "SANITY_METHODS", "SanityCheck", "sanity_check", "spearman", "randomized_layers", "randomize_layers",
    "predict_grid_classes", "regression_mse",
]

# Old names (before 0.2), deprecated aliases for one release.
__getattr__ = deprecated_names("tfdl.interpret", {
    "class_model_visualisation": "class_model_visualization",
    "nearest_neighbours": "nearest_neighbors",
})
