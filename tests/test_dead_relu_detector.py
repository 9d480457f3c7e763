import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers

from cyclescope.callbacks.dead_relu_detector import DeadReluDetector
from cyclescope.tb_plugin import metadata
from cyclescope.tb_plugin.summary_writer import SummaryWriter
from tests.tensorboard_reader import LogReader

pytestmark = pytest.mark.backends

N_OUT = 11  # 1/11 = 9.09% sits just below the 10% threshold


# keras-contrib's tests ----------------------------------------------------


def contract_model(arch, functional, n_dead):
    """keras-contrib's test model: a ReLU layer whose first `n_dead` units
    get all-zero weights, so they output exactly 0 on all-ones input."""
    if arch == "conv":
        shape = (5, 5, 4)
        relu_layer = layers.Conv2D(N_OUT, (5, 5), activation="relu", name="conv")
        kernel = np.ones((5, 5, 4, N_OUT))
        kernel[..., :n_dead] = 0
        weights = [kernel, np.zeros(N_OUT)]
        stack = [relu_layer, layers.Flatten()]
        y = np.ones((9, N_OUT))
    else:
        shape = (4,) if arch == "dense_bias" else (3, 4)
        use_bias = arch == "dense_bias"
        relu_layer = layers.Dense(N_OUT, activation="relu", use_bias=use_bias, name="dense")
        kernel = np.ones((4, N_OUT))
        kernel[:, :n_dead] = 0
        weights = [kernel, np.zeros(N_OUT)] if use_bias else [kernel]
        stack = [relu_layer]
        y = np.ones((9,) + shape[:-1] + (N_OUT,))
    inputs = keras.Input(shape)
    if functional:
        x = inputs
        for layer in stack:
            x = layer(x)
        model = keras.Model(inputs, x)
    else:
        model = keras.Sequential([inputs] + stack)
    relu_layer.set_weights(weights)
    model.compile("sgd", "mse")
    return model, np.ones((9,) + shape), y


def fit_and_capture(capsys, model, x, y, detector, epochs=1):
    model.fit(x, y, epochs=epochs, batch_size=1, verbose=0, callbacks=[detector])
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("functional", [False, True], ids=["sequential", "functional"])
@pytest.mark.parametrize("arch", ["dense_bias", "dense_3d", "conv"])
def test_one_dead_unit_is_reported_only_when_verbose(capsys, arch, functional):
    model, x, y = contract_model(arch, functional, n_dead=1)
    name = model.layers[1 if functional else 0].name
    index = 1 if functional else 0

    lines = fit_and_capture(capsys, model, x, y, DeadReluDetector(x, verbose=True))
    assert lines == [f"Layer {name} (#{index}) has 1 dead neurons (9.09%)!"]

    assert fit_and_capture(capsys, model, x, y, DeadReluDetector(x, verbose=False)) == []


@pytest.mark.parametrize("functional", [False, True], ids=["sequential", "functional"])
@pytest.mark.parametrize("arch", ["dense_bias", "dense_3d", "conv"])
def test_two_dead_units_are_reported_either_way(capsys, arch, functional):
    model, x, y = contract_model(arch, functional, n_dead=2)
    name = model.layers[1 if functional else 0].name
    expected = [f"Layer {name} (#{1 if functional else 0}) has 2 dead neurons (18.18%)!"]
    for verbose in (True, False):
        lines = fit_and_capture(capsys, model, x, y, DeadReluDetector(x, verbose=verbose))
        assert lines == expected


def test_threshold_can_be_changed_after_construction(capsys):
    model, x, y = contract_model("dense_bias", functional=False, n_dead=1)
    detector = DeadReluDetector(x)
    assert detector.dead_neurons_share_threshold == 0.1
    detector.dead_neurons_share_threshold = 0.05
    assert fit_and_capture(capsys, model, x, y, detector) == [
        "Layer dense (#0) has 1 dead neurons (9.09%)!"
    ]
    with pytest.raises(ValueError, match="threshold"):
        detector.dead_neurons_share_threshold = 1.5


