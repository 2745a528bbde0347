#!/usr/bin/env python3
"""Generates Tests/Fixtures/cron/croniter-next.jsonl: random cron schedules, zones and start
times with the next fire times Python's croniter computes for each, so that the Swift tests can
check Huitong's schedules against a reference implementation without croniter or a network.

How the committed fixture was made (once; the tests only read it):

    python3 -m venv .build/cron-venv
    .build/cron-venv/bin/pip install croniter==7.0.0      # pulls python-dateutil 4.0.0
    .build/cron-venv/bin/python scripts/cron-fixture.py > Tests/Fixtures/cron/croniter-next.jsonl

with Python 3.11.7 and croniter 7.0.0 on Debian 12, whose tzdata 2025b (/usr/share/zoneinfo)
Python's zoneinfo reads. The first line records these versions, the seed and the counts; the
output depends only on them.

Every line after the first is one JSON object:
- a case: {"expr", "zone", "start" (RFC 3339 in the zone), "next" (the next fire times after
  start, epoch seconds, as croniter's get_next gives them one after the other)};
- an excluded case: the same with "excluded": why croniter's answer is not cron's (below);
- an expression that never fires: {"expr", "never": true} — croniter finds no date within its
  50 years, and Huitong must refuse the expression when it is configured.

What the expressions use: `*`, values, lists, ranges, steps (`*/15`, `1-30/5`, `5/10`), month and
weekday names in random case, 7 for Sunday and ranges ending on Sunday (`FRI-SUN`, `5-7`), both
day fields restricted (Vixie cron's rule: a day matches if either matches, unless one of them
starts with `*`), and the macros @yearly, @annually, @monthly, @weekly, @daily, @midnight and
@hourly in random case. @every is relative to a job's last start and has no croniter
counterpart; the unit tests cover it.

croniter is called with implement_cron_bug=True, its switch for Vixie cron's rule (without it,
croniter ORs the day fields even when one is written `*/2`). Two things it still does
differently from cron, found by expanding each field here the way cron does and comparing
with croniter.expand; such cases are kept, marked "excluded", and not compared:
- an equal range `N-N` (also `7-7`, `SUN-SUN`, `N-N/S`) means the whole field to croniter
  ("Jan-Jan" as a whole year, by design), and N alone to cron;
- a day field that covers every value (`1-31`, `0-6`) collapses to `*` in croniter when the
  other day field contains a `*` anywhere (`1,*/10`), which turns cron's OR into an AND.
The generator writes such ranges and lists only now and then, so that the exclusions are seen.

Start times lie between 1995 and 2060, a third of them (in the zones that change their clocks)
within a day before a daylight-saving change, at random seconds (some at a whole minute, some
with milliseconds). Most expressions started there fire in the small hours, when clocks change,
so that many cases cross a change: the header counts them ("crossing_a_change").
"""
import datetime
import importlib.metadata
import json
import random
import sys
import zoneinfo

from croniter import CroniterBadDateError, croniter

SEED = 20261208
CASES = 8000
NEVER = 40
FIRES = 5
ZONES = [
    "Asia/Shanghai",  # no daylight saving since 1991: the default zone
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",  # southern hemisphere: clocks go back in April
    "Asia/Kolkata",  # +05:30, no daylight saving
    "UTC",
]

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
MACROS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]
# (low, high) of each field as cron reads them; `*` and N/STEP end at `last`.
BOUNDS = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
LAST = [59, 23, 31, 12, 6]

rng = random.Random(SEED)


def random_case(word):
    return "".join(c.upper() if rng.random() < 0.5 else c for c in word) if rng.random() < 0.5 else word.upper()


def value_text(field, value):
    """A value, sometimes written as its name (months, weekdays; 7, Sunday again, stays a number)."""
    if field == 3 and rng.random() < 0.4:
        return random_case(MONTHS[value - 1])
    if field == 4 and value <= 6 and rng.random() < 0.4:
        return random_case(WEEKDAYS[value])
    return str(value)


def item(field):
    low, high = BOUNDS[field]
    last = LAST[field]
    kind = rng.random()
    if kind < 0.35:
        return value_text(field, rng.randint(low, high))
    if kind < 0.6:
        a = rng.randint(low, high - 1)
        b = rng.randint(a, high) if rng.random() < 0.03 else rng.randint(a + 1, high)  # now and then N-N
        if field == 4 and b == 7 and rng.random() < 0.3:
            b_text = random_case("sun")  # a range ending on Sunday
        else:
            b_text = value_text(field, b)
        return f"{value_text(field, a)}-{b_text}"
    if kind < 0.75:
        a = rng.randint(low, high - 1)
        b = rng.randint(a + 1, high)
        return f"{value_text(field, a)}-{value_text(field, b)}/{rng.randint(1, max(1, (b - a)))}"
    if kind < 0.9:
        return f"*/{rng.randint(1, last - low + 1)}"
    a = rng.randint(low, last)
    return f"{value_text(field, a)}/{rng.randint(1, last - low + 1)}"


