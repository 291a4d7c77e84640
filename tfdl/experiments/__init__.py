"""tfdl.experiments: see the modules in this folder; every public name is re-exported here."""

from tfdl.experiments.sequences import (
    train_seq2seq, sequence_accuracy, accuracy_by_length, reverse_source_experiment,
    gradient_norms_by_step
)
from tfdl.experiments.training import (
    relu_vs_tanh, plain_vs_residual, regularization_effects, initialization_effect
)

__all__ = [
    "train_seq2seq", "sequence_accuracy", "accuracy_by_length", "reverse_source_experiment",
    "gradient_norms_by_step", "relu_vs_tanh", "plain_vs_residual", "regularization_effects",
    "initialization_effect"
]
