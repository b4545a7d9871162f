package seed

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/nexus-graph/nexus/graph"
)

// files is the seed tree: data/, facts/ and sources/.
//
//go:embed data facts sources
var files embed.FS

// FS returns the embedded seed tree (data/, facts/, sources/), for callers
// that want to copy or inspect the files themselves.
func FS() fs.FS { return files }

// Read parses and validates the embedded seed. On any problem it returns no
// batch and a Problems error listing every problem found.
func Read() (graph.Batch, error) { return ReadFS(files) }

// ReadFS parses and validates a seed tree with the embedded seed's layout:
// data/un-member-states.csv, data/country-codes.csv, data/instruments.csv
// and facts/*.facts. On any problem it returns an empty batch and a Problems
// error listing every problem found in every file, sorted.
func ReadFS(fsys fs.FS) (graph.Batch, error) {
	r := newReader(fsys)
	b := r.read()
	if len(r.ps.list) > 0 {
		sortProblems(r.ps.list)
		return graph.Batch{}, r.ps.list
	}
	return b, nil
}

// Load reads the embedded seed and applies it to s in one batch. Loading
// twice leaves the same graph, since Apply replaces nodes and relationships
// with the same identity. It returns the batch it applied.
func Load(ctx context.Context, s graph.Store) (graph.Batch, error) {
	b, err := Read()
	if err != nil {
		return graph.Batch{}, fmt.Errorf("load seed: %w", err)
	}
	if err := s.Apply(ctx, b); err != nil {
		return graph.Batch{}, fmt.Errorf("load seed: apply %d nodes and %d relationships: %w", len(b.Nodes), len(b.Relationships), err)
	}
	return b, nil
}
