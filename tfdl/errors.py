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

from typing import Any

__all__ = ["TfdlValueError"]


class TfdlValueError(ValueError):
    """A ``ValueError`` carrying ``code`` (stable, ``snake_case``) and ``params`` (the values in it).

    Args:
        code: the message's stable identifier; applications key translations by it.
        template: the English message, a ``str.format`` template over ``params``.
        **params: the values the message names (argument names, values received, bounds).

    Catching ``ValueError`` keeps working: this is a subclass.
    """

    def __init__(self, code: str, template: str, /, **params: Any):
        self.code = code
        self.template = template
        self.params = params
        super().__init__(template.format(**params))

    def __reduce__(self):
        return _rebuild, (type(self), self.code, self.template, self.params)


def _rebuild(cls, code, template, params):
    return cls(code, template, **params)
