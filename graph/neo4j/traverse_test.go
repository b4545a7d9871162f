package neo4j_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/graph/traverse"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
	"github.com/nexus-graph/nexus/seed"
)

// txCounter reads the number the server gave its latest transaction: the
// server numbers the transactions of a database in order, and SHOW
// TRANSACTIONS lists its own.
type txCounter struct {
	drv n4j.DriverWithContext
	db  string
}

func newTxCounter(t *testing.T) txCounter {
	t.Helper()
	cfg := neo4jtest.Config(t)
	auth := n4j.NoAuth()
	if cfg.User != "" {
		auth = n4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	drv, err := n4j.NewDriverWithContext(cfg.URI, auth)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { drv.Close(context.Background()) })
	db := cfg.Database
	if db == "" {
		db = neo4j.DefaultDatabase
	}
	return txCounter{drv: drv, db: db}
}

const ownTransaction = `SHOW TRANSACTIONS YIELD transactionId, currentQuery
WHERE currentQuery STARTS WITH 'SHOW TRANSACTIONS YIELD transactionId, currentQuery'
RETURN transactionId`

// latest returns the number of the counter's own transaction.
func (c txCounter) latest(t *testing.T) int64 {
	t.Helper()
	res, err := n4j.ExecuteQuery(t.Context(), c.drv, ownTransaction, nil, n4j.EagerResultTransformer, n4j.ExecuteQueryWithDatabase(c.db))
	if err != nil {
		t.Fatalf("show transactions: %v", err)
	}
	if len(res.Records) != 1 {
		t.Fatalf("show transactions: %d rows, want 1", len(res.Records))
	}
	id, _ := res.Records[0].Values[0].(string)
	n, err := strconv.ParseInt(id[strings.LastIndexByte(id, '-')+1:], 10, 64)
	if err != nil {
		t.Fatalf("transaction id %q: %v", id, err)
	}
	return n
}

// transactions returns how many transactions f runs: the fewest of three
// tries, so that another client's transaction cannot make it more.
func (c txCounter) transactions(t *testing.T, f func() error) int64 {
	t.Helper()
	fewest := int64(-1)
	for range 3 {
		before := c.latest(t)
		if err := f(); err != nil && graph.ErrorCode(err) != graph.NotFound {
			t.Fatal(err)
		}
		n := c.latest(t) - before - 1
		if fewest < 0 || n < fewest {
			fewest = n
		}
	}
	return fewest
}

// TestTraversalsAreOneTransaction checks that Neighborhood and
// ShortestPaths each run one transaction (one statement), whatever the
// depth or length, where the reference walk runs one per level and one for
// the nodes; a malformed end runs none.
func TestTraversalsAreOneTransaction(t *testing.T) {
	st := neo4jtest.Open(t)
	if _, err := seed.Load(t.Context(), st); err != nil {
		t.Fatalf("load the seed: %v", err)
	}
	c := newTxCounter(t)
	if n := c.transactions(t, func() error { return nil }); n != 0 {
		t.Fatalf("%d transactions between two readings of the counter, want 0: the counter does not count", n)
	}
	hoods := []struct {
		root  graph.ID
		depth int
		want  int64
	}{
		{"Paragraph:A/RES/66/178/op/9", 0, 1},
		{"Paragraph:A/RES/66/178/op/9", 2, 1},
		{"Paragraph:A/RES/66/178/op/9", 4, 1},
		{"Group:member-states", 3, 1},
		{"State:XZZ", 2, 1},
		{"nonsense", 2, 0},
	}
	for _, h := range hoods {
		q := graph.NeighborhoodQuery{Depth: h.depth, Limit: graph.MaxNeighborhoodLimit}
		if got := c.transactions(t, func() error { _, err := st.Neighborhood(t.Context(), h.root, q); return err }); got != h.want {
			t.Errorf("Neighborhood(%s, depth %d): %d transactions, want %d", h.root, h.depth, got, h.want)
		}
		if h.depth == 2 && h.root == "Paragraph:A/RES/66/178/op/9" {
			ref := c.transactions(t, func() error { _, err := traverse.Neighborhood(t.Context(), st, h.root, q); return err })
			if ref != 4 {
				t.Errorf("the reference Neighborhood(%s, depth 2): %d transactions, want 4 (two levels, the last one's relationships, the nodes): the counter miscounts", h.root, ref)
			}
		}
	}
	paths := []struct {
		from, to graph.ID
		q        graph.PathQuery
		want     int64
	}{
		{"State:FRA", "State:DEU", graph.PathQuery{MaxLength: 6, All: true, Limit: 10}, 1},
		{"Footnote:A/RES/66/178/fn/3", "State:BRA", graph.PathQuery{MaxLength: 10, All: true, Limit: 100}, 1},
		{"State:FRA", "State:DEU", graph.PathQuery{MaxLength: 1}, 1},
		{"State:FRA", "State:FRA", graph.PathQuery{MaxLength: 6}, 1},
		{"State:XZZ", "State:DEU", graph.PathQuery{MaxLength: 6}, 1},
		{"State:FRA", "FRA", graph.PathQuery{MaxLength: 6}, 0},
	}
	for _, p := range paths {
		if got := c.transactions(t, func() error { _, err := st.ShortestPaths(t.Context(), p.from, p.to, p.q); return err }); got != p.want {
			t.Errorf("ShortestPaths(%s, %s, %+v): %d transactions, want %d", p.from, p.to, p.q, got, p.want)
		}
	}
}
