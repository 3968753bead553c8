"""Dates as US forms print them, and the impossible ones the validator must catch."""

import datetime

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

# Each style renders a valid date; normalized truth is always ISO YYYY-MM-DD.
STYLES = ["mdy_slash", "mdy_short", "long", "iso", "dmy_abbrev"]


def format_date(date, style):
    if style == "mdy_slash":
        return "%02d/%02d/%04d" % (date.month, date.day, date.year)
    if style == "mdy_short":
        return "%d/%d/%02d" % (date.month, date.day, date.year % 100)
    if style == "long":
        return "%s %d, %d" % (MONTHS[date.month - 1], date.day, date.year)
    if style == "iso":
        return date.isoformat()
    if style == "dmy_abbrev":
        return "%02d-%s-%04d" % (date.day, MONTHS[date.month - 1][:3], date.year)
    raise ValueError("unknown date style " + style)


def impossible_date(kind, year):
    """A printed date that names no calendar day; returned as (printed, None)."""
    if kind == "feb30":
        return "02/30/%04d" % year
    if kind == "month13":
        return "13/01/%04d" % year
    if kind == "apr31":
        return "April 31, %d" % year
    raise ValueError("unknown impossible date " + kind)


def random_date(rng, first_year, last_year):
    start = datetime.date(first_year, 1, 1).toordinal()
    end = datetime.date(last_year, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))
