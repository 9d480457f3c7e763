"""The probe: finds every ReLU of a model and counts how often its units fire.

A unit fires on a probe position when its output is greater than 0. For a
layer with spatial (or time) axes a unit is a channel and a position is one
sample at one spatial location; for a Dense layer a position is a sample.
"""

import collections.abc
import itertools

import keras
import numpy as np
from keras import ops

from cyclescope.callbacks import keras_internals

ReluSite = collections.namedtuple("ReluSite", "layer name index path channel_axis")
ReluSite.__doc__ = """A ReLU layer of a model.

`index` is the position in the outer model's `layers` of the layer itself,
or of the nested model that holds it; `path` is the layer name, or
"outer/inner" for nested layers; `channel_axis` is 1 for a layer whose own
`data_format` is "channels_first", -1 otherwise."""

FiringCounts = collections.namedtuple("FiringCounts", "fired positions samples")
FiringCounts.__doc__ = """What one pass over the probe data saw.

`fired`: per site, an int64 array with, for each unit, the number of
positions on which it fired; `positions`: per site, the number of positions
observed (samples times spatial positions); `samples`: the probe samples."""


def is_plain_relu(layer):
    """Whether `layer` outputs `max(x, 0)` of its pre-activation.

    Fused `activation="relu"` (Dense, ConvND, SeparableConv, ...),
    `Activation("relu")` and backend relu functions (their `__name__` is
    "relu") count, and so do `ReLU()` layers with default arguments. A `ReLU`
    with `max_value`, `negative_slope` or `threshold` set is a different
    activation (relu6, leaky, thresholded), as are the fused "relu6" and
    "leaky_relu", and is left out.
    """
    if isinstance(layer, keras.layers.ReLU):
        return (
            layer.max_value is None
            and float(layer.negative_slope) == 0.0
            and float(layer.threshold) == 0.0
        )
    activation = getattr(layer, "activation", None)
    return activation is keras.activations.relu or (
        callable(activation) and getattr(activation, "__name__", None) == "relu"
    )


def is_graph_model(layer):
    """Whether `layer` is a Sequential or Functional model (a known graph)."""
    # Subclassed models have no graph to look into.
    return isinstance(layer, keras.Sequential) or keras_internals.is_functional(layer)


def find_relu_sites(model):
    """Lists the ReLU layers of `model` in model order, nested models included.

    Args:
        model: a Sequential or Functional model.

    Returns:
        A list of `ReluSite`, one per layer (a shared layer is listed once).
    """
    sites = []
    seen = set()

    def visit(layers, outer_index, prefix):
        for position, layer in enumerate(layers):
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            index = position if outer_index is None else outer_index
            path = prefix + layer.name
            if is_graph_model(layer):
                visit(layer.layers, index, path + "/")
            elif is_plain_relu(layer):
                channels_first = getattr(layer, "data_format", None) == "channels_first"
                axis = 1 if channels_first else -1
                sites.append(ReluSite(layer, layer.name, index, path, axis))

    visit(model.layers, None, "")
    return sites


def check_probe_data(data, name):
    """Raises a `ValueError` (naming the argument `name`) unless `data` is
    probe data that `ReluProbe.count` can read again at every check."""
    if is_array_data(data):
        lengths = {len(x) for x in keras.tree.flatten(data)}
        if len(lengths) != 1:
            raise ValueError(
                f"`{name}` arrays must all have the same number of samples; "
                f"received lengths {sorted(lengths)}."
            )
        if lengths == {0}:
            raise ValueError(f"`{name}` is empty: the probe needs at least one sample.")
        return
    if isinstance(data, collections.abc.Iterator):
        raise ValueError(
            f"`{name}` is an iterator (e.g. a generator object), which the "
            "first check would exhaust. Pass a function that returns a fresh "
            f"one instead (`{name}=lambda: make_batches()`), or a "
            "`keras.utils.PyDataset`, a `tf.data.Dataset` or arrays."
        )
    if _is_tf_dataset(data) or isinstance(data, keras.utils.PyDataset) or callable(data):
        return
    raise ValueError(
        f"Unsupported `{name}` of type {type(data).__name__}. Expected a "
        "NumPy array (or a list, tuple or dict of arrays for a multi-input "
        "model), a `tf.data.Dataset`, a `keras.utils.PyDataset`, or a "
        "function returning a fresh iterator of batches; datasets and "
        "iterators may yield `x` or `(x, y[, sample_weight])`."
    )


def is_array_data(data):
    """Whether `data` is an array, or a list/tuple/dict of arrays."""
    leaves = keras.tree.flatten(data)
    return bool(leaves) and all(
        hasattr(x, "shape") and hasattr(x, "dtype") and len(x.shape) >= 1 for x in leaves
    )


def _is_tf_dataset(data):
    # Recognised by class name, so that TensorFlow is never imported here.
    return any(
        cls.__name__ == "DatasetV2" and cls.__module__.startswith("tensorflow.")
        for cls in type(data).__mro__
    )


