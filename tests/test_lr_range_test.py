import io

import keras
import numpy as np
import pytest

from cyclescope.callbacks import CyclicLR, LRRangeTestResult, find_lr
from cyclescope.tb_plugin import metadata
from tests.tensorboard_reader import LogReader

pytestmark = pytest.mark.backends

N, FEATURES = 256, 4


def least_squares_data():
    rng = np.random.default_rng(0)
    x = (rng.normal(size=(N, FEATURES)) * [1.0, 3.0, 0.3, 2.0]).astype("float32")
    y = (x @ [0.5, -1.0, 2.0, 0.7] + 0.1 * rng.normal(size=N)).astype("float32")[:, None]
    return x, y


INITIAL_KERNEL = np.array([[0.3], [0.2], [-0.4], [0.1]], dtype="float32")


def linear_model(optimizer=None):
    model = keras.Sequential([keras.Input((FEATURES,)), keras.layers.Dense(1, use_bias=False)])
    model.layers[0].kernel.assign(INITIAL_KERNEL)
    model.compile(optimizer=optimizer or keras.optimizers.SGD(0.01), loss="mse")
    return model


def exp_lrs(start, end, num_steps):
    return np.array([start * (end / start) ** (i / (num_steps - 1)) for i in range(num_steps)])


def ema(raw, smoothing):
    average, result = 0.0, []
    for i, value in enumerate(raw):
        average = smoothing * average + (1 - smoothing) * value
        result.append(average / (1 - smoothing ** (i + 1)))
    return np.array(result)


def replay_full_batch_sgd(x, y, lrs):
    """Each step's mse under full-batch gradient descent, in float64."""
    x, y, w = x.astype(np.float64), y.astype(np.float64), INITIAL_KERNEL.astype(np.float64)
    losses = []
    for lr in lrs:
        residual = x @ w - y
        losses.append(np.mean(residual**2))
        w = w - lr * (2 / N) * x.T @ residual
    return np.array(losses)


@pytest.fixture(scope="module")
def least_squares_run():
    x, y = least_squares_data()
    model = linear_model(keras.optimizers.SGD(0.0))
    # A step at LR 0 compiles a train function and moves the step count, but
    # not the weights: the sweep must replace the one and count from the other.
    model.fit(x, y, batch_size=N, verbose=0)
    result = find_lr(model, x, y, batch_size=N, verbose=0)
    return x, y, result


def test_suggested_max_lr_is_below_the_divergence_point(least_squares_run):
    x, y, result = least_squares_run
    # Full-batch GD on mse = mean((Xw - y)^2) diverges for lr > 2 / lambda_max
    # of the Hessian (2 / n) X^T X.
    diverges_above = 2 / np.linalg.eigvalsh(2 / N * x.T.astype(np.float64) @ x).max()
    assert diverges_above / 10 < result.max_lr < diverges_above
    assert 0 < result.base_lr < result.max_lr
    assert result.stopped_early and len(result.lrs) < 100
    assert result.lrs.max() <= 10.0
    np.testing.assert_allclose(result.lrs, exp_lrs(1e-7, 10.0, 100)[: len(result.lrs)], rtol=1e-12)
    assert result.suggestion == f"use CyclicLR(base_lr={result.base_lr:.3g}, max_lr={result.max_lr:.3g})"
    assert result.suggestion in repr(result)
    CyclicLR(base_lr=result.base_lr, max_lr=result.max_lr)


def test_raw_losses_are_each_steps_own_loss(least_squares_run):
    x, y, result = least_squares_run
    assert len(result.raw_losses) == len(result.losses) == len(result.lrs)
    expected = replay_full_batch_sgd(x, y, result.lrs)
    # float32 rounding grows with the diverging steps; compare up to 2 / lambda_max.
    stable = result.lrs < 2 / np.linalg.eigvalsh(2 / N * x.T.astype(np.float64) @ x).max()
    np.testing.assert_allclose(result.raw_losses[stable], expected[stable], rtol=1e-4)
    np.testing.assert_allclose(result.losses, ema(result.raw_losses, 0.98), rtol=1e-12)
    assert result.losses[-1] > 4 * result.losses[:-1].min()
    assert all(s <= 4 * result.losses[:i + 1].min() for i, s in enumerate(result.losses[:-1]))


