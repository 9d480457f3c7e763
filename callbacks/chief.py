"""Which process of a multi-process training writes the files."""

import keras


def is_chief(model):
    """Whether this process writes logs and weights files for `model`.

    In multi-process training every process runs the callbacks; only the
    chief writes, as TensorFlow's multi-worker convention has it: process 0
    on JAX (`jax.process_index()`) and PyTorch (`torch.distributed` rank),
    and on TensorFlow the `chief` task, or worker 0 of a cluster without one.
    A single process is always the chief.
    """
    backend = keras.backend.backend()
    if backend == "jax":
        import jax

        return jax.process_index() == 0
    if backend == "torch":
        import torch.distributed

        return not torch.distributed.is_initialized() or torch.distributed.get_rank() == 0
    strategy = getattr(model, "distribute_strategy", None)
    resolver = getattr(strategy, "cluster_resolver", None)
    if resolver is None or resolver.task_type in (None, "chief"):
        return True
    return (
        resolver.task_type == "worker"
        and resolver.task_id == 0
        and "chief" not in resolver.cluster_spec().as_dict()
    )
