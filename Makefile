# Huitong (汇通) — build, test, demo and benchmarks.
# `make demo` and `make test` install the system packages they need (as root) when missing.

SWIFT        ?= swift
SCRATCH      ?= .build
SWIFT_FLAGS  ?= --scratch-path $(SCRATCH)
APT_PACKAGES := libcurl4-openssl-dev libyaml-dev pkg-config

.PHONY: all deps plugin-deps build test demo bench clean help

all: build

help:
	@echo "make deps   check libcurl and libyaml (installs them with apt-get when root)"
	@echo "make build  debug build of the huitong command"
	@echo "make test   build and run every test (installs PostgreSQL and tap-postgres for the database test when missing)"
	@echo "make demo   run the main job end to end against the built-in sandbox platforms"
	@echo "make bench  release-build benchmarks, each printed next to a baseline from the same run"
	@echo "make clean  remove build products and demo state"

deps:
	@if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libcurl yaml-0.1; then \
		echo "deps: libcurl $$(pkg-config --modversion libcurl), libyaml $$(pkg-config --modversion yaml-0.1)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "deps: installing $(APT_PACKAGES)"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES) >/dev/null && \
		pkg-config --exists libcurl yaml-0.1; \
	else \
		echo "deps: libcurl and libyaml development files are missing. Install them with:"; \
		echo "  sudo apt-get update && sudo apt-get install -y $(APT_PACKAGES)"; \
		exit 1; \
	fi
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "deps: no Swift toolchain on PATH (need Swift 6)"; exit 1; }
	@# The schema tests validate `huitong schema --format json-schema` with Python's jsonschema,
	@# and the benchmarks' baselines run in python3.
	@if command -v python3 >/dev/null 2>&1 && python3 -c 'import jsonschema' >/dev/null 2>&1; then \
		true; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "deps: installing python3-jsonschema"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-jsonschema >/dev/null; \
	else \
		echo "deps: python3 with the jsonschema module is missing. Install it with:"; \
		echo "  sudo apt-get install -y python3 python3-jsonschema   (or: pip install jsonschema)"; \
		exit 1; \
	fi

build: deps
	$(SWIFT) build $(SWIFT_FLAGS) --product huitong

test: deps plugin-deps
	$(SWIFT) build $(SWIFT_FLAGS) --build-tests
	HUITONG_REQUIRE_POSTGRES=1 $(SWIFT) test $(SWIFT_FLAGS) --skip-build

# The PostgreSQL source test's server (Debian's postgresql) and the published Singer tap
# meltanolabs-tap-postgres in a virtual environment under .build/ (see docs/plugins.md).
plugin-deps:
	@scripts/plugin-deps.sh

demo: build
	@scripts/demo.sh "$$($(SWIFT) build $(SWIFT_FLAGS) --show-bin-path)/huitong"

bench: deps
	$(SWIFT) build $(SWIFT_FLAGS) -c release --product HuitongBenchmarks
	@# The push benchmark runs the release huitong's sandbox next to it as a separate process.
	$(SWIFT) build $(SWIFT_FLAGS) -c release --product huitong
	"$$($(SWIFT) build $(SWIFT_FLAGS) -c release --show-bin-path)/HuitongBenchmarks" $(BENCH_ARGS)

clean:
	rm -rf $(SCRATCH) .huitong
