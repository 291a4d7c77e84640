"""Sequence models of the course: RNN classifier, tagger, seq2seq (with attention), TextCNN, CRNN.

All are functional ``keras.Model`` builders registered in :mod:`tfdl.models.registry` with
``task="sequence"``; they use tfdl's own recurrent and attention layers, so every gate and
alignment can be inspected.

Example:
    >>> from tfdl.models import create_model
    >>> m = create_model("seq2seq", source_vocab_size=13, target_vocab_size=13,
    ...                  attention="bahdanau")
    >>> print(m.output_shape)
    (None, None, 13)
"""

from __future__ import annotations

import dataclasses

import keras

from tfdl.errors import TfdlValueError
from tfdl.layers.attention import (
    BahdanauAttention,
    LuongAttention,
    PaddingMask,
    PreviousStates,
)
from tfdl.layers.recurrent import GRU, LSTM, ReverseSequence, SimpleRNN
from tfdl.models._common import SE_RECURRENT, maybe_se, predictions, refuse_se, reject, resolve_num_classes
from tfdl.models.registry import register_model
from tfdl.seeding import seeded
from tfdl.validation import one_of_error, positive_int_error

__all__ = [
    "Seq2SeqInference",
    "crnn",
    "encoder_gates",
    "has_encoder_gates",
    "random_lstm_gates",
    "rnn_classifier",
    "seq2seq",
    "seq2seq_inference",
    "sequence_tagger",
    "source_reversed",
    "text_cnn",
]

_CELLS = {"lstm": LSTM, "gru": GRU, "rnn": SimpleRNN}


def _cell(cell):
    key = str(cell).lower()
    if key not in _CELLS:
        raise one_of_error("cell", cell, sorted(_CELLS))
    return _CELLS[key]


def _positive(name, value):
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise positive_int_error(name, value)


def _seq_head(x, include_top, num_classes, classes, default, classifier_activation, pooling,
              name):
    """The common head keywords of the sequence classifiers: Dense ``predictions`` in float32."""
    if pooling is not None:
        reject(name, "pooling", pooling, "must be None (the network reduces the sequence itself)")
    if not include_top:
        return x
    classes = resolve_num_classes(num_classes, classes, default)
    _positive("num_classes", classes)
    return predictions(x, classes, classifier_activation)


def _sequence_input(input_shape, vocab_size, embedding_dim, name="tokens"):
    """Input + optional embedding: ids (T,) with a vocabulary, or features (T, F) without."""
    if vocab_size:
        inputs = keras.Input(shape=tuple(input_shape)[:1], dtype="int32", name=name)
        x = keras.layers.Embedding(vocab_size, embedding_dim, mask_zero=True,
                                   name="embedding")(inputs)
    else:
        if len(input_shape) != 2:
            raise TfdlValueError(
                "sequence_input_shape",
                "`input_shape` must be (time, features) when `vocab_size` is None. Received: input_shape={input_shape}",
                input_shape=tuple(input_shape),
            )
        inputs = keras.Input(shape=tuple(input_shape), name="features")
        x = inputs
    return inputs, x


def _recurrent_stack(x, cell, units, num_layers, bidirectional, last_return_sequences, prefix):
    RNN = _cell(cell)
    for k in range(num_layers):
        seq = last_return_sequences or k < num_layers - 1
        layer = RNN(units, return_sequences=seq, name=f"{prefix}{k + 1}_{cell}")
        if bidirectional:
            layer = keras.layers.Bidirectional(layer, name=f"{prefix}{k + 1}_bidirectional")
        x = layer(x)
    return x


