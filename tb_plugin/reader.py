"""Reads what the plugin shows, through TensorBoard's data provider only.

`context.multiplexer` is None under the Rust loader (`--load_fast`), so every
read goes through `context.data_provider`, scoped to the request's
experiment. Run and tag names are opaque keys: a run exists if and only if
the data provider returns data for it. What cannot be read is skipped, and
said in `Reader.problems` (the response's warnings).
"""

import concurrent.futures
import os
import threading

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

# For the listing calls that `at_once` makes in parallel.
_LISTING_THREAD_NAME = "cyclescope-listing"
# Enough for the requests a browser makes at once (6 per host), which wait
# on the data server rather than on the CPU.
_LISTING_THREADS = concurrent.futures.ThreadPoolExecutor(
    max_workers=12, thread_name_prefix=_LISTING_THREAD_NAME
)


def at_once(*calls):
    """The results of `calls` (functions of no argument), made in parallel.

    Under the Rust loader each data-provider call with a small answer waits
    about 40 ms for TensorBoard's data server (which sends without
    `TCP_NODELAY`): calls made at once wait once, calls made in turn wait
    once each.
    """
    if threading.current_thread().name.startswith(_LISTING_THREAD_NAME):
        return [call() for call in calls]  # waiting on the pool from it could deadlock
    # The first in this thread: a request takes one pool thread less.
    futures = [_LISTING_THREADS.submit(call) for call in calls[1:]]
    return [calls[0]()] + [future.result() for future in futures]


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


class SchemaVerdicts:
    """Whether each tag of our plugin has a schema version this code reads,
    kept across requests (one per plugin instance).

    A tag's `plugin_content` is fixed by the first event of the tag in its
    run, so the verdict never changes once the tag exists, and a read needs
    no listing call for the tags seen before. The memory is bounded: it is
    emptied past `MAX_ENTRIES` tags (and then refilled as requests come).
    """

    MAX_ENTRIES = 200_000

    def __init__(self):
        self._problems = {}

    def known(self, experiment, run, tag):
        return (experiment, run, tag) in self._problems

    def problem(self, experiment, run, tag):
        """Why the tag cannot be read, or None if it can."""
        return self._problems[experiment, run, tag]

    def learn(self, experiment, listing):
        """Takes the verdicts of a `list_tensors` answer of our plugin."""
        if len(self._problems) > self.MAX_ENTRIES:
            self._problems.clear()
        for run, tags in listing.items():
            for tag, series in tags.items():
                self._problems[experiment, run, tag] = metadata.schema_problem(
                    series.plugin_content
                )


