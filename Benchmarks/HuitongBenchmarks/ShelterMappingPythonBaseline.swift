/// The shelter-registry mapping done by a hand-written python3 script, the way an integration
/// team would write it without the hub: the same steps in the same order (trim, code lookups,
/// numbers with units, half-away rounding, BD-09 → WGS-84, dates, GB 32100, the charging rule,
/// dedupe, canonical JSON), with the code tables the benchmark passes as JSON. Timed inside
/// Python, best of its runs, so interpreter start-up is not counted; the map step is also
/// timed alone, around each row's mapping.
enum ShelterMappingPythonBaseline {
    /// What one Python run reports, best of its timed runs.
    struct Result {
        var mapped: Int
        var setAside: Int
        var warnings: Int
        var outputBytes: Int
        var unknownValues: Int
        var seconds: Double
        var mapSeconds: Double
    }

    /// Runs the script over the registry rows at `path`, timing `runs` passes.
    static func run(on path: String, codeTables: String, runs: Int) throws -> Result {
        let fields = try PythonScript.run(script, arguments: [path, codeTables, String(runs)])
        return Result(
            mapped: try fields.integer("mapped"), setAside: try fields.integer("set_aside"),
            warnings: try fields.integer("warnings"), outputBytes: try fields.integer("output_bytes"),
            unknownValues: try fields.integer("unknown"),
            seconds: try fields.double("seconds"), mapSeconds: try fields.double("map_seconds")
        )
    }

    // A raw string: the script's backslashes are Python's.
    static let script = #"""
    import json, math, re, sys
    from datetime import datetime, timedelta, timezone
    from decimal import Decimal, ROUND_HALF_UP
    from time import perf_counter

    # The shelter-registry mapping (mappings/sources/shelter-registry.yaml) written out by hand,
    # the way a Python integration script would do it, with the code tables the benchmark passes
    # as JSON. Same steps, same order, same outcomes as the hub; timed inside Python.
    data_path, codes_path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

    # Text: every input is trimmed of Unicode White_Space (U+3000 included) and U+FEFF, as the
    # hub's trim; an empty string is absent.
    WHITE_SPACE = ("\t\n\v\f\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
                   + "\u2028\u2029\u202f\u205f\u3000\ufeff")

    def clean(value):
        if isinstance(value, str):
            value = value.strip(WHITE_SPACE)
            return value if value else None
        return value

    # Code tables: `lookup: {table: T, match: [columns]}`. A text in an earlier column wins
    # (code, label, alias, retired), and within a column the earlier entry, as in the hub.
    with open(codes_path, encoding="utf-8") as file:
        TABLES = json.load(file)

    def code_index(name, columns=("label", "aliases")):
        index = {}
        for column in reversed(columns):
            for entry in reversed(TABLES[name]):
                texts = entry[column] if isinstance(entry[column], list) else [entry[column]]
                for text in texts:
                    index[text] = entry["code"]
        return index

    DISTRICT = code_index("district", ("code", "label", "aliases", "retired"))
    PROTECTION, WARTIME = code_index("protection_class"), code_index("wartime_function")
    PEACETIME, STATUS = code_index("peacetime_use"), code_index("shelter_status")
    unknown = {}  # values no table knew, per table, as the hub counts them for its run report

    def lookup(index, table, text):
        code = index.get(text)
        if code is None:
            counts = unknown.setdefault(table, {})
            counts[text] = counts.get(text, 0) + 1
        return code