@register_model()
def rnn_classifier(input_shape=(50, 8), vocab_size=None, embedding_dim=32, units=64,
                   num_layers=2, cell="lstm", bidirectional=False, num_classes=2,
                   classifier_activation="softmax", dropout=0.0, name="rnn_classifier", *,
                   include_top=True, pooling=None, se_ratio=None, classes=None):
    """A stacked (optionally bidirectional) RNN that classifies a whole sequence.

    Formula: ``h_T = RNN_L(…RNN_1(x))``, ``p(y) = softmax(W h_T + b)``.

    Args:
        input_shape: ``(T, F)`` features, or ``(T,)`` token ids when ``vocab_size`` is set.
        vocab_size: vocabulary size for token inputs (an embedding with ``mask_zero``).
        embedding_dim: embedding size.
        units: hidden size of each recurrent layer.
        num_layers: stacked layers (all but the last return sequences).
        cell: ``"lstm"``, ``"gru"`` or ``"rnn"``.
        bidirectional: wrap each layer in ``keras.layers.Bidirectional``.
        dropout: dropout before the classifier.
        include_top: add the classifier (``False``: the model returns the features it would
            classify).
        num_classes: number of classes (``classes``, the keras.applications spelling, is
            accepted too).
        classifier_activation: activation of the classifier (computed in float32).
        pooling: must be None (the sequence is already reduced by the network itself).
        name: model name.
        se_ratio: must be ``None``: a recurrent network has no convolutional feature map for a
            Squeeze-and-Excitation gate (a ``ValueError`` says so).

    Returns:
        ``keras.Model`` mapping a sequence to class probabilities.

    Example:
        >>> print(rnn_classifier((12, 4), num_classes=3).output_shape)
        (None, 3)

    Paper: Schuster & Paliwal, "Bidirectional Recurrent Neural Networks", 1997.
    """
    refuse_se("rnn", se_ratio, SE_RECURRENT)
    _positive("units", units)
    _positive("num_layers", num_layers)
    inputs, x = _sequence_input(input_shape, vocab_size, embedding_dim)
    x = _recurrent_stack(x, cell, units, num_layers, bidirectional, False, "rnn")
    if dropout and include_top:
        x = keras.layers.Dropout(dropout, name="head_dropout")(x)
    outputs = _seq_head(x, include_top, num_classes, classes, 2, classifier_activation, pooling,
                        name)
    return keras.Model(inputs, outputs, name=name)


@register_model()
def sequence_tagger(input_shape=(50, 8), vocab_size=None, embedding_dim=32, units=64,
                    num_layers=1, cell="lstm", bidirectional=True, num_classes=5,
                    classifier_activation="softmax", name="sequence_tagger", *,
                    include_top=True, pooling=None, se_ratio=None, classes=None):
    """A many-to-many RNN: a label for every time step (e.g. part-of-speech tagging).

    Formula: ``p(y_t) = softmax(W [→h_t; ←h_t] + b)`` for every ``t``.

    Args:
        input_shape: ``(T, F)`` features or ``(T,)`` ids with ``vocab_size``.
        vocab_size, embedding_dim, units, num_layers, cell, bidirectional: as in
            :func:`rnn_classifier`.
        include_top: add the per-step classifier (``False``: the model returns the features it would
            classify).
        num_classes: number of classes (``classes``, the keras.applications spelling, is
            accepted too).
        classifier_activation: activation of the classifier (computed in float32).
        pooling: must be None (the sequence is already reduced by the network itself).
        name: model name.
        se_ratio: must be ``None``: a recurrent network has no convolutional feature map for a
            Squeeze-and-Excitation gate (a ``ValueError`` says so).

    Returns:
        ``keras.Model`` mapping (batch, T, ...) to (batch, T, classes).

    Example:
        >>> print(sequence_tagger((12, 4), num_classes=3).output_shape)
        (None, 12, 3)

    Paper: Huang, Xu & Yu, "Bidirectional LSTM-CRF Models for Sequence Tagging", 2015.
    """
    refuse_se("rnn", se_ratio, SE_RECURRENT)
    _positive("units", units)
    _positive("num_layers", num_layers)
    inputs, x = _sequence_input(input_shape, vocab_size, embedding_dim)
    x = _recurrent_stack(x, cell, units, num_layers, bidirectional, True, "tagger")
    outputs = _seq_head(x, include_top, num_classes, classes, 5, classifier_activation, pooling,
                        name)
    return keras.Model(inputs, outputs, name=name)


