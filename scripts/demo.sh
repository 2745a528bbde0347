#!/usr/bin/env bash
# The end-to-end demo run by `make demo`: every job of examples/huitong.yaml against the built-in
# sandbox platforms, in a fresh temporary directory. It checks the project's YAML, starts the
# sandbox on free loopback ports, pings both platforms, runs all six jobs, changes a few source
# records and runs again to show the delta, lists what was set aside, and verifies the ledger.
# Nothing is left running; the files stay in the directory printed at the end.
# Usage: scripts/demo.sh PATH/TO/huitong
set -euo pipefail
huitong=${1:?usage: demo.sh PATH/TO/huitong}
repo=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/huitong-demo.XXXXXX")

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run_status() {  # run_status ALLOWED… -- COMMAND…: runs it; fails the demo on any other exit status
  local allowed=()
  while [ "$1" != "--" ]; do allowed+=("$1"); shift; done; shift
  set +e; "$@"; local status=$?; set -e
  for wanted in "${allowed[@]}"; do [ "$status" -eq "$wanted" ] && { echo "(exit status $status)"; return 0; }; done
  echo "demo: unexpected exit status $status from: $*" >&2; exit 1
}

step "huitong --version"
"$huitong" --version

step "huitong check   (schema, code tables, every mapping and platform profile the project ships)"
"$huitong" check mappings plugins

step "a working directory with the office's sample sources: $work"
cp -r examples/sources "$work/sources"
sed -e "s|^plugins: .*|plugins: $repo/plugins|" -e "s|^mappings: .*|mappings: $repo/mappings|" \
    -e "s|^state: .*|state: state|" -e "s|^ledger: .*|ledger: ledger|" examples/huitong.yaml > "$work/huitong.yaml"
config="$work/huitong.yaml"

step "huitong sandbox: province, city and facilities API on free loopback ports"
ports="$work/ports.json"
"$huitong" sandbox -c examples/sandbox.yaml --ports-file "$ports" --dump "$work/sandbox-state.json" > "$work/sandbox.log" 2>&1 &
sandbox=$!
trap 'kill -TERM "$sandbox" 2>/dev/null; wait "$sandbox" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$ports" ] && break; sleep 0.1; done
[ -s "$ports" ] || { echo "demo: the sandbox did not start (see $work/sandbox.log)" >&2; exit 1; }
url() { sed -n "/\"$1\"/,/}/s/.*\"baseURL\" *: *\"\([^\"]*\)\".*/\1/p" "$ports"; }
export HUITONG_PROVINCE_URL=$(url province) HUITONG_CITY_URL=$(url city)
export HUITONG_FACILITIES_URL="$(url facilities)/api/facilities"
export HUITONG_PROVINCE_SECRET=demo-province-secret HUITONG_CITY_SECRET=demo-city-secret
echo "province $HUITONG_PROVINCE_URL · city $HUITONG_CITY_URL · facilities $HUITONG_FACILITIES_URL"

step "huitong ping   (reachability, signature or token, clock skew)"
"$huitong" ping --config "$config"

step "huitong run   (all six sources to both platforms; the samples hold rows the agreement sets aside: exit 1)"
run_status 0 1 -- "$huitong" run --config "$config"

step "huitong rejects shelters   (what was set aside, where, and why)"
run_status 0 1 -- "$huitong" rejects shelters --config "$config" > "$work/rejects.txt"
head -n 12 "$work/rejects.txt"; echo "… (all of it in $work/rejects.txt)"

step "the sources change: a team's size, a shelter removed from the register, a new hour of sensor readings"
sed -i '0,/"members": 55/s//"members": 60/' "$work/sources/teams.json"
sed -i '3d' "$work/sources/shelters.csv"
head -n 3 "$work/sources/sensors/sensors-2026112909.jsonl" | sed 's/"ts":1795914000/"ts":1795917600/' > "$work/sources/sensors/sensors-2026112910.jsonl"
echo "teams.json: one team 55 → 60 members · shelters.csv: row 3 removed · sensors-2026112910.jsonl: 3 new readings"

step "huitong run again   (only the delta travels: 1 upsert, 1 delete, 3 readings; nothing else is sent)"
run_status 0 1 -- "$huitong" run --config "$config"

step "huitong ledger list   (one hash-chained entry per exchange)"
"$huitong" ledger list --ledger "$work/ledger" > "$work/ledger-list.txt"
tail -n 12 "$work/ledger-list.txt"

step "huitong ledger verify"
"$huitong" ledger verify --ledger "$work/ledger"

step "huitong check on a mapping with ten mistakes (exit 3 expected)"
run_status 3 -- "$huitong" check examples/broken/ten-mistakes.yaml > /dev/null

kill -TERM "$sandbox"; wait "$sandbox" || true
trap - EXIT
step "demo finished"
echo "Files: $work (huitong.yaml, sources/, state/, ledger/, sandbox-state.json). Nothing is left running."
