# Benchmarks of issue 9 (see README, "Performance"):
#   make bench SIZE=100000 OUT=results.json
#   make bench SIZE=1000000 BENCH_ARGS="--only load"
# Pages through real HTTP, gunicorn with production settings (issue 21,
# docs/performance.md); keeps bench_<db>_<SIZE> for the next run:
#   make bench-http SIZE=1000000 OUT=docs/benchmark-http-1000000.json
PYTHON ?= .venv/bin/python
SIZE ?= 100000
OUT ?= results.json
BENCH_ARGS ?=

.PHONY: bench bench-http synthetic

bench:
	$(PYTHON) -m benchmarks.run --size $(SIZE) --out $(OUT) $(BENCH_ARGS)

bench-http:
	$(PYTHON) -m benchmarks.http --size $(SIZE) --out $(OUT) $(BENCH_ARGS)

# The synthetic data set alone, kept in bench_<database> for inspection.
synthetic:
	$(PYTHON) -m benchmarks.synthetic --size $(SIZE) --keep $(if $(OUT),--out $(OUT))
