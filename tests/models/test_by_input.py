"""tfdl.models.by_input: the registry filtered by the kind of input a model takes."""

import pytest

from tfdl.errors import TfdlValueError
from tfdl.models import list_models, model_info
from tfdl.models.by_input import list_models_by_input


def test_list_models_by_input():
    small = list_models_by_input("image", task="classification", max_side=32)
    assert {"lenet5", "lenet5_modern", "resnet20"} <= set(small) and "resnet50" not in small
    assert all(model_info(n).input_shape[0] <= 32 for n in small)
    images = list_models_by_input("image")
    assert set(small) < set(images) and "resnet50" in images
    tokens = list_models_by_input("tokens")
    assert tokens and not set(tokens) & set(images)
    assert sorted(images + tokens + list_models_by_input("features") + list_models_by_input("token pairs")) \
        == sorted(list_models())
    with pytest.raises(TfdlValueError) as info:
        list_models_by_input("pictures")
    assert info.value.code == "input_kind_unknown"
    with pytest.raises(TfdlValueError):
        list_models_by_input("image", max_side=0)
