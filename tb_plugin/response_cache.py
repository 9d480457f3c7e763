"""Route bodies kept between requests while the data behind them is unchanged.

A body is stored with a fingerprint of what TensorBoard holds for its runs:
each tag's largest step and wall time, from a listing call (cheaper than
reading the data, decoding it and thinning it again). Any new event, a
resumed run's purge included, raises a tag's largest wall time, so a body is
served again only while nothing it was computed from has changed.
"""

import collections
import threading

# Room for every run's `lr` and `loss` of a folder of a thousand runs (a
# body is 3 to 300 KB), in little memory beside what TensorBoard holds.
MAX_BYTES = 64 * 1024 * 1024


class ResponseCache:
    """A bounded, thread-safe map of (route, parameters) to (fingerprint, body).

    Args:
        max_bytes: how many bytes of bodies (`str` or `bytes`) to keep; the
            least recently used go first, and a body larger than this is
            not kept.
    """

    def __init__(self, max_bytes=MAX_BYTES):
        self._entries = collections.OrderedDict()
        self._lock = threading.Lock()
        self._max_bytes = max_bytes
        self._bytes = 0

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
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            if len(body) <= self._max_bytes:
                self._entries[key] = (fingerprint, body)
                self._bytes += len(body)
            while self._bytes > self._max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= len(dropped)
        return body

    def __len__(self):
        return len(self._entries)

    @property
    def size_bytes(self):
        """Bytes of the bodies kept."""
        return self._bytes
