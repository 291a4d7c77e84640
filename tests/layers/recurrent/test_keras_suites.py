"""Keras 3.15's own RNN test files, run against tfdl's ``LSTM``, ``GRU``, ``SimpleRNN`` and cells.

Only the import line ``from keras.src import layers`` changes: it becomes an overlay of Keras'
``layers`` in which ``LSTM``, ``GRU``, ``SimpleRNN`` and their cells are tfdl's (``RNN``,
``Bidirectional`` and the rest stay Keras', so ``Bidirectional(tfdl.layers.LSTM(...))`` is what
``bidirectional_test.py`` exercises). Every assertion is Keras'. Skips name the missing feature.

``rnn_test.py`` tests ``keras.layers.RNN`` with cells it defines itself and uses none of the
swapped names, so it runs unchanged (it shows the overlay disturbs nothing); tfdl's cells inside
``keras.layers.RNN`` are checked against Keras' cells in ``tests/layers/recurrent/test_recurrent.py`` and, with
dropout, in ``tests/layers/recurrent/test_keras_args.py``.

Counts (Keras 3.15, TensorFlow backend, CPU): lstm_test 6 passed; gru_test 9 passed, 1 skipped
(Keras' own torch-only test); simple_rnn_test 5 passed; bidirectional_test 10 passed, 3 skipped
(Bidirectional's fused kernel for Keras' own classes, twice; a torch-only test); rnn_test 14
passed.
"""

import os
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras

from tests.keras_suites import load_keras_suite, overlay
from tfdl.layers import recurrent

TFDL_LAYERS = overlay(
    keras.layers, "tfdl_rnn_layers_overlay",
    LSTM=recurrent.LSTM, GRU=recurrent.GRU, SimpleRNN=recurrent.SimpleRNN,
    LSTMCell=recurrent.LSTMCell, GRUCell=recurrent.GRUCell, SimpleRNNCell=recurrent.SimpleRNNCell,
)
IMPORTS = {"from keras.src import layers\n": "import tfdl_rnn_layers_overlay as layers\n"}

SKIPS = {
    "layers/rnn/lstm_test.py": {},
    "layers/rnn/gru_test.py": {},
    "layers/rnn/simple_rnn_test.py": {},
    "layers/rnn/bidirectional_test.py": {
        f"SimpleRNNTest.test_fused_{kind}_eligibility": (
            "Bidirectional's fused forward+backward kernel (backend.bidirectional_lstm/gru), "
            "which Keras reserves for instances of its own keras.layers.LSTM/GRU; tfdl's "
            "layers run as two layers (each may still use cuDNN)")
        for kind in ("lstm", "gru")
    },
    "layers/rnn/rnn_test.py": {},
}

for _relpath, _skips in SKIPS.items():
    for _name, _cls in load_keras_suite(_relpath, IMPORTS, _skips).items():
        if _name in globals():  # bidirectional_test.py also names its class SimpleRNNTest
            _name = f"{_relpath.split('/')[-1][:-3]}_{_name}"
        globals()[_name] = _cls
del _relpath, _skips, _name, _cls  # (a TestCase left in a global would be collected twice)

# rnn_test.py saves models holding the cells it defines; Keras finds them by importing the test
# module (keras.src.layers.rnn.rnn_test), which here is the loaded copy: register them instead.
_rnn_suite = sys.modules["keras_suite_layers_rnn_rnn_test"]
keras.saving.get_custom_objects().update(
    {name: getattr(_rnn_suite, name) for name in ("OneStateRNNCell", "TwoStatesRNNCell")})
