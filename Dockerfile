# syntax=docker/dockerfile:1

# The Nexus API as a container image: one static binary on a distroless base,
# run as a non-root user. With no configuration it serves the embedded graph
# from memory; docker-compose.yml runs it against Neo4j.
#
#   docker build -t nexus .
#   docker run --rm -p 127.0.0.1:8080:8080 nexus

FROM golang:1.26 AS build
WORKDIR /src
# Modules first: a change in the sources does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
# The seed is embedded in the binary: check it before shipping it.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/nexus ./cmd/nexus \
    && /out/nexus version \
    && /out/nexus validate

FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/nexus /usr/local/bin/nexus
USER nonroot:nonroot
# Every interface of the container: the published port decides who can reach it.
ENV NEXUS_LISTEN=0.0.0.0:8080
EXPOSE 8080
# The image has no shell or HTTP client: the binary probes its own /readyz.
HEALTHCHECK --interval=10s --timeout=6s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/nexus", "probe"]
ENTRYPOINT ["/usr/local/bin/nexus"]
CMD ["serve"]
