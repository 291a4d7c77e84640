"""tfdl.data.worked_examples: tfdl's numpy references compute exactly what CURRICULUM §1 states."""

import numpy as np
import pytest

from tfdl import shapes
from tfdl.data import worked_examples as W
from tfdl.functional import avg_pool2d, conv1d, conv2d, conv_matrix, max_pool2d, pad


@pytest.mark.parametrize("name", list(W.CONVOLUTIONS))
def test_convolutions_give_the_stated_results(name):
    ex = W.CONVOLUTIONS[name]
    x, k = np.array(ex.x), np.array(ex.kernel)
    out = (conv1d if x.ndim == 1 else conv2d)(x, k, **ex.params)
    np.testing.assert_array_equal(out, np.array(ex.result))


@pytest.mark.parametrize("name", list(W.POOLINGS))
def test_poolings_give_the_stated_results(name):
    ex = W.POOLINGS[name]
    pool = {"max_pool": max_pool2d, "avg_pool": avg_pool2d}[ex.op]
    out = pool(np.array(ex.x), **ex.params)
    if ex.decimals is not None:
        out = np.round(out, ex.decimals)
    np.testing.assert_array_equal(out, np.array(ex.result))


@pytest.mark.parametrize("mode", list(W.PADDING_MODE_EXAMPLES))
def test_padding_modes_give_the_stated_results(mode):
    padded, result = W.PADDING_MODE_EXAMPLES[mode]
    x, k = np.array(W.PADDING_MODE_INPUT), np.array(W.PADDING_MODE_KERNEL)
    np.testing.assert_array_equal(pad(x, 2, mode), padded)
    np.testing.assert_array_equal(conv1d(x, k, padding=2, padding_mode=mode), result)


def test_conv_matrix_is_the_stated_4x9_matrix_and_computes_the_valid_example():
    ex = W.CONVOLUTIONS["valid"]
    M = conv_matrix((3, 3), np.array(ex.kernel))
    np.testing.assert_array_equal(M, W.CONV_MATRIX_3x3_2x2)
    np.testing.assert_array_equal(M @ np.array(ex.x).ravel(), np.array(ex.result).ravel())


@pytest.mark.parametrize("function, kwargs, result", W.OUTPUT_SIZE_EXAMPLES)
def test_output_sizes_of_the_notes(function, kwargs, result):
    assert getattr(shapes, function)(**kwargs) == result


def test_size_chain_and_dense_parameter_counts():
    sizes = [W.SIZE_CHAIN_28[0][1]]
    for layer, _ in W.SIZE_CHAIN_28[1:]:
        size = shapes.conv_output_size if layer == "conv3" else shapes.pool_output_size
        sizes.append(size(sizes[-1], int(layer[-1])))
    assert sizes == [size for _, size in W.SIZE_CHAIN_28]
    for n_in, n_out, params in W.DENSE_PARAM_EXAMPLES:
        assert shapes.dense_params(n_in, n_out) == params


def test_examples_are_immutable_and_cite_the_curriculum():
    for ex in [*W.CONVOLUTIONS.values(), *W.POOLINGS.values()]:
        assert ex.section.startswith("§1") and isinstance(ex.x, tuple)
        with pytest.raises(AttributeError):
            ex.x = ()