def field_text(field):
    r = rng.random()
    star = {0: 0.15, 1: 0.35, 2: 0.55, 3: 0.65, 4: 0.6}[field]
    if r < star:
        return "*"
    count = 1 if rng.random() < 0.7 else rng.randint(2, 4)
    items = [item(field) for _ in range(count)]
    if field in (2, 4) and count > 1 and rng.random() < 0.15:
        items.append(f"*/{rng.randint(2, 7)}")  # a `*` inside a list, not at its start
    return ",".join(items)


def expression(near_change=False):
    """A random expression; near a daylight-saving change, mostly one that fires in the small
    hours when clocks change (00:00-03:59), every day, so that the change is crossed."""
    if rng.random() < 0.05:
        return random_case(rng.choice(MACROS))
    fields = [field_text(f) for f in range(5)]
    if near_change and rng.random() < 0.7:
        fields[1] = rng.choice(["*", "1", "2", "3", "0-3", "1-2", "2-3", "1,2", "2,3", "*/2", "0/3", "1-3/2", "0,2", "1-4"])
        fields[0] = rng.choice(["*", "0", "30", "*/15", "*/20", "0,30", "15-45/15", "59", "5/10", fields[0]])
        fields[2], fields[3] = "*", "*"
        fields[4] = rng.choice(["*", "*", fields[4]])
    return " ".join(fields)


# --- cron's own reading, to find where croniter differs ---------------------------------------

def cron_values_of(text_fields):
    out = []
    for field, text in enumerate(text_fields):
        values = set()
        for part in text.split(","):
            values |= cron_item_values(field, part)
        if field == 4 and 7 in values:
            values.discard(7)
            values.add(0)
        out.append(values)
    return out


def cron_item_values(field, part):
    names = {3: MONTHS, 4: WEEKDAYS}.get(field, [])

    def value(t):
        if t.isdigit():
            return int(t)
        return names.index(t.lower()) + (1 if field == 3 else 0)

    has_step = "/" in part
    step = 1
    if has_step:
        part, step_text = part.split("/")
        step = int(step_text)
    if part == "*":
        low, high = BOUNDS[field][0], LAST[field]
    elif "-" in part:
        a, b = part.split("-")
        low, high = value(a), value(b)
        if field == 4 and high == 0 and low > 0:
            high = 7
    else:
        low = value(part)
        high = max(low, LAST[field]) if has_step else low
    return set(range(low, high + 1, step))


def compact(values):
    """`0-5,7,9-10`: a set of values as runs."""
    runs = []
    for value in sorted(values):
        if runs and runs[-1][1] == value - 1:
            runs[-1][1] = value
        else:
            runs.append([value, value])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def croniter_values(expanded, field):
    values = expanded[field]
    if values == ["*"]:
        return set(range(BOUNDS[field][0], LAST[field] + 1))
    return set(values)


def exclusion(expr):
    """Why croniter's reading of `expr` is not cron's, or None when they agree."""
    if expr.startswith("@"):
        return None
    fields = expr.split()
    expanded, _ = croniter.expand(expr)
    cron = cron_values_of(fields)
    names = ["minute", "hour", "day of month", "month", "day of week"]
    for field in range(5):
        theirs = croniter_values(expanded, field)
        if theirs != cron[field]:
            return (f"croniter expands the {names[field]} field {fields[field]!r} to {compact(theirs)}; "
                    f"cron reads {compact(cron[field])} (an equal range N-N is the whole field to croniter)")
    cron_or = not fields[2].startswith("*") and not fields[4].startswith("*")
    croniter_or = expanded[2][0] != "*" and expanded[4][0] != "*" and cron_or
    if cron_or != croniter_or:
        full_dom = cron[2] == set(range(1, 32))
        full_dow = cron[4] == set(range(0, 7))
        if not (full_dom and full_dow):
            return ("croniter collapses a day field that covers every value to * because the other day "
                    "field contains a *, and so ANDs the day fields where cron ORs them")
    return None


# --- start times ------------------------------------------------------------------------------

transitions_cache = {}


