"""tfdl.experiments: see the modules in this folder; every public name is re-exported here."""

from tfdl.experiments.activation_lab import EXPERIMENTS, experiment_arguments, run_experiment
from tfdl.experiments.autoencoders import (
    AUTOENCODER_SIZES,
    NOISE_KINDS,
    Denoised,
    TrainedAutoencoders,
    corrupt,
    denoise,
    gaussian_noise,
    mask_square,
    morph,
    pixel_blend,
    reconstruction_errors,
    salt_and_pepper,
    train_autoencoders,
    train_autoencoders_cost,
)
from tfdl.experiments.first_principles import (
    EDGE_DERIVATIVES,
    GRAPH_LATEX,
    TARGETS,
    XOR_X,
    XOR_Y,
    SweepStep,
    Target,
    backprop_sweep,
    graph_dot,
    graph_gradient,
    linear_collapse,
    train_xor,
    universal_approximation,
    xor_linear_fit,
    xor_relu_network,
)
from tfdl.experiments.landscapes import (
    ARCHITECTURES,
    MAX_MLP_DEPTH,
    SkipLandscapes,
    residual_mlp,
    skip_connection_landscapes,
    skip_connection_landscapes_seconds,
)
from tfdl.experiments.linear_templates import (
    LinearClassifier,
    class_templates,
    linear_classifier_cost,
    linear_classifier_model,
    train_linear_classifier,
)
from tfdl.experiments.multiworker import local_tf_configs, run_local, train_worker
from tfdl.experiments.rnn_gradients import (
    ExplodingGradients,
    clip_by_global_norm,
    exploding_gradients,
    gradient_decay,
    scale_to_spectral_radius,
    spectral_radius,
)
from tfdl.experiments.seq2seq_time import (
    MEASURED,
    OVERHEAD_S,
    REFERENCE_UNITS,
    SECONDS_PER_TOKEN,
    UNITS_EXPONENT,
    estimate_seq2seq_seconds,
    fit_cost_model,
    mean_pair_tokens,
    measure_seq2seq_seconds,
)
from tfdl.experiments.sequences import (
    accuracy_by_length,
    gradient_norms_by_step,
    reverse_source_experiment,
    sequence_accuracy,
    train_seq2seq,
)
from tfdl.experiments.text_classification import (
    EMBEDDING_CHOICES,
    SECONDS_PER_RNN_STEP,
    TEXT_ARCHITECTURES,
    TEXT_OVERHEAD_S,
    TaggerRun,
    TextClassifierRun,
    TextPrediction,
    build_text_classifier,
    estimate_text_classifier_seconds,
    sentence_word_vectors,
    text_vocabulary,
    train_sequence_tagger,
    train_text_classifier,
)
from tfdl.experiments.training import initialization_effect, plain_vs_residual, regularization_effects, relu_vs_tanh
from tfdl.experiments.transfer import (
    CUT,
    MAX_SHOTS,
    SOURCE_CLASSES,
    TARGET_CLASSES,
    Pretrained,
    TransferComparison,
    few_shot_split,
    pretrain_source,
    transfer_vs_scratch,
    transfer_vs_scratch_seconds,
)
from tfdl.experiments.vision import (
    SegmentationRun,
    TripletRun,
    shapes_unet,
    train_shapes_unet,
    train_shapes_unet_cost,
    train_triplet_embedding,
    train_triplet_embedding_cost,
    triplet_embedding_model,
)

__all__ = [
    "EXPERIMENTS", "experiment_arguments", "run_experiment",
    "EDGE_DERIVATIVES", "GRAPH_LATEX", "TARGETS", "Target", "graph_dot",
    "XOR_X", "XOR_Y", "graph_gradient", "linear_collapse", "train_xor", "universal_approximation",
    "xor_linear_fit", "xor_relu_network", "local_tf_configs", "train_worker", "run_local",
    "train_seq2seq", "sequence_accuracy", "accuracy_by_length", "reverse_source_experiment",
    "gradient_norms_by_step", "relu_vs_tanh", "plain_vs_residual", "regularization_effects",
    "initialization_effect", "MEASURED", "OVERHEAD_S", "REFERENCE_UNITS", "SECONDS_PER_TOKEN", "UNITS_EXPONENT",
    "estimate_seq2seq_seconds", "fit_cost_model", "mean_pair_tokens", "measure_seq2seq_seconds", "gradient_decay",
    "ARCHITECTURES", "MAX_MLP_DEPTH", "SkipLandscapes", "residual_mlp", "skip_connection_landscapes",
    "skip_connection_landscapes_seconds",
    "NOISE_KINDS", "AUTOENCODER_SIZES", "gaussian_noise", "salt_and_pepper", "mask_square", "corrupt",
    "reconstruction_errors", "pixel_blend", "TrainedAutoencoders", "train_autoencoders", "train_autoencoders_cost",
    "Denoised", "denoise", "morph",
    "SweepStep", "backprop_sweep", "LinearClassifier", "class_templates", "linear_classifier_cost",
    "linear_classifier_model", "train_linear_classifier", "ExplodingGradients", "clip_by_global_norm",
    "exploding_gradients", "scale_to_spectral_radius", "spectral_radius",
    "SegmentationRun", "TripletRun", "shapes_unet", "train_shapes_unet", "train_shapes_unet_cost",
    "train_triplet_embedding", "train_triplet_embedding_cost", "triplet_embedding_model",
    "CUT", "MAX_SHOTS", "SOURCE_CLASSES", "TARGET_CLASSES", "Pretrained", "TransferComparison", "few_shot_split",
    "pretrain_source", "transfer_vs_scratch", "transfer_vs_scratch_seconds",
    "EMBEDDING_CHOICES", "SECONDS_PER_RNN_STEP", "TEXT_ARCHITECTURES", "TEXT_OVERHEAD_S", "TextClassifierRun",
    "TextPrediction", "build_text_classifier", "estimate_text_classifier_seconds", "sentence_word_vectors",
    "text_vocabulary", "train_text_classifier", "TaggerRun", "train_sequence_tagger",
]
