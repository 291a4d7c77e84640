"""tfdl.models: functional-API builders of the course's networks, and their registry.

Every builder module in this folder registers its variants with
:func:`tfdl.models.registry.register_model`; importing the package imports them all.

Example:
    >>> from tfdl.models import list_models, create_model
    >>> list_models("vgg*")            # doctest: +SKIP
    ['vgg11', 'vgg11_bn', 'vgg13', ...]
"""

from tfdl._collect import collect as _collect

__all__ = _collect(__name__, __path__, globals())
