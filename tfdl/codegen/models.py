"""The Architectures page's code: the registry's model at the page's input, its size and output shape."""

from __future__ import annotations

from collections.abc import Sequence

from tfdl.codegen._format import kwargs, shape

__all__ = ["architecture_code"]


def architecture_code(name: str, input_shape: Sequence[int], **options) -> str:
    """Python that builds a model of the registry as the Architectures page does and prints its size.

    Args:
        name: a name of :func:`tfdl.models.list_models`.
        input_shape: ``(H, W, C)``, or a sequence model's input (``(T,)``, ``(T, F)``, ``((T,), (T2,))``).
        **options: further builder keywords (e.g. ``aux_logits=True``, ``vocab_size=1000``).

    Returns:
        str: lines of Python; the last two print the parameter count and the output shape.

    Example:
        >>> architecture_code("lenet5", (32, 32, 1)).splitlines()[2]
        "model = create_model('lenet5', input_shape=(32, 32, 1))"
    """
    return (
        "from tfdl.models import create_model\n\n"
        f"model = create_model({name!r}, input_shape={shape(input_shape)}{kwargs(options)})\n"
        "model.summary()\n"
        "print(model.count_params())  # parameters\n"
        "print(model.output_shape)  # (batch, ...): None is the batch"
    )
