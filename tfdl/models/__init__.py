"""tfdl.models: functional-API builders of the course's networks, and their registry.

Every builder module in this folder registers its variants with
:func:`tfdl.models.registry.register_model`; importing the package imports them all.

Example:
    >>> from tfdl.models import list_models, create_model
    >>> list_models("vgg*")            # doctest: +SKIP
    ['vgg11', 'vgg11_bn', 'vgg13', ...]
"""

from tfdl.models.alexnet import alexnet
from tfdl.models.autoencoder import conv_autoencoder, denoising_autoencoder, interpolate_latents
from tfdl.models.blocks import (
    apply_residual_block, apply_bottleneck_block, apply_resnext_block, apply_inception_block,
    apply_inception_resnet_block, apply_fire_module, apply_dense_block, apply_transition_block,
    apply_se_block, apply_highway_layer, apply_fractal_block
)
from tfdl.models.densenet import densenet, densenet121, densenet169, densenet201
from tfdl.models.fractalnet import fractalnet
from tfdl.models.googlenet import googlenet, GOOGLENET_LOSS_WEIGHTS, INCEPTION_V1_TABLE
from tfdl.models.highway import highway_mlp
from tfdl.models.inception_resnet import inception_resnet_small
from tfdl.models.lenet import lenet5, lenet5_modern
from tfdl.models.mlp import MLP_ACTIVATIONS, MLP_INITIALIZERS, build_mlp, build_small_cnn
from tfdl.models.nin import apply_mlpconv, nin
from tfdl.models.registry import ModelInfo, register_model, list_models, create_model, model_info
from tfdl.models.resnet import (
    resnet, cifar_resnet, resnet18, resnet34, resnet50, resnet101, resnet152, plain18, plain34,
    resnet20, resnet56, resnet110, plain20, plain56, preact_resnet18, preact_resnet50,
    preact_resnet110, stochastic_depth_resnet110, se_resnet50, resnext50_32x4d
)
from tfdl.models.segmentation import (
    fcn, fcn32s, fcn16s, fcn8s, deconvnet, unet, unet_same, unet_output_size, unet_valid_sizes
)
from tfdl.models.sequence import (
    rnn_classifier, sequence_tagger, seq2seq, text_cnn, crnn, Seq2SeqInference,
    seq2seq_inference
)
from tfdl.models.squeezenet import squeezenet, squeezenet1_0, squeezenet1_1
from tfdl.models.vgg import vgg, vgg11, vgg13, vgg16, vgg19, vgg11_bn, vgg13_bn, vgg16_bn, vgg19_bn

__all__ = [
    "alexnet", "conv_autoencoder", "denoising_autoencoder", "interpolate_latents",
    "apply_residual_block", "apply_bottleneck_block", "apply_resnext_block",
    "apply_inception_block", "apply_inception_resnet_block", "apply_fire_module",
    "apply_dense_block", "apply_transition_block", "apply_se_block", "apply_highway_layer",
    "apply_fractal_block", "densenet", "densenet121", "densenet169", "densenet201", "fractalnet",
    "googlenet", "GOOGLENET_LOSS_WEIGHTS", "INCEPTION_V1_TABLE", "highway_mlp",
    "inception_resnet_small", "lenet5", "lenet5_modern", "MLP_ACTIVATIONS",
    "MLP_INITIALIZERS", "build_mlp", "build_small_cnn", "apply_mlpconv", "nin", "ModelInfo",
    "register_model", "list_models", "create_model", "model_info", "resnet", "cifar_resnet",
    "resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "plain18", "plain34", "resnet20",
    "resnet56", "resnet110", "plain20", "plain56", "preact_resnet18", "preact_resnet50",
    "preact_resnet110", "stochastic_depth_resnet110", "se_resnet50", "resnext50_32x4d", "fcn",
    "fcn32s", "fcn16s", "fcn8s", "deconvnet", "unet", "unet_same", "unet_output_size",
    "unet_valid_sizes", "rnn_classifier", "sequence_tagger", "seq2seq", "text_cnn", "crnn",
    "Seq2SeqInference", "seq2seq_inference", "squeezenet", "squeezenet1_0", "squeezenet1_1", "vgg",
    "vgg11", "vgg13", "vgg16", "vgg19", "vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn"
]