@register_model()
def seq2seq(source_vocab_size=16, target_vocab_size=16, embedding_dim=32, units=64,
            cell="lstm", attention=None, attention_units=None, reverse_source=False,
            luong_score="general", bidirectional_encoder=False, input_shape=None,
            name="seq2seq", *, include_top=True, num_classes=None, classifier_activation=None,
            pooling=None, se_ratio=None, classes=None):
    """An encoder–decoder (seq2seq) with separate parameters, optionally with attention.

    Formula (teacher forcing: the decoder reads the true previous token ``y_{i−1}``)::

        h_j = Enc(x_j, h_{j−1}),   s_0 = h_S,   s_i = Dec(y_{i−1}, s_{i−1})
        no attention:  p(y_i) = softmax(W_o s_i)
        "bahdanau":    α_i = softmax_j(vᵀ tanh(W₁h_j + W₂s_{i−1})),  c_i = Σ_j α_ij h_j
        "luong":       α_i = softmax_j(s_iᵀ W h_j)
        with attention: p(y_i) = softmax(W_o tanh(W_c [s_i; c_i]))

    The context enters the output layer (not the recurrence), so the teacher-forced decoder
    runs as one fast recurrent call and attention for all steps is one batched computation.
    Inputs are ids padded with 0 (masked); ``tfdl.data.sequences`` makes them.

    Args:
        source_vocab_size, target_vocab_size: vocabulary sizes (id 0 is padding).
        embedding_dim: size of both embeddings.
        units: hidden size of encoder and decoder.
        cell: ``"lstm"``, ``"gru"`` or ``"rnn"``.
        attention: ``None``, ``"bahdanau"`` or ``"luong"``.
        attention_units: hidden size of the Bahdanau score (default ``units``).
        reverse_source: feed the source reversed (Sutskever et al.).
        luong_score: ``"general"`` or ``"dot"`` for Luong attention.
        bidirectional_encoder: a BiRNN encoder (Bahdanau et al.): ``h_j = [→h_j; ←h_j]``; the
            decoder then has ``2 * units`` and starts from the concatenated final states.
        input_shape: ignored except for its lengths (sequences have variable length).
        name: model name.
        include_top: must be True (the ``logits`` layer is the decoder's output).
        num_classes: the output size is ``target_vocab_size``; if given (or its alias
            ``classes``) it must equal it.
        classifier_activation: activation of the ``logits`` layer (``None``: logits, for
            ``from_logits=True`` losses); computed in float32.
        pooling: must be None (one distribution per target step).
        se_ratio: must be ``None``: a recurrent network has no convolutional feature map for a
            Squeeze-and-Excitation gate (a ``ValueError`` says so).

    Returns:
        ``keras.Model([source_ids, decoder_input_ids]) -> logits`` (batch, T, target_vocab_size).
        Use :func:`seq2seq_inference` for step-by-step decoding and alignments.

    Example:
        >>> m = seq2seq(13, 13, attention="luong")
        >>> print(m.output_shape)
        (None, None, 13)

    Paper: Sutskever, Vinyals & Le, "Sequence to Sequence Learning with Neural Networks",
    NeurIPS 2014; Bahdanau et al., ICLR 2015; Luong et al., EMNLP 2015.
    """
    refuse_se("seq2seq", se_ratio, SE_RECURRENT)
    _positive("source_vocab_size", source_vocab_size)
    _positive("target_vocab_size", target_vocab_size)
    _positive("units", units)
    _positive("embedding_dim", embedding_dim)
    if include_top is not True:
        reject(name, "include_top", include_top, "must be True (the decoder ends in `logits`)")
    if pooling is not None:
        reject(name, "pooling", pooling, "must be None (one distribution per target step)")
    for arg, value in (("num_classes", num_classes), ("classes", classes)):
        if value is not None and value != target_vocab_size:
            reject(name, arg, value, f"must be None or target_vocab_size={target_vocab_size} "
                   "(the decoder predicts one target token per step)")
    if attention not in (None, "bahdanau", "luong"):
        raise TfdlValueError(
            "attention_choice",
            "`attention` must be None, 'bahdanau' or 'luong'. Received: attention={attention!r}",
            attention=attention,
        )
    RNN = _cell(cell)
    src_len = tgt_len = None
    if input_shape is not None and len(input_shape) == 2 and isinstance(input_shape[0], tuple):
        src_len, tgt_len = input_shape[0][0], input_shape[1][0]
    src = keras.Input((src_len,), dtype="int32", name="source")
    tgt = keras.Input((tgt_len,), dtype="int32", name="decoder_input")

    x = keras.layers.Embedding(source_vocab_size, embedding_dim, mask_zero=True,
                               name="source_embedding")(src)
    values_mask = PaddingMask(name="source_mask")(src)
    if reverse_source:
        x = ReverseSequence(name="reverse_source")(x)
        values_mask = ReverseSequence(name="reverse_source_mask")(values_mask)
    dec_units = units
    if bidirectional_encoder:
        enc = keras.layers.Bidirectional(
            RNN(units, return_sequences=True, return_state=True), name="encoder")(x)
        n = (len(enc) - 1) // 2
        h = enc[0]
        states = [keras.layers.Concatenate(name=f"encoder_state{k}")([fw, bw])
                  for k, (fw, bw) in enumerate(zip(enc[1:1 + n], enc[1 + n:]))]
        dec_units = 2 * units
    else:
        enc = RNN(units, return_sequences=True, return_state=True, name="encoder")(x)
        h, states = enc[0], list(enc[1:])

    y = keras.layers.Embedding(target_vocab_size, embedding_dim, mask_zero=True,
                               name="target_embedding")(tgt)
    dec = RNN(dec_units, return_sequences=True, return_state=True, name="decoder")(
        y, initial_state=states)
    s = dec[0]
    if attention is None:
        features = s
    else:
        if attention == "bahdanau":
            att = BahdanauAttention(attention_units or units, name="attention")
            queries = PreviousStates(name="attention_queries")([states[0], s])
        else:
            att = LuongAttention(luong_score, name="attention")
            queries = s
        c, _ = att(queries, h, values_mask=values_mask)
        features = keras.layers.Dense(units, activation="tanh", name="attention_combine")(
            keras.layers.Concatenate(name="attention_concat")([s, c]))
    logits = predictions(features, target_vocab_size, classifier_activation, name="logits")
    return keras.Model([src, tgt], logits, name=name)


