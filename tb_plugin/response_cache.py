"""Route bodies kept between requests while the data behind them is unchanged.

A body is stored with a fingerprint of what TensorBoard holds for its runs:
each tag's largest step and wall time, from a listing call (cheaper than
reading the data, decoding it and thinning it again). Any new event, a
resumed run's purge included, raises a tag's largest wall time, so a body is
served again only while nothing it was computed from has changed.
"""

import collections
import threading

MAX_ENTRIES = 128


class ResponseCache:
    """A bounded, thread-safe map of (route, parameters) to (fingerprint, body).

    Args:
        max_entries: how many bodies to keep (least recently used go first).
    """

    def __init__(self, max_entries=MAX_ENTRIES):
        self._entries = collections.OrderedDict()
        self._lock = threading.Lock()
        self._max_entries = max_entries

    def get_or_compute(self, key, fingerprint, compute):
        """The body stored under `key` for this `fingerprint`, else
        `compute()`'s, stored. A `fingerprint` of None is never stored."""
        if fingerprint is None:
            return compute()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == fingerprint:
                self._entries.move_to_end(key)
                return entry[1]
        body = compute()
        with self._lock:
            self._entries[key] = (fingerprint, body)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        return body
