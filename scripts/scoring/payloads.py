"""Minimized payloads (mi-redact's to:<destination> compartments): does any canary of a packet
reach a destination in a place its policy entry does not allow?

A destination may receive the values of the fields its policy entry lists; everything else in
its payload (other fields' statuses, ids, the document type, the match key) must hold no canary.
Counts documents mi-redact released and withheld too."""

import json


def allowed_fields(policy):
    """{destination: set of field names it may receive} from a policy document."""
    destinations = policy.get("destinations") or {}
    return {name: set(rule.get("fields") or []) for name, rule in destinations.items()}


def _strip_allowed(payload, allowed):
    stripped = dict(payload)
    fields = {}
    for name, field in (payload.get("fields") or {}).items():
        if name in allowed and isinstance(field, dict):
            field = {k: v for k, v in field.items() if k != "value"}
        fields[name] = field
    stripped["fields"] = fields
    return stripped


def _leaks(payload_text, canaries):
    folded = payload_text.lower()
    digits = "".join(c for c in payload_text if c.isdigit())
    found = []
    for canary in canaries:
        c = str(canary).strip().lower()
        if not c:
            continue
        canary_digits = "".join(ch for ch in c if ch.isdigit())
        if c in folded or (len(canary_digits) >= 6 and canary_digits == c and canary_digits in digits):
            found.append(canary)
    return found


def score_payloads(truth, results, policy):
    """truth records; results {sha256: [ResultRecord]}; policy: the policy document (dict)."""
    allowed = allowed_fields(policy)
    figures = {"payloads.total": 0, "payloads.canary_leaks": 0, "payloads.unknown_destinations": 0,
               "redaction.released": 0, "redaction.withheld": 0}
    problems = []
    for record in truth:
        for result in results.get(record["sha256"], []):
            for destination, report in ((result.redact or {}).get("destinations") or {}).items():
                document = report.get("document")
                if document == "released":
                    figures["redaction.released"] += 1
                elif document == "withheld":
                    figures["redaction.withheld"] += 1
                    problems.append("%s: the %s copy was withheld (%s)" % (
                        record["file"], destination, report.get("reason")))
            for destination, payload in result.payloads.items():
                figures["payloads.total"] += 1
                if destination not in allowed:
                    figures["payloads.unknown_destinations"] += 1
                    problems.append("%s: a payload for %s, which the policy does not name" % (
                        record["file"], destination))
                    continue
                text = json.dumps(_strip_allowed(payload, allowed[destination]))
                leaks = _leaks(text, record.get("canaries") or [])
                if leaks:
                    figures["payloads.canary_leaks"] += 1
                    problems.append("%s: %d canaries in the %s payload outside its allowed fields" % (
                        record["file"], len(leaks), destination))
    return figures, problems
