"""SnapshotEnsemble: which snapshot files it uses, and that its predictions and
metrics are those of the members averaged, checked against every member loaded
into a model of its own."""

import gc
import os
import shutil
import subprocess
import sys
import types
import warnings

import keras
import numpy as np
import pytest

from cyclescope.callbacks import SnapshotCallbackBuilder, SnapshotEnsemble, chief
from cyclescope.tb_plugin import metadata
from tests.tensorboard_reader import LogReader

pytestmark = pytest.mark.backends

RUN = "."  # LogReader's name for the log folder itself
STEPS_PER_EPOCH = 2


def make_model(seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(6, activation="relu"),
            keras.layers.Dense(3, activation="softmax", name="classes"),
        ]
    )
    model.compile(
        keras.optimizers.SGD(0.1, momentum=0.9),
        "sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def make_data(n=25, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 4)).astype("float32"), rng.integers(0, 3, size=n)


def random_members(model, prefix, count, seed=1):
    """Saves `count` files of random weights as `<prefix>-<i>.weights.h5`."""
    rng = np.random.default_rng(seed)
    paths = []
    for i in range(1, count + 1):
        model.set_weights([rng.normal(size=w.shape).astype("float32") for w in model.get_weights()])
        paths.append(f"{prefix}-{i}.weights.h5")
        model.save_weights(paths[-1])
    return paths


def train_snapshots(prefix, log_dir=None, nb_epochs=4, nb_snapshots=2):
    """Trains a fresh model with the snapshot callbacks; returns the model."""
    model = make_model()
    x, y = make_data(n=4 * STEPS_PER_EPOCH)
    callbacks = SnapshotCallbackBuilder(nb_epochs, nb_snapshots, init_lr=0.1).get_callbacks(
        model_prefix=str(prefix), log_dir=None if log_dir is None else str(log_dir)
    )
    model.fit(x, y, batch_size=4, epochs=nb_epochs, validation_data=make_data(8, seed=1),
              callbacks=callbacks, verbose=0)
    return model


def trained_model():
    """A model whose optimizer has stepped (its state is saved in the files)."""
    model = make_model(seed=7)
    model.fit(*make_data(n=8, seed=3), batch_size=4, epochs=1, verbose=0)
    return model


def load_alone(path, model_fn=make_model):
    """A fresh model holding the weights of `path` (its own object)."""
    return load_into(model_fn(seed=99), path)


def load_into(model, path):
    with warnings.catch_warnings():
        # Its optimizer is unbuilt: Keras skips the optimizer's saved variables.
        warnings.simplefilter("ignore")
        model.load_weights(path)
    return model


@pytest.fixture(scope="module")
def members(tmp_path_factory):
    """Three files of random weights, with each one's predictions and
    metrics computed by loading it into a model of its own (not the one
    given to the ensemble)."""
    folder = tmp_path_factory.mktemp("members")
    paths = random_members(make_model(), str(folder / "M"), 3)
    x, y = make_data()
    twin = make_model(seed=99)
    predictions, metrics = [], []
    for path in paths:
        load_into(twin, path)
        predictions.append(twin.predict(x, verbose=0).astype("float64"))
        metrics.append(twin.evaluate(x, y, batch_size=10, verbose=0, return_dict=True))
    return types.SimpleNamespace(prefix=str(folder / "M"), paths=paths, x=x, y=y,
                                 predictions=predictions, metrics=metrics)


@pytest.fixture(scope="module")
def snapshot_run(tmp_path_factory):
    """A run of 4 epochs, 2 snapshots, logged to `run` with the weights in
    `run/weights`; its model then trained on for an epoch, so that its
    weights and optimizer state are in no snapshot file."""
    run = tmp_path_factory.mktemp("run")
    model = train_snapshots(run / "weights" / "M", log_dir=run)
    model.fit(*make_data(n=8, seed=4), batch_size=4, epochs=1, verbose=0)
    return types.SimpleNamespace(run=run, weights=run / "weights", model=model)


def state(model):
    """Every variable of the model and its optimizer, as numpy arrays."""
    return [np.array(keras.ops.convert_to_numpy(v)) for v in model.variables + model.optimizer.variables]


def assert_same_state(a, b):
    assert len(a) == len(b)
    for u, v in zip(a, b):
        assert u.dtype == v.dtype and np.array_equal(u, v)


# Which files are the members


def test_members_from_a_prefix_are_the_numbered_snapshots_of_training(tmp_path):
    prefix = tmp_path / "weights" / "M"
    model = train_snapshots(prefix, nb_epochs=3, nb_snapshots=3)
    assert os.path.exists(f"{prefix}-Best.weights.h5")
    ensemble = SnapshotEnsemble(model, str(prefix))
    assert ensemble.members == [f"{prefix}-{i}.weights.h5" for i in (1, 2, 3)]
    assert ensemble.weights == pytest.approx([1 / 3] * 3)


def test_members_are_in_numeric_order_and_never_the_best_file(tmp_path):
    model = make_model()
    prefix = str(tmp_path / "M")
    for i in [11, 3, 10, 1, 2, 9, 4, 8, 5, 7, 6]:
        model.save_weights(f"{prefix}-{i}.weights.h5")
    for name in ["M-Best.weights.h5", ".M-3.1234.tmp.weights.h5", "M-x.weights.h5",
                 "MM-12.weights.h5", "M-12.h5", "Other-1.weights.h5"]:
        model.save_weights(str(tmp_path / name)) if name.endswith(".weights.h5") else open(
            tmp_path / name, "w").close()
    ensemble = SnapshotEnsemble(model, prefix)
    assert ensemble.members == [f"{prefix}-{i}.weights.h5" for i in range(1, 12)]


def test_members_from_a_list_keep_the_given_order(tmp_path):
    model = make_model()
    paths = random_members(model, str(tmp_path / "M"), 3)
    ensemble = SnapshotEnsemble(model, [paths[2], paths[0]], weights=[3, 1])
    assert ensemble.members == [paths[2], paths[0]]
    assert ensemble.weights == pytest.approx([0.75, 0.25])


def test_members_from_a_log_folder_are_found_by_their_logged_names(snapshot_run, tmp_path):
    run, model = snapshot_run.run, snapshot_run.model
    ensemble = SnapshotEnsemble(model, str(run), weights_dir=str(snapshot_run.weights))
    assert ensemble.members == [str(snapshot_run.weights / f"M-{i}.weights.h5") for i in (1, 2)]
    # Without `weights_dir` they are looked for in the log folder itself.
    with pytest.raises(ValueError, match=r"M-1\.weights\.h5.*weights_dir"):
        SnapshotEnsemble(model, str(run))
    beside = tmp_path / "beside"
    shutil.copytree(run, beside, ignore=shutil.ignore_patterns("weights"))
    for i in (1, 2):
        shutil.copy(snapshot_run.weights / f"M-{i}.weights.h5", beside)
    assert SnapshotEnsemble(model, beside).members == [str(beside / f"M-{i}.weights.h5") for i in (1, 2)]


def test_a_log_folder_of_several_fits_gives_the_latest_snapshots(tmp_path):
    run = tmp_path / "run"
    # One run of 4 epochs in two fits (two event files): snapshots 1 and 2.
    model = make_model()
    x, y = make_data(n=4 * STEPS_PER_EPOCH)
    callbacks = SnapshotCallbackBuilder(4, 2).get_callbacks(model_prefix=str(run / "A"), log_dir=str(run))
    model.fit(x, y, batch_size=4, epochs=2, callbacks=callbacks, verbose=0)
    model.fit(x, y, batch_size=4, initial_epoch=2, epochs=4, callbacks=callbacks, verbose=0)
    assert len([n for n in os.listdir(run) if n.startswith("events.out.tfevents.")]) == 2
    assert SnapshotEnsemble(model, run).members == [str(run / f"A-{i}.weights.h5") for i in (1, 2)]
    # A fresh model trained again into the folder replaces them, as in
    # TensorBoard: the fit restarts at step 0, so snapshot A-2 is gone too.
    train_snapshots(run / "B", log_dir=run, nb_epochs=2, nb_snapshots=1)
    assert SnapshotEnsemble(model, run).members == [str(run / "B-1.weights.h5")]
    assert [r["file"] for _, r in LogReader(run).records(RUN, metadata.SNAPSHOT_TAG)] == ["B-1.weights.h5"]


# Predictions


@pytest.mark.parametrize("weights,normalised", [(None, [1 / 3] * 3), ([1, 2, 5], [1 / 8, 2 / 8, 5 / 8])])
def test_predict_is_the_weighted_average_of_the_members_predictions(members, weights, normalised):
    ensemble = SnapshotEnsemble(make_model(seed=7), members.prefix, weights=weights)
    assert ensemble.weights == pytest.approx(normalised)
    expected = sum(w * p for w, p in zip(normalised, members.predictions))
    predicted = ensemble.predict(members.x, batch_size=10)
    assert predicted.shape == (25, 3) and predicted.dtype == np.float32
    np.testing.assert_allclose(predicted, expected, rtol=1e-6, atol=1e-7)
    # The members differ, so the average is none of them.
    assert not any(np.allclose(predicted, p, atol=1e-3) for p in members.predictions)


def two_output_model(seed=0):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(5, activation="relu")(inputs)
    model = keras.Model(
        inputs,
        {"kind": keras.layers.Dense(3, activation="softmax", name="kind")(hidden),
         "size": keras.layers.Dense(1, name="size")(hidden)},
    )
    model.compile("sgd", loss={"kind": "sparse_categorical_crossentropy", "size": "mse"},
                  metrics={"kind": ["accuracy"]})
    return model


def test_every_output_of_a_multi_output_model_is_averaged(tmp_path):
    paths = random_members(two_output_model(), str(tmp_path / "M"), 2)
    x, kind = make_data()
    size = np.random.default_rng(5).normal(size=(25, 1)).astype("float32")
    y = {"kind": kind, "size": size}
    twin = two_output_model(seed=99)
    alone, alone_metrics = [], []
    for path in paths:
        load_into(twin, path)
        alone.append(twin.predict(x, verbose=0))
        alone_metrics.append(twin.evaluate(x, y, batch_size=10, verbose=0, return_dict=True))
    expected = {name: 0.25 * alone[0][name].astype("float64") + 0.75 * alone[1][name]
                for name in ("kind", "size")}

    ensemble = SnapshotEnsemble(two_output_model(), paths, weights=[1, 3])
    predicted = ensemble.predict(x)
    assert set(predicted) == {"kind", "size"}
    for name in ("kind", "size"):
        np.testing.assert_allclose(predicted[name], expected[name], rtol=1e-6, atol=1e-7)

    result = ensemble.evaluate(x, y, batch_size=10)
    assert result["members"] == [pytest.approx(m, rel=1e-5) for m in alone_metrics]
    assert set(result["ensemble"]) == set(alone_metrics[0])
    cross_entropy = -np.mean(np.log(expected["kind"][np.arange(25), kind]))
    mse = np.mean((expected["size"] - size) ** 2)
    assert result["ensemble"]["loss"] == pytest.approx(cross_entropy + mse, rel=1e-5)


# Metrics


def test_evaluate_gives_each_member_s_metrics_and_those_of_the_average(members):
    ensemble = SnapshotEnsemble(make_model(seed=7), members.paths, weights=[2, 1, 1])
    result = ensemble.evaluate(members.x, members.y, batch_size=10)
    assert result["members"] == [pytest.approx(m, rel=1e-6) for m in members.metrics]
    alone = members.predictions
    average = 0.5 * alone[0] + 0.25 * alone[1] + 0.25 * alone[2]
    y = members.y
    assert set(result["ensemble"]) == {"loss", "accuracy"}
    assert result["ensemble"]["accuracy"] == pytest.approx(np.mean(average.argmax(axis=1) == y), abs=1e-7)
    assert result["ensemble"]["loss"] == pytest.approx(-np.mean(np.log(average[np.arange(25), y])), rel=1e-5)
    # The members disagree, so the ensemble is none of them.
    assert all(m["loss"] != pytest.approx(result["ensemble"]["loss"], rel=1e-3) for m in result["members"])


def regularized_model(seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(3, activation="softmax", kernel_regularizer=keras.regularizers.L2(0.1)),
    ])
    # A lambda: the compiled loss is used as it is, never serialized.
    model.compile("sgd", loss=lambda y, p: keras.losses.sparse_categorical_crossentropy(y, p),
                  metrics=["accuracy"])
    return model


