"""Generated labelled sentences for text classification and tagging: no download, one rule each.

- ``"sentiment"`` (2 classes): a sentence about a thing of tfdl's shipped corpora (a queen, a
  cat, paris, a lemon) with one planted opinion word, ``good``/``bad`` and their synonyms. The
  label is the opinion's polarity, **flipped by a "not" just before it** (``not good`` is
  negative): a bag of words cannot tell ``good`` from ``not good``; a width-2 filter can.
- ``"topic"`` (4 classes): the same templates; the label is the topic of the thing the sentence
  is about (people, animals, cities, fruit); opinions are noise here.
- :func:`make_tagging_task` (many-to-many): every word gets a tag (determiner, noun, verb,
  adjective, negation, other), the per-step labels of :func:`tfdl.models.sequence_tagger`.

Both languages of the app (``"en"``, ``"ru"``). Everything is numpy and Python: no TensorFlow.

Example:
    >>> data = make_text_classification(4, task="sentiment", seed=0)
    >>> len(data.texts), data.class_names
    (4, ('negative', 'positive'))
    >>> print(data.labels.dtype)
    int64
"""

from __future__ import annotations

import dataclasses

import numpy as np

from tfdl.errors import TfdlValueError
from tfdl.validation import check_int, one_of_error

__all__ = [
    "TEXT_EXAMPLES",
    "TAGGING_EXAMPLES",
    "TEXT_LANGUAGES",
    "TEXT_TASKS",
    "TAGS",
    "TaggingData",
    "TextClassificationData",
    "make_tagging_task",
    "make_text_classification",
    "sentence_label",
]

#: A sentence to classify in each language (words of the generated sentences; "not" flips the opinion).
TEXT_EXAMPLES = {"en": "my friend said the zebra was not good", "ru": "друг сказал что зебра это не хорошо"}
#: A sentence to tag in each language.
TAGGING_EXAMPLES = {"en": "the zebra was not good", "ru": "зебра это не хорошо"}

TEXT_TASKS = ("sentiment", "topic")
TEXT_LANGUAGES = ("en", "ru")
#: the tags of :func:`make_tagging_task`, in id order
TAGS = ("det", "noun", "verb", "adj", "neg", "other")

# topic -> things (the shipped corpora's words); opinions; negation; templates ({x} thing, {o} opinion)
_WORDS = {
    "en": {
        "topics": {
            "people": ("king", "queen", "prince", "princess", "man", "woman", "boy", "girl"),
            "animals": ("cat", "dog", "cow", "horse", "lion", "tiger"),
            "cities": ("paris", "berlin", "rome", "madrid", "tokyo", "london"),
            "fruit": ("apple", "cherry", "banana", "lemon", "lime", "pear"),
        },
        "positive": ("good", "great", "lovely", "wonderful", "excellent", "nice"),
        "negative": ("bad", "awful", "terrible", "boring", "poor", "horrible"),
        "not": "not",
        "templates": (
            "the {x} was {o}",
            "i think the {x} is {o}",
            "my friend said the {x} was {o}",
            "the {x} looks {o} today",
            "everyone agrees that the {x} is {o}",
            "the {x} seemed {o} to me",
            "honestly the {x} is {o}",
        ),
    },
    "ru": {
        "topics": {
            "people": ("король", "королева", "принц", "принцесса", "мужчина", "женщина", "мальчик", "девочка"),
            "animals": ("кошка", "собака", "корова", "лошадь", "лев", "тигр"),
            "cities": ("париж", "берлин", "рим", "мадрид", "токио", "лондон"),
            "fruit": ("яблоко", "вишня", "банан", "лимон", "лайм", "груша"),
        },
        "positive": ("хорошо", "отлично", "прекрасно", "замечательно", "чудесно", "приятно"),
        "negative": ("плохо", "ужасно", "скучно", "отвратительно", "грустно", "неприятно"),
        "not": "не",
        "templates": (
            "{x} это {o}",
            "я думаю что {x} это {o}",
            "друг сказал что {x} это {o}",
            "сегодня {x} выглядит {o}",
            "все согласны что {x} это {o}",
            "мне кажется {x} это {o}",
            "честно говоря {x} это {o}",
        ),
    },
}
# the tag of every template word that is neither the thing nor the opinion
_TEMPLATE_TAGS = {
    "the": "det",
    "my": "det",
    "was": "verb",
    "is": "verb",
    "think": "verb",
    "said": "verb",
    "looks": "verb",
    "agrees": "verb",
    "seemed": "verb",
    "friend": "noun",
    "everyone": "noun",
    "i": "noun",
    "me": "noun",
    "это": "verb",
    "думаю": "verb",
    "сказал": "verb",
    "выглядит": "verb",
    "согласны": "verb",
    "кажется": "verb",
    "говоря": "verb",
    "друг": "noun",
    "я": "noun",
    "мне": "noun",
    "все": "noun",
}


