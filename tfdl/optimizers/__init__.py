"""tfdl.optimizers: see the family files in this folder; every public name is re-exported here."""

from tfdl.optimizers.adaptive import Adagrad, RMSProp, Adam
from tfdl.optimizers.base import FormulaOptimizer
from tfdl.optimizers.momentum import Momentum, Nesterov
from tfdl.optimizers.schedules import InverseTimeDecay, InverseSqrtDecay, StepDecay
from tfdl.optimizers.sgd import SGD

__all__ = [
    "Adagrad", "RMSProp", "Adam", "FormulaOptimizer", "Momentum", "Nesterov", "InverseTimeDecay",
    "InverseSqrtDecay", "StepDecay", "SGD"
]
