"""tfdl.optimizers: see the family files in this folder; every public name is re-exported here."""

from tfdl.optimizers.adaptive import Adagrad, Adam, RMSProp
from tfdl.optimizers.base import FormulaOptimizer
from tfdl.optimizers.momentum import Momentum, Nesterov
from tfdl.optimizers.schedules import DECAYS, InverseSqrtDecay, InverseTimeDecay, StepDecay, decay_schedule
from tfdl.optimizers.sgd import SGD

# the modules' names in file order (tests/test_package.py checks it), not alphabetical
__all__ = [
    "Adagrad", "Adam", "RMSProp", "FormulaOptimizer", "Momentum", "Nesterov", "DECAYS", "InverseSqrtDecay",
    "InverseTimeDecay", "StepDecay", "decay_schedule", "SGD",
]
