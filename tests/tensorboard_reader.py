"""Reads a log directory back through TensorBoard's own data provider."""

from tensorboard import context
from tensorboard.backend.event_processing import data_provider
from tensorboard.backend.event_processing import plugin_event_multiplexer

from cyclescope.tb_plugin import metadata

_ALL = 10**9


class LogReader:
    """What TensorBoard's Python loader sees in `log_dir`, every point kept."""

    def __init__(self, log_dir):
        multiplexer = plugin_event_multiplexer.EventMultiplexer(
            size_guidance={"scalars": 0, "tensors": 0}
        )
        multiplexer.AddRunsFromDirectory(str(log_dir))
        multiplexer.Reload()
        self.provider = data_provider.MultiplexerDataProvider(multiplexer, str(log_dir))
        self.ctx = context.RequestContext()

    def plugins(self):
        return set(self.provider.list_plugins(self.ctx, experiment_id=""))

    def scalars(self, run, tag):
        """[(step, value)] of a standard scalar tag."""
        data = self.provider.read_scalars(
            self.ctx, experiment_id="", plugin_name="scalars", downsample=_ALL
        )
        return [(d.step, d.value) for d in data[run][tag]]

    def scalar_tags(self, run):
        data = self.provider.list_scalars(self.ctx, experiment_id="", plugin_name="scalars")
        return set(data.get(run, {}))

    def histograms(self, run, tag):
        """[(step, array of [left, right, count])] of a histogram tag."""
        data = self.provider.read_tensors(
            self.ctx, experiment_id="", plugin_name="histograms", downsample=_ALL
        )
        return [(d.step, d.numpy) for d in data[run][tag]]

    def records(self, run, tag):
        """[(step, dict)] of a cyclescope record tag."""
        data = self.provider.read_tensors(
            self.ctx, experiment_id="", plugin_name=metadata.PLUGIN_NAME, downsample=_ALL
        )
        series = data.get(run, {}).get(tag, [])
        return [(d.step, metadata.decode_record(d.numpy.item())) for d in series]