def test_the_ensemble_loss_leaves_out_the_regularization_of_any_weights(tmp_path):
    paths = random_members(regularized_model(), str(tmp_path / "M"), 2)
    x, y = make_data()
    twin = regularized_model(seed=99)
    alone = []
    for path in paths:
        load_into(twin, path)
        probabilities = twin.predict(x, verbose=0).astype("float64")
        metrics = twin.evaluate(x, y, batch_size=10, verbose=0, return_dict=True)
        alone.append(probabilities)
        # The members' own losses include their L2 terms, 0.1 * sum(kernel ** 2).
        penalty = 0.1 * np.sum(twin.get_weights()[0].astype("float64") ** 2)
        cross_entropy = -np.mean(np.log(probabilities[np.arange(25), y]))
        assert penalty > 0.1
        assert metrics["loss"] == pytest.approx(cross_entropy + penalty, rel=1e-5)
    result = SnapshotEnsemble(regularized_model(seed=7), paths).evaluate(x, y, batch_size=10)
    average = (alone[0] + alone[1]) / 2
    assert result["ensemble"]["loss"] == pytest.approx(-np.mean(np.log(average[np.arange(25), y])), rel=1e-5)


def test_predict_and_evaluate_leave_the_model_as_it_was(snapshot_run):
    model = snapshot_run.model
    before = state(model)
    last = load_alone(snapshot_run.weights / "M-2.weights.h5")
    assert not all(np.array_equal(u, v) for u, v in zip(last.get_weights(), model.get_weights()))
    ensemble = SnapshotEnsemble(model, snapshot_run.run, weights_dir=snapshot_run.weights)
    x, y = make_data()
    ensemble.predict(x)
    assert_same_state(state(model), before)
    ensemble.evaluate(x, y)
    assert_same_state(state(model), before)


