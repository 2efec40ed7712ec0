# Every target creates .venv and installs into it when missing, so a fresh
# machine with only Python needs nothing but `make build` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The sample site is pinned to a moment just after its stories, so that its
# scheduled story stays scheduled and the build is reproducible.
SAMPLE_NOW := 2022-12-12T18:00:00+01:00

.PHONY: build test clean golden serve bench bench-search bench-cluster

# make bench N=10000 RUNS=3 IMAGES=1000: newsgen against Pelican on a
# generated archive, and the image case (IMAGES stories with 4000×3000 photos).
N ?= 10000
RUNS ?= 3
IMAGES ?= 1000

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/newsgen build --now $(SAMPLE_NOW)

serve: $(STAMP)
	$(BIN)/newsgen serve

test: $(STAMP)
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ; } || echo "chromium not installed: the browser test will be skipped"
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m generator.benchmark -n $(N) --runs $(RUNS) --images $(IMAGES)

# make bench-search N=10000 RUNS=3: what the search index costs a cold build and a rebuild, its size.
bench-search: $(STAMP)
	$(BIN)/python -m generator.benchmark -n $(N) --runs $(RUNS) --search

# make bench-cluster N=10000 RUNS=3: the cold build on a dask LocalCluster against the process pool.
bench-cluster: $(STAMP)
	$(BIN)/python -m generator.benchmark -n $(N) --runs $(RUNS) --cluster

golden: $(STAMP)
	$(BIN)/python -m tests.golden_refresh

clean:
	rm -rf output .output-* .newsgen-cache $(VENV) *.egg-info
