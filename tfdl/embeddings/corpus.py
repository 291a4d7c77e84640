"""The small corpora that ship with tfdl (English and Russian), and the checks on a pasted one.

The shipped texts (``corpus_en.txt``, ``corpus_ru.txt``, about 10 KB each) are generated from
templates by :func:`generate_corpus` and written by ``python -m tfdl.embeddings.corpus``; a test
keeps the files equal to the generator. They are plain sentences written for this kit (no
licence attached) with regularities a small word2vec can find in seconds:

- people who differ in one feature (man/woman, king/queen, boy/girl, prince/princess: gender,
  royalty, age) in the same contexts, so ``king − man + woman`` lands near ``queen``;
- capitals and their countries (``paris − france + italy`` near ``rome``), animals by what they
  eat and where they live, fruit by colour and taste.

Example:
    >>> from tfdl.embeddings.corpus import load_corpus
    >>> load_corpus("en").splitlines()[0]  # doctest: +SKIP
    'the queen said that she was tired.'
"""

from __future__ import annotations

import random
from importlib import resources

from tfdl.embeddings.text import split_sentences
from tfdl.errors import TfdlValueError

__all__ = ["CORPUS_EXAMPLES", "CORPUS_LANGUAGES", "MAX_CORPUS_CHARS", "check_corpus", "generate_corpus", "load_corpus"]

CORPUS_LANGUAGES = ("en", "ru")
#: what to ask of each shipped corpus: a word for its neighbours, an analogy ``a − b + c`` and
#: the word it should give, and a misspelling fastText still places (seen by tests and the app)
CORPUS_EXAMPLES = {
    "en": {"word": "queen", "analogy": ("king", "man", "woman"), "answer": "queen", "misspelt": "princes"},
    "ru": {
        "word": "королева",
        "analogy": ("король", "мужчина", "женщина"),
        "answer": "королева",
        "misspelt": "каролева",
    },
}
#: the longest text :func:`check_corpus` accepts by default (characters; about 3,000 words)
MAX_CORPUS_CHARS = 20_000

# --- English -----------------------------------------------------------------------------------
# word, gender (m/f), royal, young
_PEOPLE_EN = [
    ("man", "m", False, False),
    ("woman", "f", False, False),
    ("king", "m", True, False),
    ("queen", "f", True, False),
    ("boy", "m", False, True),
    ("girl", "f", False, True),
    ("prince", "m", True, True),
    ("princess", "f", True, True),
]
_PRONOUN_EN = {"m": ("he", "his"), "f": ("she", "her")}
_ANIMALS_EN = [
    ("cat", "fish", "at home", "a pet"),
    ("dog", "meat", "at home", "a pet"),
    ("cow", "grass", "on the farm", "a farm animal"),
    ("horse", "grass", "on the farm", "a farm animal"),
    ("lion", "meat", "in the savanna", "a wild animal"),
    ("tiger", "meat", "in the jungle", "a wild animal"),
]
_CITIES_EN = [
    ("paris", "france", "french"),
    ("berlin", "germany", "german"),
    ("rome", "italy", "italian"),
    ("madrid", "spain", "spanish"),
    ("tokyo", "japan", "japanese"),
    ("london", "england", "english"),
]
_FRUIT_EN = [
    ("apple", "red", "sweet"),
    ("cherry", "red", "sweet"),
    ("banana", "yellow", "sweet"),
    ("lemon", "yellow", "sour"),
    ("lime", "green", "sour"),
    ("pear", "green", "sweet"),
]