# Independent expectations on a model with every kind of ReLU ---------------


def build_mixed_model():
    """Conv2D channels_last and channels_first, Activation("relu"), ReLU(),
    BatchNormalization and Dropout, and a nested Sequential model, with a few
    units made dead on purpose."""
    keras.utils.set_random_seed(7)
    inputs = keras.Input((6, 6, 3), name="image")
    x = layers.Conv2D(8, 3, padding="same", activation="relu", name="conv_last")(inputs)
    x = layers.BatchNormalization(name="bn")(x)
    x = layers.Activation("relu", name="act")(x)
    x = layers.Permute((3, 1, 2), name="to_channels_first")(x)
    x = layers.Conv2D(
        6, 3, activation="relu", data_format="channels_first", name="conv_first"
    )(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dropout(0.5, name="drop")(x)
    x = layers.Dense(16, name="pre_relu")(x)
    x = layers.ReLU(name="relu")(x)
    block = keras.Sequential(
        [
            layers.Dense(12, activation="relu", name="inner_dense"),
            layers.ReLU(max_value=6.0, name="relu6"),
            layers.Dense(10, activation="relu", name="inner_out"),
        ],
        name="block",
    )
    outputs = layers.Dense(2, name="head")(block(x))
    model = keras.Model(inputs, outputs)

    def kill(layer, unit):
        kernel, bias = layer.get_weights()
        bias[unit] = -100.0
        layer.set_weights([kernel, bias])

    kill(model.get_layer("conv_last"), 0)
    kill(model.get_layer("conv_first"), 1)
    kill(block.get_layer("inner_dense"), 3)
    gamma, beta, moving_mean, moving_variance = model.get_layer("bn").get_weights()
    # Channel 2 dies only with the moving statistics, i.e. in inference mode.
    moving_mean[2] = 1000.0
    model.get_layer("bn").set_weights([gamma, beta, moving_mean, moving_variance])
    model.compile(keras.optimizers.SGD(0.01), "mse")
    return model


# (name, index in model.layers, path, channel axis)
MIXED_SITES = [
    ("conv_last", 1, "conv_last", -1),
    ("act", 3, "act", -1),
    ("conv_first", 5, "conv_first", 1),
    ("relu", 9, "relu", -1),
    ("inner_dense", 10, "block/inner_dense", -1),
    ("inner_out", 10, "block/inner_out", -1),
]


def expected_firing(model, x):
    """Per site: (units, per-unit fired counts, positions), from plain Keras
    sub-models and NumPy."""
    block = model.get_layer("block")
    block_input = keras.Model(model.inputs, model.get_layer("relu").output).predict(x, verbose=0)
    result = []
    for name, _, path, axis in MIXED_SITES:
        if path.startswith("block/"):
            sub_model = keras.Model(block.inputs, block.get_layer(name).output)
            outputs = sub_model.predict(block_input, verbose=0)
        else:
            sub_model = keras.Model(model.inputs, model.get_layer(name).output)
            outputs = sub_model.predict(x, verbose=0)
        outputs = np.moveaxis(outputs, axis, -1)
        per_position = (outputs > 0).reshape(-1, outputs.shape[-1])
        result.append((outputs.shape[-1], per_position.sum(axis=0), per_position.shape[0]))
    return result


def expected_report(firing, previous=None, since_step=0, step=-1):
    """The report of a check that saw `firing`. `previous` is the firing of
    the check before it; None for the first check of a model trained from
    step 0, which counts every dead unit as died since step 0."""
    report = []
    for i, ((name, index, path, _), (units, fired, _)) in enumerate(zip(MIXED_SITES, firing)):
        dead = fired == 0
        was_dead = np.zeros_like(dead) if previous is None else previous[i][1] == 0
        report.append(
            {
                "name": name,
                "index": index,
                "path": path,
                "units": units,
                "dead": int(dead.sum()),
                "fraction": int(dead.sum()) / units,
                "died": int((dead & ~was_dead).sum()),
                "revived": int((~dead & was_dead).sum()),
                "since_step": since_step,
                "step": step,
            }
        )
    return report


@pytest.fixture(scope="module")
def mixed():
    model = build_mixed_model()
    x = np.random.default_rng(0).normal(size=(40, 6, 6, 3)).astype("float32")
    y = np.zeros((40, 2), "float32")
    return model, x, y, expected_firing(model, x)


def assert_matches(detector, firing, previous=None):
    # An untrained model: the checks see the weights before step 0.
    assert detector.last_report == expected_report(firing, previous, since_step=0, step=-1)
    for rates, (_, fired, positions) in zip(detector.last_firing_rates, firing):
        np.testing.assert_array_equal(rates, fired / positions)


def test_mixed_model_matches_independent_computation(mixed, capsys):
    model, x, _, firing = mixed
    detector = DeadReluDetector(x, verbose=True, batch_size=16)
    detector.set_model(model)
    report = detector.check()
    assert_matches(detector, firing)
    # The made-dead units are found, and the BN channel only dead with the
    # moving statistics shows that the check runs in inference mode.
    dead = {layer["path"]: layer["dead"] for layer in report}
    assert dead["conv_last"] >= 1 and dead["act"] >= 2
    assert dead["conv_first"] >= 1 and dead["block/inner_dense"] >= 1
    assert report[2]["units"] == 6  # channels_first: axis 1, not the width
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        f"Layer {layer['name']} (#{layer['index']}) has {layer['dead']} dead "
        f"neurons ({layer['fraction']:.2%})!"
        for layer in report
        if layer["dead"]
    ]


