"""tfdl.functional: the maths of convolution and pooling in plain numpy, written to be read.

These are the references the Keras layers are tested against and what the playground animates.
Importing this package never imports TensorFlow.
"""

from tfdl._collect import collect as _collect

__all__ = _collect(__name__, __path__, globals())