def iterate_batches(data, batch_size, steps=None):
    """Yields the `x` of each batch of probe data (see `check_probe_data`).

    Args:
        data: probe data that passed `check_probe_data`.
        batch_size: batch size for array data.
        steps: number of batches to read; None reads until the data ends.
    """
    if is_array_data(data):
        length = len(keras.tree.flatten(data)[0])
        starts = range(0, length, batch_size)
        batches = (keras.tree.map_structure(lambda x: x[i : i + batch_size], data) for i in starts)
    elif isinstance(data, keras.utils.PyDataset):
        # By index, as Keras's own adapter reads it: not every Keras 3
        # release makes a PyDataset iterable.
        count = data.num_batches
        indices = itertools.count() if count is None else range(count)
        batches = (keras.utils.unpack_x_y_sample_weight(data[i])[0] for i in indices)
    elif _is_tf_dataset(data):
        # NumPy batches: JAX and PyTorch models cannot take TF tensors.
        batches = (keras.utils.unpack_x_y_sample_weight(e)[0] for e in data.as_numpy_iterator())
    else:
        source = data() if callable(data) else data
        if is_array_data(source) or not isinstance(source, collections.abc.Iterable):
            raise ValueError(
                "The probe data function must return an iterator of batches; "
                f"it returned a {type(source).__name__}."
            )
        elements = iter(source)
        batches = (keras.utils.unpack_x_y_sample_weight(e)[0] for e in elements)
    return itertools.islice(batches, steps)


class ReluProbe:
    """Counts, per ReLU unit of a model, the probe positions it fires on.

    Build it once and reuse it: every `count` call is one inference-mode
    forward pass over the probe data, batch by batch. Each batch is reduced on
    the device to one count per unit and added up in NumPy, so memory is
    bounded by the batch size, never by the probe set.

    Args:
        model: a built Sequential or Functional model.
        sites: the `ReluSite`s to watch, from `find_relu_sites(model)`.

    Example:

    ```python
    probe = ReluProbe(model, find_relu_sites(model))
    counts = probe.count(iterate_batches(x, batch_size=256))
    dead_per_layer = [int((f == 0).sum()) for f in counts.fired]
    ```
    """

    def __init__(self, model, sites):
        self.sites = sites
        self._counter = _FiringCounter(model, sites)

    def count(self, batches):
        """Runs each `x` of `batches` through the model and adds up firings.

        Returns:
            `FiringCounts`, or None when `batches` held no sample.
        """
        fired = [0] * len(self.sites)
        positions = np.zeros(len(self.sites), np.int64)
        samples = 0
        for x in batches:
            batch = self._counter.predict_on_batch(x)
            # One row per batch, or per replica under a distribution strategy.
            fired = [
                total + np.sum(rows, axis=0, dtype=np.int64)
                for total, rows in zip(fired, batch["fired"])
            ]
            positions += np.sum(batch["positions"], axis=0, dtype=np.int64)
            samples += int(np.sum(batch["samples"]))
        if samples == 0:
            return None
        return FiringCounts(fired, positions, samples)


class _FiringCounter(keras.Model):
    """Runs the model on a batch and returns its ReLUs' firing counts.

    Keras layers have no forward hooks, and the ReLUs inside a nested model
    have no output tensor in the outer graph, so `keras.Model(model.inputs,
    relu_outputs)` cannot reach them. Instead this model runs the graph the
    way `Functional.call` does (`_run_through_graph` with an `operation_fn`),
    descending into nested models and reducing each ReLU's output on the way:
    one forward pass, and nothing is added to the user's graph. Inference
    mode (`training=False` from `predict_on_batch`) reaches every layer
    through Keras's call context.
    """

    def __init__(self, model, sites):
        super().__init__(name="relu_probe")
        self.target = model
        self._site_of_layer = {id(site.layer): i for i, site in enumerate(sites)}
        self._channel_axes = [site.channel_axis for site in sites]
        self.built = True  # no weights of its own: all are the model's

    def call(self, inputs):
        fired = [None] * len(self._channel_axes)
        positions = [0] * len(self._channel_axes)

        def run_layer(layer, *args, **kwargs):
            if is_graph_model(layer):
                outputs = _run_model(layer, args[0], run_layer)
            else:
                outputs = layer(*args, **kwargs)
            site = self._site_of_layer.get(id(layer))
            if site is not None:
                # A layer called more than once pools all of its calls.
                site_fired, site_positions = _count_firing(outputs, self._channel_axes[site])
                fired[site] = site_fired if fired[site] is None else fired[site] + site_fired
                positions[site] = positions[site] + site_positions
            return outputs

        _run_model(self.target, inputs, run_layer)
        samples = ops.shape(keras.tree.flatten(inputs)[0])[0]
        return {
            "fired": [ops.expand_dims(f, 0) for f in fired],
            "positions": ops.expand_dims(ops.stack([ops.cast(p, "int32") for p in positions]), 0),
            "samples": ops.reshape(ops.cast(samples, "int32"), (1, 1)),
        }


def _run_model(model, inputs, run_layer):
    if isinstance(model, keras.Sequential):
        for layer in model.layers:
            inputs = run_layer(layer, inputs)
        return inputs
    return keras_internals.run_through_graph(
        model,
        inputs,
        operation_fn=lambda layer: lambda *args, **kwargs: run_layer(layer, *args, **kwargs),
    )


def _count_firing(outputs, channel_axis):
    """Per channel, the positions where `outputs > 0`; and the positions."""
    rank = len(outputs.shape)
    channel_axis %= rank
    axes = tuple(axis for axis in range(rank) if axis != channel_axis)
    fired = ops.sum(ops.cast(ops.greater(outputs, 0), "int32"), axis=axes)
    shape = ops.shape(outputs)
    positions = 1
    for axis in axes:
        positions = positions * shape[axis]
    return fired, positions