@dataclasses.dataclass
class Seq2SeqInference:
    """The encoder and the one-step decoder of a trained :func:`seq2seq`, sharing its weights.

    Attributes:
        encoder: ``keras.Model(source) -> [h, values_mask, keys, *states]``.
        decoder_step: ``keras.Model([y_prev, h, values_mask, keys, *states]) ->
            [logits, alpha, *new_states]`` (one decoding step; ``alpha`` is zeros without
            attention).
        attention: ``None``, ``"bahdanau"`` or ``"luong"``.
        n_states: 2 for LSTM, 1 for GRU/RNN.
        reverse_source: the encoder reads the source reversed (alignments come reversed).
    """

    encoder: keras.Model
    decoder_step: keras.Model
    attention: str | None
    n_states: int
    reverse_source: bool = False

    def __post_init__(self):
        import tensorflow as tf

        self._encode = tf.function(self.encoder, reduce_retracing=True)
        self._step = tf.function(self.decoder_step, reduce_retracing=True)

    def encode(self, source_ids):
        """Run the encoder once: ``(h, values_mask, keys, states)`` (keys projected once)."""
        out = self._encode(source_ids)
        return out[0], out[1], out[2], list(out[3:])

    def step(self, y_prev, h, values_mask, keys, states):
        """One decoder step from ids ``y_prev`` (batch,): ``(logits, alpha, new_states)``."""
        import tensorflow as tf

        y_prev = tf.reshape(tf.cast(y_prev, tf.int32), (-1, 1))
        out = self._step([y_prev, h, values_mask, keys, *states])
        return out[0], out[1], list(out[2:])