class Batches(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size):
        super().__init__()
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return -(-len(self.x) // self.batch_size)

    def __getitem__(self, index):
        window = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[window], self.y[window]


def probe_data(kind, x, y):
    if kind == "numpy":
        return x
    if kind == "tf_data_x":
        return tf.data.Dataset.from_tensor_slices(x).batch(16)
    if kind == "tf_data_xy":
        return tf.data.Dataset.from_tensor_slices((x, y)).batch(16)
    if kind == "py_dataset":
        return Batches(x, y, 16)
    return lambda: (x[i : i + 16] for i in range(0, len(x), 16))


@pytest.mark.parametrize(
    "kind", ["numpy", "tf_data_x", "tf_data_xy", "py_dataset", "generator_function"]
)
def test_every_input_type_gives_the_same_counts(mixed, kind):
    model, x, y, firing = mixed
    detector = DeadReluDetector(probe_data(kind, x, y), batch_size=16)
    detector.set_model(model)
    detector.check()
    assert_matches(detector, firing)
    detector.check()  # iterable probes are read afresh at every check
    assert_matches(detector, firing, previous=firing)  # nothing died or revived


def test_steps_limits_an_endless_probe(mixed):
    model, x, _, _ = mixed
    served = []

    def endless():
        while True:
            served.append(8)
            yield x[:8]

    detector = DeadReluDetector(endless, steps=3)
    detector.set_model(model)
    detector.check()
    assert served == [8, 8, 8]
    once = DeadReluDetector(x[:8])
    once.set_model(model)
    once.check()
    assert detector.last_report == once.last_report
    for rates, rates_once in zip(detector.last_firing_rates, once.last_firing_rates):
        np.testing.assert_array_equal(rates, rates_once)


def test_multi_input_model_takes_lists_and_dicts():
    keras.utils.set_random_seed(3)
    a = keras.Input((5,), name="a")
    b = keras.Input((3,), name="b")
    x = layers.Concatenate()([layers.Dense(7, activation="relu", name="da")(a), b])
    model = keras.Model([a, b], layers.Dense(6, activation="relu", name="out")(x))
    rng = np.random.default_rng(1)
    xa, xb = rng.normal(size=(20, 5)), rng.normal(size=(20, 3))
    expected = []
    for name in ("da", "out"):
        sub_model = keras.Model(model.inputs, model.get_layer(name).output)
        outputs = sub_model.predict([xa, xb], verbose=0)
        expected.append(int(((outputs > 0).sum(axis=0) == 0).sum()))
    for data in ([xa, xb], {"a": xa, "b": xb}):
        detector = DeadReluDetector(data, batch_size=8)
        detector.set_model(model)
        report = detector.check()
        assert [layer["dead"] for layer in report] == expected
        assert [layer["index"] for layer in report] == [
            model.layers.index(model.get_layer(name)) for name in ("da", "out")
        ]


def test_functional_models_nested_two_deep_in_a_sequential():
    keras.utils.set_random_seed(5)
    deep = keras.Sequential([layers.Dense(6, activation="relu", name="deep_dense")], name="deep")
    inner_inputs = keras.Input((4,))
    h = layers.Dense(5, name="linear")(inner_inputs)
    h = layers.Activation("relu", name="inner_act")(h)
    inner = keras.Model(inner_inputs, deep(h), name="inner")
    model = keras.Sequential(
        [keras.Input((3,)), layers.Dense(4, name="pre"), inner, layers.Dense(2, activation="relu")]
    )
    x = np.random.default_rng(2).normal(size=(30, 3)).astype("float32")

    inner_x = keras.Model(model.inputs, model.get_layer("pre").output).predict(x, verbose=0)
    act = keras.Model(inner.inputs, inner.get_layer("inner_act").output).predict(inner_x, verbose=0)
    deep_out = keras.Model(inner.inputs, inner.output).predict(inner_x, verbose=0)
    last = model.predict(x, verbose=0)
    expected = [
        ("inner_act", 1, "inner/inner_act", act),
        ("deep_dense", 1, "inner/deep/deep_dense", deep_out),
        (model.layers[2].name, 2, model.layers[2].name, last),
    ]

    detector = DeadReluDetector(x, batch_size=7)
    detector.set_model(model)
    report = detector.check()
    assert [(r["name"], r["index"], r["path"]) for r in report] == [e[:3] for e in expected]
    for rates, (_, _, _, outputs) in zip(detector.last_firing_rates, expected):
        np.testing.assert_array_equal(rates, (outputs > 0).sum(axis=0) / len(x))


# Training loop, logs and summaries ------------------------------------------


class RecordExpectations(keras.callbacks.Callback):
    """Computes, after the detector, what its check should have seen."""

    def __init__(self, x):
        super().__init__()
        self.x = x
        self.checks = []

    def on_epoch_end(self, epoch, logs=None):
        step = int(keras.ops.convert_to_numpy(self.model.optimizer.iterations))
        self.checks.append((epoch, step, expected_firing(self.model, self.x), dict(logs)))


def test_summaries_match_independent_computation(tmp_path):
    model = build_mixed_model()
    x = np.random.default_rng(0).normal(size=(40, 6, 6, 3)).astype("float32")
    y = np.zeros((40, 2), "float32")
    detector = DeadReluDetector(x, log_dir=tmp_path, batch_size=16)
    expectations = RecordExpectations(x)
    model.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[detector, expectations])
    assert os.path.realpath(tmp_path) not in SummaryWriter._open  # released at train end

    reader = LogReader(tmp_path)
    assert len(expectations.checks) == 2
    assert [step for _, step, _, _ in expectations.checks] == [3, 6]
    records = reader.records(".", metadata.DEAD_RELU_TAG)
    # Each check is logged at the last step its epoch ran, as snapshots are.
    last_steps = [step - 1 for _, step, _, _ in expectations.checks]
    assert [step for step, _ in records] == last_steps
    previous, since_step = None, 0  # trained from step 0
    for (step, record), (epoch, check_step, firing, logs) in zip(records, expectations.checks):
        # The steps trained since the previous check: from the step after
        # it (its optimizer step count) to the last before this one.
        report = expected_report(firing, previous, since_step=since_step, step=check_step - 1)
        previous, since_step = firing, check_step
        assert record == {
            "epoch": epoch,
            "probe_samples": 40,
            "threshold": 0.1,
            "layers": report,
        }
        dead = sum(layer["dead"] for layer in report)
        assert logs["dead_relu_fraction"] == dead / sum(layer["units"] for layer in report)

    for i, (_, _, path, _) in enumerate(MIXED_SITES):
        counts = reader.scalars(".", metadata.DEAD_COUNT_TAG.format(layer=path))
        fractions = reader.scalars(".", metadata.DEAD_FRACTION_TAG.format(layer=path))
        histograms = reader.histograms(".", metadata.FIRING_RATE_TAG.format(layer=path))
        assert [s for s, _ in counts] == [s for s, _ in fractions] == last_steps
        assert [s for s, _ in histograms] == last_steps
        for check, count, fraction, (_, buckets) in zip(
            expectations.checks, counts, fractions, histograms
        ):
            units, fired, positions = check[2][i]
            layer = expected_report(check[2])[i]
            assert count[1] == layer["dead"]
            assert fraction[1] == pytest.approx(layer["fraction"], rel=1e-6)
            expected_buckets, _ = np.histogram(fired / positions, bins=20, range=(0.0, 1.0))
            np.testing.assert_array_equal(buckets[:, 2], expected_buckets)
            assert buckets[:, 2].sum() == units


