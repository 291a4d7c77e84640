"""The Convolution lab's tabs; ``app_pages/convolution.py`` is the page (the file name is a contract).

- ``settings.py``: every setting (key, default, range), the presets, the link;
- ``inputs.py``: the input and kernel the user chose, figures as PNG;
- ``shapes.py``: output shapes under both rules; ``walk.py``: the kernel walking over the input;
- ``receptive.py``: the receptive field of a stack; ``conv_tab.py`` and ``pooling.py``: the tabs;
- ``pool_extras.py``: the Pooling tab's max-pool gradient, global pooling and unpooling.
"""
