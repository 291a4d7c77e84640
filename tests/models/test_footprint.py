"""tfdl.models.model_footprint: the parameters and activations of a registered model, counted
without allocating its weights, equal those of the built model and the formulas of tfdl.shapes."""

import math

import keras
import pytest

from tfdl.models import create_model, model_footprint
from tfdl.shapes import conv_params, dense_params


@pytest.mark.parametrize("name, shape", [("lenet5", (32, 32, 1)), ("squeezenet1_1", (48, 48, 3)),
                                         ("resnet18", (64, 64, 3)), ("conv_autoencoder", (28, 28, 1))])
def test_footprint_equals_the_built_model(name, shape):
    f = model_footprint(name, shape)
    model = create_model(name, input_shape=shape)
    assert f.params == model.count_params()
    values = sum(math.prod(o.shape[1:]) for layer in model.layers for o in keras.tree.flatten(layer.output))
    assert f.activation_values == values and f.activation_bytes == 4 * values
    assert f.weight_bytes == 4 * model.count_params()


def test_vgg16_at_1024_is_counted_without_allocating_its_8_gib():
    """Simonyan & Zisserman's 13 convolutions, then 32·32·512 → 4096 → 4096 → 1000."""
    f = model_footprint("vgg16", (1024, 1024, 3))
    channels = [3, 64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512]
    convs = sum(conv_params((3, 3), c_in, c_out) for c_in, c_out in zip(channels, channels[1:]))
    dense = dense_params(32 * 32 * 512, 4096) + dense_params(4096, 4096) + dense_params(4096, 1000)
    assert f.params == convs + dense == 2_183_080_744
    from keras.src.backend.common import global_state

    assert not global_state.get_global_attribute("uninitialized_variables")  # nothing left to initialise
    with keras.StatelessScope():  # a later scope's exit would have allocated them
        pass


def test_an_input_too_small_raises_the_builders_error():
    with pytest.raises(ValueError, match="input_shape"):
        model_footprint("resnet18", (16, 16, 3))