    # Numbers: ASCII or full-width digits, an optional sign and point; `,` groups of three in the
    # integer part; a unit suffix (longest first, spaces before it allowed) scales by a power of ten.
    DIGIT = "[0-9\uff10-\uff19]"
    SIGN, POINT = "[-+\uff0b\uff0d]?", "[.\uff0e]"
    GROUPED_NUMBER = re.compile(f"{SIGN}(?:{DIGIT}{{1,3}}(?:,{DIGIT}{{3}})+|{DIGIT}*)(?:{POINT}{DIGIT}*)?")
    PLAIN_NUMBER = re.compile(f"{SIGN}{DIGIT}*(?:{POINT}{DIGIT}*)?")
    INTEGER = re.compile(f"{SIGN}{DIGIT}+(?:{POINT}[0\uff10]*)?")
    ANY_DIGIT = re.compile("[0-9]")
    TO_ASCII = str.maketrans("０１２３４５６７８９．＋－", "0123456789.+-", ",")
    AREA_UNITS = sorted([("㎡", 0), ("m²", 0), ("平方米", 0), ("万㎡", 4), ("万平方米", 4)],
                        key=lambda unit: -len(unit[0].encode()))

    def without_suffix(text, suffixes):
        for suffix, power in suffixes:
            if len(text) > len(suffix) and text.endswith(suffix):
                return text[:-len(suffix)].rstrip(" \u3000"), power
        return text, 0

    def parse_number(text, pattern, units=()):
        text, power = without_suffix(text, units)
        if not pattern.fullmatch(text):
            return None
        digits = text.translate(TO_ASCII)
        if not ANY_DIGIT.search(digits):
            return None
        # One correctly rounded conversion of the decimal text, the unit applied to its exponent.
        value = float(f"{digits}e{power}")
        return None if math.isinf(value) else value + 0.0  # never -0

    def parse_integer(text, suffixes=()):
        text, _ = without_suffix(text, suffixes)
        if not INTEGER.fullmatch(text):
            return None
        value = int(text.translate(TO_ASCII).split(".")[0])
        return value if -2**63 <= value < 2**63 else None

    # Half away from zero on the shortest decimal form, so 2.675 gives 2.68.
    CENTS = Decimal("0.01")

    def round_cents(value):
        return float(Decimal(repr(value)).quantize(CENTS, rounding=ROUND_HALF_UP)) + 0.0

    def ecmascript_number(value):
        # Canonical JSON writes whole doubles without ".0", as ECMAScript does.
        return int(value) if value.is_integer() and abs(value) < 2**53 else value

    # Datums, as Sources/HuitongMapping/Functions/Datum.swift: the published GCJ-02 formulas
    # (Krasovsky ellipsoid), BD-09 offset, GCJ-02 -> WGS-84 iterated until both steps < 1e-9.
    AXIS, EE, PI = 6378245.0, 0.00669342162296594323, math.pi
    X_PI = math.pi * 3000.0 / 180.0

