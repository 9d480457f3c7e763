"""The cyclescope summary schema, shared by the writer and the plugin.

Everything that only the Cyclescope tab understands is written under
`PLUGIN_NAME` as a rank-0 string tensor holding one JSON record per event.
Data that TensorBoard's own dashboards can show (the learning rate, dead-unit
counts, firing-rate histograms) is written in the standard `scalars` and
`histograms` formats, under the tag names defined here.

Every series uses the optimizer's global step as its x-axis.
"""

import json

from tensorboard.compat.proto import summary_pb2

PLUGIN_NAME = "cyclescope"

# `plugin_content` of every cyclescope tag. It is fixed by the first event of
# a tag, so it only carries the schema version; the data lives in the records.
SCHEMA_VERSION = 1

# Standard dashboards (Scalars and Histograms tabs).
LR_TAG = "learning_rate"
MOMENTUM_TAG = "momentum"
DEAD_COUNT_TAG = "dead_relu/{layer}/dead_count"
DEAD_FRACTION_TAG = "dead_relu/{layer}/dead_fraction"
FIRING_RATE_TAG = "dead_relu/{layer}/firing_rate"

# The learning rate again, under our plugin, which TensorBoard keeps whole
# (the Scalars tab's series is sampled to 1000 points): a rank-1 float32
# tensor holding the LR of consecutive steps from the event's step on.
LR_BLOCK_TAG = "cyclescope/learning_rate"
# The same for the momentum, where a callback cycles it (`cycle_momentum`).
MOMENTUM_BLOCK_TAG = "cyclescope/momentum"

# Cyclescope records, one JSON object per event.
SCHEDULE_TAG = "cyclescope/schedule"
"""The LR schedule in force from this step on (written when a fit starts and
at a `_reset`). Keys of `type` "cyclic": `mode` (a built-in mode, or
"custom" for a user `scale_fn`), `base_lr`, `max_lr`, `step_size` (steps
rising), `step_size_down` (steps falling; records written before it existed
lack it: symmetric), `gamma`, `scale_mode`, `offset` (the global step at
which the cycle position is 0), `steps_per_epoch`. Keys of `type`
"one_cycle": `max_lr`, `total_steps`, `pct_start`, `anneal_strategy` ("cos"
or "linear"), `div_factor`, `final_div_factor`, `three_phase`, `offset` (the
global step of the cycle's step 0), `steps_per_epoch`. Where the momentum is
cycled, "cyclic" and "one_cycle" records add `momentum_attribute`
("momentum" or "beta_1"), `base_momentum` and `max_momentum`. Keys of
`type` "cosine_restarts": `init_lr`, `nb_epochs`, `nb_snapshots`,
`epoch_length` (epochs per cycle), `steps_per_epoch`, `offset` (the global
step of epoch 0), and `anneal_every` ("step", only when the LR anneals
within each epoch)."""

CYCLE_TAG = "cyclescope/cycle"
"""A cycle starts at this step. Keys: `cycle` (1-based, counted from the
schedule's `offset`), and `epoch` for per-epoch schedules."""

EPOCH_TAG = "cyclescope/epoch"
"""An epoch starts at this step. Keys: `epoch` (0-based)."""

SNAPSHOT_TAG = "cyclescope/snapshot"
"""A snapshot was saved after this step. Keys: `index` (1-based), `epoch`,
`step`, `file` (basename only, never a path), `lr`, `metrics` (the epoch's
logs)."""