def fit_weights(model, x, y):
    model.fit(x, y, batch_size=32, epochs=2, shuffle=False, verbose=0)
    return [keras.ops.convert_to_numpy(v) for v in model.variables + model.optimizer.variables]


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_a_fit_after_the_test_is_the_fit_of_a_fresh_model(momentum):
    x, y = least_squares_data()
    tested, fresh = linear_model(keras.optimizers.SGD(0.01, momentum=momentum)), linear_model(
        keras.optimizers.SGD(0.01, momentum=momentum)
    )
    if momentum:
        # A model trained before, so that slots and the step count are non-trivial.
        for model in (tested, fresh):
            model.fit(x, y, batch_size=32, epochs=1, shuffle=False, verbose=0)
    else:
        find_lr(tested, x, y, batch_size=64, num_steps=12, verbose=0)
        fresh.optimizer.build(fresh.trainable_variables)
        assert int(keras.ops.convert_to_numpy(tested.optimizer.iterations)) == 0
    before = [keras.ops.convert_to_numpy(v) for v in tested.optimizer.variables]
    find_lr(tested, x, y, batch_size=64, num_steps=30, verbose=0)
    after = [keras.ops.convert_to_numpy(v) for v in tested.optimizer.variables]
    for saved, restored, reference in zip(before, after, fresh.optimizer.variables):
        np.testing.assert_array_equal(restored, saved)
        np.testing.assert_array_equal(restored, keras.ops.convert_to_numpy(reference))
    for restored, reference in zip(tested.variables, fresh.variables):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(restored), keras.ops.convert_to_numpy(reference))
    for got, want in zip(fit_weights(tested, x, y), fit_weights(fresh, x, y)):
        np.testing.assert_allclose(got, want, rtol=1e-6)


class FailingBatches(keras.utils.PyDataset):
    def __init__(self, x, y, fail_at):
        super().__init__()
        self.x, self.y, self.fail_at, self.served = x, y, fail_at, 0

    def __len__(self):
        return len(self.x) // 32

    def __getitem__(self, index):
        self.served += 1
        if self.served > self.fail_at:
            raise RuntimeError("data failed")
        return self.x[index * 32 : (index + 1) * 32], self.y[index * 32 : (index + 1) * 32]


def test_an_interrupted_test_restores_the_model_too():
    x, y = least_squares_data()
    tested, fresh = linear_model(), linear_model()
    with pytest.raises(Exception, match="data failed"):  # TensorFlow wraps it
        find_lr(tested, FailingBatches(x, y, fail_at=5), num_steps=30, verbose=0)
    assert "_get_current_learning_rate" not in vars(tested.optimizer)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(tested.optimizer.iterations), 0)
    for got, want in zip(fit_weights(tested, x, y), fit_weights(fresh, x, y)):
        np.testing.assert_allclose(got, want, rtol=1e-6)


def test_short_data_is_repeated():
    x, y = least_squares_data()
    result = find_lr(linear_model(), x[:64], y[:64], batch_size=32, start_lr=1e-5, end_lr=1e-3,
                     num_steps=20, verbose=0)
    assert len(result.raw_losses) == 20 and not result.stopped_early
    np.testing.assert_allclose(result.lrs, exp_lrs(1e-5, 1e-3, 20), rtol=1e-12)
    assert result.lrs[-1] <= 1e-3


def test_a_py_dataset_and_linear_mode():
    x, y = least_squares_data()
    result = find_lr(linear_model(), FailingBatches(x, y, fail_at=10**9), start_lr=1e-3,
                     end_lr=1e-2, num_steps=10, mode="linear", smoothing=0.0, verbose=0)
    np.testing.assert_allclose(result.lrs, np.linspace(1e-3, 1e-2, 10), rtol=1e-12)
    np.testing.assert_array_equal(result.losses, result.raw_losses)


