# Everyday tasks. `make ci` runs what CI runs.

GO ?= go
# Files that `go tool gqlgen generate` writes or reads: they must be committed
# as the generator leaves them.
GENERATED := schema resolvers gqlgen.yml go.mod go.sum

.PHONY: build run test test-memory generate check-generate lint staticcheck tidy-check fuzz bench bench-stores bench-growth ci neo4j-start neo4j-stop neo4j-status neo4j-build

# staticcheck, pinned; `go run` fetches it on first use.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

# How long `make fuzz` runs each fuzz target.
FUZZTIME ?= 15s

build:
	$(GO) build -o bin/nexus ./cmd/nexus

run:
	$(GO) run ./cmd/nexus serve

# The race detector needs cgo and a C compiler; without them the tests run without it.
RACE := $(shell [ "$$($(GO) env CGO_ENABLED)" = 1 ] && command -v "$$($(GO) env CC)" >/dev/null 2>&1 && echo -race)

# The Bolt port of the test Neo4j that `make test` starts (tools/neo4j).
NEO4J_PORT ?= 7687

# Every test. With java and mvn on the PATH, and no NEXUS_TEST_NEO4J_URI set,
# it starts the test Neo4j (make neo4j-start), runs the tests against it, the
# one that stops and restarts it included, and stops it again whatever the
# tests did (unless it was already running), keeping their exit status.
# With NEXUS_TEST_NEO4J_URI set, it tests against that server and never stops
# it. Without java or mvn the Neo4j tests skip, saying how to run them (and
# fail when CI=true).
test:
	@if [ -n "$$NEXUS_TEST_NEO4J_URI" ]; then \
		echo "make test: the Neo4j tests use NEXUS_TEST_NEO4J_URI=$$NEXUS_TEST_NEO4J_URI"; \
		exec $(GO) test $(RACE) -count=1 -timeout 30m ./...; \
	fi; \
	if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then \
		echo "make test: no java or mvn on the PATH: the tests that need Neo4j skip (or fail with CI=true)"; \
		exec $(GO) test $(RACE) -count=1 -timeout 30m ./...; \
	fi; \
	export NEO4J_PORT=$(NEO4J_PORT); \
	stop='$(MAKE) --no-print-directory neo4j-stop'; \
	if tools/neo4j/neo4j.sh status >/dev/null 2>&1; then stop=true; fi; \
	trap "$$stop; exit 130" INT TERM; \
	$(MAKE) --no-print-directory neo4j-start || { status=$$?; $$stop; exit $$status; }; \
	status=0; \
	NEXUS_TEST_NEO4J_URI=bolt://127.0.0.1:$(NEO4J_PORT) NEXUS_TEST_NEO4J_RESTART=1 \
		$(GO) test $(RACE) -count=1 -timeout 30m ./... || status=$$?; \
	$$stop; \
	exit $$status

# The tests without Neo4j: those that need it skip (or fail when CI=true).
test-memory:
	$(GO) test ./...

generate:
	$(GO) tool gqlgen generate

check-generate: generate
	@changes=$$(git status --porcelain -- $(GENERATED)); \
	if [ -n "$$changes" ]; then \
		echo "generated code is out of date or uncommitted; run 'make generate' and commit:"; \
		echo "$$changes"; \
		git --no-pager diff --stat -- $(GENERATED); \
		exit 1; \
	fi

lint: tidy-check staticcheck
	@unformatted=$$(gofmt -l .); \
	if [ -n "$$unformatted" ]; then \
		echo "gofmt would change these files:"; echo "$$unformatted"; exit 1; \
	fi
	$(GO) vet ./...

staticcheck:
	$(GO) run $(STATICCHECK) ./...

# go.mod and go.sum are exactly what `go mod tidy` would write.
tidy-check:
	$(GO) mod tidy -diff

# Runs every fuzz target (func Fuzz… in any package) for FUZZTIME each, one
# at a time. A crash leaves its input in the package's testdata/fuzz: commit
# it with the fix, and it becomes a regression test of every go test run.
fuzz:
	@set -e; \
	$(GO) test -list '^Fuzz' ./... | \
		awk '/^Fuzz/ { t[n++] = $$1; next } /^ok/ { for (i = 0; i < n; i++) print $$2, t[i]; n = 0 }' > .fuzz-targets; \
	echo "$$(wc -l < .fuzz-targets) fuzz targets"; \
	while read -r pkg target; do \
		echo "fuzz $$pkg $$target ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) "$$pkg" || { rm -f .fuzz-targets; exit 1; }; \
	done < .fuzz-targets; \
	rm -f .fuzz-targets

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

# The reads of the conformance suite on the seed, on each store under the same
# names (graph/storetest/bench.go). Needs the test Neo4j: make neo4j-start.
bench-stores:
	NEXUS_TEST_NEO4J_URI=$${NEXUS_TEST_NEO4J_URI:-bolt://127.0.0.1:$(NEO4J_PORT)} \
		$(GO) test -run='^$$' -bench=ConformanceQueries -benchmem ./graph/memory ./graph/neo4j

# The growth benchmarks (tools/growth/README.md): the same-size questions on
# synthetic graphs of NEXUS_GROWTH_SIZES nodes in the memory store and, with
# NEXUS_GROWTH_NEO4J_URI set, on a Neo4j of its own loaded by
# `go run ./tools/synth load`. A million nodes take about 9 GB in memory:
# GOMEMLIMIT keeps the collector from letting the heap double.
bench-growth:
	NEXUS_GROWTH=1 NEXUS_GROWTH_SIZES=$${NEXUS_GROWTH_SIZES:-10000,100000,1000000} \
		GOMEMLIMIT=$${GOMEMLIMIT:-14GiB} \
		$(GO) test -run='^$$' -bench=Growth -benchmem -timeout=4h ./tools/growth

ci:
	bash .ci/run

# A development and test Neo4j on 127.0.0.1 (tools/neo4j/README.md).
neo4j-start:
	@tools/neo4j/neo4j.sh start

neo4j-stop:
	@tools/neo4j/neo4j.sh stop

neo4j-status:
	@tools/neo4j/neo4j.sh status

neo4j-build:
	@tools/neo4j/neo4j.sh build
