"""Property-based tests of every plugin route through TensorBoard's real WSGI
app: whatever a client sends (any text for any parameter, numbers as text,
repeated, missing or unknown parameters, very long values, raw bytes, any
method), the answer is 200, 400, 404 or 405 with a body, never a 500 or an
exception, and a 200 JSON body is strict JSON (no NaN or Infinity) with a
`warnings` list.

The app and its log directory are those of `test_plugin_routes.py`, built
once for the module. Hypothesis is derandomized so CI is deterministic.
"""

import json
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyclescope.tb_plugin import static_files
from tests import plugin_logs
from tests.test_plugin_routes import PREFIX, make_client

ALLOWED_STATUSES = {200, 400, 404, 405}
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
JSON_ROUTES = ["runs", "lr", "loss", "dead_relu", "histograms", "lr_range_test"]
STATIC = static_files.allowlist()
VERSION = static_files.snapshot(STATIC)[0]
# {route: (body, MIME type)} of the frontend files, as they are served now
# and under their version, and of the entry module that points there.
STATIC_BODIES = {
    **{f"{folder}/{path}": (entry.read_bytes(), mime)
       for path, (entry, mime) in STATIC.items() for folder in ("static", f"static/{VERSION}")},
    "index.js": (f'export * from "./static/{VERSION}/index.js?app=bundle.js";\n'.encode(),
                 "text/javascript"),
}
STATIC_ROUTES = sorted(STATIC_BODIES)
ROUTE_PARAMS = {
    "runs": [],
    "lr": ["run", "max_points"],
    "loss": ["run", "max_points"],
    "dead_relu": ["run"],
    "histograms": ["run", "layer"],
    "lr_range_test": ["run"],
}
KNOWN_KEYS = ["run", "layer", "max_points"]
KNOWN_RUNS = ["exp1", "exp2", "keras_only/train", "future", plugin_logs.XSS_RUN, ".",
              "exp1/train", "exp2/train", "keras_only", "train"]
KNOWN_LAYERS = ["dense", "block/conv", "dense_1", "conv", "{layer}"]

FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz_logs")
    plugin_logs.write_experiment(path)
    return make_client(path)


def _no_constant(name):
    raise ValueError("non-standard JSON constant %s" % name)


# Values ---------------------------------------------------------------------

numbers_as_text = st.one_of(
    st.sampled_from(["10" * 50, str(10**100), "-1", "0", "-0", "1e309", "-1e309", "nan",
                     "NaN", "inf", "-inf", "Infinity", "1e3", "10.0", " 100", "100 ",
                     "+100", "0x10", "1_000", "٣٠٠", "１００", "9" * 5000, "10", "20000",
                     "20001", "9", "2000", "00100", "", "\x00", "100\n"]),
    st.integers().map(str),
    st.integers(min_value=-(10**400), max_value=10**400).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def _repeat(char, count):
    return char * count


long_text = st.builds(_repeat, st.characters(exclude_categories=["Cs"]),
                      st.sampled_from([1023, 1024, 1025, 4096, 50_000, 100_000]))

any_text = st.text(max_size=64)  # any code point but lone surrogates


def value_for(key):
    known = {"run": st.sampled_from(KNOWN_RUNS), "layer": st.sampled_from(KNOWN_LAYERS),
             "max_points": st.sampled_from(["10", "300", "2000", "20000"])}[key]
    return st.one_of(known, any_text, numbers_as_text, long_text)


@st.composite
def query_pairs(draw, keys=KNOWN_KEYS):
    """Each known key missing, once or repeated; unknown keys mixed in; in
    any order."""
    pairs = []
    for key in keys:
        for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 3]))):
            pairs.append((key, draw(value_for(key))))
    extra_key = st.one_of(st.sampled_from(["x", "", "RUN", "run[]", "run ", "max_points[]",
                                           "experiment", "__proto__"]), any_text)
    pairs += draw(st.lists(st.tuples(extra_key, st.one_of(any_text, numbers_as_text)),
                           max_size=3))
    return draw(st.permutations(pairs))


# Checks ---------------------------------------------------------------------

