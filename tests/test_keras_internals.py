"""The Keras internals cyclescope relies on exist in the Keras under test, and
a missing one fails with the Keras version in the error."""

import keras
import numpy as np
import pytest

from cyclescope.callbacks import keras_internals

pytestmark = pytest.mark.backends


def functional_model():
    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Dense(2, activation="relu")(inputs))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    return model


def test_the_learning_rate_override_is_read_by_updates_and_undone():
    model = functional_model()
    optimizer = model.optimizer
    keras_internals.override_learning_rate(optimizer, lambda: 0.25)
    assert float(keras.ops.convert_to_numpy(optimizer.learning_rate)) == 0.25
    keras_internals.restore_learning_rate(optimizer)
    assert float(keras.ops.convert_to_numpy(optimizer.learning_rate)) == pytest.approx(0.1)
    keras_internals.restore_learning_rate(optimizer)  # twice is harmless


def test_running_through_the_graph_sees_every_layer():
    model = functional_model()
    called = []

    def operation_fn(layer):
        def run(*args, **kwargs):
            called.append(layer.name)
            return layer(*args, **kwargs)

        return run

    outputs = keras_internals.run_through_graph(model, np.ones((1, 3), "float32"), operation_fn)
    assert called == [model.layers[-1].name]
    np.testing.assert_allclose(keras.ops.convert_to_numpy(outputs), model.predict(np.ones((1, 3)), verbose=0))
    assert keras_internals.is_functional(model)
    assert not keras_internals.is_functional(keras.layers.Dense(1))


def test_a_missing_internal_names_the_keras_version():
    with pytest.raises(keras_internals.KerasInternalsError, match=f"Keras {keras.__version__}"):
        keras_internals.override_learning_rate(object(), lambda: 0.1)
    with pytest.raises(keras_internals.KerasInternalsError, match="_run_through_graph"):
        keras_internals.run_through_graph(keras.layers.Dense(1), None, None)
