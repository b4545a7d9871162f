package neo4j

import (
	"context"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// What the tests of package neo4j_test need from inside the package.

// FindQuery is findQuery: the Cypher and parameters of FindNodes.
var FindQuery = findQuery

// RetiredIndexes is retiredIndexes.
var RetiredIndexes = retiredIndexes

// Profile runs query with PROFILE, in a read transaction, and returns its
// plan as run.
func (s *Store) Profile(ctx context.Context, query string, params map[string]any) (n4j.ProfiledPlan, error) {
	res, err := n4j.ExecuteQuery(ctx, s.driver, "PROFILE "+query, params, n4j.EagerResultTransformer,
		n4j.ExecuteQueryWithDatabase(s.db), n4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, s.fail(ctx, "profile", err)
	}
	return res.Summary.Profile(), nil
}

// PrepareForReplanning samples every index again, waits for it and clears
// the query caches, so that the next plans see the data as it is.
func (s *Store) PrepareForReplanning(ctx context.Context) error {
	_, err := n4j.ExecuteQuery(ctx, s.driver, "CALL db.prepareForReplanning()", nil, n4j.EagerResultTransformer,
		n4j.ExecuteQueryWithDatabase(s.db), n4j.ExecuteQueryWithWritersRouting())
	return s.fail(ctx, "prepare for replanning", err)
}

// SchemaWrite runs one schema statement.
func (s *Store) SchemaWrite(ctx context.Context, statement string) error {
	return s.schemaWrite(ctx, statement, nil)
}

// SchemaState returns the indexes and constraints of the database, each
// with the state of its index.
func (s *Store) SchemaState(ctx context.Context) (map[string]string, error) {
	return s.schemaState(ctx)
}
