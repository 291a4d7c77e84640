"""The Inside page's parts: the model source and its views (``inside.py`` is the page)."""
