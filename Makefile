# The two commands of the README. Everything else is CMake.
#   make demo   install what is missing, build, run the demo
#   make check  install what is missing, build twice (plain with -Werror, and
#               with ASan+UBSan), run every test in both
BUILD      ?= build
BUILD_SAN  ?= build-san
JOBS       ?= $(shell nproc)

.PHONY: all deps build build-san check demo clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMPOS_WERROR=ON
	cmake --build $(BUILD) -j$(JOBS)

build-san: deps
	cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DMPOS_WERROR=ON -DMPOS_SANITIZE=ON
	cmake --build $(BUILD_SAN) -j$(JOBS)

check: build build-san
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	cd $(BUILD_SAN) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  ctest --output-on-failure -j$(JOBS)

demo: build
	scripts/demo.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD_SAN)
