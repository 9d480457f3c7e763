"""Reads what the plugin shows, through TensorBoard's data provider only.

`context.multiplexer` is None under the Rust loader (`--load_fast`), so every
read goes through `context.data_provider`, scoped to the request's
experiment. Run and tag names are opaque keys: a run exists if and only if
the data provider returns data for it. What cannot be read is skipped, and
said in `Reader.problems` (the response's warnings).
"""

import os

import numpy as np
from tensorboard.data import provider

from cyclescope.tb_plugin import metadata
from cyclescope.tb_plugin import problems

# Keras's `keras.callbacks.TensorBoard` logs these under the `scalars` plugin,
# in the `train` folder of its log dir.
KERAS_LR_TAG = "epoch_learning_rate"
KERAS_BATCH_LOSS_TAG = "batch_loss"
KERAS_EPOCH_LOSS_TAG = "epoch_loss"

SCALARS_PLUGIN = "scalars"
HISTOGRAMS_PLUGIN = "histograms"

# The data provider needs an int; this keeps everything the loader holds.
_ALL_POINTS = 10**9


class Series:
    """A scalar time series, one value per step, sorted by step.

    Attributes:
        steps: int64 array.
        values: float64 array.
    """

    def __init__(self, steps, values):
        self.steps = steps
        self.values = values

    def __len__(self):
        return len(self.steps)


