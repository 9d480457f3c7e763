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


def test_the_hyperparameter_override_is_read_by_updates_and_undone():
    """loss = w, so the gradient is 1: SGD's velocity v = m * v - lr."""
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")])
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.5),
                  loss=lambda y_true, y_pred: keras.ops.mean(y_pred))
    optimizer, x = model.optimizer, np.ones((3, 1))
    # 0.25 at step 0, 0.35 at step 1, ...: computed in the step from its count.
    keras_internals.override_hyperparameter(
        optimizer, "momentum", lambda: 0.25 + 0.1 * keras.ops.cast(optimizer.iterations, "float32"))
    keras_internals.rebuild_train_function(model)
    model.fit(x, x, batch_size=1, verbose=0, shuffle=False)
    velocity = 0.0
    for momentum in (0.25, 0.35, 0.45):
        velocity = momentum * velocity - 0.1
    weight = -0.1 + (0.35 * -0.1 - 0.1) + velocity
    assert float(model.weights[0].numpy()[0, 0]) == pytest.approx(weight, rel=1e-6)
    assert type(optimizer.momentum) is float and optimizer.momentum == 0.5  # outside an update

    keras_internals.restore_hyperparameter(optimizer)
    keras_internals.drop_train_function(model)
    model.fit(x[:1], x[:1], batch_size=1, verbose=0)
    assert float(model.weights[0].numpy()[0, 0]) == pytest.approx(weight + 0.5 * velocity - 0.1, rel=1e-6)
    assert "_backend_update_step" not in vars(optimizer)
    keras_internals.restore_hyperparameter(optimizer)  # twice is harmless


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
    with pytest.raises(keras_internals.KerasInternalsError, match="_backend_update_step"):
        keras_internals.override_hyperparameter(object(), "momentum", lambda: 0.9)
    with pytest.raises(keras_internals.KerasInternalsError, match="_run_through_graph"):
        keras_internals.run_through_graph(keras.layers.Dense(1), None, None)
