package neo4j_test

import (
	"context"
	"slices"
	"testing"

	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/internal/neo4jtest"
)

// TestMigrateDropsRetiredIndexes checks that Migrate drops an index that an
// earlier version created and that nothing reads any more, once, and keeps
// every other.
func TestMigrateDropsRetiredIndexes(t *testing.T) {
	st := neo4jtest.Open(t) // migrated once
	const retired, kept = "nexus_state_iso3", "nexus_test_kept"
	if !slices.Contains(neo4j.RetiredIndexes, retired) {
		t.Fatalf("%s is not retired: %v", retired, neo4j.RetiredIndexes)
	}
	for _, stmt := range []string{
		"CREATE INDEX " + retired + " IF NOT EXISTS FOR (n:State) ON (n.iso3)",
		"CREATE INDEX " + kept + " IF NOT EXISTS FOR (n:State) ON (n.iso2)",
	} {
		if err := st.SchemaWrite(t.Context(), stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	t.Cleanup(func() {
		if err := st.SchemaWrite(context.Background(), "DROP INDEX "+kept+" IF EXISTS"); err != nil {
			t.Errorf("drop %s: %v", kept, err)
		}
	})
	for range 2 {
		if err := st.Migrate(t.Context()); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		state, err := st.SchemaState(t.Context())
		if err != nil {
			t.Fatalf("read the schema: %v", err)
		}
		if _, ok := state[retired]; ok {
			t.Errorf("after Migrate, the retired index %s is still there", retired)
		}
		if _, ok := state[kept]; !ok {
			t.Errorf("after Migrate, the index %s, which Migrate does not know, is gone", kept)
		}
		for _, name := range neo4j.SchemaNames() {
			if slices.Contains(neo4j.RetiredIndexes, name) {
				t.Errorf("%s is both created and retired", name)
			}
		}
	}
	if err := st.CheckSchema(t.Context()); err != nil {
		t.Errorf("CheckSchema after Migrate: %v", err)
	}
}
