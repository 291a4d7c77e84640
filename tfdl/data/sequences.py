"""Generated sequence tasks for seq2seq: copy, reverse, sort, addition and date normalisation.

Everything is character level with one shared vocabulary: ``<pad>`` (id 0, masked), ``<s>``
(start of the target, fed to the decoder first), ``</s>`` (end of sequence), then the symbols.
No TensorFlow is imported here: arrays are numpy.

Example:
    >>> from tfdl.data.sequences import make_sequence_task
    >>> task = make_sequence_task("addition", n_samples=4, min_len=1, max_len=3, seed=0)
    >>> task.sources[0], task.targets[0]              # doctest: +SKIP
    ('12+345', '357')
    >>> print(task.encoder_input.shape[0])
    4
"""

from __future__ import annotations

import dataclasses
import datetime

import numpy as np

from tfdl import validation
from tfdl.errors import TfdlValueError

__all__ = [
    "SEQUENCE_TASKS",
    "CharTokenizer",
    "SequenceTask",
    "make_sequence_task",
    "split_by_length",
    "format_date_source",
]

PAD, BOS, EOS = "<pad>", "<s>", "</s>"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DIGITS = "0123456789"
LETTERS = "abcdefghijklmnopqrstuvwxyz"

#: task name -> (source symbols, one-line description)
SEQUENCE_TASKS = {
    "copy": "copy the digits: 3141 -> 3141",
    "reverse": "reverse the digits: 3141 -> 1413",
    "sort": "sort the digits: 3141 -> 1134",
    "addition": "add two numbers: 12+345 -> 357 (length = digits of each operand)",
    "date": "normalise a date: 5 jan 2021 -> 2021-01-05",
}


class CharTokenizer:
    """A character vocabulary: ids 0, 1, 2 are ``<pad>``, ``<s>``, ``</s>``, then ``symbols``.

    Args:
        symbols: the characters of the task, in id order.

    Returns:
        A tokenizer with :meth:`encode`, :meth:`decode` and :attr:`vocab_size`.

    Example:
        >>> tok = CharTokenizer("0123456789+")
        >>> tok.encode("12+3")
        [4, 5, 13, 6]
        >>> tok.decode([4, 5, 2, 9])
        '12'
    """

    def __init__(self, symbols):
        symbols = "".join(dict.fromkeys(symbols))  # unique, order kept
        self.symbols = symbols
        self.itos = [PAD, BOS, EOS] + list(symbols)
        self.stoi = {s: i for i, s in enumerate(self.itos)}
        self.pad_id, self.bos_id, self.eos_id = 0, 1, 2

    @property
    def vocab_size(self) -> int:
        return len(self.itos)

    def encode(self, text: str, add_bos=False, add_eos=False) -> list[int]:
        """Ids of the characters of ``text``; unknown characters raise ``ValueError``."""
        bad = sorted({ch for ch in text if ch not in self.stoi or ch in (PAD, BOS, EOS)})
        if bad:
            raise TfdlValueError(
                "text_vocabulary",
                "`text` contains characters outside the vocabulary {symbols!r}. Received: text={text!r} (unknown: "
                "{unknown!r})",
                symbols=self.symbols, text=text, unknown=''.join(bad),
            )
        ids = [self.stoi[ch] for ch in text]
        return ([self.bos_id] if add_bos else []) + ids + ([self.eos_id] if add_eos else [])

    def decode(self, ids) -> str:
        """Text of ``ids``, stopping at ``</s>``, skipping ``<pad>`` and ``<s>``."""
        out = []
        for i in ids:
            i = int(i)
            if i == self.eos_id:
                break
            if i in (self.pad_id, self.bos_id) or i >= len(self.itos):
                continue
            out.append(self.itos[i])
        return "".join(out)

    def pad_batch(self, texts, add_bos=False, add_eos=False, length=None) -> np.ndarray:
        """Encode and right-pad with ``<pad>`` into an int32 array (n, length)."""
        seqs = [self.encode(t, add_bos=add_bos, add_eos=add_eos) for t in texts]
        length = max([len(s) for s in seqs] + [1]) if length is None else length
        out = np.zeros((len(seqs), length), dtype=np.int32)
        for k, s in enumerate(seqs):
            out[k, : min(len(s), length)] = s[:length]
        return out

    def get_config(self):
        return {"symbols": self.symbols}


def format_date_source(date: datetime.date, style: int = 0) -> str:
    """A human date: style 0 ``"5 jan 2021"``, 1 ``"jan 5 2021"``, 2 ``"05/01/2021"``."""
    month = MONTHS[date.month - 1]
    if style == 0:
        return f"{date.day} {month} {date.year}"
    if style == 1:
        return f"{month} {date.day} {date.year}"
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


def _symbols(task):
    if task in ("copy", "reverse", "sort"):
        return DIGITS
    if task == "addition":
        return DIGITS + "+"
    return DIGITS + LETTERS + " /-"


def _pair(task, rng, length):
    if task in ("copy", "reverse", "sort"):
        s = "".join(rng.choice(list(DIGITS), size=length))
        t = s if task == "copy" else s[::-1] if task == "reverse" else "".join(sorted(s))
        return s, t
    if task == "addition":
        def number(n):
            if n == 1:
                return int(rng.integers(0, 10))
            return int(rng.integers(10 ** (n - 1), 10 ** n))
        a, b = number(length), number(int(rng.integers(1, length + 1)))
        if rng.random() < 0.5:
            a, b = b, a
        return f"{a}+{b}", str(a + b)
    day0 = datetime.date(1950, 1, 1).toordinal()
    day1 = datetime.date(2049, 12, 31).toordinal()
    d = datetime.date.fromordinal(int(rng.integers(day0, day1 + 1)))
    return format_date_source(d, int(rng.integers(0, 3))), d.isoformat()