class Reader:
    """Reads one request's data.

    Args:
        data_provider: the `context.data_provider` of TensorBoard.
        ctx: the request context (`plugin_util.context(environ)`).
        experiment: the experiment id (`plugin_util.experiment_id(environ)`).
        schema_verdicts: a `SchemaVerdicts` shared by the requests of one
            plugin, or None for one of this reader's own.

    Attributes:
        problems: a `problems.Problems`, what the reads skipped and why.
    """

    def __init__(self, data_provider, ctx, experiment, schema_verdicts=None):
        self._provider = data_provider
        self._ctx = ctx
        self._experiment = experiment
        self._verdicts = SchemaVerdicts() if schema_verdicts is None else schema_verdicts
        # Each listing answer of this request, by what was asked: the routes
        # read the listings their fingerprint made without asking again.
        self._listings = {}
        # (run, tag) -> [TensorDatum] read by `prefetch` for this request.
        self._prefetched = {}
        self._prefetched_keys = set()
        self.problems = problems.Problems()

    def runs_without_events(self):
        """The runs that TensorBoard lists but holds no event of: their
        event files are empty or unreadable. (The Python loader lists such
        runs; the Rust loader leaves them out.)"""
        return [run.run_name for run in self._listed("runs") if run.start_time is None]

    def record_tags(self, runs=None):
        """{run: set of cyclescope record tags} of readable schema versions,
        of the runs named in `runs` (all runs by default).

        Also warns about every tag under our plugin that cannot be read: of
        a newer schema, or unknown to this version.
        """
        listing = self._listed("tensors", metadata.PLUGIN_NAME, runs, None)
        result = {}
        self._verdicts.learn(self._experiment, listing)
        for run, tags in listing.items():
            for tag in tags:
                if not metadata.is_schema_tag(tag):
                    self.problems.add(run, _UNKNOWN_TAG, tag)
                elif self._readable(run, tag) and tag in metadata.RECORD_TAGS:
                    result.setdefault(run, set()).add(tag)
        return result

    def fingerprint(
        self, runs, tags=None, plugin=metadata.PLUGIN_NAME, scalar_runs=(), scalar_tags=()
    ):
        """What TensorBoard holds for `plugin`'s `tags` (all by default) of
        `runs` (all if None), and for the standard `scalar_tags` of
        `scalar_runs` (all if None): a hashable value that changes whenever
        an event is added to any of them (see `response_cache`). One listing
        call, two at once with scalars; the reads of this request that follow
        use their answers."""
        calls = [lambda: self._listed("tensors", plugin, runs, tags)]
        if scalar_tags and (scalar_runs is None or scalar_runs):
            calls.append(lambda: self.scalars_fingerprint(scalar_runs, scalar_tags))
        listing, *scalars = at_once(*calls)
        if plugin == metadata.PLUGIN_NAME:
            self._verdicts.learn(self._experiment, listing)
        return (self._experiment, plugin, _series_marks(listing)) + sum(scalars, ())

    def scalars_fingerprint(self, runs, tags):
        """`fingerprint` of the standard scalar `tags` of `runs` (all if None)."""
        return (SCALARS_PLUGIN, _series_marks(self._listed("scalars", SCALARS_PLUGIN, runs, tags)))

    def runs_fingerprint(self):
        """The runs TensorBoard lists and whether each has an event yet."""
        return tuple(sorted((run.run_name, run.start_time is None) for run in self._listed("runs")))

    def has_tag(self, run, tag):
        """Whether the last `fingerprint` saw our plugin's `tag` in `run`."""
        return self._verdicts.known(self._experiment, run, tag)

    def prefetch(self, runs, tags):
        """Reads our plugin's `tags` of `runs` in one data-provider call, for
        the `records` and `learning_rate` calls of this request that follow.
        (Each call to the data provider costs as much as a small read.)"""
        self._prefetched.update(
            ((run, tag), datums)
            for run, tag_data in self._cyclescope_tensors(runs, tags).items()
            for tag, datums in tag_data.items()
        )
        self._prefetched_keys.update((run, tag) for run in runs for tag in tags)

    def records(self, runs, tags, latest_only=False):
        """{run: {tag: [(step, record dict)]}} of cyclescope records.

        Sorted by step; where a resumed run wrote a step twice, the last
        record written wins. Undecodable records and tags of an unknown
        schema version are skipped. With `latest_only`, only each tag's
        record of the largest step is read (for a run list, say).
        """
        result = {}
        tensors = self._cyclescope_tensors(runs, tags, 1 if latest_only else None)
        for run, tag_data in tensors.items():
            for tag, datums in tag_data.items():
                by_step = {}
                undecodable = []
                for datum in datums:
                    record = _decode(datum.numpy)
                    if record is None:
                        undecodable.append(datum.step)
                    else:
                        by_step[datum.step] = record
                self._skipped(run, tag, undecodable, "record", "not a JSON object")
                result.setdefault(run, {})[tag] = sorted(by_step.items())
        return result

    def _cyclescope_tensors(self, runs, tags, downsample=None):
        """{run: {tag: [TensorDatum]}} of our plugin's tags whose schema
        version this code can read (all points unless `downsample`)."""
        runs, tags = list(runs), list(tags)
        if not runs or not tags:
            return {}
        wanted = [(run, tag) for run in runs for tag in tags]
        if downsample is None and all(key in self._prefetched_keys for key in wanted):
            data = {}
            for run, tag in wanted:
                if (run, tag) in self._prefetched:
                    data.setdefault(run, {})[tag] = self._prefetched[run, tag]
            return data
        data = self._provider.read_tensors(
            self._ctx,
            experiment_id=self._experiment,
            plugin_name=metadata.PLUGIN_NAME,
            downsample=downsample or _ALL_POINTS,
            run_tag_filter=provider.RunTagFilter(runs=runs, tags=tags),
        )
        unknown = [
            (run, tag)
            for run, tag_data in data.items()
            for tag in tag_data
            if not self._verdicts.known(self._experiment, run, tag)
        ]
        if unknown:
            self._verdicts.learn(
                self._experiment,
                self._provider.list_tensors(
                    self._ctx,
                    experiment_id=self._experiment,
                    plugin_name=metadata.PLUGIN_NAME,
                    run_tag_filter=provider.RunTagFilter(
                        runs=sorted({run for run, _ in unknown}),
                        tags=sorted({tag for _, tag in unknown}),
                    ),
                ),
            )
        result = {}
        for run, tag_data in data.items():
            for tag, datums in tag_data.items():
                if self._readable(run, tag):
                    result.setdefault(run, {})[tag] = datums
        return result

    def _listed(self, kind, plugin=None, runs=None, tags=None):
        """The `list_runs` ("runs"), `list_tensors` ("tensors") or
        `list_scalars` ("scalars") answer, the last two for `plugin`'s `tags`
        of `runs` (each all if None), asked once per request."""
        key = (kind, plugin, _frozen(runs), _frozen(tags))
        if key not in self._listings:
            if kind == "runs":
                answer = self._provider.list_runs(self._ctx, experiment_id=self._experiment)
            else:
                method = {"tensors": self._provider.list_tensors,
                          "scalars": self._provider.list_scalars}[kind]
                answer = method(
                    self._ctx,
                    experiment_id=self._experiment,
                    plugin_name=plugin,
                    run_tag_filter=provider.RunTagFilter(
                        runs=None if runs is None else list(runs),
                        tags=None if tags is None else list(tags),
                    ),
                )
            self._listings[key] = answer
        return self._listings[key]

    def _skipped(self, run, tag, steps, noun, why):
        """Warns that the `noun`s of `tag` at `steps` (if any) were skipped."""
        if steps:
            self.problems.add(run, "%s skipped: %s" % (_count(steps, noun), why), tag, min(steps))

    def _readable(self, run, tag):
        if not self._verdicts.known(self._experiment, run, tag):
            return False  # listed by neither call: gone since the read
        problem = self._verdicts.problem(self._experiment, run, tag)
        if problem is not None:
            self.problems.add(run, problem, tag)
        return problem is None

    def scalar_tags(self, tags):
        """{run: set of tags} among `tags` of the standard `scalars` plugin."""
        listing = self._listed("scalars", SCALARS_PLUGIN, None, tags)
        return {run: set(tag_map) for run, tag_map in listing.items() if tag_map}

    def last_steps(self, runs, tags):
        """{run: {tag: largest step}} of the standard scalar `tags` of `runs`
        that exist."""
        listing = self._listed("scalars", SCALARS_PLUGIN, runs, tags)
        return {
            run: {tag: series.max_step for tag, series in tag_map.items()}
            for run, tag_map in listing.items()
            if tag_map
        }

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
        self._skipped(
            run, metadata.LR_BLOCK_TAG, unusable, "learning-rate block", "not a 1-D array of floats"
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
        self._skipped(run, tag, unusable, "histogram", "not a [k, 3] array of numbers")
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


def _frozen(names):
    return None if names is None else frozenset(names)


def _series_marks(listing):
    return tuple(
        sorted(
            (run, tag, series.max_step, series.max_wall_time)
            for run, tags in listing.items()
            for tag, series in tags.items()
        )
    )


def _decode(array):
    """The record dict in a rank-0 string tensor, or None."""
    try:
        return metadata.decode_record(np.asarray(array).item())
    except (ValueError, TypeError, RecursionError):
        return None
