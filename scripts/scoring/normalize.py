"""Comparable forms of field values. Two values are equal when their comparable forms are:

  dates (dob, date_of_service, signature_date)  ISO YYYY-MM-DD, parsed from common US styles; a
                                                printed date that names no day (02/30/2023) is
                                                compared by its letters and digits as printed
  names (patient_name, provider_name)           case-folded words without punctuation, titles,
                                                degrees or initials, in any order ("DOE, JANE A"
                                                equals "Jane Doe")
  provider_npi                                  digits only
  mrn                                           letters and digits, upper case
  signature_status, other strings               trimmed, case-folded
"""

import datetime
import re

DATE_FIELDS = {"dob", "date_of_service", "signature_date"}
NAME_FIELDS = {"patient_name", "provider_name"}
NAME_NOISE = {"dr", "mr", "mrs", "ms", "md", "do", "np", "pa", "pac", "rn", "phd", "facp", "jr", "sr"}
MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                      "oct", "nov", "dec"], 1)}


def _year(text):
    year = int(text)
    if len(text) == 2:  # two-digit years: 00-30 are 20xx, the rest 19xx (birth dates)
        year += 2000 if year <= 30 else 1900
    return year


def parse_date(text):
    """Returns ISO YYYY-MM-DD for a valid date in a common US style, else None."""
    s = str(text).strip().lower().replace(",", " ")
    patterns = [
        (r"^(\d{4})-(\d{1,2})-(\d{1,2})$", lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$", lambda m: (_year(m[3]), int(m[1]), int(m[2]))),
        (r"^(\d{1,2})[- ]([a-z]{3})[a-z]*\.?[- ](\d{4})$", lambda m: (int(m[3]), MONTHS.get(m[2][:3]), int(m[1]))),
        (r"^([a-z]{3})[a-z]*\.?\s+(\d{1,2})\s+(\d{4})$", lambda m: (int(m[3]), MONTHS.get(m[1][:3]), int(m[2]))),
    ]
    for pattern, parts in patterns:
        m = re.match(pattern, s)
        if m:
            year, month, day = parts(m)
            try:
                return datetime.date(year, month or 0, day).isoformat()
            except (TypeError, ValueError):
                return None
    return None


def alnum_fold(text):
    return re.sub(r"[^0-9a-z]", "", str(text).lower())


def name_fold(text):
    words = re.sub(r"[^a-z\s-]", " ", str(text).lower().replace(".", " ")).split()
    return " ".join(sorted(w for w in words if len(w) > 1 and w not in NAME_NOISE))


def comparable(field, value, printed=None):
    """The comparable form of one value. `printed` is used for truth dates that name no day."""
    if value is None:
        if field in DATE_FIELDS and printed is not None:
            return "printed:" + alnum_fold(printed)
        return None
    if field in DATE_FIELDS:
        iso = parse_date(value)
        return iso if iso else "printed:" + alnum_fold(value)
    if field in NAME_FIELDS:
        return name_fold(value)
    if field == "provider_npi":
        return re.sub(r"\D", "", str(value))
    if field == "mrn":
        return re.sub(r"[^0-9A-Z]", "", str(value).upper())
    return str(value).strip().lower()


def result_value(field, result_field):
    """The value a result reports: its normalized form when it has one, else its raw value. A date
    whose normalized form is missing (it names no day) is compared by its raw value."""
    normalized = result_field.get("normalized")
    if normalized not in (None, ""):
        return normalized
    return result_field.get("value")


def checkbox_label(label):
    return " ".join(re.sub(r"[^a-z0-9/]+", " ", str(label).lower()).split())
