package resolvers

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/schema"
	"github.com/nexus-graph/nexus/seed"
)

// costSchema is the GraphQL schema the cost model weighs.
func costSchema() *ast.Schema { return schema.NewExecutableSchema(schema.Config{}).Schema() }

// weighedElsewhere reports whether a list field is weighed by its
// arguments rather than by bounds: a first argument, the ids of nodes, the
// exploration fields, the edges of a connection.
func weighedElsewhere(typ *ast.Definition, fd *ast.FieldDefinition) bool {
	if _, ok := exploreComplexity(typ.Name, fd.Name, 1, map[string]any{}); ok {
		return true
	}
	return fd.Arguments.ForName("first") != nil ||
		(typ.Name == "Query" && fd.Name == "nodes") ||
		(strings.HasSuffix(typ.Name, "Connection") && fd.Name == "edges")
}

// TestEveryListFieldIsWeighed walks the schema: every list field of every
// object type must be weighed by its arguments or have a bound (linkFields,
// derivedBounds or the sources of a node), never fall back to a guess.
func TestEveryListFieldIsWeighed(t *testing.T) {
	s := costSchema()
	lists := 0
	for _, typ := range s.Types {
		if typ.Kind != ast.Object || strings.HasPrefix(typ.Name, "__") {
			continue
		}
		for _, fd := range typ.Fields {
			if fd.Type.Elem == nil || strings.HasPrefix(fd.Name, "__") {
				continue
			}
			lists++
			key := typ.Name + "." + fd.Name
			if !weighedElsewhere(typ, fd) && !hasBound(key) {
				t.Errorf("list field %s has no weight: give it a bound in linkFields or derivedBounds", key)
			}
		}
	}
	if lists < 100 {
		t.Fatalf("found %d list fields in the schema, expected more than 100", lists)
	}
}

// TestBoundsNameSchemaFields checks that every entry of linkFields and
// derivedBounds names a field of the schema: a link field of a node type
// (its type a node kind), a derived bound a list field.
func TestBoundsNameSchemaFields(t *testing.T) {
	s := costSchema()
	field := func(key string) (*ast.Definition, *ast.FieldDefinition) {
		typName, name, _ := strings.Cut(key, ".")
		typ := s.Types[typName]
		if typ == nil || typ.Fields.ForName(name) == nil {
			t.Errorf("%s is not a field of the schema", key)
			return nil, nil
		}
		return typ, typ.Fields.ForName(name)
	}
	for key, spec := range linkFields {
		typ, _ := field(key)
		if typ != nil && !graph.NodeKind(typ.Name).Valid() {
			t.Errorf("linkFields: %s is not a field of a node type", key)
		}
		if !spec.dir.Valid() || !spec.rel.Valid() {
			t.Errorf("linkFields: %s reads %s %s", key, spec.dir, spec.rel)
		}
	}
	for key := range derivedBounds {
		if _, fd := field(key); fd != nil && fd.Type.Elem == nil {
			t.Errorf("derivedBounds: %s is not a list", key)
		}
		if _, dup := linkFields[key]; dup {
			t.Errorf("%s is both in linkFields and derivedBounds", key)
		}
	}
}

// TestBoundsOfTheSeed checks some bounds against what the seed holds.
func TestBoundsOfTheSeed(t *testing.T) {
	st := memory.New()
	if _, err := seed.Load(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	b, err := readBounds(t.Context(), st)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]int{
		"Group.members":   193, // the Member States
		"State.groups":    1,
		"Query.groups":    1,
		"Query.regions":   29,
		"Counts.nodes":    len(graph.NodeKinds),
		"Region.states":   54, // the largest region
		"State.regions":   3,
		"State.partyTo":   0, // the seed has no treaty action
		"Resolution.asks": 22 * 2,
	} {
		if got, ok := b.list(key); !ok || got != want {
			t.Errorf("bound of %s = %d (known: %v), want %d", key, got, ok, want)
		}
	}
	// A State has at most 3 IN_REGION and 1 MEMBER_OF relationships.
	if got := b.relationships(graph.KindState, map[string]any{"direction": "BOTH"}); got != 4 {
		t.Errorf("bound of State.relationships = %d, want 4", got)
	}
	if got := b.relationships(graph.KindGroup, map[string]any{"direction": "OUT"}); got != 0 {
		t.Errorf("bound of Group.relationships(direction: OUT) = %d, want 0", got)
	}
	if got := b.relationships(graph.KindGroup, map[string]any{"types": []any{"MEMBER_OF", "MEMBER_OF", "NOPE"}}); got != 193 {
		t.Errorf("bound of Group.relationships(types: [MEMBER_OF]) = %d, want 193", got)
	}
}

