#!/usr/bin/env bash
# What the PostgreSQL source test needs, installed when missing (called by `make test`):
#   - a PostgreSQL server from Debian's `postgresql` package (initdb, pg_ctl);
#   - the published Singer tap meltanolabs-tap-postgres, from PyPI, in a virtual environment
#     under .build/ (never in the system's Python).
# Prints where each is; exits non-zero with what to do when one cannot be had.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${HUITONG_PLUGIN_VENV:-.build/plugin-venv}"
TAP_VERSION="0.10.0"

pg_bin() {
    for directory in /usr/lib/postgresql/*/bin; do
        [ -x "$directory/initdb" ] && { echo "$directory"; return 0; }
    done
    return 1
}

if ! pg_bin >/dev/null; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "plugin-deps: installing postgresql"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
        echo "plugin-deps: no PostgreSQL server; install it with: sudo apt-get install -y postgresql" >&2
        exit 1
    fi
fi
echo "plugin-deps: PostgreSQL server in $(pg_bin)"

if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "plugin-deps: installing python3-venv"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    else
        echo "plugin-deps: Python's venv module is missing; install it with: sudo apt-get install -y python3-venv" >&2
        exit 1
    fi
fi

if ! "$VENV/bin/python" -c "import importlib.metadata as m; assert m.version('meltanolabs-tap-postgres') == '$TAP_VERSION'" >/dev/null 2>&1; then
    echo "plugin-deps: installing meltanolabs-tap-postgres==$TAP_VERSION into $VENV"
    # Only a virtual environment (or nothing) is replaced: HUITONG_PLUGIN_VENV may point anywhere.
    if [ -e "$VENV" ] && [ ! -f "$VENV/pyvenv.cfg" ]; then
        echo "plugin-deps: $VENV exists and is not a virtual environment; remove it or set HUITONG_PLUGIN_VENV" >&2
        exit 1
    fi
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "meltanolabs-tap-postgres==$TAP_VERSION"
fi
echo "plugin-deps: tap-postgres at $VENV/bin/tap-postgres"