def seq2seq_inference(model: keras.Model) -> Seq2SeqInference:
    """Split a (trained or loaded) :func:`seq2seq` model into encoder and one-step decoder.

    Both are built once from the model's own layers (shared weights), so decoding runs the
    same compiled graphs at every step instead of re-running the whole decoder.

    Args:
        model: a model made by :func:`seq2seq` (the layer names are how it is recognised).

    Returns:
        A :class:`Seq2SeqInference`.

    Example:
        >>> inf = seq2seq_inference(seq2seq(13, 13, attention="bahdanau"))
        >>> h, m, keys, states = inf.encode(np.array([[4, 5, 6]]))
        >>> print(h.shape, keys.shape)
        (1, 3, 64) (1, 3, 64)

    Paper: Sutskever et al. 2014 (decoding one token at a time).
    """
    names = {layer.name for layer in model.layers}
    needed = {"source_embedding", "encoder", "target_embedding", "decoder", "logits"}
    if not needed <= names:
        raise TfdlValueError(
            "seq2seq_layers",
            "`model` must be a tfdl seq2seq model (layers named {needed}). Received: a model with layers {names}",
            needed=sorted(needed), names=sorted(names),
        )
    g = model.get_layer
    attention = None
    if "attention" in names:
        attention = "bahdanau" if isinstance(g("attention"), BahdanauAttention) else "luong"
    encoder_layer, decoder_layer = g("encoder"), g("decoder")
    n_states = len(decoder_layer.cell.state_size)

    src = keras.Input((None,), dtype="int32", name="source")
    x = g("source_embedding")(src)
    values_mask = PaddingMask(name="source_mask")(src)  # weightless: fresh layers are fine
    if "reverse_source" in names:
        x = ReverseSequence(name="reverse_source")(x)
        values_mask = ReverseSequence(name="reverse_source_mask")(values_mask)
    enc = encoder_layer(x)
    if isinstance(encoder_layer, keras.layers.Bidirectional):
        h = enc[0]
        states = [g(f"encoder_state{k}")([fw, bw]) for k, (fw, bw) in
                  enumerate(zip(enc[1:1 + n_states], enc[1 + n_states:]))]
    else:
        h, states = enc[0], list(enc[1:])
    units = h.shape[-1]
    keys = g("attention").precompute_keys(h) if attention else h
    encoder = keras.Model(src, [h, values_mask, keys, *states], name="seq2seq_encoder")

    y_prev = keras.Input((1,), dtype="int32", name="y_prev")
    h_in = keras.Input((None, units), name="encoder_outputs")
    mask_in = keras.Input((None,), dtype="bool", name="values_mask")
    keys_in = keras.Input((None, keys.shape[-1]), name="keys")
    states_in = [keras.Input((d,), name=f"state_{k}")
                 for k, d in enumerate(decoder_layer.cell.state_size)]
    y = g("target_embedding")(y_prev)
    dec = decoder_layer(y, initial_state=states_in)
    new_states = list(dec[1:])  # dec[0] is the (one-step) output sequence
    s_t = new_states[0]
    if attention is None:
        features = s_t
        alpha = PaddingMask(pad_id=-1, name="no_alignment")(mask_in)  # placeholder, ignored
    else:
        query = states_in[0] if attention == "bahdanau" else s_t
        c, alpha = g("attention")(query, h_in, values_mask=mask_in, keys=keys_in)
        features = g("attention_combine")(g("attention_concat")([s_t, c]))
    logits = g("logits")(features)
    decoder_step = keras.Model([y_prev, h_in, mask_in, keys_in, *states_in],
                               [logits, alpha, *new_states], name="seq2seq_decoder_step")
    return Seq2SeqInference(encoder, decoder_step, attention, n_states,
                            reverse_source="reverse_source" in names)