DEAD_RELU_TAG = "cyclescope/dead_relu"
"""One dead-ReLU check over the probe set, at the last step of the epoch it
follows (as snapshots are, so that the next fit's start never purges it). Keys: `epoch`, `probe_samples`,
`threshold`, and `layers`: a list in model order of `name`, `index` (position
in `model.layers`), `path` (nested layers: "outer/inner"), `units`, `dead`,
`fraction`, and the change since the previous check of the same model:
`died` (units dead now that fired at the previous check), `revived` (units
firing now that were dead then), in the optimizer steps `since_step` (the
step after the previous check) to `step` (this record's step), both
included. A first check (also one of weights restored to before the
previous check) has, for a model the detector watched from step 0, `died`
= `dead`, `revived` 0 and `since_step` 0; otherwise (a run resumed in a new
process, a model trained before the detector saw it) its past is unknown and
`died`, `revived` and `since_step` are null. Records written before these
keys existed lack them."""

LR_RANGE_TEST_TAG = "cyclescope/lr_range_test"
"""One learning-rate range test (`find_lr`), written at step 0 of its own
run folder. Keys: `lrs`, `losses` (smoothed), `raw_losses` (lists, one
value per step run), `base_lr` and `max_lr` (the suggested bounds), `mode`
("exp" or "linear"), `start_lr`, `end_lr`, `stopped_early` (the loss
diverged before `num_steps`)."""

ENSEMBLE_TAG = "cyclescope/ensemble"
"""One evaluation of a snapshot ensemble (`SnapshotEnsemble.evaluate` with a
`log_dir`), at the step of the latest snapshot record in that folder (0 if
it has none). Keys: `members` (file basenames, in member order), `weights`
(normalised, summing to 1), `ensemble` (metric name: value, of the averaged
predictions), `member_metrics` (a list, one such dict per member), `samples`
(the number of samples evaluated). Metric names are those of
`model.evaluate` on the data given (no `val_` prefix)."""

# The records the plugin reads.
RECORD_TAGS = (
    SCHEDULE_TAG,
    CYCLE_TAG,
    EPOCH_TAG,
    SNAPSHOT_TAG,
    DEAD_RELU_TAG,
    LR_RANGE_TEST_TAG,
    ENSEMBLE_TAG,
)

# Firing-rate histograms use fixed buckets so that checks are comparable.
FIRING_RATE_BUCKETS = 20


def record_metadata():
    """`SummaryMetadata` for a cyclescope JSON record."""
    content = json.dumps({"version": SCHEMA_VERSION}).encode("utf-8")
    return summary_pb2.SummaryMetadata(
        plugin_data=summary_pb2.SummaryMetadata.PluginData(
            plugin_name=PLUGIN_NAME, content=content
        ),
        data_class=summary_pb2.DATA_CLASS_TENSOR,
    )


def parse_plugin_content(content):
    """Returns the schema version of a tag's `plugin_content`, or None.

    Unreadable content and versions newer than this code understands both
    give None, so that the reader can skip the tag instead of failing.
    """
    try:
        version = json.loads(content.decode("utf-8")).get("version")
    except (ValueError, AttributeError, UnicodeDecodeError):
        return None
    if not isinstance(version, int) or not 1 <= version <= SCHEMA_VERSION:
        return None
    return version


def schema_problem(content):
    """Why a tag's `plugin_content` cannot be read, in words, or None.

    For the plugin's warnings: the tags that `parse_plugin_content` refuses.
    """
    if parse_plugin_content(content) is not None:
        return None
    try:
        version = json.loads(content.decode("utf-8")).get("version")
    except (ValueError, AttributeError, UnicodeDecodeError):
        version = None
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return "written by a newer cyclescope (schema %s); upgrade to read it" % str(version)[:20]
    return "no schema version this cyclescope can read; skipped"


def is_schema_tag(tag):
    """Whether `tag` is one that this module defines (its `*_TAG` names)."""
    return tag in {
        value
        for name, value in globals().items()
        if name.endswith("_TAG") and isinstance(value, str)
    }


def encode_record(record):
    """Serializes a record to JSON bytes (NaN and infinities as null)."""
    return json.dumps(_finite(record), allow_nan=False).encode("utf-8")


def decode_record(data):
    """Parses a record written by `encode_record`; None if unreadable."""
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    try:
        record = json.loads(data)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def _finite(value):
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value
