"""The Optimisers page in parts: ``setup`` (settings, presets, the cached race), ``controls`` (the
left column), ``results`` (the right column). ``app_pages/optimizers.py`` is the page itself."""
