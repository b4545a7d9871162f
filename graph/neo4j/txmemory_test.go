package neo4j

import (
	"errors"
	"strings"
	"testing"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nexus-graph/nexus/graph"
)

// TestMemoryErrors checks that a transaction over the database's memory
// limits is Invalid, with a message naming the settings, however it comes
// back (after the driver's retries, too), and that noRetry hides it from
// the driver's retries.
func TestMemoryErrors(t *testing.T) {
	for _, code := range []string{codeTxOutOfMemory, codePoolOutOfMemory} {
		for name, err := range map[string]error{
			"direct":      &n4j.Neo4jError{Code: code},
			"retries-out": &n4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{&n4j.Neo4jError{Code: code}}},
		} {
			t.Run(code+"/"+name, func(t *testing.T) {
				got, why := classify(err)
				if got != graph.Invalid || !strings.Contains(why, "db.memory.transaction.max") {
					t.Errorf("classify = %s, %q; want Invalid naming db.memory.transaction.max", got, why)
				}
			})
		}
		t.Run(code+"/no-retry", func(t *testing.T) {
			err := noRetry(&n4j.Neo4jError{Code: code})
			var dbErr *n4j.Neo4jError
			if errors.As(err, &dbErr) {
				t.Errorf("noRetry(%s) still wraps the driver's error, which the driver would retry", code)
			}
			if graph.ErrorCode(err) != graph.Invalid {
				t.Errorf("noRetry(%s) = %v, want an Invalid error", code, err)
			}
		})
	}
	other := &n4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}
	if err := noRetry(other); err != error(other) {
		t.Errorf("noRetry changed another error: %v", err)
	}
	if got, _ := classify(other); got != graph.Unavailable {
		t.Errorf("classify(%s) = %s, want Unavailable", other.Code, got)
	}
}
