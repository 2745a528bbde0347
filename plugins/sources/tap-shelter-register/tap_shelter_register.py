#!/usr/bin/env python3
"""tap-shelter-register: a Singer tap for the 人防工程档案管理系统 shelter register export.

The reference source plugin of Huitong, written with Python's standard library only. It
follows the Singer specification (https://hub.meltano.com/singer/spec):

    tap_shelter_register.py --config CONFIG [--state STATE] [--catalog CATALOG]
    tap_shelter_register.py --config CONFIG --discover

CONFIG holds "path" (the CSV export) and "encoding" (default gb18030). Records come out of
one stream, "shelters", in order of 更新时间 (the replication key); a STATE message after
every 500 records and at the end bookmarks the latest 更新时间 emitted, and a run given that
state emits only rows updated at or after it (the rows at the bookmark itself again, so a
row written in the same minute is never missed; the hub's delta sends nothing for them).
Logging goes to standard error; standard output carries Singer messages only.
"""
import argparse
import csv
import json
import re
import sys

STREAM = "shelters"
KEY = "工程编号"
REPLICATION_KEY = "更新时间"
FIELDS = ["工程编号", "工程名称", "所属区县", "详细地址", "经度", "纬度", "建筑面积", "防护等级", "战时用途",
          "平时用途", "掩蔽人数", "停车位", "充电桩", "竣工时间", "维护单位", "统一社会信用代码", "状态", "更新时间"]


def schema():
    return {"type": "object", "properties": {name: {"type": ["string", "null"]} for name in FIELDS}}


def catalog():
    return {"streams": [{
        "tap_stream_id": STREAM, "stream": STREAM, "schema": schema(), "key_properties": [KEY],
        "metadata": [{"breadcrumb": [], "metadata": {
            "inclusion": "available", "selected-by-default": True, "table-key-properties": [KEY],
            "valid-replication-keys": [REPLICATION_KEY], "forced-replication-method": "INCREMENTAL"}}],
    }]}


def emit(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")


def comparable(text):
    """更新时间 as the export writes it (2025-10-01 08:00:00 or 2025/10/01 08:00), comparable as
    text; "" for a value that is not a date (such as 昨天), which never moves the bookmark."""
    value = (text or "").strip().replace("/", "-")
    return value if re.match(r"^\d{4}-\d{2}-\d{2}", value) else ""


def read_rows(path, encoding):
    with open(path, "r", encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in (KEY, REPLICATION_KEY) if name not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"tap-shelter-register: {path} has no column {', '.join(missing)}; is it the register export?")
        for row in reader:
            yield {name: row.get(name) for name in FIELDS}


def main():
    parser = argparse.ArgumentParser(description="Singer tap for the shelter register export (CSV)")
    parser.add_argument("--config", required=True)
    parser.add_argument("--state")
    parser.add_argument("--catalog")
    parser.add_argument("--properties")
    parser.add_argument("--discover", action="store_true")
    arguments = parser.parse_args()
    with open(arguments.config, encoding="utf-8") as handle:
        config = json.load(handle)
    if "path" not in config:
        raise SystemExit("tap-shelter-register: the config has no \"path\" (the register export)")
    if arguments.discover:
        json.dump(catalog(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    bookmark = ""
    if arguments.state:
        with open(arguments.state, encoding="utf-8") as handle:
            state = json.load(handle)
        bookmark = state.get("bookmarks", {}).get(STREAM, {}).get("replication_key_value", "") or ""
    try:
        rows = sorted(read_rows(config["path"], config.get("encoding", "gb18030")), key=lambda row: comparable(row[REPLICATION_KEY]))
    except (OSError, UnicodeDecodeError) as error:
        raise SystemExit(f"tap-shelter-register: cannot read {config['path']}: {error}")
    emit({"type": "SCHEMA", "stream": STREAM, "schema": schema(), "key_properties": [KEY], "bookmark_properties": [REPLICATION_KEY]})
    latest = bookmark
    emitted = 0
    for row in rows:
        value = comparable(row[REPLICATION_KEY])
        if bookmark and value < bookmark:
            continue
        emit({"type": "RECORD", "stream": STREAM, "record": row})
        emitted += 1
        latest = max(latest, value)
        if emitted % 500 == 0:
            emit({"type": "STATE", "value": {"bookmarks": {STREAM: {"replication_key": REPLICATION_KEY, "replication_key_value": latest}}}})
    emit({"type": "STATE", "value": {"bookmarks": {STREAM: {"replication_key": REPLICATION_KEY, "replication_key_value": latest}}}})
    print(f"tap-shelter-register: {emitted} of {len(rows)} rows since {bookmark or 'the start'}", file=sys.stderr)


if __name__ == "__main__":
    main()
