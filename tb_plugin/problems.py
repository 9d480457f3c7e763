"""What a response left out of the logs and why: its `warnings` list.

Each entry is `{"run", "tag"?, "step"?, "problem"}`, `problem` a sentence.
Problems shared by many records are reported once, with how many there were
and the first step concerned, so the list stays short however damaged a run
is.
"""

# Tag names come from event files: bound what a warning repeats of them.
_MAX_TAG = 1024


class Problems:
    """The warnings of one response, in the order found, each once."""

    def __init__(self):
        self._entries = {}

    def add(self, run, problem, tag=None, step=None):
        """Records that something of `run` (of its `tag`, from `step` on) was
        left out, and why (`problem`)."""
        entry = {"run": run}
        if tag is not None:
            entry["tag"] = tag if len(tag) <= _MAX_TAG else tag[:_MAX_TAG] + "…"
        if step is not None:
            entry["step"] = int(step)
        entry["problem"] = problem
        self._entries.setdefault(tuple(entry.items()), entry)

    def entries(self):
        """The JSON-ready list."""
        return list(self._entries.values())


class Tally:
    """Counts the items that share a problem, to report each problem once.

    Example:

    ```python
    tally = Tally()
    tally.count(20, "`epoch` is missing in {}; skipped", "record", "records")
    tally.report(problems, "run1", "cyclescope/epoch")
    # "`epoch` is missing in 1 record; skipped", at step 20
    ```
    """

    def __init__(self):
        self._counts = {}

    def count(self, step, sentence, noun, nouns, amount=1):
        """Counts `amount` more items at `step` for `sentence`, whose `{}`
        becomes "<count> <noun or nouns>"."""
        key = (sentence, noun, nouns)
        first, total = self._counts.get(key, (step, 0))
        self._counts[key] = (min(first, step), total + amount)

    def report(self, problems, run, tag):
        """Adds one warning per sentence counted."""
        for (sentence, noun, nouns), (step, total) in self._counts.items():
            counted = "%d %s" % (total, noun if total == 1 else nouns)
            problems.add(run, sentence.format(counted), tag, step)
