# Issue 21's whole measurement, with a verdict per target (benchmarks/national.py):
#   make bench SIZE=1000000 OUT=docs/benchmark-national-1000000.json BENCH_ARGS=--fresh
# The scenarios of issue 9 through Django's test client (see README, "Performance"):
#   make bench-lab SIZE=100000 OUT=results.json
# Pages through real HTTP, gunicorn with production settings (issue 21,
# docs/performance.md); keeps bench_<db>_<SIZE> for the next run:
#   make bench-http SIZE=1000000 OUT=docs/benchmark-http-1000000.json
PYTHON ?= .venv/bin/python
SIZE ?= 100000
OUT ?= results.json
BENCH_ARGS ?=

.PHONY: bench bench-lab bench-http synthetic

bench:
	$(PYTHON) -m benchmarks.national --size $(SIZE) --out $(OUT) $(BENCH_ARGS)

bench-lab:
	$(PYTHON) -m benchmarks.run --size $(SIZE) --out $(OUT) $(BENCH_ARGS)

bench-http:
	$(PYTHON) -m benchmarks.http --size $(SIZE) --out $(OUT) $(BENCH_ARGS)

# The synthetic data set alone, kept in bench_<database> for inspection.
synthetic:
	$(PYTHON) -m benchmarks.synthetic --size $(SIZE) --keep $(if $(OUT),--out $(OUT))
