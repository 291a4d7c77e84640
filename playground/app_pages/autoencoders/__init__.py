"""The Autoencoders page's parts: the two trained models (``model.py``) and the views (``views.py``);
``autoencoders.py`` is the page."""