def test_check_every_and_epoch_logs():
    model, x, y = contract_model("dense_bias", functional=False, n_dead=1)
    detector = DeadReluDetector(x, check_every=2)
    history = model.fit(x, y, epochs=5, batch_size=9, verbose=0, callbacks=[detector])
    # Checks after epochs 2 and 4 only.
    assert history.history["dead_relu_fraction"] == [1 / 11, 1 / 11]


def test_model_without_relu_warns_once(capsys):
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="tanh")])
    model.compile("sgd", "mse")
    x = np.ones((4, 4))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(
            x, np.ones((4, 3)), epochs=2, verbose=0, callbacks=[DeadReluDetector(x, verbose=True)]
        )
    ours = [w for w in caught if "DeadReluDetector" in str(w.message)]
    assert len(ours) == 1 and "no ReLU" in str(ours[0].message)
    assert capsys.readouterr().out == ""
    assert "dead_relu_fraction" not in history.history


def test_empty_iterable_probe_fails_at_first_check():
    model, x, y = contract_model("dense_bias", functional=False, n_dead=1)
    detector = DeadReluDetector(lambda: iter(()))
    with pytest.raises(ValueError, match="no sample"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[detector])
    empty_dataset = tf.data.Dataset.from_tensor_slices(np.zeros((0, 4))).batch(2)
    detector = DeadReluDetector(empty_dataset)
    detector.set_model(model)
    with pytest.raises(ValueError, match="no sample"):
        detector.check()
    detector = DeadReluDetector(lambda: x)
    detector.set_model(model)
    with pytest.raises(ValueError, match="must return an iterator of batches"):
        detector.check()


