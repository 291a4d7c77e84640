"""Generated text sets: deterministic per seed, labels follow the rule (checked by a rule written again here)."""

import numpy as np
import pytest

from tfdl.data import TAGS, make_tagging_task, make_text_classification, sentence_label

# the rule, written out again from the docstring (not imported): opinion words and the negation
POSITIVE = {
    "en": {"good", "great", "lovely", "wonderful", "excellent", "nice"},
    "ru": {"хорошо", "отлично", "прекрасно", "замечательно", "чудесно", "приятно"},
}
NEGATIVE = {
    "en": {"bad", "awful", "terrible", "boring", "poor", "horrible"},
    "ru": {"плохо", "ужасно", "скучно", "отвратительно", "грустно", "неприятно"},
}
NOT = {"en": "not", "ru": "не"}
TOPIC_WORDS = {
    "en": [
        {"king", "queen", "woman", "boy"},
        {"cat", "dog", "lion"},
        {"paris", "rome", "tokyo"},
        {"apple", "lemon", "pear"},
    ]
}


def _expected_sentiment(text, language):
    words = text.split()
    [(t, w)] = [(t, w) for t, w in enumerate(words) if w in POSITIVE[language] | NEGATIVE[language]]
    return int((w in POSITIVE[language]) != (t > 0 and words[t - 1] == NOT[language]))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_sentiment_labels_follow_the_rule_and_seed_fixes_the_set(language):
    data = make_text_classification(300, "sentiment", language, seed=3)
    assert [_expected_sentiment(t, language) for t in data.texts] == data.labels.tolist()
    assert data.class_names == ("negative", "positive")
    negated = [t for t in data.texts if f" {NOT[language]} " in f" {t} "]
    assert 0.2 < len(negated) / len(data) < 0.4  # negation_rate=0.3
    assert 0.4 < data.labels.mean() < 0.6
    again = make_text_classification(300, "sentiment", language, seed=3)
    assert again.texts == data.texts and np.array_equal(again.labels, data.labels)
    assert make_text_classification(300, "sentiment", language, seed=4).texts != data.texts
    assert data.subset(slice(2, 5)).texts == data.texts[2:5]


def test_topic_labels_and_the_public_rule():
    data = make_text_classification(200, "topic", "en", seed=0)
    assert data.class_names == ("people", "animals", "cities", "fruit")
    for text, label in zip(data.texts, data.labels):
        hits = [k for k, words in enumerate(TOPIC_WORDS["en"]) if set(text.split()) & words]
        assert hits in ([], [label])
    assert set(data.labels.tolist()) == {0, 1, 2, 3}
    assert sentence_label("the cat was not good") == 0 and sentence_label("i think rome is nice") == 1
    assert sentence_label("rome is nice", task="topic") == 2 and sentence_label("hello there") is None
    assert "the paris" not in " ".join(data.texts)


def test_tagging_gives_a_tag_per_word_and_errors_name_the_argument():
    data = make_tagging_task(50, "en", seed=1)
    for text, tags in zip(data.texts, data.tags):
        words = text.split()
        assert len(words) == len(tags)
        for word, tag in zip(words, tags):
            expected = (
                "neg"
                if word == "not"
                else "adj"
                if word in POSITIVE["en"] | NEGATIVE["en"]
                else "det"
                if word in ("the", "my")
                else None
            )
            assert expected is None or TAGS[tag] == expected, (word, TAGS[tag])
    padded = data.padded_tags(4)
    assert padded.shape == (50, 4) and padded[0].tolist() == list(data.tags[0][:4])
    with pytest.raises(ValueError, match="task"):
        make_text_classification(4, task="spam")
    with pytest.raises(ValueError, match="language"):
        make_text_classification(4, language="de")
    with pytest.raises(ValueError, match="negation_rate"):
        make_text_classification(4, negation_rate=2)
