"""The `tensorboard_plugins` entry point of the Cyclescope tab.

TensorBoard imports this module at startup for every user who has cyclescope
installed, before it parses its flags: it must import almost nothing and must
not fail. The plugin itself is imported in `load()`, where a failure only
disables the tab.
"""

import logging

from tensorboard.plugins import base_plugin

# Kept equal to `metadata.PLUGIN_NAME` (a test checks it); importing
# `metadata` here would pull in the protobuf modules at startup.
_PLUGIN_NAME = "cyclescope"

logger = logging.getLogger(__name__)


class CyclescopeLoader(base_plugin.TBLoader):
    """Loads the Cyclescope plugin, or nothing if it cannot be loaded."""

    def fix_flags(self, flags):
        # Both loaders keep only 10 (Python) or 100 (Rust) tensors per tag of
        # a plugin they do not know; our records (epochs, snapshots, checks)
        # must all be there. 0 means "keep every sample"; the user's own
        # `--samples_per_plugin=cyclescope=N` still wins.
        samples = getattr(flags, "samples_per_plugin", None)
        if isinstance(samples, dict):
            samples.setdefault(_PLUGIN_NAME, 0)

    def load(self, context):
        try:
            from cyclescope.tb_plugin import plugin

            return plugin.CyclescopePlugin(context)
        except Exception:
            logger.exception("The Cyclescope tab is disabled: it failed to load")
            return None
