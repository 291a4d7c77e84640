"""The Activations page's tabs (``activations.py`` is the page)."""
