"""The frontend's DOM-free modules, tested with `node --test`."""

import os
import pathlib
import re
import shutil
import subprocess

import pytest

FRONTEND_TESTS = pathlib.Path(__file__).parent / "frontend"


def test_node_unit_tests_pass():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            raise RuntimeError("node is missing: .ci/run installs it")
        pytest.skip("the frontend unit tests need node")
    files = sorted(str(path) for path in FRONTEND_TESTS.glob("*.test.mjs"))
    result = subprocess.run([node, "--test", *files], capture_output=True, text=True, timeout=120)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    passed = int(re.search(r"^# pass (\d+)", report, re.MULTILINE).group(1))
    assert passed >= len(files) and re.search(r"^# fail 0$", report, re.MULTILINE), report
