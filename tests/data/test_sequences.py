"""Generated sequence tasks: exact pairs, tokenizer round trips, length splits, no TF import."""

import datetime

import numpy as np
import pytest

from tfdl.data.sequences import (
    CharTokenizer,
    format_date_source,
    make_sequence_task,
    split_by_length,
)


@pytest.mark.parametrize("name,check", [
    ("copy", lambda s, t: s == t),
    ("reverse", lambda s, t: s[::-1] == t),
    ("sort", lambda s, t: "".join(sorted(s)) == t),
    ("addition", lambda s, t: sum(int(p) for p in s.split("+")) == int(t)),
    ("date", lambda s, t: datetime.date.fromisoformat(t) is not None),
])
def test_pairs_are_correct(name, check):
    task = make_sequence_task(name, n_samples=200, min_len=1, max_len=5, seed=3)
    assert len(task) == 200
    for s, t in zip(task.sources, task.targets):
        assert check(s, t), (s, t)


def test_curriculum_examples_and_date_formats():
    assert format_date_source(datetime.date(2021, 1, 5)) == "5 jan 2021"
    assert datetime.date(2021, 1, 5).isoformat() == "2021-01-05"
    task = make_sequence_task("date", 300, seed=0)
    for s, t in zip(task.sources, task.targets):
        d = datetime.date.fromisoformat(t)
        assert s in {format_date_source(d, k) for k in range(3)}
    tok = make_sequence_task("addition", 5).tokenizer
    assert tok.decode(tok.encode("12+345")) == "12+345"


def test_arrays_teacher_forcing_layout():
    task = make_sequence_task("reverse", 20, 2, 6, seed=1)
    tok = task.tokenizer
    for k in range(len(task)):
        s, t = task.sources[k], task.targets[k]
        assert tok.decode(task.encoder_input[k]) == s
        assert np.count_nonzero(task.encoder_input[k]) == len(s)  # right padding with 0
        assert task.decoder_input[k, 0] == tok.bos_id
        np.testing.assert_array_equal(task.decoder_input[k, 1:len(t) + 1],
                                      task.decoder_target[k, :len(t)])
        assert task.decoder_target[k, len(t)] == tok.eos_id
    assert task.decoder_input.shape == task.decoder_target.shape


def test_lengths_are_settable_and_split_by_length():
    task = make_sequence_task("copy", 300, 3, 9, seed=2)
    assert set(task.lengths) == set(range(3, 10))
    assert all(len(s) == n for s, n in zip(task.sources, task.lengths))
    train, test = split_by_length(task, 6)
    assert train.lengths.max() == 6 and test.lengths.min() == 7
    assert len(train) + len(test) == len(task)
    assert train.encoder_input.shape[1] == 6  # re-trimmed
    add = make_sequence_task("addition", 100, 2, 3, seed=0)
    for s, n in zip(add.sources, add.lengths):
        assert max(len(p) for p in s.split("+")) == n


def test_tokenizer_rejects_unknown_characters_and_bad_arguments():
    tok = CharTokenizer("0123456789")
    with pytest.raises(ValueError, match="text"):
        tok.encode("12a")
    with pytest.raises(ValueError, match="name"):
        make_sequence_task("translate")
    with pytest.raises(ValueError, match="max_len"):
        make_sequence_task("copy", 10, 5, 3)
    with pytest.raises(ValueError, match="max_train_len"):
        split_by_length(make_sequence_task("copy", 10, 2, 4), 10)
    assert tok.decode([4, 5, tok.eos_id, 6]) == "12"


def test_max_source_chars_is_the_longest_source_string():
    task = make_sequence_task("addition", n_samples=50, min_len=1, max_len=3, seed=0)
    assert task.max_source_chars == max(len(s) for s in task.sources) == 7  # "123+456"
    assert task.subset([0]).max_source_chars == len(task.sources[0])