    def outside_china(lon, lat):
        return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)

    def transform_lat(x, y):
        result = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
        result += (20.0 * math.sin(6.0 * x * PI) + 20.0 * math.sin(2.0 * x * PI)) * 2.0 / 3.0
        result += (20.0 * math.sin(y * PI) + 40.0 * math.sin(y / 3.0 * PI)) * 2.0 / 3.0
        result += (160.0 * math.sin(y / 12.0 * PI) + 320.0 * math.sin(y * PI / 30.0)) * 2.0 / 3.0
        return result

    def transform_lon(x, y):
        result = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
        result += (20.0 * math.sin(6.0 * x * PI) + 20.0 * math.sin(2.0 * x * PI)) * 2.0 / 3.0
        result += (20.0 * math.sin(x * PI) + 40.0 * math.sin(x / 3.0 * PI)) * 2.0 / 3.0
        result += (150.0 * math.sin(x / 12.0 * PI) + 300.0 * math.sin(x / 30.0 * PI)) * 2.0 / 3.0
        return result

    def gcj02_from_wgs84(lon, lat):
        if outside_china(lon, lat):
            return lon, lat
        x, y = lon - 105.0, lat - 35.0
        radians = lat / 180.0 * PI
        magic = math.sin(radians)
        magic = 1 - EE * magic * magic
        sqrt_magic = math.sqrt(magic)
        d_lat = (transform_lat(x, y) * 180.0) / ((AXIS * (1 - EE)) / (magic * sqrt_magic) * PI)
        d_lon = (transform_lon(x, y) * 180.0) / (AXIS / sqrt_magic * math.cos(radians) * PI)
        return lon + d_lon, lat + d_lat

    def wgs84_from_gcj02(lon, lat):
        if outside_china(lon, lat):
            return lon, lat
        estimate_lon, estimate_lat = lon, lat
        for _ in range(30):
            forward_lon, forward_lat = gcj02_from_wgs84(estimate_lon, estimate_lat)
            d_lon, d_lat = forward_lon - lon, forward_lat - lat
            estimate_lon, estimate_lat = estimate_lon - d_lon, estimate_lat - d_lat
            if abs(d_lon) < 1e-9 and abs(d_lat) < 1e-9:
                break
        return estimate_lon, estimate_lat

    def gcj02_from_bd09(lon, lat):
        x, y = lon - 0.0065, lat - 0.006
        radius = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * X_PI)
        angle = math.atan2(y, x) - 0.000003 * math.cos(x * X_PI)
        return radius * math.cos(angle), radius * math.sin(angle)

    # Dates: the first pattern that matches the whole text and names a real day; not after today
    # in Beijing. Date-times: Beijing wall time, written as RFC 3339 with +08:00.
    ASCII_DIGITS = re.ASCII
    DATE_PATTERNS = [re.compile(p, ASCII_DIGITS) for p in
                     (r"(\d{4})-(\d{2})-(\d{2})", r"(\d{4})/(\d{1,2})/(\d{1,2})", r"(\d{4})年(\d{1,2})月(\d{1,2})日")]
    DATETIME_PATTERNS = [re.compile(p, ASCII_DIGITS) for p in
                         (r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})", r"(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2})()")]
    MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    BEIJING = timezone(timedelta(hours=8))

    def is_day(year, month, day):
        if not 1 <= month <= 12:
            return False
        leap = month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 1 <= day <= MONTH_DAYS[month - 1] + leap

    def parse_date(text):
        for pattern in DATE_PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                year, month, day = map(int, match.groups())
                if is_day(year, month, day):
                    return year, month, day
        return None

    def parse_datetime(text):
        for pattern in DATETIME_PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                year, month, day, hour, minute = map(int, match.groups()[:5])
                second = int(match.group(6) or 0)
                if is_day(year, month, day) and hour <= 23 and minute <= 59 and second <= 59:
                    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}+08:00"
        return None

    # GB 32100: 18 characters of the alphabet, the last a check character (weights 3^i mod 31).
    CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    CREDIT_VALUES = {character: value for value, character in enumerate(CREDIT_ALPHABET)}
    CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

    def is_credit_code(code):
        if len(code) != 18 or not code.isascii() or any(c not in CREDIT_VALUES for c in code):
            return False
        total = sum(CREDIT_VALUES[c] * w for c, w in zip(code, CREDIT_WEIGHTS))
        return code[17] == CREDIT_ALPHABET[(31 - total % 31) % 31]

    def map_record(row):
        # Returns (record or None when set aside, warnings). Every field is evaluated, as the hub
        # does, so the warnings of a rejected row are counted too.
        out, rejected, warnings = {}, False, 0

        value = clean(row.get("工程编号"))
        if value is None or len(value) > 32:
            rejected = True
        else:
            out["id"] = value
        value = clean(row.get("工程名称"))
        if value is None or len(value) > 100:
            rejected = True
        else:
            out["name"] = value
        value = clean(row.get("所属区县"))
        code = value and lookup(DISTRICT, "district", value)
        if code is None:
            rejected = True
        else:
            out["district"] = code
        value = clean(row.get("详细地址"))
        if value is not None:
            if len(value) > 200:
                rejected = True
            else:
                out["address"] = value

        lon, lat = clean(row.get("经度")), clean(row.get("纬度"))
        lon = lon and parse_number(lon, PLAIN_NUMBER)
        lat = lat and parse_number(lat, PLAIN_NUMBER)
        if lon is None or lat is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
            rejected = True
        else:
            lon, lat = wgs84_from_gcj02(*gcj02_from_bd09(lon, lat))
            if -180 <= lon <= 180 and -90 <= lat <= 90:
                out["location"] = {"lon": ecmascript_number(lon), "lat": ecmascript_number(lat)}
            else:
                rejected = True

        value = clean(row.get("建筑面积"))
        area = value and parse_number(value, GROUPED_NUMBER, AREA_UNITS)
        area = round_cents(area) if area is not None and area > 0 else None
        if area is None or area <= 0:
            rejected = True
        else:
            out["floor_area"] = ecmascript_number(area)

        for key, index, table, field in (("防护等级", PROTECTION, "protection_class", "protection_class"),
                                         ("战时用途", WARTIME, "wartime_function", "wartime_function")):
            value = clean(row.get(key))
            code = value and lookup(index, table, value)
            if code is None:
                rejected = True
            else:
                out[field] = code
        value = clean(row.get("平时用途"))
        if value is not None:
            code = lookup(PEACETIME, "peacetime_use", value)
            if code is None:
                warnings += 1
            else:
                out["peacetime_use"] = code

        for key, suffixes, field in (("掩蔽人数", (), "capacity"), ("停车位", (("个", 0),), "parking_spaces"),
                                     ("充电桩", (), "charging_piles")):
            value = clean(row.get(key))
            if value is not None:
                number = parse_integer(value, suffixes)
                if number is None or number < 0:
                    rejected = True
                else:
                    out[field] = number

        value = clean(row.get("竣工时间"))
        if value is not None:
            day = parse_date(value)
            today = datetime.now(BEIJING).date()
            if day is None or day > (today.year, today.month, today.day):
                rejected = True
            else:
                out["completion_date"] = f"{day[0]:04d}-{day[1]:02d}-{day[2]:02d}"
        value = clean(row.get("维护单位"))
        if value is not None:
            out["maintainer"] = value
        value = clean(row.get("统一社会信用代码"))
        if value is not None:
            value = value.upper()
            if is_credit_code(value):
                out["maintainer_credit_code"] = value
            else:
                warnings += 1
        value = clean(row.get("状态"))
        code = value and lookup(STATUS, "shelter_status", value)
        if code is None:
            rejected = True
        else:
            out["status"] = code
        value = clean(row.get("更新时间"))
        value = value and parse_datetime(value)
        if value is None:
            rejected = True
        else:
            out["updated_at"] = value

        charging, parking = out.get("charging_piles"), out.get("parking_spaces")
        if charging is not None and parking is not None and charging > parking:
            rejected = True
        return (None if rejected else out), warnings

    def run():
        # Read, map, dedupe by id (the later updated_at wins; on a tie the later row), write.
        set_aside = warnings = output = 0
        map_seconds = 0.0
        winners = {}
        start = perf_counter()
        with open(data_path, "rb") as lines:
            for line in lines:
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError:
                    row = None
                if not isinstance(row, dict):
                    set_aside += 1  # an unreadable line is set aside like a bad row, as in the hub
                    continue
                mapping_start = perf_counter()
                record, record_warnings = map_record(row)
                map_seconds += perf_counter() - mapping_start
                warnings += record_warnings
                if record is None:
                    set_aside += 1
                    continue
                current = winners.get(record["id"])
                if current is not None:
                    set_aside += 1
                    # Same offset and width everywhere, so text order is time order.
                    if record["updated_at"] < current["updated_at"]:
                        continue
                winners[record["id"]] = record
        for record in winners.values():
            text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            output += len(text.encode("utf-8"))
        return perf_counter() - start, map_seconds, len(winners), set_aside, warnings, output

    best = best_map = None
    for _ in range(runs):
        unknown.clear()
        seconds, map_seconds, mapped, set_aside, warnings, output = run()
        best = seconds if best is None else min(best, seconds)
        best_map = map_seconds if best_map is None else min(best_map, map_seconds)
    print(f"mapped={mapped} set_aside={set_aside} warnings={warnings} output_bytes={output} "
          f"unknown={sum(sum(c.values()) for c in unknown.values())} seconds={best:.9f} map_seconds={best_map:.9f}")
    """#
}