def test_a_member_that_fails_to_load_leaves_the_model_as_it_was(tmp_path):
    model = trained_model()
    [good] = random_members(make_model(), str(tmp_path / "M"), 1)
    other = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    bad = str(tmp_path / "Other-1.weights.h5")
    other.save_weights(bad)
    before = state(model)
    ensemble = SnapshotEnsemble(model, [good, bad])
    x, y = make_data()
    with pytest.raises(Exception):
        ensemble.predict(x)
    assert_same_state(state(model), before)
    with pytest.raises(Exception):
        ensemble.evaluate(x, y)
    assert_same_state(state(model), before)


def test_the_given_model_is_the_only_one_holding_weights(members, monkeypatch):
    """Memory: every member is loaded into the given model, one after the
    other, and when each is loaded no Keras model exists that did not exist
    before the call. (Not asserted: the one copy of the model's own variables,
    kept as numpy arrays to put them back, and the averaged predictions.)"""
    model = make_model(seed=7)
    gc.collect()
    before = {id(m) for m in gc.get_objects() if isinstance(m, keras.Model)}
    loads = []
    load_weights = keras.Model.load_weights

    def spy(self, filepath, *args, **kwargs):
        others = [m for m in gc.get_objects() if isinstance(m, keras.Model) and id(m) not in before]
        loads.append((self is model, str(filepath), len(others)))
        return load_weights(self, filepath, *args, **kwargs)

    monkeypatch.setattr(keras.Model, "load_weights", spy)
    ensemble = SnapshotEnsemble(model, members.paths)
    ensemble.predict(members.x)
    assert loads == [(True, p, 0) for p in members.paths]
    loads.clear()
    ensemble.evaluate(members.x, members.y)
    assert loads == [(True, p, 0) for p in members.paths]


