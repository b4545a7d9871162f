# Everyday tasks. `make ci` runs what CI runs.

GO ?= go
# Files that `go tool gqlgen generate` writes or reads: they must be committed
# as the generator leaves them.
GENERATED := schema resolvers gqlgen.yml go.mod go.sum

.PHONY: build run test generate check-generate lint bench ci neo4j-start neo4j-stop neo4j-status neo4j-build

build:
	$(GO) build -o bin/nexus ./cmd/nexus

run:
	$(GO) run ./cmd/nexus serve

# The race detector needs cgo and a C compiler; without them the tests run without it.
RACE := $(shell [ "$$($(GO) env CGO_ENABLED)" = 1 ] && command -v "$$($(GO) env CC)" >/dev/null 2>&1 && echo -race)

test:
	$(GO) test $(RACE) -count=1 ./...

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

lint:
	@unformatted=$$(gofmt -l .); \
	if [ -n "$$unformatted" ]; then \
		echo "gofmt would change these files:"; echo "$$unformatted"; exit 1; \
	fi
	$(GO) vet ./...

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

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
