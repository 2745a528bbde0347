#!/usr/bin/env bash
# The end-to-end demo run by `make demo`. It grows with each part of Huitong: today it checks
# every mapping the project ships, shows the shared schema, previews a source through its
# mapping, runs the sandbox platforms, and shows what an operator sees for broken files.
# Usage: scripts/demo.sh PATH/TO/huitong STATE_DIR
set -euo pipefail
huitong=${1:?usage: demo.sh PATH/TO/huitong STATE_DIR}
state=${2:?usage: demo.sh PATH/TO/huitong STATE_DIR}
mkdir -p "$state"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
expect_status() {  # expect_status WANTED COMMAND…: runs it, fails the demo on another status
  local wanted=$1; shift
  set +e; "$@"; local status=$?; set -e
  if [ "$status" -ne "$wanted" ]; then echo "demo: expected exit status $wanted from: $*, got $status" >&2; exit 1; fi
  echo "(exit status $status, as documented)"
}

step "huitong --version"
"$huitong" --version

step "huitong check   (schema, code tables and every mapping the project ships)"
"$huitong" check mappings plugins

step "huitong schema sensor_reading   (the data dictionary for one entity)"
"$huitong" schema sensor_reading

step "huitong map: the sensor gateway's 08:00 file through its mapping (5 readings shown)"
expect_status 1 "$huitong" map -m mappings/sources/sensor-readings.yaml -i examples/sources/sensors/sensors-2026112908.jsonl -n 5

step "huitong sandbox: province, city and facilities API on free loopback ports"
ports="$state/ports.json"; rm -f "$ports"
"$huitong" sandbox -c examples/sandbox.yaml --ports-file "$ports" --dump "$state/sandbox-state.json" &
sandbox=$!
for _ in $(seq 1 100); do [ -s "$ports" ] && break; sleep 0.1; done
[ -s "$ports" ] || { echo "demo: the sandbox did not start" >&2; kill "$sandbox"; exit 1; }
kill -TERM "$sandbox"; wait "$sandbox"
echo "sandbox state written to $state/sandbox-state.json"

step "huitong check on a YAML file with four mistakes (exit 3 expected)"
expect_status 3 "$huitong" check examples/broken/four-errors.yaml

step "huitong check on a mapping with ten mistakes (exit 3 expected)"
expect_status 3 "$huitong" check examples/broken/ten-mistakes.yaml

step "demo finished"
