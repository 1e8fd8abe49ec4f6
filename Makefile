# The two commands of the README. Everything else is CMake.
#   make demo   install what is missing, build, run the demo
#   make check  install what is missing, build twice (plain with -Werror, and
#               with ASan+UBSan), run every test in both, then (when clang
#               is there) build the fuzz targets and run each FUZZ_SECONDS
#   make fuzz   the clang build of the fuzz targets only (docs/FUZZING.md)
#   make deb    the Debian packages of the tree into dist/ (scripts/make-deb.sh)
BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_FUZZ ?= build-fuzz
# 5 targets x 12 s: a minute of fuzzing in make check (docs/FUZZING.md)
FUZZ_SECONDS ?= 12
JOBS       ?= $(shell nproc)

.PHONY: all deps build build-san check demo deb bare-check clean fuzz fuzz-check

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMPOS_WERROR=ON
	cmake --build $(BUILD) -j$(JOBS)

build-san: deps
	cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DMPOS_WERROR=ON -DMPOS_SANITIZE=ON
	cmake --build $(BUILD_SAN) -j$(JOBS)

# CHECK_BUILDS=build runs the plain build's tests only (the bare-machine
# check uses it; CI runs the sanitizer build on the host).
CHECK_BUILDS ?= build build-san

check: $(CHECK_BUILDS)
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	$(if $(filter build-san,$(CHECK_BUILDS)),cd $(BUILD_SAN) && \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  ctest --output-on-failure -j$(JOBS))
	$(if $(shell command -v clang 2>/dev/null),$(MAKE) fuzz-check,@echo "check: no clang, fuzz targets not run")

fuzz: deps
	CC=clang cmake -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMPOS_FUZZ=ON
	cmake --build $(BUILD_FUZZ) -j$(JOBS)

fuzz-check: fuzz
	scripts/fuzz.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

demo: build
	scripts/demo.sh $(BUILD)

deb: deps
	scripts/make-deb.sh dist

# CI: make check and make demo on a fresh minimal Debian 12 root
# (debootstrap; needs root).  Tests the committed HEAD.
bare-check:
	scripts/bare-check.sh

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ) dist
