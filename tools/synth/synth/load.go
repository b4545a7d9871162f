package synth

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
)

// The manifest: a synthetic node that says which graph a store holds.
const (
	manifestKind = graph.KindDocument
	// ManifestKey is the key of the manifest, a Document.
	ManifestKey = KeyPrefix + "manifest"
	// Generator names this generator's way of drawing graphs, recorded in
	// the manifest: a store loaded by another is refused.
	Generator = "tools/synth 1"
)

// ManifestID is the ID of the manifest.
var ManifestID = graph.NewID(manifestKind, ManifestKey)

// Manifest says which synthetic graph a store holds.
type Manifest struct {
	Nodes     int    // Config.Nodes
	Seed      uint64 // Config.Seed
	Generator string // Generator
	// Complete is false from the first batch of a load until its last:
	// false in a store whose load was interrupted.
	Complete bool
}

// manifest returns the manifest node of g.
func (g *Graph) manifest(complete bool) *graph.Node {
	return graph.NewNode(manifestKind, ManifestKey, graph.Props{
		MarkProp:    true,
		"nameEn":    "Synthetic graph manifest",
		"nodes":     int64(g.Nodes()),
		"seed":      int64(g.cfg.Seed),
		"generator": Generator,
		"complete":  complete,
	}, source("manifest"))
}

// ReadManifest returns the manifest of the synthetic graph s holds, nil
// when it has none.
func ReadManifest(ctx context.Context, s graph.Store) (*Manifest, error) {
	nodes, err := s.Nodes(ctx, []graph.ID{ManifestID})
	if err != nil {
		return nil, fmt.Errorf("synth: read the manifest: %w", err)
	}
	if len(nodes) != 1 || nodes[0] == nil {
		return nil, nil
	}
	p := nodes[0].Props
	n, _ := p.Int("nodes")
	seed, _ := p.Int("seed")
	return &Manifest{Nodes: int(n), Seed: uint64(seed), Generator: p.String("generator"), Complete: p.Bool("complete")}, nil
}

// IsSynthetic reports whether n carries the marks of synthetic data: a key
// that begins with KeyPrefix (in either case) and MarkProp set to true.
func IsSynthetic(n *graph.Node) bool {
	return strings.HasPrefix(strings.ToLower(n.Key), KeyPrefix) && n.Props.Bool(MarkProp)
}

// CheckOnlySynthetic returns the number of nodes s holds, and an Invalid
// error when any of them is not marked synthetic (MarkProp): counted per
// kind, with one Counts call and one FindNodes call per kind that has
// nodes. Nothing synthetic may be written to such a store, and nothing
// measured there is about synthetic data alone.
func CheckOnlySynthetic(ctx context.Context, s graph.Store) (int, error) {
	counts, err := s.Counts(ctx)
	if err != nil {
		return 0, fmt.Errorf("synth: count the nodes: %w", err)
	}
	total := 0
	var real []string
	for _, k := range graph.NodeKinds {
		n := counts.Nodes[k]
		if n == 0 {
			continue
		}
		total += n
		page, err := s.FindNodes(ctx, graph.NodeQuery{
			Kind: k, Where: []graph.Cond{{Props: []string{MarkProp}, Op: graph.OpEq, Value: true}},
		})
		if err != nil {
			return 0, fmt.Errorf("synth: count the synthetic %s nodes: %w", k, err)
		}
		if page.Total != n {
			real = append(real, fmt.Sprintf("%d of %d %s nodes", n-page.Total, n, k))
		}
	}
	if len(real) > 0 {
		return total, graph.Errorf(graph.Invalid,
			"the store holds nodes that are not synthetic (%s): synthetic data must never meet real data; use an empty database of its own",
			strings.Join(real, ", "))
	}
	return total, nil
}

// ErrAlreadyLoaded says that the store already holds the whole graph.
var ErrAlreadyLoaded = errors.New("synth: the store already holds this graph, complete")

// LoadOptions says how Load writes.
type LoadOptions struct {
	// BatchSize is the most nodes, or relationships, applied at once;
	// 0 means 5000.
	BatchSize int
	// Progress, when not nil, is called after each batch with the nodes
	// and relationships written so far and their total.
	Progress func(done, total int)
}

// Load writes g to s, one Apply per batch (Graph.Batches), after checking
// that s holds nothing but synthetic data: it refuses (Invalid) a store
// with any node not marked synthetic, or with another synthetic graph (a
// different manifest, or none). A store holding an interrupted load of the
// same graph is loaded again from the start (Apply replaces what is
// there); one holding it complete is left alone, with ErrAlreadyLoaded.
func Load(ctx context.Context, s graph.Store, g *Graph, o LoadOptions) error {
	total, err := CheckOnlySynthetic(ctx, s)
	if err != nil {
		return fmt.Errorf("synth: refusing to load: %w", err)
	}
	if total > 0 {
		m, err := ReadManifest(ctx, s)
		if err != nil {
			return err
		}
		want := Manifest{Nodes: g.Nodes(), Seed: g.cfg.Seed, Generator: Generator}
		switch {
		case m == nil:
			return graph.Errorf(graph.Invalid, "synth: refusing to load: the store holds %d synthetic nodes but no manifest; use an empty database", total)
		case m.Nodes != want.Nodes || m.Seed != want.Seed || m.Generator != want.Generator:
			return graph.Errorf(graph.Invalid, "synth: refusing to load: the store holds another synthetic graph (%d nodes, seed %d, %s); use an empty database",
				m.Nodes, m.Seed, m.Generator)
		case m.Complete:
			return ErrAlreadyLoaded
		}
	}
	size := o.BatchSize
	if size <= 0 {
		size = 5000
	}
	done, all := 0, g.Nodes()+g.Relationships()
	for b := range g.Batches(size) {
		if err := s.Apply(ctx, b); err != nil {
			return fmt.Errorf("synth: load: after %d of %d nodes and relationships: %w", done, all, err)
		}
		done += len(b.Nodes) + len(b.Relationships)
		if o.Progress != nil {
			o.Progress(min(done, all), all)
		}
	}
	return nil
}

// NewMemory plans the graph cfg describes and loads it into a new memory
// store of its own.
func NewMemory(ctx context.Context, cfg Config) (*memory.Store, *Graph, error) {
	g, err := New(cfg)
	if err != nil {
		return nil, nil, err
	}
	s := memory.New()
	if err := Load(ctx, s, g, LoadOptions{BatchSize: 10000}); err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, g, nil
}