@dataclasses.dataclass(frozen=True)
class TextClassificationData:
    """Sentences and their labels.

    Attributes:
        texts: the sentences (lower case, words separated by spaces).
        labels: (n,) int64 class ids, ``class_names[labels[i]]`` names the class of ``texts[i]``.
        class_names: the classes in id order.
        task: ``"sentiment"`` or ``"topic"``.
        language: ``"en"`` or ``"ru"``.
    """

    texts: tuple[str, ...]
    labels: np.ndarray
    class_names: tuple[str, ...]
    task: str
    language: str

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, index) -> TextClassificationData:
        """The sentences at ``index`` (an integer array or a slice)."""
        index = np.arange(len(self))[index]
        return dataclasses.replace(self, texts=tuple(self.texts[i] for i in index), labels=self.labels[index])


@dataclasses.dataclass(frozen=True)
class TaggingData:
    """Sentences with one tag per word (:data:`TAGS`).

    Attributes:
        texts: the sentences.
        tags: ``tags[i][t]`` is the tag id of word ``t`` of ``texts[i]``.
        tag_names: :data:`TAGS`.
        language: ``"en"`` or ``"ru"``.
    """

    texts: tuple[str, ...]
    tags: tuple[tuple[int, ...], ...]
    tag_names: tuple[str, ...]
    language: str

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, index) -> TaggingData:
        """The sentences at ``index`` (an integer array or a slice)."""
        index = np.arange(len(self))[index]
        return dataclasses.replace(
            self, texts=tuple(self.texts[i] for i in index), tags=tuple(self.tags[i] for i in index)
        )

    def padded_tags(self, length: int) -> np.ndarray:
        """``(n, length)`` int32 tag ids, cut or padded with 0 (padding steps get ``sample_weight`` 0)."""
        out = np.zeros((len(self), check_int(length, "length", 1)), dtype="int32")
        for row, tags in enumerate(self.tags):
            out[row, : min(length, len(tags))] = tags[:length]
        return out


def _check(language: str, task: str | None = None) -> dict:
    if language not in TEXT_LANGUAGES:
        raise one_of_error("language", language, TEXT_LANGUAGES)
    if task is not None and task not in TEXT_TASKS:
        raise one_of_error("task", task, TEXT_TASKS)
    return _WORDS[language]


def _sentence(words: dict, rng: np.random.Generator, negation_rate: float) -> tuple[str, str, str, bool]:
    """(sentence, topic, opinion word, negated)."""
    topic = list(words["topics"])[rng.integers(len(words["topics"]))]
    thing = words["topics"][topic][rng.integers(len(words["topics"][topic]))]
    polarity = ("positive", "negative")[rng.integers(2)]
    opinion = words[polarity][rng.integers(len(words[polarity]))]
    negated = bool(rng.random() < negation_rate)
    template = words["templates"][rng.integers(len(words["templates"]))]
    o = f"{words['not']} {opinion}" if negated else opinion
    text = template.format(x=thing, o=o)
    if topic == "cities":  # "paris", not "the paris"
        text = text.replace(f"the {thing}", thing)
    return text, topic, opinion, negated