# The ensemble record


def test_evaluate_with_log_dir_writes_one_ensemble_record(snapshot_run, tmp_path, monkeypatch):
    run = snapshot_run.run
    ensemble = SnapshotEnsemble(snapshot_run.model, run, weights_dir=snapshot_run.weights, weights=[1, 3])
    x, y = make_data()
    result = ensemble.evaluate(x, y, log_dir=run)
    reader = LogReader(run)
    [(step, record)] = reader.records(RUN, metadata.ENSEMBLE_TAG)
    assert step == 4 * STEPS_PER_EPOCH - 1  # the last snapshot's step
    assert [s for s, _ in reader.records(RUN, metadata.SNAPSHOT_TAG)] == [3, 7]
    assert record["members"] == ["M-1.weights.h5", "M-2.weights.h5"]
    assert record["weights"] == pytest.approx([0.25, 0.75])
    assert record["samples"] == 25
    assert record["ensemble"] == pytest.approx(result["ensemble"])
    assert record["member_metrics"] == [pytest.approx(m) for m in result["members"]]
    # Only the chief process writes it.
    monkeypatch.setattr(chief, "is_chief", lambda model: False)
    ensemble.evaluate(x, y, log_dir=tmp_path / "logs")
    assert not os.path.exists(tmp_path / "logs")


