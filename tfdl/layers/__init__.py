"""tfdl.layers: see the family files in this folder; every public name is re-exported here."""

from tfdl.layers.attention import BahdanauAttention, LuongAttention, PaddingMask, PreviousStates
from tfdl.layers.augmentation import GLARE_RADIUS, RandomGaussianBlur, RandomGlare, gaussian_kernel, glare_spots
from tfdl.layers.conv import PaddedConv1D, PaddedConv2D
from tfdl.layers.dropout import DROPOUT_FORMS, Dropout
from tfdl.layers.features import FEATURE_NAMES, FeatureExpansion, PlaygroundFeatures
from tfdl.layers.guided import GuidedReLU, guided_relu
from tfdl.layers.locally_connected import LocallyConnected2D
from tfdl.layers.maxout import Maxout
from tfdl.layers.normalization import LocalResponseNormalization
from tfdl.layers.padding import PADDING_MODES, Padding1D, Padding2D, normalize_spatial_padding, pad_spatial
from tfdl.layers.pooling import (
    GlobalL2Pooling2D,
    L2Pooling2D,
    MaxPoolingWithArgmax2D,
    MaxUnpooling2D,
    StochasticPooling2D,
    WeightedAveragePooling2D,
)
from tfdl.layers.recurrent import GRU, LSTM, GRUCell, LSTMCell, ReverseSequence, SimpleRNN, SimpleRNNCell
from tfdl.layers.regularization import DropPath, FractalJoin, StochasticDepth
from tfdl.layers.shortcut import ScaledResidual, ZeroPadShortcut
from tfdl.layers.squeeze_excitation import SqueezeExcitation
from tfdl.layers.transposed import TransposedConv1D, TransposedConv2D, insert_zeros
from tfdl.layers.word2vec import BagEmbedding, NegativeSamplingScores

__all__ = [
    "BahdanauAttention", "LuongAttention", "PaddingMask", "PreviousStates", "PaddedConv1D",
    "PaddedConv2D", "FEATURE_NAMES", "FeatureExpansion", "PlaygroundFeatures", "GuidedReLU",
    "guided_relu", "LocallyConnected2D", "Maxout",
    "LocalResponseNormalization", "PADDING_MODES", "Padding1D", "Padding2D", "pad_spatial",
    "normalize_spatial_padding", "GlobalL2Pooling2D", "L2Pooling2D", "MaxPoolingWithArgmax2D",
    "MaxUnpooling2D", "StochasticPooling2D", "WeightedAveragePooling2D",
    "SimpleRNNCell", "SimpleRNN", "LSTMCell", "LSTM",
    "GRUCell", "GRU", "ReverseSequence", "StochasticDepth", "DropPath", "FractalJoin",
    "ZeroPadShortcut", "ScaledResidual", "SqueezeExcitation", "TransposedConv1D",
    "TransposedConv2D", "insert_zeros", "BagEmbedding", "NegativeSamplingScores", "DROPOUT_FORMS", "Dropout",
    "GLARE_RADIUS", "RandomGaussianBlur", "RandomGlare", "gaussian_kernel", "glare_spots",
]