# Deaths and revivals between checks -------------------------------------

# Which units are dead at each epoch's check, per layer (1 = dead). The
# weights are set by hand right before each check: an all-zero kernel and a
# bias of -1 (the unit outputs 0 on every sample) or +1 (it always fires).
DEAD_AT_EPOCH = {
    "first": np.array(
        [
            [1, 1, 0, 0, 0, 0],
            [0, 1, 1, 1, 0, 0],
            [0, 0, 0, 1, 1, 1],
            [1, 1, 1, 1, 1, 0],
        ],
        bool,
    ),
    "second": np.array(
        [
            [0, 0, 0, 0, 0],
            [0, 0, 0, 0, 1],
            [0, 0, 0, 0, 1],
            [1, 1, 0, 0, 0],
        ],
        bool,
    ),
}
STEPS_PER_EPOCH = 2


class SetDeadUnits(keras.callbacks.Callback):
    """Placed before the detector: at each epoch end, makes the units of
    `dead[layer][epoch]` dead and all others fire."""

    def __init__(self, dead):
        super().__init__()
        self.dead = dead

    def on_epoch_end(self, epoch, logs=None):
        for name, per_epoch in self.dead.items():
            layer = self.model.get_layer(name)
            kernel, _ = layer.get_weights()
            bias = np.where(per_epoch[epoch], -1.0, 1.0).astype(kernel.dtype)
            layer.set_weights([np.zeros_like(kernel), bias])


