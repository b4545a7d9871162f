package neo4j_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/graph/storetest"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
)

// envKilledChild makes the test binary the process TestApplyStreamKilled
// kills: it writes part of an import, then waits to be killed.
const envKilledChild = "NEXUS_TEST_STREAM_CHILD"

// killedBatches are the batches of the import that is killed: the first
// replaces a node of the fixture, each adds 2,000 states (test data) and
// their relationships to a region of the fixture.
func killedBatches(k int) graph.Batch {
	src := graph.Source{Citation: "neo4j store test: an import killed midway", Basis: graph.Imported}
	var b graph.Batch
	if k == 0 {
		b.Nodes = append(b.Nodes, graph.NewNode(graph.KindState, "XAA", graph.Props{"nameEn": "Arcadia Killed"}, src))
	}
	for i := range 2000 {
		n := graph.NewNode(graph.KindState, fmt.Sprintf("XK%d%04d", k, i), graph.Props{"nameEn": "Killed state"}, src)
		b.Nodes = append(b.Nodes, n)
		b.Relationships = append(b.Relationships, &graph.Relationship{
			From: n.ID, Type: graph.RelInRegion, To: "Region:902", Props: graph.Props{}, Source: src,
		})
	}
	return b
}

// killedChild writes three batches of an import, says so on stdout, then
// waits to be killed. It runs in the process TestApplyStreamKilled starts.
func killedChild(t *testing.T) {
	st, err := neo4j.New(neo4jtest.Config(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = st.ApplyStream(context.Background(), func(yield func(graph.Batch, error) bool) {
		for k := range 3 {
			if !yield(killedBatches(k), nil) {
				return
			}
		}
		fmt.Println("written: 3 batches")
		time.Sleep(time.Hour)
	})
	t.Fatalf("ApplyStream returned %v; the test should have killed it", err)
}

// TestApplyStreamKilled kills a process in the middle of an ApplyStream:
// the database keeps the three batches it wrote, and its journal, until
// the next recovery, which undoes them. The graph is then as it was.
func TestApplyStreamKilled(t *testing.T) {
	if os.Getenv(envKilledChild) == "1" {
		killedChild(t)
		return
	}
	st := neo4jtest.Open(t)
	ctx := t.Context()
	if err := st.Apply(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	before := storetest.Snapshot(t, st)

	cmd := exec.Command(os.Args[0], "-test.run=^TestApplyStreamKilled$", "-test.count=1")
	cmd.Env = append(os.Environ(), envKilledChild+"=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := bufio.NewReader(out)
	line, err := lines.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "written: 3 batches") {
		rest, _ := io.ReadAll(lines)
		t.Fatalf("the importing process said %q, %v:\n%s", line, err, rest)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	c, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Nodes[graph.KindState]; got != 4+3*2000 {
		t.Fatalf("%d states after the kill, want the 4 of the fixture and the 6000 of the batches written", got)
	}
	// The journal, which holds a copy of Arcadia as it was, is not seen.
	hits, err := st.Search(ctx, graph.SearchQuery{Text: "arcadia", Limit: 10})
	if err != nil || len(hits) != 1 || hits[0].ID != "State:XAA" {
		t.Errorf("Search(arcadia) during the import = %v, %v; want State:XAA once", hits, err)
	}
	page, err := st.FindNodes(ctx, graph.NodeQuery{Kind: graph.KindState, Where: []graph.Cond{{Props: []string{"nameEn"}, Op: graph.OpEq, Value: "Arcadia"}}, Limit: 10})
	if err != nil || page.Total != 0 {
		t.Errorf("states named Arcadia during the import: %d, %v; want none (it is Arcadia Killed now)", page.Total, err)
	}

	// The database ends the killed process's transactions when it sees its
	// connection close, which may take a moment: until then the import
	// looks alive, and Recover leaves it alone.
	var rec neo4j.Recovery
	for range 100 {
		if rec, err = st.Recover(ctx); err != nil || rec.Running == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil || rec != (neo4j.Recovery{Undone: 1}) {
		t.Fatalf("Recover = %+v, %v; want one import undone", rec, err)
	}
	if after := storetest.Snapshot(t, st); after != before {
		t.Errorf("the graph after the recovery differs from the graph before the import:\n%s", diffLine(after, before))
	}
	if rec, err := st.Recover(ctx); err != nil || rec != (neo4j.Recovery{}) {
		t.Errorf("Recover again = %+v, %v; want nothing to do", rec, err)
	}
	// The store takes imports again.
	if err := st.ApplyStream(ctx, func(yield func(graph.Batch, error) bool) { yield(killedBatches(0), nil) }); err != nil {
		t.Errorf("ApplyStream after the recovery: %v", err)
	}
}

// TestApplyStreamOneAtATime checks that an import cannot begin while
// another is under way.
func TestApplyStreamOneAtATime(t *testing.T) {
	st := neo4jtest.Open(t)
	ctx := t.Context()
	if err := st.Apply(ctx, storetest.Fixture()); err != nil {
		t.Fatal(err)
	}
	before := storetest.Snapshot(t, st)
	var inner error
	err := st.ApplyStream(ctx, func(yield func(graph.Batch, error) bool) {
		if !yield(killedBatches(0), nil) {
			return
		}
		inner = st.ApplyStream(ctx, func(yield func(graph.Batch, error) bool) { yield(killedBatches(1), nil) })
		yield(killedBatches(2), nil)
	})
	if err != nil {
		t.Fatalf("the first import: %v", err)
	}
	if graph.ErrorCode(inner) != graph.Conflict {
		t.Errorf("an import during another: %v (code %s), want Conflict", inner, graph.ErrorCode(inner))
	}
	c, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Nodes[graph.KindState]; got != 4+2*2000 {
		t.Errorf("%d states, want the 4 of the fixture and the 4000 of the first import", got)
	}
	if before == storetest.Snapshot(t, st) {
		t.Error("the first import changed nothing")
	}
}

// diffLine returns the first line where got and want differ.
func diffLine(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}
