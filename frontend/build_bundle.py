"""Builds `bundle.js`: `app.js` and the modules it imports in one file,
which the browser loads in one request instead of one per module (the tab
is drawn about 0.2 s sooner, `benchmarks/team_folder_page.py`). `index.js`
stays apart, so that it can ask for the runs while the bundle loads.

Run it after changing a module, and commit `bundle.js` with the change:

    python frontend/build_bundle.py

It needs `npx` (Node.js with npm), which fetches the pinned esbuild. The
bundle's first line names the modules it was built from
(`static_files.modules_digest`); the plugin serves the modules one by one
instead while they differ, and a test fails.
"""

import os
import pathlib
import subprocess
import sys
import tempfile

from cyclescope.tb_plugin import static_files

ESBUILD = "esbuild@0.24.2"
FOLDER = pathlib.Path(__file__).resolve().parent
# uPlot's licence asks for its notice in copies, which esbuild leaves out.
NOTICE = "// Includes uPlot (MIT licence, Copyright (c) 2022 Leon Sorokin): see vendor/LICENSE."


def build(folder=FOLDER):
    """Writes `folder/bundle.js` from `folder/app.js` and what it imports."""
    _, contents = static_files.snapshot(static_files.allowlist(folder))
    banner = static_files.bundle_header(contents) + "\n" + NOTICE
    result = subprocess.run(
        ["npx", "--yes", ESBUILD, static_files.BUNDLED_MODULE, "--bundle", "--format=esm",
         "--legal-comments=none", "--log-level=warning", "--banner:js=" + banner],
        cwd=folder, capture_output=True, check=False,
    )
    if result.returncode != 0:
        sys.exit("esbuild failed:\n" + result.stderr.decode(errors="replace"))
    # Written whole or not at all.
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as out:
        out.write(result.stdout)
    os.replace(out.name, folder / static_files.BUNDLE)
    built = static_files.snapshot(static_files.allowlist(folder))[1]
    assert static_files.bundle_is_current(built)
    print("wrote %s (%d KB)" % (folder / static_files.BUNDLE, len(result.stdout) // 1024))


if __name__ == "__main__":
    build()
