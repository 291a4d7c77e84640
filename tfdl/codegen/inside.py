"""The Inside a network page's code: its small digits CNN, trained, and what it says about one test digit."""

from __future__ import annotations

__all__ = ["inside_code"]


def inside_code(size: int, epochs: int, seed: int, index: int, target: int | None = None) -> str:
    """Python that trains the Inside page's CNN (:func:`tfdl.interpret.train_digits_cnn`) and explains
    one test digit with a saliency map (:func:`tfdl.interpret.saliency`).

    Formula: ``M(x) = |∂S_c/∂x|``, the gradient of class ``c``'s score (before the softmax) by the pixels.

    Args:
        size, epochs, seed: the model's settings (image side, training epochs, seed).
        index: the test digit shown.
        target: the class explained, ``None`` for the predicted one.

    Returns:
        str: lines of Python; they print the test accuracy, the predicted class with its probability
        and the saliency map.

    Example:
        >>> inside_code(16, 6, 0, 3).splitlines()[5]
        'model, accuracy = train_digits_cnn(16, epochs=6, seed=0)  # conv 8 → conv 16 → dense 32, Adam'
    """
    return "\n".join(
        [
            "import numpy as np",
            "",
            "from tfdl.data import load_digits",
            "from tfdl.interpret import saliency, train_digits_cnn",
            "",
            f"model, accuracy = train_digits_cnn({int(size)}, epochs={int(epochs)}, seed={int(seed)})"
            "  # conv 8 → conv 16 → dense 32, Adam",
            "print(accuracy)  # the test accuracy",
            f"(x_train, y_train), (x_test, y_test) = load_digits(size={int(size)})",
            f"x = x_test[{int(index)}]  # the test digit shown (its label: y_test[{int(index)}])",
            "probs = np.asarray(model(x[None], training=False))[0]",
            "predicted = int(probs.argmax())",
            "print(predicted, probs[predicted])  # the predicted class and its probability",
            "explained = predicted  # the class explained"
            if target is None
            else f"explained = {int(target)}  # the class explained",
            "heat = saliency(model, x, class_index=explained)  # |∂S_c/∂x|, one number per pixel",
            "print(heat.round(2))",
        ]
    )
