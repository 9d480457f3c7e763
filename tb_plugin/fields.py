"""Typed access to the fields of decoded records.

Records come from event files that anyone can write, so a field of the wrong
type reads as missing instead of failing a request.
"""

import math

_MAX_TEXT = 1024


def integer(record, key):
    """`record[key]` as an int (integral floats accepted), else None."""
    value = record.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def number(record, key):
    """`record[key]` as a finite float, else None."""
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def text(record, key):
    """`record[key]` as a string of bounded length, else None."""
    value = record.get(key)
    if isinstance(value, str) and len(value) <= _MAX_TEXT:
        return value
    return None


def scalars(mapping):
    """The entries of a dict whose values are JSON scalars (finite numbers,
    bounded strings, booleans, None); anything else is dropped."""
    if not isinstance(mapping, dict):
        return {}
    result = {}
    for key, value in mapping.items():
        if isinstance(value, (bool, int)) or value is None:
            result[key] = value
        elif isinstance(value, float):
            result[key] = number(mapping, key)
        elif text(mapping, key) is not None:
            result[key] = value
    return result
