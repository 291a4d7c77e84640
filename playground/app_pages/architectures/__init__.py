"""The Architectures page's sections (``architectures.py`` is the page)."""