@pytest.mark.parametrize(
    "kwargs,name",
    [
        ({"start_lr": 0}, "start_lr"),
        ({"start_lr": float("nan")}, "start_lr"),
        ({"end_lr": -1.0}, "end_lr"),
        ({"end_lr": float("inf")}, "end_lr"),
        ({"start_lr": 1.0, "end_lr": 0.1}, "end_lr"),
        ({"num_steps": 1}, "num_steps"),
        ({"num_steps": 10.5}, "num_steps"),
        ({"mode": "cos"}, "mode"),
        ({"smoothing": 1.0}, "smoothing"),
        ({"smoothing": -0.1}, "smoothing"),
        ({"diverge_factor": 1.0}, "diverge_factor"),
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": True}, "batch_size"),
    ],
)
def test_bad_arguments(kwargs, name):
    x, y = least_squares_data()
    with pytest.raises(ValueError, match=f"`{name}` must .* Received: .*{name}="):
        find_lr(linear_model(), x, y, **kwargs)


def test_an_uncompiled_model_or_a_schedule_is_an_error():
    x, y = least_squares_data()
    model = keras.Sequential([keras.Input((FEATURES,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="compile"):
        find_lr(model, x, y)
    model.compile(optimizer=keras.optimizers.SGD(keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.9)),
                  loss="mse")
    with pytest.raises(ValueError, match="schedule"):
        find_lr(model, x, y)


def test_summaries_match_the_result(tmp_path):
    x, y = least_squares_data()
    result = find_lr(linear_model(), x, y, batch_size=N, num_steps=60, log_dir=tmp_path, verbose=0)
    reader = LogReader(tmp_path)
    steps = list(range(len(result.lrs)))
    for tag, values in [
        ("lr_range_test/loss", result.raw_losses),
        ("lr_range_test/smoothed_loss", result.losses),
        ("lr_range_test/learning_rate", result.lrs),
    ]:
        logged = reader.scalars(".", tag)
        assert [step for step, _ in logged] == steps
        np.testing.assert_allclose([value for _, value in logged], values, rtol=1e-6)
    [(step, record)] = reader.records(".", metadata.LR_RANGE_TEST_TAG)
    assert step == 0
    assert record == {
        "lrs": result.lrs.tolist(),
        "losses": result.losses.tolist(),
        "raw_losses": result.raw_losses.tolist(),
        "base_lr": result.base_lr,
        "max_lr": result.max_lr,
        "mode": "exp",
        "start_lr": 1e-7,
        "end_lr": 10.0,
        "stopped_early": result.stopped_early,
    }


def test_plot_needs_matplotlib(monkeypatch):
    result = LRRangeTestResult([1e-3, 1e-2], [1.0, 0.5], [1.0, 0.4], mode="exp", start_lr=1e-3,
                               end_lr=1e-2, stopped_early=False)
    monkeypatch.setitem(__import__("sys").modules, "matplotlib", None)
    monkeypatch.setitem(__import__("sys").modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r'pip install "cyclescope\[plot\]"'):
        result.plot()


def test_plot_draws_both_curves_and_the_bounds():
    import matplotlib  # in the test extras

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lrs, losses, raw = [1e-3, 1e-2, 1e-1], [1.0, 0.5, 9.0], [1.0, 0.2, 30.0]
    result = LRRangeTestResult(lrs, losses, raw, mode="exp", start_lr=1e-3, end_lr=1e-1,
                               stopped_early=True)
    ax = result.plot()
    try:
        curves = [line for line in ax.get_lines() if len(line.get_xdata()) == 3]
        assert [list(line.get_ydata()) for line in curves] == [raw, losses]
        assert all(list(line.get_xdata()) == lrs for line in curves)
        bounds = [line.get_xdata()[0] for line in ax.get_lines() if len(line.get_xdata()) == 2]
        assert bounds == [result.base_lr, result.max_lr]
        assert ax.get_xscale() == "log"
        # The diverged tail (9.0) does not set the y range: first + (first - min).
        assert ax.get_ylim()[1] == pytest.approx(1.0 + (1.0 - 0.5))
        labels = [text.get_text() for text in ax.get_legend().get_texts()]
        assert labels == ["loss", "smoothed loss", f"base_lr {result.base_lr:.3g}",
                          f"max_lr {result.max_lr:.3g}"]
        ax.figure.savefig(io.BytesIO(), format="png")
    finally:
        plt.close(ax.figure)
    linear = LRRangeTestResult(lrs, losses, raw, mode="linear", start_lr=1e-3, end_lr=1e-1,
                               stopped_early=True)
    figure, own_ax = plt.subplots()
    try:
        assert linear.plot(own_ax) is own_ax and own_ax.get_xscale() == "linear"
    finally:
        plt.close(figure)
