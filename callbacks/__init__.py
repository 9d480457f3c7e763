"""Keras 3 callbacks and LR schedules of cyclescope."""

from cyclescope.callbacks.atomic_save import save_weights_atomically
from cyclescope.callbacks.best_weights_checkpoint import BestWeightsCheckpoint
from cyclescope.callbacks.cosine_annealing import SnapshotCosineAnnealing
from cyclescope.callbacks.cyclic_lr import CyclicLR
from cyclescope.callbacks.cyclical_learning_rate import CyclicalLearningRate
from cyclescope.callbacks.dead_relu_detector import DeadReluDetector
from cyclescope.callbacks.lr_range_test import LRRangeTestResult, find_lr
from cyclescope.callbacks.one_cycle_lr import OneCycleLR
from cyclescope.callbacks.one_cycle_schedule import OneCycleSchedule
from cyclescope.callbacks.snapshot_callback_builder import SnapshotCallbackBuilder
from cyclescope.callbacks.snapshot_ensemble import SnapshotEnsemble
from cyclescope.callbacks.snapshot_model_checkpoint import SnapshotModelCheckpoint

__all__ = [
    "BestWeightsCheckpoint",
    "CyclicLR",
    "CyclicalLearningRate",
    "DeadReluDetector",
    "LRRangeTestResult",
    "OneCycleLR",
    "OneCycleSchedule",
    "SnapshotCallbackBuilder",
    "SnapshotCosineAnnealing",
    "SnapshotEnsemble",
    "SnapshotModelCheckpoint",
    "find_lr",
    "save_weights_atomically",
]