def check(response, method, route=None):
    status = response.status_code
    assert status in ALLOWED_STATUSES, (status, response.get_data()[:500])
    body = response.get_data()
    if method == "HEAD":
        return  # headers only
    assert body, "empty body (status %d)" % status
    if status == 405:
        assert method not in ("GET", "HEAD")
        assert "GET" in response.headers.get("Allow", "")
    if status == 200 and response.mimetype == "application/json":
        parsed = json.loads(body.decode("utf-8"), parse_constant=_no_constant)
        check_warnings(parsed["warnings"])
    if status == 200 and route in STATIC_BODIES:
        assert (body, response.mimetype) == STATIC_BODIES[route]


def check_warnings(warnings):
    """The `warnings` list that every JSON body carries (docs/routes.md)."""
    assert isinstance(warnings, list)
    for entry in warnings:
        assert set(entry) <= {"run", "tag", "step", "problem"}, entry
        assert isinstance(entry["run"], str) and isinstance(entry["problem"], str)
        assert isinstance(entry.get("tag", ""), str) and isinstance(entry.get("step", 0), int)


def request(client, method, path, query=None):
    return client.open(PREFIX + path, method=method, query_string=query)


# Properties -----------------------------------------------------------------

@FUZZ
@given(route=st.sampled_from(JSON_ROUTES), method=st.sampled_from(METHODS),
       query=query_pairs())
def test_json_routes_answer_every_query_and_method(client, route, method, query):
    check(request(client, method, route, query), method, route)


@FUZZ
@given(route=st.sampled_from(JSON_ROUTES), method=st.sampled_from(METHODS),
       run=st.sampled_from(KNOWN_RUNS), layer=st.sampled_from(KNOWN_LAYERS),
       max_points=numbers_as_text)
def test_known_runs_with_any_max_points(client, route, method, run, layer, max_points):
    query = [("run", run), ("layer", layer), ("max_points", max_points)]
    response = request(client, method, route, query)
    check(response, method, route)
    if method in ("GET", "HEAD") and "max_points" in ROUTE_PARAMS[route]:
        valid = max_points.isascii() and max_points.isdigit() and len(max_points) <= 6 \
            and 10 <= int(max_points) <= 20000
        if not valid:
            assert response.status_code == 400, max_points


@FUZZ
@given(route=st.sampled_from(JSON_ROUTES + STATIC_ROUTES), method=st.sampled_from(METHODS),
       raw=st.lists(st.binary(max_size=40), max_size=4))
def test_raw_bytes_in_the_query(client, route, method, raw):
    # Percent-encoded bytes that need not be UTF-8, bare '&', '=' and '%'.
    query = "&".join(urllib.parse.quote_from_bytes(chunk, safe=b"=&%") for chunk in raw)
    response = client.open(PREFIX + route + "?" + query, method=method)
    check(response, method, route)


@FUZZ
@given(route=st.sampled_from(STATIC_ROUTES), method=st.sampled_from(METHODS),
       query=query_pairs())
def test_static_files_answer_every_query_and_method(client, route, method, query):
    response = request(client, method, route, query)
    check(response, method, route)
    if method in ("GET", "HEAD"):
        assert response.status_code == 200


@FUZZ
@given(suffix=st.one_of(any_text, st.sampled_from(["../plugin.py", "static/../plugin.py",
                                                   "static/%2e%2e/setup.py", "static/",
                                                   "static//style.css", "static\\style.css",
                                                   "static/STYLE.CSS", "static/vendor",
                                                   "static/index.js/", "lr/", "runs/x"])),
       prefix=st.sampled_from(["", "static/", "static/vendor/", f"static/{VERSION}/"]),
       method=st.sampled_from(METHODS))
def test_any_path_under_the_plugin(client, prefix, suffix, method):
    path = prefix + urllib.parse.quote(suffix, safe="/%\\")
    response = client.open(PREFIX + path, method=method)
    check(response, method, path)


@FUZZ
@given(route=st.sampled_from(JSON_ROUTES + STATIC_ROUTES), method=st.sampled_from(METHODS),
       experiment=st.one_of(st.sampled_from(["abc", "", "0", "..", "%2F"]), any_text),
       query=query_pairs())
def test_experiment_prefixed_routes(client, route, method, experiment, query):
    path = "/experiment/%s/data/plugin/cyclescope/%s" % (
        urllib.parse.quote(experiment, safe=""), route)
    check(client.open(path, method=method, query_string=query), method)