// flakyStore fails to give its statistics while down is set, and waits
// for hold to be closed when it is not nil.
type flakyStore struct {
	graph.Store
	down  atomic.Bool
	reads atomic.Int32
	hold  chan struct{}
}

func (f *flakyStore) Degrees(ctx context.Context) (graph.Degrees, error) {
	f.reads.Add(1)
	if f.hold != nil {
		<-f.hold
	}
	if f.down.Load() {
		// A store that is down fails after trying, as Neo4j's driver does
		// after its retries; one not connected yet would fail at once.
		time.Sleep(2 * weightsRefused)
		return graph.Degrees{}, graph.Errorf(graph.Unavailable, "the test store is down")
	}
	return f.Store.Degrees(ctx)
}

// TestWeightsFollowTheStore checks the life of the weights: MaxFirst while
// the store cannot answer, the store's bounds once it can, a new reading in
// the background when they are old.
func TestWeightsFollowTheStore(t *testing.T) {
	mem := memory.New()
	if _, err := seed.Load(t.Context(), mem); err != nil {
		t.Fatal(err)
	}
	st := &flakyStore{Store: mem}
	st.down.Store(true)
	w := newWeights(st, discardLogger())
	if st.reads.Load() != 1 {
		t.Fatalf("%d readings when the handler is made, want 1", st.reads.Load())
	}
	b := w.current(t.Context())
	if n, ok := b.list("Group.members"); !b.fallback || n != MaxFirst || !ok {
		t.Fatalf("with the store down, Group.members weighs %d (fallback %v), want MaxFirst", n, b.fallback)
	}
	if st.reads.Load() != 1 {
		t.Errorf("the store was asked again within weightsRetry")
	}

	// The store is back: the next request after the retry delay reads it.
	st.down.Store(false)
	w.mu.Lock()
	if w.retry != weightsRetry {
		t.Errorf("retry delay %v after one failed reading, want %v", w.retry, weightsRetry)
	}
	w.began = time.Now().Add(-w.retry)
	w.mu.Unlock()
	b = w.current(t.Context())
	if n, _ := b.list("Group.members"); b.fallback || n != 193 {
		t.Fatalf("with the store back, Group.members weighs %d (fallback %v), want 193", n, b.fallback)
	}

	// Old weights serve while a goroutine reads new ones.
	old := *b
	old.at = time.Now().Add(-2 * weightsMaxAge)
	w.cur.Store(&old)
	w.mu.Lock()
	w.began = time.Time{}
	w.mu.Unlock()
	if got := w.current(t.Context()); got != &old {
		t.Fatalf("a request with old weights got other ones")
	}
	deadline := time.Now().Add(5 * time.Second)
	for w.cur.Load() == &old {
		if time.Now().After(deadline) {
			t.Fatal("the old weights were not replaced")
		}
		time.Sleep(time.Millisecond)
	}
	if reads := st.reads.Load(); reads != 3 {
		t.Errorf("%d readings in all, want 3", reads)
	}

	// A failed reading keeps the weights there were.
	st.down.Store(true)
	cur := w.cur.Load()
	w.mu.Lock()
	w.began = time.Time{}
	w.mu.Unlock()
	done, mine := w.begin()
	if !mine {
		t.Fatal("no reading may begin")
	}
	w.read(t.Context(), done)
	if w.cur.Load() != cur {
		t.Errorf("a failed reading replaced the weights")
	}
}

// TestRequestsWaitForTheFirstReading checks that, while the weights have
// never been read, requests wait for the reading under way rather than be
// weighed with MaxFirst.
func TestRequestsWaitForTheFirstReading(t *testing.T) {
	mem := memory.New()
	if _, err := seed.Load(t.Context(), mem); err != nil {
		t.Fatal(err)
	}
	st := &flakyStore{Store: mem}
	st.down.Store(true)
	w := newWeights(st, discardLogger())
	st.down.Store(false)
	st.hold = make(chan struct{})
	w.mu.Lock()
	w.began = time.Time{}
	w.mu.Unlock()
	got := make(chan *bounds, 3)
	for range 3 {
		go func() { got <- w.current(t.Context()) }()
	}
	for st.reads.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	close(st.hold)
	for range 3 {
		if b := <-got; b.fallback {
			t.Error("a request was weighed with the fallback while the store was being read")
		}
	}
	if n := st.reads.Load(); n != 2 {
		t.Errorf("%d readings, want 2 (one when the handler was made, one for the three requests)", n)
	}
}

// discardLogger returns a logger that drops everything.
func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
