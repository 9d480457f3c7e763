"""Which process writes: the chief of TensorFlow's multi-worker convention.

Multi-process JAX training is tested for real in test_distributed.py;
`tf.distribute.MultiWorkerMirroredStrategy` cannot fit on Keras 3.15, so its
task types are checked here on a stand-in for the strategy's resolver."""

import types

import keras
import pytest

from cyclescope.callbacks import chief

pytestmark = pytest.mark.backends


def test_a_single_process_is_the_chief():
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    assert chief.is_chief(model)


def strategy_of(task_type, task_id, jobs):
    resolver = types.SimpleNamespace(
        task_type=task_type, task_id=task_id,
        cluster_spec=lambda: types.SimpleNamespace(as_dict=lambda: dict.fromkeys(jobs, [])),
    )
    return types.SimpleNamespace(distribute_strategy=types.SimpleNamespace(cluster_resolver=resolver))


@pytest.mark.skipif(keras.backend.backend() != "tensorflow",
                    reason="cluster task types exist only on the TensorFlow backend")
@pytest.mark.parametrize(
    "task_type,task_id,jobs,expected",
    [
        (None, None, [], True),
        ("chief", 0, ["chief", "worker"], True),
        ("worker", 0, ["chief", "worker"], False),
        ("worker", 0, ["worker"], True),
        ("worker", 1, ["worker"], False),
        ("evaluator", 0, ["worker", "evaluator"], False),
    ],
)
def test_tensorflow_chief_is_the_chief_task_or_worker_0(task_type, task_id, jobs, expected):
    assert chief.is_chief(strategy_of(task_type, task_id, jobs)) is expected
