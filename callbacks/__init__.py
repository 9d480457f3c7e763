"""Keras 3 callbacks and LR schedules of cyclescope."""

from cyclescope.callbacks.cyclic_lr import CyclicLR
from cyclescope.callbacks.cyclical_learning_rate import CyclicalLearningRate

__all__ = ["CyclicLR", "CyclicalLearningRate"]