class CopyReports(keras.callbacks.Callback):
    """Placed after the detector: keeps a copy of each check's report."""

    def __init__(self, detector):
        super().__init__()
        self.detector = detector
        self.reports = []

    def on_epoch_end(self, epoch, logs=None):
        self.reports.append([dict(layer) for layer in self.detector.last_report])


def two_layer_model(compile=True):
    model = keras.Sequential(
        [
            keras.Input((3,)),
            layers.Dense(6, activation="relu", name="first"),
            layers.Dense(5, activation="relu", name="second"),
        ]
    )
    if compile:
        model.compile(keras.optimizers.SGD(0.0), "mse")
    return model


TWO_LAYER_DATA = (
    np.random.default_rng(4).normal(size=(2 * STEPS_PER_EPOCH, 3)).astype("float32"),
    np.zeros((2 * STEPS_PER_EPOCH, 5), "float32"),
)


def fit_epochs(model, detector, dead, initial_epoch, epochs, extra=()):
    copies = CopyReports(detector)
    x, y = TWO_LAYER_DATA
    model.fit(
        x, y, batch_size=2, initial_epoch=initial_epoch, epochs=epochs, shuffle=False,
        verbose=0, callbacks=[SetDeadUnits(dead), detector, *extra, copies],
    )
    return copies.reports


def expected_history(dead, epoch, first_epoch, from_scratch=True):
    """Per layer (died, revived, since_step, step) at `epoch`'s check, from
    the patterns alone; `first_epoch` is the detector's first check."""
    step = STEPS_PER_EPOCH * (epoch + 1) - 1  # the last step before the check
    result = {}
    for name, per_epoch in dead.items():
        now = per_epoch[epoch]
        if epoch > first_epoch:
            before = per_epoch[epoch - 1]
            since_step = STEPS_PER_EPOCH * epoch  # the step after the previous check
            died, revived = int((now & ~before).sum()), int((~now & before).sum())
            result[name] = (died, revived, since_step, step)
        elif from_scratch:
            result[name] = (int(now.sum()), 0, 0, step)
        else:
            result[name] = (None, None, None, step)
    return result


def history_of(report):
    return {
        layer["name"]: (layer["died"], layer["revived"], layer["since_step"], layer["step"])
        for layer in report
    }


def expected_lines(dead, epoch, first_epoch, from_scratch=True):
    """What a verbose detector prints at `epoch`'s check."""
    lines = []
    history = expected_history(dead, epoch, first_epoch, from_scratch)
    for index, (name, per_epoch) in enumerate(dead.items()):
        count = int(per_epoch[epoch].sum())
        if not count:
            continue
        share = count / len(per_epoch[epoch])
        line = f"Layer {name} (#{index}) has {count} dead neurons ({share:.2%})!"
        died, revived, since_step, _ = history[name]
        if epoch > first_epoch and died + revived:
            line += f" {died} died, {revived} revived since step {since_step}."
        lines.append(line)
    return lines


