"""The route bodies kept between requests (tb_plugin/response_cache.py)."""

import threading

from cyclescope.tb_plugin.response_cache import ResponseCache


class Compute:
    """A body computation that counts its calls."""

    def __init__(self, body):
        self.body, self.calls = body, 0

    def __call__(self):
        self.calls += 1
        return self.body


def test_a_body_is_served_again_while_its_fingerprint_holds():
    cache, compute = ResponseCache(), Compute("body-1")
    assert cache.get_or_compute(("lr", "a"), (1, 2.0), compute) == "body-1"
    assert cache.get_or_compute(("lr", "a"), (1, 2.0), compute) == "body-1"
    assert compute.calls == 1
    newer = Compute("body-2")
    assert cache.get_or_compute(("lr", "a"), (2, 3.0), newer) == "body-2"
    assert cache.get_or_compute(("lr", "a"), (2, 3.0), newer) == "body-2"
    assert newer.calls == 1 and len(cache) == 1 and cache.size_bytes == len("body-2")


def test_no_fingerprint_means_computed_every_time_and_never_kept():
    cache, compute = ResponseCache(), Compute("x")
    for _ in range(3):
        assert cache.get_or_compute(("runs",), None, compute) == "x"
    assert compute.calls == 3 and len(cache) == 0


def test_bodies_beyond_the_byte_bound_go_least_recently_used_first():
    cache = ResponseCache(max_bytes=25)
    bodies = {name: Compute(name * 10) for name in "abc"}  # 10 bytes each
    for name in "ab":
        cache.get_or_compute(name, 0, bodies[name])
    cache.get_or_compute("a", 0, bodies["a"])  # a is now the most recent
    cache.get_or_compute("c", 0, bodies["c"])  # 30 bytes: b goes
    assert cache.size_bytes == 20 and len(cache) == 2
    for name in "ac":
        cache.get_or_compute(name, 0, bodies[name])
    cache.get_or_compute("b", 0, bodies["b"])
    assert [bodies[n].calls for n in "abc"] == [1, 2, 1]


def test_a_body_larger_than_the_bound_is_served_not_kept():
    cache = ResponseCache(max_bytes=10)
    small = Compute(b"12345")
    cache.get_or_compute("small", 0, small)
    huge = Compute(b"x" * 11)
    assert cache.get_or_compute("huge", 0, huge) == b"x" * 11
    assert cache.get_or_compute("huge", 0, huge) == b"x" * 11
    assert huge.calls == 2 and len(cache) == 1 and cache.size_bytes == 5
    # A body replaced by a larger one under the same key no longer counts.
    cache.get_or_compute("small", 1, Compute(b"x" * 11))
    assert len(cache) == 0 and cache.size_bytes == 0


def test_threads_share_it_safely():
    cache = ResponseCache(max_bytes=1000)
    errors = []

    def hammer(worker):
        try:
            for i in range(2000):
                key = (worker + i) % 50
                body = cache.get_or_compute(key, i % 3, lambda: "%02d" % key * 10)
                assert body == "%02d" % key * 10
        except AssertionError as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=hammer, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert cache.size_bytes == sum(20 for _ in range(len(cache))) <= 1000
