#!/usr/bin/env bash
# The end-to-end demo run by `make demo`. It grows with each part of Huitong: today it shows
# the command, checks every YAML file the project ships, and shows what an operator sees for
# a broken file. Usage: scripts/demo.sh PATH/TO/huitong STATE_DIR
set -euo pipefail
huitong=${1:?usage: demo.sh PATH/TO/huitong STATE_DIR}
state=${2:?usage: demo.sh PATH/TO/huitong STATE_DIR}
mkdir -p "$state"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "huitong --version"
"$huitong" --version

step "huitong check mappings plugins   (every mapping, code table and profile the project ships)"
"$huitong" check mappings plugins

step "huitong check examples/broken/four-errors.yaml   (a file with four mistakes; exit 3 expected)"
set +e
"$huitong" check examples/broken/four-errors.yaml
status=$?
set -e
if [ "$status" -ne 3 ]; then
  echo "demo: expected exit status 3 for the broken file, got $status" >&2
  exit 1
fi
echo "(exit status $status: invalid input, as documented)"

step "demo finished"
