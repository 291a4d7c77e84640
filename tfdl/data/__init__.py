"""tfdl.data: see the modules in this folder; every public name is re-exported here."""

from tfdl._collect import collect as _collect

__all__ = _collect(__name__, __path__, globals())