def test_deaths_and_revivals_across_two_fits(tmp_path, capsys):
    model = two_layer_model()
    detector = DeadReluDetector(TWO_LAYER_DATA[0], verbose=True, log_dir=tmp_path)
    reports = fit_epochs(model, detector, DEAD_AT_EPOCH, 0, 2)
    # A second fit of the same model goes on from the first one's last check.
    reports += fit_epochs(model, detector, DEAD_AT_EPOCH, 2, 4)

    for epoch, report in enumerate(reports):
        assert history_of(report) == expected_history(DEAD_AT_EPOCH, epoch, first_epoch=0)
        assert [layer["dead"] for layer in report] == [
            int(per_epoch[epoch].sum()) for per_epoch in DEAD_AT_EPOCH.values()
        ]
    # The made-up patterns exercise deaths and revivals in both layers.
    assert reports[3][0]["died"] == 3 and reports[3][1]["revived"] == 1

    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        line for epoch in range(4) for line in expected_lines(DEAD_AT_EPOCH, epoch, first_epoch=0)
    ]
    assert printed[1] == (
        "Layer first (#0) has 3 dead neurons (50.00%)! 2 died, 1 revived since step 2."
    )

    records = LogReader(tmp_path).records(".", metadata.DEAD_RELU_TAG)
    assert [step for step, _ in records] == [STEPS_PER_EPOCH * (e + 1) - 1 for e in range(4)]
    for epoch, ((step, record), report) in enumerate(zip(records, reports)):
        assert record["layers"] == report
        for layer in record["layers"]:
            assert set(layer) == {
                "name", "index", "path", "units", "dead", "fraction",
                "died", "revived", "since_step", "step",
            }
            assert layer["step"] == step


def test_a_new_model_starts_a_new_history(capsys):
    first_model = {
        "first": np.array([[1, 1, 0, 0, 0, 0]], bool),
        "second": np.array([[0, 0, 0, 0, 1]], bool),
    }
    # Compared with the first model these would be 1 death and 1 revival.
    second_model = {
        "first": np.array([[1, 1, 1, 0, 0, 0]], bool),
        "second": np.array([[0, 0, 0, 0, 0]], bool),
    }
    detector = DeadReluDetector(TWO_LAYER_DATA[0], verbose=True)
    fit_epochs(two_layer_model(), detector, first_model, 0, 1)
    capsys.readouterr()
    [report] = fit_epochs(two_layer_model(), detector, second_model, 0, 1)
    assert history_of(report) == expected_history(second_model, 0, first_epoch=0)
    assert history_of(report)["first"] == (3, 0, 0, 1)
    assert capsys.readouterr().out.splitlines() == [
        "Layer first (#0) has 3 dead neurons (50.00%)!"
    ]


