# Quick start: `make demo` runs the demo, `make test` runs every test.
# Both install missing Debian packages, configure and build first.
BUILD ?= build

.PHONY: all deps build demo test clean

all: build

deps:
	@scripts/install-deps

build: deps
	@[ -f $(BUILD)/build.ninja ] || meson setup $(BUILD) -Dwerror=true
	@ninja -C $(BUILD) --quiet

demo: build
	@$(BUILD)/examples/swap_backends

test: build
	meson test -C $(BUILD) --suite c --print-errorlogs --verbose --num-processes 1

clean:
	rm -rf $(BUILD)