class Reader:
    """Reads one request's data.

    Args:
        data_provider: the `context.data_provider` of TensorBoard.
        ctx: the request context (`plugin_util.context(environ)`).
        experiment: the experiment id (`plugin_util.experiment_id(environ)`).

    Attributes:
        problems: a `problems.Problems`, what the reads skipped and why.
    """

    def __init__(self, data_provider, ctx, experiment):
        self._provider = data_provider
        self._ctx = ctx
        self._experiment = experiment
        self.problems = problems.Problems()

    def runs_without_events(self):
        """The runs that TensorBoard lists but holds no event of: their
        event files are empty or unreadable. (The Python loader lists such
        runs; the Rust loader leaves them out.)"""
        runs = self._provider.list_runs(self._ctx, experiment_id=self._experiment)
        return [run.run_name for run in runs if run.start_time is None]

    def record_tags(self, runs=None):
        """{run: set of cyclescope record tags} of readable schema versions,
        of the runs named in `runs` (all runs by default).

        Also warns about every tag under our plugin that cannot be read: of
        a newer schema, or unknown to this version.
        """
        listing = self._provider.list_tensors(
            self._ctx,
            experiment_id=self._experiment,
            plugin_name=metadata.PLUGIN_NAME,
            run_tag_filter=None if runs is None else provider.RunTagFilter(runs=list(runs)),
        )
        result = {}
        for run, tags in listing.items():
            for tag, series in tags.items():
                if not metadata.is_schema_tag(tag):
                    self.problems.add(run, _UNKNOWN_TAG, tag)
                elif self._readable(run, tag, series.plugin_content) and (
                    tag in metadata.RECORD_TAGS
                ):
                    result.setdefault(run, set()).add(tag)
        return result

    def records(self, runs, tags):
        """{run: {tag: [(step, record dict)]}} of cyclescope records.

        Sorted by step; where a resumed run wrote a step twice, the last
        record written wins. Undecodable records and tags of an unknown
        schema version are skipped.
        """
        result = {}
        for run, tag_data in self._cyclescope_tensors(runs, tags).items():
            for tag, datums in tag_data.items():
                by_step = {}
                undecodable = []
                for datum in datums:
                    record = _decode(datum.numpy)
                    if record is None:
                        undecodable.append(datum.step)
                    else:
                        by_step[datum.step] = record
                if undecodable:
                    self.problems.add(
                        run,
                        "%s skipped: not a JSON object" % _count(undecodable, "record"),
                        tag,
                        min(undecodable),
                    )
                result.setdefault(run, {})[tag] = sorted(by_step.items())
        return result

    def _cyclescope_tensors(self, runs, tags):
        """{run: {tag: [TensorDatum]}} of our plugin's tags whose schema
        version this code can read."""
        runs, tags = list(runs), list(tags)
        if not runs or not tags:
            return {}
        run_tag_filter = provider.RunTagFilter(runs=runs, tags=tags)
        listing = self._provider.list_tensors(
            self._ctx,
            experiment_id=self._experiment,
            plugin_name=metadata.PLUGIN_NAME,
            run_tag_filter=run_tag_filter,
        )
        data = self._provider.read_tensors(
            self._ctx,
            experiment_id=self._experiment,
            plugin_name=metadata.PLUGIN_NAME,
            downsample=_ALL_POINTS,
            run_tag_filter=run_tag_filter,
        )
        result = {}
        for run, tag_data in data.items():
            for tag, datums in tag_data.items():
                series = listing.get(run, {}).get(tag)
                if series is not None and self._readable(run, tag, series.plugin_content):
                    result.setdefault(run, {})[tag] = datums
        return result

    def _readable(self, run, tag, plugin_content):
        problem = metadata.schema_problem(plugin_content)
        if problem is not None:
            self.problems.add(run, problem, tag)
        return problem is None

    def scalar_tags(self, tags):
        """{run: set of tags} among `tags` of the standard `scalars` plugin."""
        listing = self._provider.list_scalars(
            self._ctx,
            experiment_id=self._experiment,
            plugin_name=SCALARS_PLUGIN,
            run_tag_filter=provider.RunTagFilter(tags=list(tags)),
        )
        return {run: set(tag_map) for run, tag_map in listing.items() if tag_map}

    def last_step(self, run, tag):
        """The largest step of a standard scalar tag, or None if absent."""
        listing = self._provider.list_scalars(
            self._ctx,
            experiment_id=self._experiment,
            plugin_name=SCALARS_PLUGIN,
            run_tag_filter=provider.RunTagFilter(runs=[run], tags=[tag]),
        )
        series = listing.get(run, {}).get(tag)
        return None if series is None else series.max_step

    def scalars(self, run, tag):
        """The `Series` of a standard scalar tag, or None if absent."""
        data = self._provider.read_scalars(
            self._ctx,
            experiment_id=self._experiment,
            plugin_name=SCALARS_PLUGIN,
            downsample=_ALL_POINTS,
            run_tag_filter=provider.RunTagFilter(runs=[run], tags=[tag]),
        )
        datums = data.get(run, {}).get(tag)
        if not datums:
            return None
        steps = np.fromiter((d.step for d in datums), np.int64, len(datums))
        values = np.fromiter((d.value for d in datums), np.float64, len(datums))
        return _last_written(steps, values)

    def learning_rate(self, run):
        """The whole `Series` of our LR blocks, or None if the run has none."""
        data = self._cyclescope_tensors([run], [metadata.LR_BLOCK_TAG])
        blocks = []
        unusable = []
        for datum in sorted(data.get(run, {}).get(metadata.LR_BLOCK_TAG, []), key=lambda d: d.wall_time):
            values = np.asarray(datum.numpy)
            if values.ndim == 1 and values.dtype.kind == "f":
                blocks.append((datum.step + np.arange(len(values)), values))
            else:
                unusable.append(datum.step)
        if unusable:
            self.problems.add(
                run,
                "%s skipped: not a 1-D array of floats" % _count(unusable, "learning-rate block"),
                metadata.LR_BLOCK_TAG,
                min(unusable),
            )
        if not blocks:
            return None
        steps, values = (np.concatenate(parts) for parts in zip(*blocks))
        return _last_written(steps, values.astype(np.float64))

    def histograms(self, run, tag):
        """[(step, [[left, right, count], ...])] of a standard histogram tag,
        or None if absent."""
        data = self._provider.read_tensors(
            self._ctx,
            experiment_id=self._experiment,
            plugin_name=HISTOGRAMS_PLUGIN,
            downsample=_ALL_POINTS,
            run_tag_filter=provider.RunTagFilter(runs=[run], tags=[tag]),
        )
        datums = data.get(run, {}).get(tag)
        if datums is None:
            return None
        by_step = {}
        unusable = []
        for datum in datums:
            buckets = np.asarray(datum.numpy)
            if buckets.ndim == 2 and buckets.shape[1] == 3 and buckets.dtype.kind in "fiu":
                by_step[datum.step] = buckets.astype(np.float64)
            else:
                unusable.append(datum.step)
        if unusable:
            self.problems.add(
                run,
                "%s skipped: not a [k, 3] array of numbers" % _count(unusable, "histogram"),
                tag,
                min(unusable),
            )
        return sorted(by_step.items(), key=lambda item: item[0])


def keras_train_runs(run):
    """Names of the run that `keras.callbacks.TensorBoard` writes beside run
    `run` (its `train` folder), as the loaders may spell them."""
    if run == ".":
        return ["train"]
    return list(dict.fromkeys([run + "/" + "train", run + os.sep + "train"]))


_UNKNOWN_TAG = "not a record type this cyclescope knows (written by a newer version?); skipped"


def _count(items, noun):
    """How many `items`, in words: "1 record", "3 records"."""
    return "%d %s%s" % (len(items), noun, "" if len(items) == 1 else "s")


def _last_written(steps, values):
    """The series sorted by step, where a step written twice (a resumed run;
    the Rust loader keeps both) keeps the value written last."""
    unique, first_from_end = np.unique(steps[::-1], return_index=True)
    return Series(unique, values[len(steps) - 1 - first_from_end])


def _decode(array):
    """The record dict in a rank-0 string tensor, or None."""
    try:
        return metadata.decode_record(np.asarray(array).item())
    except (ValueError, TypeError, RecursionError):
        return None
