"""tfdl.interpret: see the modules in this folder; every public name is re-exported here."""

from tfdl.validation import deprecated_names
from tfdl.interpret.decision import hidden_outputs, predict_grid
from tfdl.interpret.embedding import penultimate_layer, embeddings, pca, tsne, nearest_neighbors
from tfdl.interpret.features import (
    feature_map_layers, filter_images, image_grid, feature_maps, layer_activations,
    activation_histograms
)
from tfdl.interpret.occlusion import occlusion_sensitivity, occlusion_positions
from tfdl.interpret.saliency import saliency, smoothgrad, guided_backprop, grad_cam
from tfdl.interpret.synthesis import class_model_visualization, fgsm

__all__ = [
    "hidden_outputs", "predict_grid", "penultimate_layer", "embeddings", "pca", "tsne",
    "nearest_neighbors", "feature_map_layers",
    "filter_images", "image_grid", "feature_maps", "layer_activations", "activation_histograms",
    "occlusion_sensitivity", "occlusion_positions", "saliency", "smoothgrad", "guided_backprop",
    "grad_cam", "class_model_visualization", "fgsm"
]

# Old names (before 0.2), deprecated aliases for one release.
__getattr__ = deprecated_names("tfdl.interpret", {
    "class_model_visualisation": "class_model_visualization",
    "nearest_neighbours": "nearest_neighbors",
})
