"""Parts of the Train page (``app_pages/train.py`` is the entry point Streamlit runs).

- :mod:`.settings`: every setting's key, default and range, declared through ``playground.state``;
- :mod:`.live`: the live progress (bar and loss chart), the learning curves, divergence notices;
- :mod:`.toy2d`: 2-D points (TensorFlow-Playground style);
- :mod:`.digits`: digit images, the small CNN or a registered model.
"""
