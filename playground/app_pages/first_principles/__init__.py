"""The First principles page's tabs (the entry point is ``app_pages/first_principles.py``, a file
name links use).

- :mod:`.basics`: no nonlinearity = one linear model, XOR needs a nonlinearity, universal approximation;
- :mod:`.templates`: a linear classifier's templates (softmax regression on the digits, trained here);
- :mod:`.backprop`: ∂f/∂x as the sum over paths, then the reverse sweep one node at a time.

Each module has ``declare()`` (its settings), its tab functions and ``KEYS`` (written to the link).
"""
