"""tfdl.models: functional-API builders of the course's networks, and their registry.

Every builder module in this folder registers its variants with
:func:`tfdl.models.registry.register_model`; importing the package imports them all.

Example:
    >>> from tfdl.models import list_models, create_model
    >>> list_models("vgg*")
    ['vgg11', 'vgg11_bn', 'vgg13', 'vgg13_bn', 'vgg16', 'vgg16_bn', 'vgg19', 'vgg19_bn']
    >>> list_models(family="resnet")[:2]
    ['resnet18', 'resnet34']
"""

from tfdl.models.alexnet import alexnet
from tfdl.models.autoencoder import (
    conv_autoencoder,
    denoising_autoencoder,
    interpolate_latents,
)
from tfdl.models.blocks import (
    apply_bottleneck_block,
    apply_dense_block,
    apply_dense_stage,
    apply_fire_module,
    apply_fractal_block,
    apply_highway_layer,
    apply_inception_block,
    apply_inception_resnet_block,
    apply_residual_block,
    apply_residual_stage,
    apply_resnext_block,
    apply_se_block,
    apply_transition_block,
    apply_vgg_stage,
)
from tfdl.models.by_input import INPUT_KINDS, list_models_by_input
from tfdl.models.densenet import densenet, densenet121, densenet169, densenet201
from tfdl.models.footprint import Footprint, model_footprint, without_weights
from tfdl.models.fractalnet import fractalnet
from tfdl.models.googlenet import (
    GOOGLENET_LOSS_WEIGHTS,
    INCEPTION_V1_TABLE,
    googlenet,
    googlenet_naive,
    inception_block_params,
)
from tfdl.models.highway import highway_mlp
from tfdl.models.inception_resnet import inception_resnet_small
from tfdl.models.lenet import lenet5, lenet5_modern
from tfdl.models.metadata import MODEL_METADATA
from tfdl.models.mlp import MLP_ACTIVATIONS, MLP_INITIALIZERS, build_mlp, build_small_cnn
from tfdl.models.nin import apply_mlpconv, nin
from tfdl.models.registry import (
    ModelInfo,
    create_model,
    list_models,
    model_info,
    register_model,
)
from tfdl.models.resnet import (
    cifar_resnet,
    plain18,
    plain20,
    plain34,
    plain56,
    preact_resnet18,
    preact_resnet50,
    preact_resnet110,
    resnet,
    resnet18,
    resnet20,
    resnet34,
    resnet50,
    resnet56,
    resnet101,
    resnet110,
    resnet152,
    resnext50_32x4d,
    se_resnet50,
    stochastic_depth_resnet110,
)
from tfdl.models.segmentation import (
    deconvnet,
    fcn,
    fcn8s,
    fcn16s,
    fcn32s,
    unet,
    unet_output_size,
    unet_same,
    unet_valid_sizes,
)
from tfdl.models.sequence import (
    Seq2SeqInference,
    crnn,
    encoder_gates,
    has_encoder_gates,
    random_lstm_gates,
    rnn_classifier,
    seq2seq,
    seq2seq_inference,
    sequence_tagger,
    source_reversed,
    text_cnn,
)
from tfdl.models.squeezenet import squeezenet, squeezenet1_0, squeezenet1_1
from tfdl.models.vgg import (
    vgg,
    vgg11,
    vgg11_bn,
    vgg13,
    vgg13_bn,
    vgg16,
    vgg16_bn,
    vgg19,
    vgg19_bn,
)

__all__ = [
    "Footprint",
    "INPUT_KINDS",
    "list_models_by_input",
    "model_footprint",
    "without_weights",
    "GOOGLENET_LOSS_WEIGHTS",
    "INCEPTION_V1_TABLE",
    "MLP_ACTIVATIONS",
    "MODEL_METADATA",
    "MLP_INITIALIZERS",
    "ModelInfo",
    "Seq2SeqInference",
    "alexnet",
    "apply_bottleneck_block",
    "apply_dense_block",
    "apply_dense_stage",
    "apply_fire_module",
    "apply_fractal_block",
    "apply_highway_layer",
    "apply_inception_block",
    "apply_inception_resnet_block",
    "apply_mlpconv",
    "apply_residual_block",
    "apply_residual_stage",
    "apply_resnext_block",
    "apply_se_block",
    "apply_transition_block",
    "apply_vgg_stage",
    "build_mlp",
    "build_small_cnn",
    "cifar_resnet",
    "conv_autoencoder",
    "create_model",
    "crnn",
    "deconvnet",
    "denoising_autoencoder",
    "densenet",
    "densenet121",
    "densenet169",
    "densenet201",
    "fcn",
    "fcn16s",
    "fcn32s",
    "fcn8s",
    "fractalnet",
    "googlenet",
    "googlenet_naive",
    "inception_block_params",
    "highway_mlp",
    "inception_resnet_small",
    "interpolate_latents",
    "lenet5",
    "lenet5_modern",
    "list_models",
    "model_info",
    "nin",
    "plain18",
    "plain20",
    "plain34",
    "plain56",
    "preact_resnet110",
    "preact_resnet18",
    "preact_resnet50",
    "register_model",
    "resnet",
    "resnet101",
    "resnet110",
    "resnet152",
    "resnet18",
    "resnet20",
    "resnet34",
    "resnet50",
    "resnet56",
    "resnext50_32x4d",
    "rnn_classifier",
    "se_resnet50",
    "seq2seq",
    "seq2seq_inference",
    "sequence_tagger",
    "source_reversed",
    "encoder_gates",
    "has_encoder_gates",
    "random_lstm_gates",
    "squeezenet",
    "squeezenet1_0",
    "squeezenet1_1",
    "stochastic_depth_resnet110",
    "text_cnn",
    "unet",
    "unet_output_size",
    "unet_same",
    "unet_valid_sizes",
    "vgg",
    "vgg11",
    "vgg11_bn",
    "vgg13",
    "vgg13_bn",
    "vgg16",
    "vgg16_bn",
    "vgg19",
    "vgg19_bn"
]