def test_a_log_folder_is_read_where_tensorflow_cannot_be_imported(snapshot_run, tmp_path):
    backend = keras.backend.backend()
    backend = "torch" if backend == "tensorflow" else backend
    logs = tmp_path / "logs"
    script = f"""
import sys
sys.modules["tensorflow"] = None  # `import tensorflow` now fails
import keras
from cyclescope.callbacks import SnapshotEnsemble
from tests.test_snapshot_ensemble import make_data, make_model
ensemble = SnapshotEnsemble(make_model(), {str(snapshot_run.run)!r}, weights_dir={str(snapshot_run.weights)!r})
assert [m.rsplit("/", 1)[1] for m in ensemble.members] == ["M-1.weights.h5", "M-2.weights.h5"]
ensemble.evaluate(*make_data(), log_dir={str(logs)!r})
assert keras.backend.backend() == {backend!r}
"""
    env = dict(os.environ, KERAS_BACKEND=backend)
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=300,
                   cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    # `logs` holds no snapshot records: the record is at step 0.
    assert [step for step, _ in LogReader(logs).records(RUN, metadata.ENSEMBLE_TAG)] == [0]


# Errors


def test_no_members_is_an_error_that_says_what_was_looked_for(tmp_path):
    model = make_model()
    with pytest.raises(ValueError, match=r"M-<i>\.weights\.h5"):
        SnapshotEnsemble(model, str(tmp_path / "M"))
    with pytest.raises(ValueError, match="cyclescope/snapshot"):
        SnapshotEnsemble(model, str(tmp_path))  # a folder without snapshot records
    with pytest.raises(ValueError, match="at least one"):
        SnapshotEnsemble(model, [])


@pytest.mark.parametrize(
    "weights,message",
    [
        ([1, 1], "3 members"),
        ([1, 2, 3, 4], "3 members"),
        ([1, -1, 1], "finite number >= 0"),
        ([0, 0, 0], "sum"),
        ([1, float("nan"), 1], "finite"),
        ([1, float("inf"), 1], "finite"),
        (["a", 1, 1], "finite number"),
        (3, "sequence"),
    ],
)
def test_bad_weights_are_rejected(members, weights, message):
    with pytest.raises(ValueError, match=message):
        SnapshotEnsemble(make_model(), members.paths, weights=weights)


def test_other_bad_arguments_are_rejected(members, tmp_path):
    model, paths = make_model(), members.paths
    with pytest.raises(ValueError, match="missing"):
        SnapshotEnsemble(model, [paths[0], str(tmp_path / "M-7.weights.h5")])
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        SnapshotEnsemble(model, [paths[0], str(tmp_path / "M-1.h5")])
    with pytest.raises(ValueError, match="weights_dir"):
        SnapshotEnsemble(model, paths, weights_dir=str(tmp_path))
    with pytest.raises(ValueError, match="`model`"):
        SnapshotEnsemble("model", paths)
    with pytest.raises(ValueError, match="`snapshots`"):
        SnapshotEnsemble(model, 3)
    uncompiled = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="compile"):
        SnapshotEnsemble(uncompiled, paths).evaluate(*make_data())