def _seq2seq_encoder(model):
    names = {layer.name for layer in model.layers} if isinstance(model, keras.Model) else set()
    if not {"source_embedding", "encoder"} <= names:
        raise TfdlValueError(
            "seq2seq_model", "`model` must be a tfdl seq2seq model (layers named 'source_embedding' and "
            "'encoder'). Received: {model}", model=getattr(model, "name", type(model).__name__))
    return model.get_layer("encoder"), names


def has_encoder_gates(model: keras.Model) -> bool:
    """Whether :func:`encoder_gates` can trace ``model``'s encoder: a one-directional LSTM or GRU.

    Example:
        >>> has_encoder_gates(seq2seq(13, 13, cell="gru")), has_encoder_gates(seq2seq(13, 13, cell="rnn"))
        (True, False)
    """
    encoder, _ = _seq2seq_encoder(model)
    return isinstance(encoder, (LSTM, GRU))


def source_reversed(model: keras.Model) -> bool:
    """Whether ``model`` (a :func:`seq2seq`) reads its source reversed (``reverse_source=True``)."""
    return "reverse_source" in _seq2seq_encoder(model)[1]


def encoder_gates(model: keras.Model, source_ids) -> dict:
    """The gates of a trained :func:`seq2seq`'s encoder while it reads ``source_ids``.

    A copy of the encoder is made with ``return_gates=True`` and the trained weights (the model
    itself is left as it is); it reads the source exactly as the model does (embedding, then
    reversal when the model reverses its source).

    Formula (LSTM): ``i, f, o = σ(x_t W + h_{t−1} U + b)``, ``g = tanh(·)``,
    ``c_t = f ⊙ c_{t−1} + i ⊙ g``; (GRU): ``z, r = σ(·)``.

    Args:
        model: a model made by :func:`seq2seq` with an LSTM or GRU encoder that is not
            bidirectional (:func:`has_encoder_gates`).
        source_ids: (batch, S) integer ids of the source (no padding needed for one sequence).

    Returns:
        ``{gate name: (batch, S, units) numpy array}`` (``i, f, g, o, c`` for an LSTM, ``z, r``
        and the GRU's others), time in the order the encoder reads: reversed when
        :func:`source_reversed`.

    Example:
        >>> gates = encoder_gates(seq2seq(13, 13, units=8), np.array([[4, 5, 6]]))
        >>> sorted(gates), gates["f"].shape
        (['c', 'f', 'g', 'i', 'o'], (1, 3, 8))

    Paper: Karpathy, Johnson & Fei-Fei, "Visualizing and Understanding Recurrent Networks", 2015.
    """
    import numpy as np

    encoder, names = _seq2seq_encoder(model)
    if not isinstance(encoder, (LSTM, GRU)):
        raise TfdlValueError(
            "seq2seq_encoder_gates", "`model`'s encoder must be a one-directional LSTM or GRU to show gates. "
            "Received: {layer}", layer=type(encoder).__name__)
    ids = np.asarray(source_ids)
    if ids.ndim != 2 or not np.issubdtype(ids.dtype, np.integer):
        raise TfdlValueError("seq2seq_source_ids", "`source_ids` must be a 2-D array of integer ids (batch, steps). "
                             "Received: shape={shape}, dtype={dtype}", shape=ids.shape, dtype=str(ids.dtype))
    x = model.get_layer("source_embedding")(ids.astype("int32"))
    if "reverse_source" in names:
        x = model.get_layer("reverse_source")(x)
    config = encoder.get_config()
    config.update(return_gates=True, return_sequences=True, return_state=False, name="encoder_gates")
    traced = type(encoder).from_config(config)
    traced.build(x.shape)
    traced.set_weights(encoder.get_weights())
    _, gates = traced(x)
    return {name: keras.ops.convert_to_numpy(value) for name, value in gates.items()}


