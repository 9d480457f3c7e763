"""The frontend's files that the plugin serves, their MIME types, and the
module the tab loads first.

The allowlist is built once from the files of the `cyclescope.frontend`
package; request paths are only ever looked up in it, never joined into a
filesystem path. MIME types are fixed by extension, not guessed from the
system's registry (which gives JavaScript as text/plain on some Windows
machines, and the browser then refuses the ES module).

`index.js` loads `bundle.js` (`app.js` and its imports in one file, made by
`frontend/build_bundle.py`) when it was built from the modules as they are,
else `app.js` and its imports one by one: the same code, one request instead
of one per module.
"""

import hashlib
import importlib.resources
import re

FRONTEND_PACKAGE = "cyclescope.frontend"
ENTRY = "index.js"
BUNDLE = "bundle.js"
# What the bundle holds: this module and what it imports.
BUNDLED_MODULE = "app.js"

_MIME_BY_EXTENSION = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".md": "text/plain",
    ".txt": "text/plain",
}
_MIME_BY_NAME = {"LICENSE": "text/plain"}

# Names that may appear in a served path: no dot files, no "..", no spaces.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")
_MAX_DEPTH = 4


def allowlist(root=None):
    """{relative path: (file, MIME type)} of the servable frontend files.

    Args:
        root: a `Traversable` or `pathlib.Path` of the frontend files;
            defaults to the `cyclescope.frontend` package.
    """
    if root is None:
        root = importlib.resources.files(FRONTEND_PACKAGE)
    result = {}
    _walk(root, "", 0, result)
    return result


def snapshot(files):
    """(version, {path: bytes}) of an `allowlist()`: the files' contents as
    they are now, and a digest of them that names this set of contents.

    Served under `static/<version>/`, the files can be cached by the browser
    for good: other contents get another version.
    """
    contents = {path: entry.read_bytes() for path, (entry, _) in sorted(files.items())}
    return _digest(contents), contents


def modules_digest(contents):
    """The digest of the JavaScript modules among `contents` ({path: bytes}),
    the bundle left out: what `bundle.js` is built from."""
    return _digest(
        {path: body for path, body in contents.items() if path.endswith(".js") and path != BUNDLE}
    )


def bundle_header(contents):
    """The first line of a `bundle.js` built from the modules in `contents`."""
    return "// cyclescope bundle of the modules %s; made by frontend/build_bundle.py" % (
        modules_digest(contents)
    )


def bundle_is_current(contents):
    """Whether `BUNDLE` in `contents` ({path: bytes}) was built from the
    modules in `contents`: whether it starts with their `bundle_header`."""
    return contents.get(BUNDLE, b"").startswith(bundle_header(contents).encode())


def entry_url(contents):
    """The URL of `ENTRY`, relative to the folder of `contents`, that the
    tab imports: with `?app=bundle.js` when the bundle is current (`index.js`
    then loads it instead of `app.js`)."""
    return ENTRY + ("?app=" + BUNDLE if bundle_is_current(contents) else "")


def _digest(contents):
    digest = hashlib.sha256()
    for path, body in sorted(contents.items()):
        digest.update(b"%d:%s:%d:" % (len(path), path.encode(), len(body)) + body)
    return "v" + digest.hexdigest()[:16]


def mime_type(name):
    """The MIME type to serve file `name` with, or None if not servable."""
    if name in _MIME_BY_NAME:
        return _MIME_BY_NAME[name]
    for extension, mime in _MIME_BY_EXTENSION.items():
        if name.endswith(extension):
            return mime
    return None


def _walk(folder, prefix, depth, result):
    for entry in folder.iterdir():
        name = entry.name
        if not _SAFE_NAME.match(name) or name.startswith("__") or _is_link(entry):
            continue
        if entry.is_dir():
            if depth < _MAX_DEPTH:
                _walk(entry, prefix + name + "/", depth + 1, result)
        elif entry.is_file() and mime_type(name) is not None:
            result[prefix + name] = (entry, mime_type(name))


def _is_link(entry):
    # A link in an editable checkout could point anywhere on the machine.
    is_symlink = getattr(entry, "is_symlink", None)
    return bool(is_symlink and is_symlink())
