# Benchmarks of issue 9 (see README, "Performance"):
#   make bench SIZE=100000 OUT=results.json
#   make bench SIZE=1000000 BENCH_ARGS="--only load"
PYTHON ?= .venv/bin/python
SIZE ?= 100000
OUT ?= results.json
BENCH_ARGS ?=

.PHONY: bench synthetic

bench:
	$(PYTHON) -m benchmarks.run --size $(SIZE) --out $(OUT) $(BENCH_ARGS)

# The synthetic data set alone, kept in bench_<database> for inspection.
synthetic:
	$(PYTHON) -m benchmarks.synthetic --size $(SIZE) --keep