def transitions(zone_name, year):
    """The instants (epoch seconds) in `year` at which the zone's UTC offset changes."""
    key = (zone_name, year)
    if key in transitions_cache:
        return transitions_cache[key]
    zone = zoneinfo.ZoneInfo(zone_name)

    def offset(t):
        return datetime.datetime.fromtimestamp(t, zone).utcoffset()

    start = int(datetime.datetime(year, 1, 1, tzinfo=datetime.timezone.utc).timestamp())
    end = int(datetime.datetime(year + 1, 1, 1, tzinfo=datetime.timezone.utc).timestamp())
    found = []
    t, o = start, offset(start)
    while t < end:
        n = t + 6 * 3600
        if offset(n) != o:
            lo, hi = t, n
            while hi - lo > 1:
                m = (lo + hi) // 2
                if offset(m) == o:
                    lo = m
                else:
                    hi = m
            found.append(hi)
            o = offset(n)
        t = n
    transitions_cache[key] = found
    return found


def start_time(zone_name):
    zone = zoneinfo.ZoneInfo(zone_name)
    year = rng.randint(1995, 2060)
    changes = transitions(zone_name, year)
    near_change = bool(changes) and rng.random() < 1 / 3
    if near_change:
        epoch = rng.choice(changes) - rng.randint(0, 26 * 3600) + rng.randint(0, 2 * 3600)
    else:
        first = int(datetime.datetime(year, 1, 1, tzinfo=datetime.timezone.utc).timestamp())
        epoch = first + rng.randint(0, 365 * 86400)
    kind = rng.random()
    if kind < 0.3:
        epoch -= epoch % 60  # a whole minute: the fire time itself is not "next"
        milliseconds = 0
    elif kind < 0.45:
        milliseconds = rng.randint(1, 999)
    else:
        milliseconds = 0
    return datetime.datetime.fromtimestamp(epoch + milliseconds / 1000, zone), near_change


def crosses_change(zone_name, moment, times):
    """Whether a daylight-saving change of the zone falls between the start and the last fire."""
    start = moment.timestamp()
    years = range(moment.year, datetime.datetime.fromtimestamp(times[-1], datetime.timezone.utc).year + 1)
    if len(years) > 2:
        return False
    return any(start < change <= times[-1] for year in years for change in transitions(zone_name, year))


def rfc3339(moment):
    text = moment.isoformat(timespec="milliseconds" if moment.microsecond else "seconds")
    return text.replace("+00:00", "Z")


def fires(expr, moment):
    it = croniter(expr, moment, ret_type=datetime.datetime, implement_cron_bug=True)
    return [int(it.get_next(datetime.datetime).timestamp()) for _ in range(FIRES)]


def main():
    lines = []
    excluded = 0
    crossing = 0
    never = []
    cases = 0
    while cases < CASES:
        zone_name = rng.choice(ZONES)
        moment, near_change = start_time(zone_name)
        expr = expression(near_change)
        try:
            times = fires(expr, moment)
        except CroniterBadDateError:
            if len(never) < NEVER and expr not in never:
                never.append(expr)
            continue
        case = {"expr": expr, "zone": zone_name, "start": rfc3339(moment), "next": times}
        if crosses_change(zone_name, moment, times):
            crossing += 1
        reason = exclusion(expr)
        if reason:
            case["excluded"] = reason
            excluded += 1
        lines.append(case)
        cases += 1
    # A few that never fire on purpose, beside the random ones found above.
    for expr in ["0 0 30 2 *", "0 0 31 4,6,9,11 *", "15 10 30,31 FEB *", "0 0 30/5 2 *"]:
        if expr not in never:
            try:
                fires(expr, datetime.datetime(2026, 1, 1, tzinfo=zoneinfo.ZoneInfo("UTC")))
                raise SystemExit(f"{expr} fires, to croniter's mind")
            except CroniterBadDateError:
                never.append(expr)
    header = {
        "generator": "scripts/cron-fixture.py",
        "croniter": importlib.metadata.version("croniter"),
        "python-dateutil": importlib.metadata.version("python-dateutil"),
        "python": sys.version.split()[0],
        "seed": SEED,
        "cases": len(lines),
        "excluded": excluded,
        "never": len(never),
        "crossing_a_change": crossing,
        "zones": ZONES,
    }
    out = sys.stdout
    out.write(json.dumps(header, separators=(",", ":")) + "\n")
    for case in lines:
        out.write(json.dumps(case, separators=(",", ":"), ensure_ascii=False) + "\n")
    for expr in never:
        out.write(json.dumps({"expr": expr, "never": True}, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