def _english(rng: random.Random) -> list[str]:
    out = []
    for word, g, royal, young in _PEOPLE_EN:
        he, his = _PRONOUN_EN[g]
        home = ("palace", "castle") if royal else ("house", "cottage")
        for _ in range(2):
            out += [
                f"the {word} said that {he} was {rng.choice(['tired', 'happy', 'hungry', 'late'])}",
                f"{he} is a {word}",
                f"the {word} lives in a {rng.choice(home)}",
                f"the {word} wears {his} {'crown' if royal else 'hat'}",
                f"the {word} and {his} friend walked to the {rng.choice(['market', 'river', 'park'])}",
            ]
            out.append(
                f"the young {word} plays with a {rng.choice(['ball', 'kite'])}"
                if young
                else f"the {word} {'rules the kingdom' if royal else 'works in the town'}"
            )
            out.append(f"the {word} is {'royal' if royal else 'not royal'} and {'young' if young else 'old'}")
    for animal, food, place, kind in _ANIMALS_EN:
        for _ in range(3):
            out += [
                f"the {animal} eats {food}",
                f"the {animal} lives {place}",
                f"a {animal} is {kind}",
                f"the {animal} {rng.choice(['sleeps', 'runs', 'drinks water'])}",
            ]
    for city, country, language in _CITIES_EN:
        for _ in range(2):
            out += [
                f"{city} is the capital of {country}",
                f"{city} is a big city in {country}",
                f"people in {city} speak {language}",
                f"people in {country} speak {language}",
                f"we flew to {rng.choice([city, country])} last {rng.choice(['summer', 'winter'])}",
                f"the food in {rng.choice([city, country])} is {language}",
            ]
    for fruit, colour, taste in _FRUIT_EN:
        for _ in range(3):
            out += [f"the {fruit} is {colour}", f"the {fruit} tastes {taste}", f"i ate a {colour} {fruit}"]
    return out


# --- Russian (the same world; words keep one form wherever possible) ----------------------------
# word, gender, royal, young
_PEOPLE_RU = [
    ("мужчина", "m", False, False),
    ("женщина", "f", False, False),
    ("король", "m", True, False),
    ("королева", "f", True, False),
    ("мальчик", "m", False, True),
    ("девочка", "f", False, True),
    ("принц", "m", True, True),
    ("принцесса", "f", True, True),
]
_FORMS_RU = {
    "m": ("он", "его", "сказал", "устал", "рад", "юный"),
    "f": ("она", "её", "сказала", "устала", "рада", "юная"),
}
_ANIMALS_RU = [
    ("кошка", "рыбу", "дома", "домашнее"),
    ("собака", "мясо", "дома", "домашнее"),
    ("корова", "траву", "на ферме", "сельскохозяйственное"),
    ("лошадь", "траву", "на ферме", "сельскохозяйственное"),
    ("лев", "мясо", "в саванне", "дикое"),
    ("тигр", "мясо", "в джунглях", "дикое"),
]
_CITIES_RU = [
    ("париж", "во франции", "по-французски"),
    ("берлин", "в германии", "по-немецки"),
    ("рим", "в италии", "по-итальянски"),
    ("мадрид", "в испании", "по-испански"),
    ("токио", "в японии", "по-японски"),
    ("лондон", "в англии", "по-английски"),
]
_FRUIT_RU = [
    ("яблоко", "красное", "сладкое"),
    ("манго", "жёлтое", "сладкое"),
    ("авокадо", "зелёное", "несладкое"),
    ("киви", "зелёное", "кислое"),
]