def random_lstm_gates(source_ids, vocab_size: int, units: int = 16, seed: int = 0) -> dict:
    """The gates of a fresh (untrained) :class:`~tfdl.layers.LSTM` reading one-hot ``source_ids``.

    What the gates look like before training: a baseline next to :func:`encoder_gates`.

    Args:
        source_ids: (batch, S) integer ids, each below ``vocab_size``.
        vocab_size: the one-hot size.
        units: hidden units of the LSTM.
        seed: seed of its initial weights.

    Returns:
        ``{"i", "f", "g", "o", "c": (batch, S, units) numpy array}``.

    Example:
        >>> random_lstm_gates(np.array([[3, 4]]), vocab_size=13, units=4)["f"].shape
        (1, 2, 4)
    """
    import numpy as np

    _positive("vocab_size", vocab_size)
    _positive("units", units)
    ids = np.asarray(source_ids)
    if ids.ndim != 2 or ids.size and (ids.min() < 0 or ids.max() >= vocab_size):
        raise TfdlValueError("lstm_gates_ids", "`source_ids` must be a 2-D array of ids in [0, {vocab_size}). "
                             "Received: shape={shape}", vocab_size=vocab_size, shape=ids.shape)
    x = np.eye(vocab_size, dtype="float32")[ids]
    with seeded(seed):
        _, gates = LSTM(units, return_sequences=True, return_gates=True)(x)
    return {name: keras.ops.convert_to_numpy(value) for name, value in gates.items()}


@register_model()
def text_cnn(input_shape=(50,), vocab_size=1000, embedding_dim=64, widths=(3, 4, 5),
             filters=100, embeddings="rand", embedding_matrix=None, dropout=0.5, num_classes=2,
             classifier_activation="softmax", name="text_cnn", *, include_top=True,
             pooling=None, se_ratio=None, classes=None):
    """Kim's TextCNN: parallel 1-D convolutions, max-over-time pooling, dropout, softmax.

    Formula: ``c_i = relu(w · x_{i:i+h−1} + b)`` for each width ``h``, ``ĉ = max_i c_i``,
    ``p(y) = softmax(W [ĉ_3; ĉ_4; ĉ_5] + b)``.

    Args:
        input_shape: ``(T,)`` token ids (0 = padding).
        vocab_size, embedding_dim: the embedding table.
        widths: convolution widths (3, 4, 5 in the paper).
        filters: feature maps per width (100 in the paper).
        embeddings: ``"rand"`` (learned from scratch), ``"static"`` (frozen) or
            ``"non-static"`` (initialised from ``embedding_matrix``, then fine-tuned).
        embedding_matrix: optional (vocab_size, embedding_dim) pretrained vectors (word2vec).
        dropout: dropout before the classifier.
        include_top: add the classifier (``False``: the model returns the features it would
            classify).
        num_classes: number of classes (``classes``, the keras.applications spelling, is
            accepted too).
        classifier_activation: activation of the classifier (computed in float32).
        pooling: must be None (max over time is the model's own pooling).
        name: model name.
        se_ratio: attach a Squeeze-and-Excitation gate ``conv{w}_se`` to every convolution, before
            the max over time.

    Returns:
        ``keras.Model`` mapping ids (batch, T) to class probabilities.

    Example:
        >>> print(text_cnn((20,), vocab_size=50, num_classes=3).output_shape)
        (None, 3)

    Paper: Kim, "Convolutional Neural Networks for Sentence Classification", EMNLP 2014.
    """
    if embeddings not in ("rand", "static", "non-static"):
        raise TfdlValueError(
            "embeddings_choice",
            "`embeddings` must be 'rand', 'static' or 'non-static'. Received: embeddings={embeddings!r}",
            embeddings=embeddings,
        )
    _positive("vocab_size", vocab_size)
    _positive("filters", filters)
    length = next(iter(input_shape))
    if length is not None and length < max(widths):
        raise TfdlValueError(
            "text_cnn_too_short",
            "`input_shape` must be at least as long as the widest filter ({widest}). Received: "
            "input_shape={input_shape}",
            widest=max(widths), input_shape=tuple(input_shape),
        )
    inputs = keras.Input(shape=(length,), dtype="int32", name="tokens")
    init = "uniform"
    if embedding_matrix is not None:
        import numpy as np

        embedding_matrix = np.asarray(embedding_matrix, dtype="float32")
        if embedding_matrix.shape != (vocab_size, embedding_dim):
            raise TfdlValueError(
                "embedding_matrix_shape",
                "`embedding_matrix` must have shape (vocab_size, embedding_dim) = {expected}. Received: shape={shape}",
                expected=(vocab_size, embedding_dim), shape=embedding_matrix.shape,
            )
        init = keras.initializers.Constant(embedding_matrix)
    x = keras.layers.Embedding(vocab_size, embedding_dim, embeddings_initializer=init,
                               trainable=embeddings != "static", name="embedding")(inputs)
    pooled = []
    for w in widths:
        c = maybe_se(keras.layers.Conv1D(filters, w, activation="relu", name=f"conv{w}")(x), se_ratio, f"conv{w}")
        pooled.append(keras.layers.GlobalMaxPooling1D(name=f"max_over_time{w}")(c))
    z = pooled[0] if len(pooled) == 1 else keras.layers.Concatenate(name="concat")(pooled)
    if include_top:
        z = keras.layers.Dropout(dropout, name="dropout")(z)
    outputs = _seq_head(z, include_top, num_classes, classes, 2, classifier_activation, pooling,
                        name)
    return keras.Model(inputs, outputs, name=name)