@dataclasses.dataclass
class SequenceTask:
    """Pairs of strings and their padded id arrays.

    Attributes:
        name: the task (``"copy"``, ``"reverse"``, ``"sort"``, ``"addition"``, ``"date"``).
        sources, targets: the strings.
        tokenizer: the shared :class:`CharTokenizer`.
        lengths: the source length of each pair (the "length" the task was generated with:
            number of digits for copy/reverse/sort and the longer operand for addition;
            characters for dates).
        encoder_input: (n, S) source ids, right-padded with 0.
        decoder_input: (n, T) ``<s>`` + target ids (teacher forcing input).
        decoder_target: (n, T) target ids + ``</s>``.
    """

    name: str
    sources: list
    targets: list
    tokenizer: CharTokenizer
    lengths: np.ndarray
    encoder_input: np.ndarray
    decoder_input: np.ndarray
    decoder_target: np.ndarray

    def __len__(self):
        return len(self.sources)

    @property
    def max_target_len(self) -> int:
        return self.decoder_target.shape[1]

    @property
    def max_source_chars(self) -> int:
        """The longest source string, in characters: a model trained on these pairs has never seen
        a longer input (seq2seq models do not generalise to longer inputs than they saw)."""
        return max((len(src) for src in self.sources), default=0)

    def subset(self, index) -> SequenceTask:
        """The pairs at ``index`` (a boolean mask or integer array), arrays re-trimmed."""
        index = np.asarray(index)
        if index.dtype == bool:
            index = np.flatnonzero(index)
        return _assemble(self.name, [self.sources[i] for i in index],
                         [self.targets[i] for i in index], self.tokenizer,
                         self.lengths[index])


def _assemble(name, sources, targets, tok, lengths):
    enc = tok.pad_batch(sources)
    dec_in = tok.pad_batch(targets, add_bos=True)
    dec_out = tok.pad_batch(targets, add_eos=True, length=dec_in.shape[1])
    return SequenceTask(name, list(sources), list(targets), tok, np.asarray(lengths, np.int32),
                        enc, dec_in, dec_out)


def make_sequence_task(name: str, n_samples: int = 1000, min_len: int = 1, max_len: int = 8,
                       seed: int = 0) -> SequenceTask:
    """Generate ``n_samples`` pairs of the task ``name`` with lengths in [min_len, max_len].

    Lengths are drawn uniformly, so every length is equally represented (the accuracy-by-length
    experiment needs that). For ``"date"`` the length is ignored (dates have 8–11 characters).

    Args:
        name: one of :data:`SEQUENCE_TASKS`.
        n_samples: number of pairs.
        min_len, max_len: range of source lengths (digits; operand digits for addition).
        seed: random seed.

    Returns:
        A :class:`SequenceTask`.

    Example:
        >>> t = make_sequence_task("reverse", n_samples=3, min_len=4, max_len=4)
        >>> print(t.encoder_input.shape, t.decoder_target.shape)
        (3, 4) (3, 5)
    """
    if name not in SEQUENCE_TASKS:
        raise validation.one_of_error("name", name, sorted(SEQUENCE_TASKS))
    if not isinstance(n_samples, (int, np.integer)) or n_samples < 1:
        raise validation.min_error("n_samples", n_samples, 1)
    if min_len < 1:
        raise validation.min_error("min_len", min_len, 1)
    if max_len < min_len:
        raise TfdlValueError(
            "max_len_below_min",
            "`max_len` must be >= `min_len`. Received: max_len={max_len}, min_len={min_len}",
            max_len=max_len, min_len=min_len,
        )
    if name == "addition" and max_len > 15:
        raise TfdlValueError(
            "addition_max_len",
            "`max_len` must be <= 15 for addition. Received: max_len={max_len}",
            max_len=max_len,
        )
    rng = np.random.default_rng(seed)
    tok = CharTokenizer(_symbols(name))
    sources, targets, lengths = [], [], []
    for _ in range(int(n_samples)):
        length = int(rng.integers(min_len, max_len + 1))
        s, t = _pair(name, rng, length)
        sources.append(s)
        targets.append(t)
        lengths.append(len(s) if name == "date" else length)
    return _assemble(name, sources, targets, tok, lengths)


def split_by_length(task: SequenceTask, max_train_len: int):
    """Split into train (length <= ``max_train_len``) and test (longer): generalisation to length.

    Args:
        task: a :class:`SequenceTask`.
        max_train_len: the longest source length kept for training.

    Returns:
        ``(train, test)`` :class:`SequenceTask` objects.

    Example:
        >>> t = make_sequence_task("copy", 50, 2, 8)
        >>> train, test = split_by_length(t, 5)
        >>> print(train.lengths.max() <= 5, test.lengths.min() > 5)
        True True
    """
    keep = task.lengths <= max_train_len
    if keep.all() or not keep.any():
        raise TfdlValueError(
            "max_train_len_split",
            "`max_train_len` must split the lengths {shortest}..{longest} into two non-empty sets. Received: "
            "max_train_len={max_train_len}",
            shortest=int(task.lengths.min()), longest=int(task.lengths.max()), max_train_len=max_train_len,
        )
    return task.subset(keep), task.subset(~keep)
