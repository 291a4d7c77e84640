"""Train a text classifier on generated sentences: Kim's text CNN or a stacked RNN, then read a typed one.

The pipeline: sentences (:func:`tfdl.data.make_text_classification`) → a
:class:`~tfdl.embeddings.Vocabulary` of the training words (id 0 pads, id 1 is any unknown word)
→ ids ``(n, T)`` → :func:`tfdl.models.text_cnn` (widths, max over time; embeddings ``"rand"``,
``"static"`` or ``"non-static"`` from word vectors) or :func:`tfdl.models.rnn_classifier`
(``num_layers`` stacked LSTM/GRU/RNN layers, many-to-one) → :func:`tfdl.training.fit` with the
held-out sentences as validation data, so the history has both accuracy curves.

Word vectors for ``"static"``/``"non-static"`` come from :func:`tfdl.embeddings.train_word_vectors`
(the Word embeddings tab's, or :func:`sentence_word_vectors`: skip-gram on the training sentences).

Example:
    >>> from tfdl.data import make_text_classification
    >>> data = make_text_classification(400, seed=0)
    >>> run = train_text_classifier(data.subset(slice(300)), data.subset(slice(300, None)), epochs=3)  # doctest: +SKIP
    >>> run.classify("the cat was not good").label  # doctest: +SKIP
    'negative'
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from tfdl.embeddings.text import Vocabulary, tokenize
from tfdl.errors import TfdlValueError
from tfdl.seeding import seeded
from tfdl.validation import check_int, one_of_error

__all__ = [
    "EMBEDDING_CHOICES",
    "SECONDS_PER_RNN_STEP",
    "TEXT_OVERHEAD_S",
    "TEXT_ARCHITECTURES",
    "TaggerRun",
    "TextClassifierRun",
    "TextPrediction",
    "build_text_classifier",
    "estimate_text_classifier_seconds",
    "sentence_word_vectors",
    "text_vocabulary",
    "train_sequence_tagger",
    "train_text_classifier",
]

TEXT_ARCHITECTURES = ("text_cnn", "rnn")
EMBEDDING_CHOICES = ("rand", "static", "non-static")
#: CPU seconds per recurrent layer, time step and batch, beyond :func:`tfdl.training.estimate_fit_cost`
#: (measured on the 2-core server: 1 and 2 stacked LSTMs, a 2-layer GRU, 16–32 units, T = 8: 1.2–2.7 ms)
SECONDS_PER_RNN_STEP = 2e-3
#: CPU seconds to build the vocabulary, trace and warm up, beyond the fit cost model (measured: about 3 s)
TEXT_OVERHEAD_S = 3.0


@dataclasses.dataclass(frozen=True)
class TextPrediction:
    """What the classifier says about one text.

    Attributes:
        words: the words read (at most the model's length ``T``).
        known: ``known[i]``: ``words[i]`` is in the vocabulary (else it was read as ``<unk>``).
        probabilities: (classes,) the softmax output.
        label: the most probable class's name.
        truncated: the text had more than ``T`` words (the rest was not read).
    """

    words: tuple[str, ...]
    known: tuple[bool, ...]
    probabilities: np.ndarray
    label: str
    truncated: bool


@dataclasses.dataclass
class TextClassifierRun:
    """A trained text classifier and what it was trained on.

    Attributes:
        model: the ``keras.Model`` (ids ``(batch, T)`` → class probabilities).
        vocabulary: the :class:`~tfdl.embeddings.Vocabulary` of the training sentences.
        length: ``T``, the number of words read (longer texts are cut, shorter padded with 0).
        class_names: the classes in id order.
        history: ``pandas.DataFrame``: ``epoch``, ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``.
        initial_embedding: the embedding table before training (compare with the trained one).
        coverage: share of the vocabulary's words that had a pretrained vector (``None`` for ``"rand"``).
    """

    model: Any
    vocabulary: Vocabulary
    length: int
    class_names: tuple[str, ...]
    history: Any
    initial_embedding: np.ndarray
    coverage: float | None = None

    def classify(self, text: str) -> TextPrediction:
        """Classify ``text``: its words (cut to ``T``), unknown ones read as ``<unk>`` (id 1)."""
        words = tokenize(text)
        if not words:
            raise TfdlValueError(
                "text_no_words", "`text` must contain at least one word. Received: text={text!r}", text=text[:40]
            )
        read = words[: self.length]
        ids = np.zeros((1, self.length), dtype="int32")
        ids[0, : len(read)] = self.vocabulary.encode(read)
        p = np.asarray(self.model(ids, training=False))[0].astype("float64")
        known = tuple(i > 1 for i in ids[0, : len(read)])
        return TextPrediction(tuple(read), known, p, self.class_names[int(np.argmax(p))], len(words) > self.length)


def text_vocabulary(texts) -> tuple[Vocabulary, int]:
    """The vocabulary of ``texts`` (every word, most frequent first) and the longest text in words."""
    sentences = [tokenize(t) for t in texts]
    return Vocabulary.build(sentences), max((len(s) for s in sentences), default=1)


def build_text_classifier(
    architecture: str,
    vocab_size: int,
    length: int,
    num_classes: int,
    *,
    widths=(2, 3, 4),
    filters: int = 16,
    embedding_dim: int = 16,
    embeddings: str = "rand",
    embedding_matrix=None,
    cell: str = "lstm",
    num_layers: int = 1,
    units: int = 16,
    dropout: float = 0.3,
):
    """A text CNN or a stacked-RNN classifier over token ids ``(T,)``, not compiled.

    Args:
        architecture: ``"text_cnn"`` or ``"rnn"``.
        vocab_size, length, num_classes: ``V``, ``T``, classes.
        widths, filters: the text CNN's filter widths and filters per width.
        embedding_dim: the embedding size (the word vectors' size when ``embedding_matrix`` is given).
        embeddings: the text CNN's ``"rand"``, ``"static"`` or ``"non-static"``.
        embedding_matrix: ``(V, d)`` initial vectors for ``"static"``/``"non-static"``.
        cell, num_layers, units: the RNN (``num_layers`` stacked layers; all but the last return sequences).
        dropout: before the classifier.

    Returns:
        ``keras.Model``.
    """
    from tfdl.models import rnn_classifier, text_cnn

    if architecture not in TEXT_ARCHITECTURES:
        raise one_of_error("architecture", architecture, TEXT_ARCHITECTURES)
    if architecture == "rnn":
        return rnn_classifier(
            (length,),
            vocab_size=vocab_size,
            embedding_dim=embedding_dim,
            units=units,
            num_layers=num_layers,
            cell=cell,
            num_classes=num_classes,
            dropout=dropout,
        )
    return text_cnn(
        (length,),
        vocab_size=vocab_size,
        embedding_dim=embedding_dim,
        widths=tuple(widths),
        filters=filters,
        embeddings=embeddings,
        embedding_matrix=embedding_matrix,
        dropout=dropout,
        num_classes=num_classes,
    )


def sentence_word_vectors(texts, embedding_dim: int = 16, epochs: int = 20, seed: int = 0, sink=None):
    """Skip-gram word vectors (negative sampling) learned from ``texts`` themselves, without their labels:
    :func:`tfdl.embeddings.train_word_vectors` on the sentences joined one per line."""
    from tfdl.embeddings import train_word_vectors

    return train_word_vectors(
        "\n".join(texts),
        "skipgram",
        embedding_dim=embedding_dim,
        window=2,
        negatives=5,
        epochs=epochs,
        seed=seed,
        sink=sink,
    )


def estimate_text_classifier_seconds(model, n_train: int, n_test: int, epochs: int, batch_size: int = 32) -> float:
    """CPU seconds of :func:`train_text_classifier` for ``model`` (:func:`tfdl.training.estimate_fit_cost`,
    plus, for recurrent layers, their steps: each recurrent layer runs ``T`` cell steps per batch, a
    bidirectional one twice)."""
    from tfdl.training_cost import estimate_fit_cost

    cost = estimate_fit_cost(model, n_train, epochs, batch_size, validation_samples=n_test)
    kinds = {"LSTM": 1, "GRU": 1, "SimpleRNN": 1, "Bidirectional": 2}
    recurrent = sum(kinds.get(type(layer).__name__, 0) for layer in model.layers)
    steps = int(model.inputs[0].shape[1] or 1)
    return TEXT_OVERHEAD_S + cost.seconds + cost.batches * recurrent * steps * SECONDS_PER_RNN_STEP


def train_text_classifier(
    train,
    test,
    architecture: str = "text_cnn",
    *,
    widths=(2, 3, 4),
    filters: int = 16,
    embedding_dim: int = 16,
    embeddings: str = "rand",
    word_vectors=None,
    cell: str = "lstm",
    num_layers: int = 1,
    units: int = 16,
    epochs: int = 8,
    batch_size: int = 32,
    learning_rate: float = 0.01,
    seed: int = 0,
    sink=None,
) -> TextClassifierRun:
    """Train a text CNN or a stacked RNN on ``train``; ``test`` gives the validation curves.

    Formula (text CNN, Kim 2014): ``c_i = ReLU(w · x_{i:i+h−1} + b)``, ``ĉ = max_i c_i`` per filter
    and width ``h``, ``p(y) = softmax(W [ĉ] + b)``; (RNN) ``p(y) = softmax(W h_T + b)``.

    Args:
        train, test: :class:`tfdl.data.TextClassificationData` (same task and classes).
        architecture: ``"text_cnn"`` or ``"rnn"`` (:func:`tfdl.models.rnn_classifier`).
        widths, filters, cell, num_layers, units: see :func:`build_text_classifier`.
        embedding_dim: the embedding size (``"rand"``; the word vectors' size otherwise).
        embeddings: ``"rand"`` (learned from scratch), ``"static"`` (the word vectors, frozen) or
            ``"non-static"`` (the word vectors, fine-tuned): text CNN only.
        word_vectors: :class:`tfdl.embeddings.WordVectors` for ``"static"``/``"non-static"``; a word
            without a vector gets a small random row (:meth:`~tfdl.embeddings.WordVectors.embedding_matrix`).
        epochs, batch_size, learning_rate: Adam's run.
        seed: the weights, the shuffling and the dropout.
        sink: a :class:`tfdl.training.ProgressSink`.

    Returns:
        :class:`TextClassifierRun`.

    Paper: Kim, "Convolutional Neural Networks for Sentence Classification", EMNLP 2014.
    """

    from tfdl.training import fit

    if embeddings not in EMBEDDING_CHOICES:
        raise one_of_error("embeddings", embeddings, EMBEDDING_CHOICES)
    if embeddings != "rand" and architecture != "text_cnn":
        raise TfdlValueError(
            "text_embeddings_cnn_only",
            "`embeddings` must be 'rand' for architecture={architecture!r} (pretrained word "
            "vectors initialise the text CNN). Received: embeddings={embeddings!r}",
            architecture=architecture,
            embeddings=embeddings,
        )
    if embeddings != "rand" and word_vectors is None:
        raise TfdlValueError(
            "text_word_vectors_missing",
            "`word_vectors` must be given for embeddings={embeddings!r} (train them with "
            "tfdl.embeddings.train_word_vectors)",
            embeddings=embeddings,
        )
    if tuple(train.class_names) != tuple(test.class_names):
        raise TfdlValueError(
            "text_classes_differ",
            "`train` and `test` must have the same classes. Received: {a} and {b}",
            a=list(train.class_names),
            b=list(test.class_names),
        )
    check_int(epochs, "epochs", 1)
    vocab, longest = text_vocabulary(train.texts)
    length = max(longest, max(widths) if architecture == "text_cnn" else 1)
    matrix, coverage = None, None
    if embeddings != "rand":
        matrix = word_vectors.embedding_matrix(vocab, seed=seed)
        embedding_dim = int(matrix.shape[1])
        words = [w for w in vocab.words[2:]]
        coverage = sum(word_vectors.has_vector(w) for w in words) / max(1, len(words))
    with seeded(seed):
        model = build_text_classifier(
            architecture,
            len(vocab),
            length,
            len(train.class_names),
            widths=widths,
            filters=filters,
            embedding_dim=embedding_dim,
            embeddings=embeddings,
            embedding_matrix=matrix,
            cell=cell,
            num_layers=num_layers,
            units=units,
        )
    initial = np.array(model.get_layer("embedding").get_weights()[0])
    x, y = vocab.encode_texts(list(train.texts), length), np.asarray(train.labels)
    xt, yt = vocab.encode_texts(list(test.texts), length), np.asarray(test.labels)
    result = fit(
        model,
        x,
        y,
        epochs=int(epochs),
        batch_size=int(batch_size),
        validation_data=(xt, yt),
        sink=sink,
        seed=int(seed),
        learning_rate=learning_rate,
        reinitialize=False,
    )
    return TextClassifierRun(result.model, vocab, length, tuple(train.class_names), result.history, initial, coverage)


@dataclasses.dataclass
class TaggerRun:
    """A trained :func:`tfdl.models.sequence_tagger` (many-to-many: a tag for every word).

    Attributes:
        model: ids ``(batch, T)`` → tag probabilities ``(batch, T, tags)``.
        vocabulary: the training words.
        length: ``T``.
        tag_names: the tags in id order.
        history: ``pandas.DataFrame`` with ``accuracy``/``val_accuracy`` over real words (padding weighs 0).
    """

    model: Any
    vocabulary: Vocabulary
    length: int
    tag_names: tuple[str, ...]
    history: Any

    def tag(self, text: str) -> list[tuple[str, str, bool]]:
        """``(word, tag, known)`` for each word read (at most ``T``; an unknown word is read as ``<unk>``)."""
        words = tokenize(text)[: self.length]
        if not words:
            raise TfdlValueError(
                "text_no_words", "`text` must contain at least one word. Received: text={text!r}", text=text[:40]
            )
        ids = np.zeros((1, self.length), dtype="int32")
        ids[0, : len(words)] = self.vocabulary.encode(words)
        tags = np.argmax(np.asarray(self.model(ids, training=False))[0], axis=-1)
        return [(w, self.tag_names[int(t)], int(i) > 1) for w, t, i in zip(words, tags, ids[0])]


def _tag_arrays(data, vocab: Vocabulary, length: int):
    x = vocab.encode_texts(list(data.texts), length)
    return x, data.padded_tags(length), (x > 0).astype("float32")


def train_sequence_tagger(
    train,
    test,
    *,
    cell: str = "lstm",
    bidirectional: bool = True,
    units: int = 16,
    embedding_dim: int = 16,
    epochs: int = 5,
    batch_size: int = 32,
    learning_rate: float = 0.01,
    seed: int = 0,
    sink=None,
) -> TaggerRun:
    """Train :func:`tfdl.models.sequence_tagger` on :func:`tfdl.data.make_tagging_task` sentences.

    Formula: ``p(y_t) = softmax(W [→h_t; ←h_t] + b)`` for every word ``t``; the loss and the
    accuracy count real words only (padding has sample weight 0).

    Args:
        train, test: :class:`tfdl.data.TaggingData` (``test`` gives the validation curve).
        cell, bidirectional, units, embedding_dim: the tagger.
        epochs, batch_size, learning_rate, seed, sink: as in :func:`train_text_classifier`.

    Returns:
        :class:`TaggerRun`.

    Paper: Huang, Xu & Yu, "Bidirectional LSTM-CRF Models for Sequence Tagging", 2015.
    """
    import keras

    from tfdl.models import sequence_tagger
    from tfdl.training import fit

    check_int(epochs, "epochs", 1)
    vocab, length = text_vocabulary(train.texts)
    with seeded(seed):
        model = sequence_tagger(
            (length,),
            vocab_size=len(vocab),
            embedding_dim=embedding_dim,
            units=units,
            cell=cell,
            bidirectional=bidirectional,
            num_classes=len(train.tag_names),
        )
    x, y, w = _tag_arrays(train, vocab, length)
    xt, yt, wt = _tag_arrays(test, vocab, length)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
        weighted_metrics=["accuracy"],
    )
    result = fit(
        model,
        x,
        y,
        epochs=int(epochs),
        batch_size=int(batch_size),
        validation_data=(xt, yt, wt),
        sink=sink,
        seed=int(seed),
        reinitialize=False,
        sample_weight=w,
    )
    return TaggerRun(result.model, vocab, length, tuple(train.tag_names), result.history)
