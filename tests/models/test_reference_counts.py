"""Parameter counts of the deeper variants against keras.applications (the reference builds).

The registry's counts for these variants were first written from torchvision's tables; here each
is checked against the Keras reference implementation built with ``weights=None``. Keras' ResNets
put a (redundant, BN-followed) bias on every conv, which the paper's and torchvision's nets lack,
so those biases are subtracted.
"""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from tfdl.models import create_model, model_info, without_weights

REFERENCES = {
    # name: (keras.applications builder, subtract conv biases?)
    "vgg19": ("VGG19", False),          # 143,667,240
    "resnet101": ("ResNet101", True),   # 44,549,160 trainable without conv biases
    "resnet152": ("ResNet152", True),   # 60,192,808 trainable without conv biases
    "densenet169": ("DenseNet169", False),  # 14,149,480 trainable
    "densenet201": ("DenseNet201", False),  # 20,013,928 trainable
}


def _trainable(model):
    return int(sum(np.prod(w.shape) for w in model.trainable_weights))


def _conv_biases(model):
    return sum(int(np.prod(l.bias.shape)) for l in model.layers
               if isinstance(l, keras.layers.Conv2D) and l.use_bias)


def _counts(name):
    """Trainable and non-trainable counts of tfdl's build and of the Keras reference, both built
    without weights (tfdl.models.without_weights: each build would hold up to 0.6 GB)."""
    builder, minus_biases = REFERENCES[name]
    with without_weights():
        ref = getattr(keras.applications, builder)(weights=None)
        counts = {"keras": (_trainable(ref) - (_conv_biases(ref) if minus_biases else 0),
                            ref.count_params() - _trainable(ref))}
        ours = create_model(name)
        counts["tfdl"] = (_trainable(ours), ours.count_params() - _trainable(ours))
    return counts


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_count_matches_keras_applications(name):
    counts = _counts(name)
    assert counts["tfdl"][0] == counts["keras"][0] == model_info(name).params
    # the same BatchNorm layers: the same non-trainable moving statistics
    assert counts["tfdl"][1] == counts["keras"][1]
