"""tfdl's one error type for bad arguments: a ``ValueError`` with a stable code and its parameters.

The message is English and teaches (it names the argument, the value received and the rule);
``code`` and ``params`` let an application say the same sentence in another language with the
same numbers, e.g. the playground's Russian interface looks the code up in its catalogue.

Example:
    >>> from tfdl.errors import TfdlValueError
    >>> err = TfdlValueError("int_min", "`{name}` must be >= {minimum}. Received: {name}={value!r}",
    ...                      name="stride", minimum=1, value=0)
    >>> str(err), err.code, err.params["value"]
    ('`stride` must be >= 1. Received: stride=0', 'int_min', 0)
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["TfdlValueError"]


class TfdlValueError(ValueError):
    """A ``ValueError`` carrying ``code`` (stable, ``snake_case``) and ``params`` (the values in it).

    Args:
        code: the message's stable identifier; applications key translations by it.
        template: the English message, a ``str.format`` template over ``params``.
        **params: the values the message names (argument names, values received, bounds).

    Catching ``ValueError`` keeps working: this is a subclass. ``TfdlValueError(message)`` (one
    argument, as ``ValueError(message)``) is how Keras re-raises an error of a layer's ``call``
    with the call's arguments added to the text: such an error keeps the ``code`` and ``params``
    of the error it was raised while handling.
    """

    def __init__(self, code: str, template: str | None = None, /, **params: Any):
        if template is None:  # a finished message (Keras' re-raise); code and params: see _origin
            self._code, self.template, self._params = None, code.replace("{", "{{").replace("}", "}}"), {}
            self._handled = sys.exc_info()[1]
            super().__init__(code)
            return
        self._code, self.template, self._params, self._handled = code, template, params, None
        super().__init__(template.format(**params))

    def _origin(self) -> TfdlValueError | None:
        """The coded error this one re-raises (the exception being handled when it was made)."""
        inner = self._handled if self._handled is not None else self.__context__
        seen = set()
        while isinstance(inner, BaseException) and id(inner) not in seen:
            seen.add(id(inner))
            if isinstance(inner, TfdlValueError) and inner._code is not None:
                return inner
            inner = inner.__context__
        return None

    @property
    def code(self) -> str | None:
        """The stable identifier (``None`` only for a message without a coded origin)."""
        if self._code is not None:
            return self._code
        origin = self._origin()
        return None if origin is None else origin._code

    @property
    def params(self) -> dict[str, Any]:
        """The values the message names."""
        if self._code is not None:
            return self._params
        origin = self._origin()
        return {} if origin is None else origin._params

    def __reduce__(self):
        return _rebuild, (type(self), self.code, self.template if self._code else None, self.params, str(self))


def _rebuild(cls, code, template, params, message=None):
    if template is None:  # a re-raised message: keep its text and its origin's code and params
        err = cls(message)
        err._code, err._params = code, params
        return err
    return cls(code, template, **params)
