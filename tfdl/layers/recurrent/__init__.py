"""Recurrent layers written from the formulas: ``SimpleRNN``, ``LSTM``, ``GRU`` and their cells.

The weights have the same names, shapes and gate order as ``keras.layers.SimpleRNN``/``LSTM``/
``GRU`` (``kernel``, ``recurrent_kernel``, ``bias``; LSTM gates ``i, f, c, o``; GRU gates
``z, r, h``), so ``layer.set_weights(keras_layer.get_weights())`` transfers a trained Keras layer
and the outputs agree.

How they run: the input projection ``x_t W + b`` is computed for ALL time steps as one matrix
product before the recurrence (it does not depend on ``h``), and a ``tf.while_loop`` then runs
only the recurrent part ``h_{t-1} U``. The LSTM (sigmoid/tanh gates) also has a hand-written
backward pass (BPTT, see ``_lstm_sequence``): its loop keeps the activations, so the gates cost
nothing extra and the backward pass evaluates no sigmoid (only ``tanh(c_t)``), and ``dU`` is
one matrix product over all steps; in training graphs both loops are compiled with XLA. On a CPU, inside
a graph, the batch runs as independent slices side by side, one per core (a single
``h_{t-1} U`` per step is too small to keep several cores busy). With
``return_gates=True`` the layer also returns every gate at every step, so a learner can plot
them. Without gates and masks, on a GPU, ``LSTM`` and ``GRU`` hand the whole sequence to the
fused cuDNN kernel (through Keras's backend ``lstm``/``gru``), like Keras does. Every argument
of Keras' layers is accepted (``dropout``/``recurrent_dropout`` draw Keras' own masks,
``stateful``, regularizers, constraints...: see ``layers.py``); with dropout the LSTM keeps its
hand-written BPTT, the per-gate masks entering its products.

Masks give the numbers of Keras's ``backend.rnn`` (the loop behind ``keras.layers.RNN``): a
masked step keeps the previous state and outputs the previous *output*, which is zero before
the first valid step whatever ``initial_state`` is (left padding, a fully masked row: output 0,
final state ``h_0``); with ``zero_output_for_mask=True`` it outputs zeros. The last output
(``return_sequences=False``) is the output of the last step read, so with
``zero_output_for_mask=True`` it is zero when that step is masked. (Keras's own docstring says
the flag is used only with ``return_sequences=True``; its code applies it to the last output
too, and tfdl follows the code.) Gradients of gradients (a gradient penalty) work: the LSTM's
hand-written backward pass then runs as autodiff of its plain loop.

Example:
    >>> import numpy as np
    >>> from tfdl.layers import LSTM
    >>> y, gates = LSTM(8, return_sequences=True, return_gates=True)(np.zeros((2, 5, 3)))
    >>> print(y.shape, gates["f"].shape)
    (2, 5, 8) (2, 5, 8)
"""

from tfdl.layers.recurrent.cells import GRUCell, LSTMCell, SimpleRNNCell
from tfdl.layers.recurrent.layers import GRU, LSTM, ReverseSequence, SimpleRNN

__all__ = ["SimpleRNNCell", "SimpleRNN", "LSTMCell", "LSTM", "GRUCell", "GRU", "ReverseSequence"]