def _russian(rng: random.Random) -> list[str]:
    out = []
    for word, g, royal, young in _PEOPLE_RU:
        he, his, said, tired, glad, young_adj = _FORMS_RU[g]
        home = ("во дворце", "в замке") if royal else ("в доме", "в деревне")
        for _ in range(2):
            out += [
                f"{word} {said}, что {he} {rng.choice([tired, glad])}",
                f"{he} — {word}",
                f"{word} живёт {rng.choice(home)}",
                f"{word} носит {'корону' if royal else 'шляпу'}",
                f"{word} и {his} друг пошли {rng.choice(['к реке', 'на рынок', 'в парк'])}",
            ]
            out.append(
                f"{young_adj} {word} играет с {rng.choice(['мячом', 'змеем'])}"
                if young
                else f"{word} {'правит королевством' if royal else 'работает в городе'}"
            )
            out.append(f"{word} {'из королевской семьи' if royal else 'из простой семьи'}")
    for animal, food, place, kind in _ANIMALS_RU:
        for _ in range(3):
            out += [
                f"{animal} ест {food}",
                f"{animal} живёт {place}",
                f"{animal} — {kind} животное",
                f"{animal} {rng.choice(['спит', 'бегает', 'пьёт воду'])}",
            ]
    for city, country, language in _CITIES_RU:
        for _ in range(2):
            out += [
                f"{city} — столица, и {country} говорят {language}",
                f"{city} — большой город {country}",
                f"жители города {city} говорят {language}",
                f"{country} говорят {language}",
                f"мы летали {rng.choice(['в ' + city, 'летом'])} и были {country}",
                f"еда {country} вкусная, а {city} красивый",
            ]
    for fruit, colour, taste in _FRUIT_RU:
        for _ in range(3):
            out += [f"{fruit} {colour}", f"{fruit} на вкус {taste}", f"я съел {colour} {fruit}"]
    return out


def generate_corpus(language: str = "en", seed: int = 0) -> str:
    """The shipped corpus of ``language``, generated from its templates: one sentence a line.

    Args:
        language: ``"en"`` or ``"ru"``.
        seed: the order of the sentences and the free choices in them.

    Returns:
        The text (sentences end with a full stop and a newline).
    """
    if language not in CORPUS_LANGUAGES:
        raise TfdlValueError(
            "corpus_language",
            "`language` must be one of {options}. Received: language={value!r}",
            options=CORPUS_LANGUAGES,
            value=language,
        )
    rng = random.Random(seed)
    sentences = _english(rng) if language == "en" else _russian(rng)
    rng.shuffle(sentences)
    return "".join(s + ".\n" for s in sentences)


def load_corpus(language: str = "en") -> str:
    """The corpus shipped with tfdl in ``language`` (``"en"`` or ``"ru"``), as text."""
    if language not in CORPUS_LANGUAGES:
        raise TfdlValueError(
            "corpus_language",
            "`language` must be one of {options}. Received: language={value!r}",
            options=CORPUS_LANGUAGES,
            value=language,
        )
    return resources.files("tfdl.embeddings").joinpath(f"corpus_{language}.txt").read_text(encoding="utf-8")


def check_corpus(text: str, max_chars: int = MAX_CORPUS_CHARS) -> list[list[str]]:
    """A corpus as sentences of words, refusing an empty or too long text with a clear error.

    Args:
        text: the corpus (sentences end at a line break or ``. ! ? ;``).
        max_chars: the longest text accepted (a classroom server trains it while the user waits).

    Returns:
        The tokenized sentences (:func:`tfdl.embeddings.text.split_sentences`).
    """
    if not isinstance(text, str):
        raise TfdlValueError("text_not_str", "`text` must be a string. Received: {kind}", kind=type(text).__name__)
    if len(text) > max_chars:
        raise TfdlValueError(
            "corpus_too_long",
            "The corpus may have at most {max_chars} characters; it has {n}. Shorten it.",
            max_chars=max_chars,
            n=len(text),
        )
    sentences = split_sentences(text)
    if not any(len(s) > 1 for s in sentences):
        raise TfdlValueError(
            "corpus_empty",
            "The corpus has no sentence of two or more words to learn from: "
            "paste some text, one sentence a line or ended by a full stop.",
        )
    return sentences


if __name__ == "__main__":  # write the shipped files
    from pathlib import Path

    for lang in CORPUS_LANGUAGES:
        path = Path(__file__).with_name(f"corpus_{lang}.txt")
        path.write_text(generate_corpus(lang), encoding="utf-8")
        print(path, len(path.read_text(encoding="utf-8")), "characters")
