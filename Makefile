# Quick start: `make demo` runs the demo, `make test` runs every test.
# Both install missing Debian packages, configure and build first: `make`
# and `make demo` only what building and the demo need, `make test` the
# test tools too (scripts/install-deps --for demo|test).
BUILD ?= build
PYTHON := /usr/bin/python3
DEPS := demo
# Warnings are errors for the tests (CI runs `make test`), not for a user's
# build: the next compiler's new warning must not stop `make demo`.
# `make test` turns -Dwerror on in an existing build tree as well.
WERROR := false
test test-quick: DEPS := test
test test-quick: WERROR := true

.PHONY: all deps build demo test test-quick bench clean

all: build

deps:
	@scripts/install-deps --for $(DEPS)

build: deps
	@[ -f $(BUILD)/build.ninja ] || meson setup $(BUILD) -Dwerror=$(WERROR)
	@[ "$(WERROR)" != true ] || $(PYTHON) -c 'import json, sys; sys.exit(not any(o["name"] == "werror" and o["value"] \
	    for o in json.load(open(sys.argv[1]))))' $(BUILD)/meson-info/intro-buildoptions.json || \
	  meson configure $(BUILD) -Dwerror=true
	@ninja -C $(BUILD) --quiet

demo: build
	@mkdir -p $(BUILD)/demo
	@$(BUILD)/examples/demo_burgers --csv $(BUILD)/demo/burgers.csv --stats $(BUILD)/demo/burgers_stats.csv
	@$(PYTHON) examples/plot_burgers.py $(BUILD)/demo/burgers.csv $(BUILD)/demo/burgers_stats.csv \
	  $(BUILD)/demo/burgers.png
	@echo
	@$(PYTHON) examples/python/demo_burgers.py

# Every test, as CI runs it: the C suite (CMocka, soak included), the Python
# suite (pytest), sundials_cvode_mpi's suite (under mpirun -np 2), the C
# suite again under valgrind and under ASan/UBSan, the thread tests under
# ThreadSanitizer, the installed tree and the pip-installed package on their
# own, and a minute of fuzzing per parser.
# `make test-quick` runs only the C, Python and MPI suites.
test: test-quick
	scripts/run-valgrind $(BUILD)
	scripts/run-sanitizers
	scripts/run-thread-checks
	tests/install/check_install.sh
	tests/install/check_pip.sh
	fuzz/run.sh 60

test-quick: build
	meson test -C $(BUILD) --suite c --print-errorlogs --verbose --num-processes 1
	meson test -C $(BUILD) --suite python --print-errorlogs --verbose
	meson test -C $(BUILD) --suite mpi --print-errorlogs --verbose

# Every benchmark; writes bench/results/report.md and plots (about 40 minutes;
# BENCH=--quick skips N = 10001).  Not part of the tests.
bench: build
	OPENBLAS_NUM_THREADS=1 $(PYTHON) bench/run_all.py $(BENCH)

clean:
	rm -rf $(BUILD)
