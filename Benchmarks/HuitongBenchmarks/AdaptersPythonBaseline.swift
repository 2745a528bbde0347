import Foundation

/// The python3 side of the `adapters` benchmark: the same reads and the same mapping rules,
/// written by hand, each reporting its best pass's seconds and its own peak memory
/// (`VmHWM` from `/proc/self/status`, in KiB: `ru_maxrss` would include the spawning binary's
/// size, which Linux carries over `exec`; it is only the fallback where there is no `/proc`).
enum AdaptersPythonBaseline {
    /// What one Python run reports.
    struct Result {
        var records: Int
        var mapped: Int
        var setAside: Int
        var outputBytes: Int
        var seconds: Double
        var peakBytes: Int
    }

    /// Reads the hourly sensor files in `directory` and maps each reading.
    static func runSensor(directory: String, codeTables: String, runs: Int) throws -> Result {
        try result(PythonScript.run(sensorScript, arguments: [directory, codeTables, String(runs)]))
    }

    /// Reads the GB18030 registry export at `path`, maps each row and applies the dedupe.
    static func runShelter(path: String, codeTables: String, runs: Int) throws -> Result {
        try result(PythonScript.run(shelterScript, arguments: [path, codeTables, String(runs)]))
    }

    private static func result(_ fields: [String: String]) throws -> Result {
        Result(
            records: try fields.integer("records"), mapped: try fields.integer("mapped"),
            setAside: try fields.integer("set_aside"), outputBytes: try fields.integer("output_bytes"),
            seconds: try fields.double("seconds"), peakBytes: try fields.integer("peak_kib") * 1024
        )
    }

    // A raw string: the script's backslashes are Python's.
    private static let sensorScript = #"""
    import json, os, resource, sys
    from datetime import datetime, timedelta, timezone
    from decimal import Decimal, ROUND_HALF_UP
    from time import perf_counter

    # mappings/sources/sensor-readings.yaml written out by hand: ids required, ts (epoch
    # seconds) to RFC 3339 in Beijing time, t and h as numbers in -40..80 and 0..100 rounded to
    # one decimal half away from zero (null: left out), water as is, door looked up by code or
    # alias in door_state; an out-of-range or unknown value sets the reading aside.
    directory, codes_path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(codes_path, encoding="utf-8") as file:
        DOOR = {}
        for entry in json.load(file)["door_state"]:
            for text in [entry["code"]] + entry["aliases"]:
                DOOR.setdefault(text, entry["code"])
    BEIJING = timezone(timedelta(hours=8))
    TENTH = Decimal("0.1")

    def reading(value, low, high):
        # (ok, value): None stays absent; a number outside the range, or not a number, fails.
        if value is None:
            return True, None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            return False, None
        rounded = float(Decimal(repr(value)).quantize(TENTH, rounding=ROUND_HALF_UP)) + 0.0
        # Canonical JSON writes whole doubles without ".0", as ECMAScript does.
        return True, int(rounded) if rounded.is_integer() else rounded

    def map_record(row):
        out = {}
        ok = True
        for source, target in (("sensor", "sensor_id"), ("shelter", "shelter_id")):
            value = row.get(source)
            if isinstance(value, str) and value.strip():
                out[target] = value.strip()
            else:
                ok = False
        ts = row.get("ts")
        if isinstance(ts, int) and not isinstance(ts, bool):
            out["measured_at"] = datetime.fromtimestamp(ts, BEIJING).strftime("%Y-%m-%dT%H:%M:%S+08:00")
        else:
            ok = False
        for source, target, low, high in (("t", "temperature", -40, 80), ("h", "humidity", 0, 100)):
            good, value = reading(row.get(source), low, high)
            ok = ok and good
            if value is not None:
                out[target] = value
        water = row.get("water")
        if isinstance(water, bool):
            out["water_alarm"] = water
        else:
            ok = False
        door = row.get("door")
        if door is not None:
            code = DOOR.get(door.strip()) if isinstance(door, str) else None
            if code is None:
                ok = False
            else:
                out["door"] = code
        return out if ok else None

    def run():
        records = mapped = set_aside = output = 0
        start = perf_counter()
        for name in sorted(os.listdir(directory)):
            if not name.endswith(".jsonl") or name.startswith("."):
                continue
            with open(os.path.join(directory, name), "rb") as lines:
                for line in lines:
                    if not line.strip():
                        continue
                    records += 1
                    try:
                        row = json.loads(line)
                    except ValueError:
                        row = None
                    record = map_record(row) if isinstance(row, dict) else None
                    if record is None:
                        set_aside += 1
                        continue
                    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                    output += len(text.encode("utf-8"))
                    mapped += 1
        return perf_counter() - start, records, mapped, set_aside, output

    def peak_kib():
        # VmHWM: this process's own peak since exec. ru_maxrss (the fallback) also holds the
        # resident size of the benchmark binary it was spawned from, which Linux carries over exec.
        try:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    best = None
    for _ in range(runs):
        seconds, records, mapped, set_aside, output = run()
        best = seconds if best is None else min(best, seconds)
    print(f"records={records} mapped={mapped} set_aside={set_aside} output_bytes={output} seconds={best:.9f} "
          f"peak_kib={peak_kib()}")
    """#

    /// The mapping-shelter baseline's rules (everything before its JSON Lines `run`), followed
    /// by a run that reads the export with the `csv` module in GB18030 instead.
    private static let shelterScript: String = {
        let rules = ShelterMappingPythonBaseline.script
        let end = rules.range(of: "\ndef run():")?.lowerBound ?? rules.endIndex
        return String(rules[..<end]) + "\n" + shelterCSVRun
    }()

    private static let shelterCSVRun = #"""
    import csv, resource

    def run_csv():
        # Read (header row, then dicts keyed by it), map, dedupe by id (the later updated_at
        # wins; on a tie the later row), write the winners' canonical JSON.
        records = set_aside = output = 0
        winners = {}
        start = perf_counter()
        with open(data_path, encoding="gb18030", newline="") as file:
            rows = csv.reader(file)
            header = next(rows)
            for fields in rows:
                if not fields:
                    continue
                records += 1
                if len(fields) != len(header):
                    set_aside += 1  # a ragged row is unreadable, as in the hub's adapter
                    continue
                record, _ = map_record(dict(zip(header, fields)))
                if record is None:
                    set_aside += 1
                    continue
                current = winners.get(record["id"])
                if current is not None:
                    set_aside += 1
                    if record["updated_at"] < current["updated_at"]:
                        continue
                winners[record["id"]] = record
        for record in winners.values():
            text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            output += len(text.encode("utf-8"))
        return perf_counter() - start, records, len(winners), set_aside, output

    def peak_kib():
        # VmHWM: this process's own peak since exec. ru_maxrss (the fallback) also holds the
        # resident size of the benchmark binary it was spawned from, which Linux carries over exec.
        try:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    best = None
    for _ in range(runs):
        unknown.clear()
        seconds, records, mapped, set_aside, output = run_csv()
        best = seconds if best is None else min(best, seconds)
    print(f"records={records} mapped={mapped} set_aside={set_aside} output_bytes={output} seconds={best:.9f} "
          f"peak_kib={peak_kib()}")
    """#
}