def sentence_label(text: str, task: str = "sentiment", language: str = "en") -> int | None:
    """The rule that labels a generated sentence, applied to any text (``None``: the rule cannot tell).

    ``"sentiment"``: 1 (positive) or 0 (negative) from the last opinion word, flipped when the
    word just before it is "not" (``не``); ``"topic"``: the topic id of the first known thing.

    Example:
        >>> sentence_label("the cat was not good"), sentence_label("the cat was good")
        (0, 1)
    """
    words = _check(language, task)
    tokens = text.lower().split()
    if task == "topic":
        for token in tokens:
            for k, things in enumerate(words["topics"].values()):
                if token in things:
                    return k
        return None
    for t in range(len(tokens) - 1, -1, -1):
        if tokens[t] in words["positive"] or tokens[t] in words["negative"]:
            positive = tokens[t] in words["positive"]
            negated = t > 0 and tokens[t - 1] == words["not"]
            return int(positive != negated)
    return None


def make_text_classification(
    n_samples: int = 1000, task: str = "sentiment", language: str = "en", seed: int = 0, negation_rate: float = 0.3
) -> TextClassificationData:
    """``n_samples`` generated sentences labelled by a rule (the module docstring says which).

    Args:
        n_samples: how many sentences (>= 1).
        task: ``"sentiment"`` (negative/positive, "not" flips) or ``"topic"`` (4 topics).
        language: ``"en"`` or ``"ru"``.
        seed: the same seed gives the same sentences.
        negation_rate: share of opinions preceded by "not" (``не``), in [0, 1].

    Returns:
        :class:`TextClassificationData`.

    Example:
        >>> d = make_text_classification(3, seed=1)
        >>> [sentence_label(t) for t in d.texts] == d.labels.tolist()
        True
    """
    n = check_int(n_samples, "n_samples", 1)
    words = _check(language, task)
    if not (isinstance(negation_rate, (int, float)) and 0.0 <= negation_rate <= 1.0):
        raise TfdlValueError(
            "negation_rate_range",
            "`negation_rate` must be a number in [0, 1]. Received: negation_rate={value!r}",
            value=negation_rate,
        )
    rng = np.random.default_rng(seed)
    texts, labels = [], []
    topics = list(words["topics"])
    for _ in range(n):
        text, topic, opinion, negated = _sentence(words, rng, negation_rate)
        texts.append(text)
        if task == "topic":
            labels.append(topics.index(topic))
        else:
            labels.append(int((opinion in words["positive"]) != negated))
    names = ("negative", "positive") if task == "sentiment" else tuple(topics)
    return TextClassificationData(tuple(texts), np.array(labels, dtype="int64"), names, task, language)


def _tag(word: str, words: dict) -> str:
    if word == words["not"]:
        return "neg"
    if word in words["positive"] or word in words["negative"]:
        return "adj"
    if any(word in things for things in words["topics"].values()):
        return "noun"
    return _TEMPLATE_TAGS.get(word, "other")


def make_tagging_task(n_samples: int = 1000, language: str = "en", seed: int = 0) -> TaggingData:
    """Generated sentences with a tag for every word (:data:`TAGS`): a many-to-many task.

    The same sentences as :func:`make_text_classification`; each word's tag is its part of speech
    in the templates (``the`` det, ``cat`` noun, ``was`` verb, ``good`` adj, ``not`` neg).

    Example:
        >>> d = make_tagging_task(1, seed=0)
        >>> len(d.texts[0].split()) == len(d.tags[0])
        True
    """
    n = check_int(n_samples, "n_samples", 1)
    words = _check(language)
    rng = np.random.default_rng(seed)
    texts, tags = [], []
    for _ in range(n):
        text = _sentence(words, rng, 0.3)[0]
        texts.append(text)
        tags.append(tuple(TAGS.index(_tag(w, words)) for w in text.split()))
    return TaggingData(tuple(texts), tuple(tags), TAGS, language)
