"""Typed access to the fields of decoded records.

Records come from event files that anyone can write, so a field of the wrong
type reads as missing instead of failing a request; `problem` says why, for
the routes' warnings.
"""

import math

MAX_TEXT = 1024
# No step, count or index that a writer of ours logs is this large; larger
# integers (JSON has no limit) would not even convert to a float.
_MAX_INTEGER = 2**63

_LEFT_OUT = object()


def integer(record, key):
    """`record[key]` as an int (integral floats accepted), else None."""
    value = record.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and abs(value) < _MAX_INTEGER:
        return value
    return None


def number(record, key):
    """`record[key]` as a finite float, else None."""
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        value = float(value)
    except OverflowError:  # an integer of hundreds of digits
        return None
    return value if math.isfinite(value) else None


def text(record, key):
    """`record[key]` as a string of bounded length, else None."""
    value = record.get(key)
    if isinstance(value, str) and len(value) <= MAX_TEXT:
        return value
    return None


def items(record, key, read):
    """`record[key]` as a list, each element read by `read` ("integer",
    "number", "text" or "scalars"; unreadable elements are None), else []."""
    values = record.get(key)
    if not isinstance(values, list):
        return []
    if read == "scalars":
        return [scalars(value) for value in values]
    return [_READERS[read]({"value": value}, "value") for value in values]


def problem(record, key, kind):
    """Why the value of `record[key]` cannot be read as `kind`, or None.

    None also when the key is absent or null: writers log NaN as null.

    Args:
        record: a decoded record.
        key: the field.
        kind: "integer", "number" or "text".

    Returns:
        Words to follow the field's name, e.g. "is NaN or infinite".
    """
    value = record.get(key)
    if value is None or _READERS[kind](record, key) is not None:
        return None
    if kind == "text":
        if isinstance(value, str):
            return "is longer than %d characters" % MAX_TEXT
        return "is not text"
    if isinstance(value, float) and not math.isfinite(value):
        return "is NaN or infinite"
    if not isinstance(value, bool) and (
        isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    ):
        return "is out of range"
    return "is not an integer" if kind == "integer" else "is not a number"


_READERS = {"integer": integer, "number": number, "text": text}


def scalars(mapping):
    """The entries of a dict whose values are JSON scalars (finite numbers,
    bounded strings, booleans, None; NaN and infinities become None) under
    keys of bounded length; anything else is left out."""
    if not isinstance(mapping, dict):
        return {}
    result = {}
    for key in mapping:
        value = _scalar(mapping, key)
        if value is not _LEFT_OUT:
            result[key] = value
    return result


def unreadable_scalars(mapping):
    """(how many values `scalars(mapping)` turns from NaN or infinite into
    None, how many entries it leaves out)."""
    non_finite = left_out = 0
    for key, value in mapping.items():
        shown = _scalar(mapping, key)
        if shown is _LEFT_OUT:
            left_out += 1
        elif shown is None and isinstance(value, float):
            non_finite += 1
    return non_finite, left_out


def _scalar(mapping, key):
    value = mapping[key]
    if not isinstance(key, str) or len(key) > MAX_TEXT:
        return _LEFT_OUT
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value if integer(mapping, key) is not None else _LEFT_OUT
    if isinstance(value, float):
        return number(mapping, key)
    return value if text(mapping, key) is not None else _LEFT_OUT
