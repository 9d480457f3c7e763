import os

import pytest

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the browser tests (tests/chromium.py)."""
    from tests.chromium import launched

    with launched() as chromium:
        yield chromium