def test_a_resumed_run_claims_no_deaths_before_its_first_check(tmp_path, capsys):
    """A new process (new model and detector) resumed by BackupAndRestore
    has no earlier check: it cannot say when the units it finds dead died."""

    class Crash(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.batches = 0

        def on_train_batch_end(self, batch, logs=None):
            self.batches += 1
            if self.batches == 2 * STEPS_PER_EPOCH + 1:  # in the third epoch
                raise RuntimeError("killed")

    backup = tmp_path / "backup"
    with pytest.raises(RuntimeError, match="killed"):
        fit_epochs(
            two_layer_model(), DeadReluDetector(TWO_LAYER_DATA[0]), DEAD_AT_EPOCH, 0, 4,
            extra=[keras.callbacks.BackupAndRestore(backup), Crash()],
        )
    capsys.readouterr()

    detector = DeadReluDetector(TWO_LAYER_DATA[0], verbose=True, log_dir=tmp_path / "logs")
    # The detector comes first: the restore happens after its on_train_begin.
    reports = fit_epochs(
        two_layer_model(), detector, DEAD_AT_EPOCH, 0, 4,
        extra=[keras.callbacks.BackupAndRestore(backup)],
    )
    assert len(reports) == 2  # epochs 2 and 3
    assert history_of(reports[0]) == expected_history(
        DEAD_AT_EPOCH, 2, first_epoch=2, from_scratch=False
    )
    assert history_of(reports[0])["first"] == (None, None, None, 5)
    assert history_of(reports[1]) == expected_history(DEAD_AT_EPOCH, 3, first_epoch=2)
    assert capsys.readouterr().out.splitlines() == expected_lines(
        DEAD_AT_EPOCH, 2, first_epoch=2, from_scratch=False
    ) + expected_lines(DEAD_AT_EPOCH, 3, first_epoch=2)
    records = LogReader(tmp_path / "logs").records(".", metadata.DEAD_RELU_TAG)
    assert [record["layers"] for _, record in records] == reports


def set_dead_units(model, dead):
    """Makes the units `dead[layer]` of `model` dead and all others fire."""
    callback = SetDeadUnits({name: [units] for name, units in dead.items()})
    callback.set_model(model)
    callback.on_epoch_end(0)


def test_weights_restored_to_before_the_previous_check():
    model = two_layer_model()
    detector = DeadReluDetector(TWO_LAYER_DATA[0])
    fit_epochs(model, detector, DEAD_AT_EPOCH, 0, 2)  # checked at 2 and 4 steps
    # Back to the weights after 1 step: the check at 4 steps is a future
    # that never happened, so this check counts from step 0 again.
    model.optimizer.iterations.assign(1)
    now = {name: per_epoch[3] for name, per_epoch in DEAD_AT_EPOCH.items()}
    set_dead_units(model, now)
    report = detector.check()
    assert history_of(report) == {name: (int(units.sum()), 0, 0, 0) for name, units in now.items()}


def test_checks_without_optimizer_compare_with_the_previous_check(capsys):
    uncompiled = two_layer_model(compile=False)
    detector = DeadReluDetector(TWO_LAYER_DATA[0], verbose=True)
    detector.set_model(uncompiled)
    before = {name: per_epoch[0] for name, per_epoch in DEAD_AT_EPOCH.items()}
    now = {name: per_epoch[1] for name, per_epoch in DEAD_AT_EPOCH.items()}
    set_dead_units(uncompiled, before)
    report = detector.check()
    # No step count: nothing tells whether the model was trained before.
    assert history_of(report) == {name: (None, None, None, None) for name in before}
    set_dead_units(uncompiled, now)
    report = detector.check()
    assert history_of(report) == {
        name: (int((dead & ~before[name]).sum()), int((~dead & before[name]).sum()), None, None)
        for name, dead in now.items()
    }
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "Layer first (#0) has 3 dead neurons (50.00%)! "
        "2 died, 1 revived since the previous check.",
        "Layer second (#1) has 1 dead neurons (20.00%)! "
        "1 died, 0 revived since the previous check.",
    ]


# Bad arguments ----------------------------------------------------------


@pytest.mark.parametrize(
    "x_train, message",
    [
        (np.zeros((0, 4)), "x_train` is empty"),
        ([np.zeros((3, 4)), np.zeros((2, 4))], "same number of samples"),
        ((np.ones(4) for _ in range(2)), "iterator"),
        (iter([np.ones((2, 4))]), "iterator"),
        ("not data", "Unsupported `x_train`"),
        ({1, 2}, "Unsupported `x_train`"),
        (None, "Unsupported `x_train`"),
        (np.float32(3.0), "Unsupported `x_train`"),
    ],
)
def test_bad_probe_data_is_refused_at_construction(x_train, message):
    with pytest.raises(ValueError, match=message):
        DeadReluDetector(x_train)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": 2.5}, "batch_size"),
        ({"batch_size": True}, "batch_size"),
        ({"check_every": 0}, "check_every"),
        ({"check_every": "1"}, "check_every"),
        ({"steps": 0}, "steps"),
        ({"threshold": -0.1}, "threshold"),
        ({"threshold": 1.5}, "threshold"),
        ({"threshold": float("nan")}, "threshold"),
        ({"threshold": "0.1"}, "threshold"),
    ],
)
def test_bad_arguments_are_refused_at_construction(kwargs, name):
    with pytest.raises(ValueError, match=name):
        DeadReluDetector(np.ones((2, 4)), **kwargs)
