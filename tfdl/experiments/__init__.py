"""tfdl.experiments: see the modules in this folder; every public name is re-exported here."""

from tfdl.experiments.multiworker import local_tf_configs, run_local, train_worker
from tfdl.experiments.sequences import (
    train_seq2seq, sequence_accuracy, accuracy_by_length, reverse_source_experiment,
    gradient_norms_by_step
)
from tfdl.experiments.training import (
    relu_vs_tanh, plain_vs_residual, regularization_effects, initialization_effect
)

__all__ = [
    "local_tf_configs", "train_worker", "run_local",
    "train_seq2seq", "sequence_accuracy", "accuracy_by_length", "reverse_source_experiment",
    "gradient_norms_by_step", "relu_vs_tanh", "plain_vs_residual", "regularization_effects",
    "initialization_effect"
]
