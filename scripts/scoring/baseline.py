"""The regression gate. A baseline file is JSON:

  {"minimums": {"packets.accept_reject_accuracy": 1.0, "fields.all.born_digital.f1": 0.9},
   "maximums": {"fields.silent_error_rate": 0.02}}

Only the figures it lists are checked. A figure the results do not have (n/a, or unknown) counts
as 0: below any positive minimum, within any maximum. Raise minimums as stages improve; never lower
them to make CI pass."""

import json


class BaselineError(Exception):
    pass


def load_baseline(path):
    with open(path, encoding="utf-8") as f:
        try:
            baseline = json.load(f)
        except ValueError as error:
            raise BaselineError("%s: %s" % (path, error))
    unknown = set(baseline) - {"minimums", "maximums", "comment"}
    if unknown:
        raise BaselineError("%s: unknown keys %s" % (path, ", ".join(sorted(unknown))))
    return baseline


def check_baseline(figures, baseline):
    """Returns one message per figure outside its bound."""
    failures = []
    for key, minimum in sorted(baseline.get("minimums", {}).items()):
        value = figures.get(key)
        value = 0 if value is None else value
        if value < minimum:
            failures.append("%s = %s is below its baseline minimum %s" % (key, round(value, 6), minimum))
    for key, maximum in sorted(baseline.get("maximums", {}).items()):
        value = figures.get(key)
        value = 0 if value is None else value
        if value > maximum:
            failures.append("%s = %s is above its baseline maximum %s" % (key, round(value, 6), maximum))
    return failures