@register_model()
def crnn(input_shape=(100, 16), conv_filters=(32, 64), kernel_size=3, pool_size=2, units=64,
         cell="gru", bidirectional=True, num_classes=2, classifier_activation="softmax",
         return_sequences=False, name="crnn", *, include_top=True, pooling=None, se_ratio=None, classes=None):
    """Convolution, then recurrence: a CRNN for sequences of feature vectors (audio, signals).

    Formula: ``z = Pool(ReLU(Conv1D(x)))`` (repeated), ``h = BiRNN(z)``,
    ``p(y) = softmax(W h_T + b)`` (or per step with ``return_sequences``).

    Args:
        input_shape: ``(T, F)``.
        conv_filters: filters of each conv block (each halves T with ``pool_size=2``).
        kernel_size, pool_size: of every conv block.
        units, cell, bidirectional: the recurrent layer.
        include_top: add the classifier (``False``: the model returns the features it would
            classify).
        num_classes: number of classes (``classes``, the keras.applications spelling, is
            accepted too).
        classifier_activation: activation of the classifier (computed in float32).
        pooling: must be None (the sequence is already reduced by the network itself).
        name: model name.
        return_sequences: a label per (pooled) step instead of one per sequence.
        se_ratio: attach a Squeeze-and-Excitation gate ``block{k}_se`` after every conv block
            (channels re-weighted by their mean over time).

    Returns:
        ``keras.Model``.

    Example:
        >>> print(crnn((16, 4), num_classes=3).output_shape)
        (None, 3)

    Paper: Shi, Bai & Yao, TPAMI 2017.
    """
    _positive("units", units)
    inputs = keras.Input(shape=tuple(input_shape), name="features")
    x = inputs
    for k, f in enumerate(conv_filters):
        x = keras.layers.Conv1D(f, kernel_size, padding="same", activation="relu",
                                name=f"block{k + 1}_conv")(x)
        x = maybe_se(x, se_ratio, f"block{k + 1}")
        x = keras.layers.MaxPooling1D(pool_size, padding="same", name=f"block{k + 1}_pool")(x)
    x = _recurrent_stack(x, cell, units, 1, bidirectional, return_sequences, "rnn")
    outputs = _seq_head(x, include_top, num_classes, classes, 2, classifier_activation, pooling,
                        name)
    return keras.Model(inputs, outputs, name=name)
