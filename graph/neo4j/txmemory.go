package neo4j

import (
	"errors"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nexus-graph/nexus/graph"
)

// The status codes of a transaction that needs more memory than the
// database allows: one transaction over db.memory.transaction.max, or all of
// them together over dbms.memory.transaction.total.max (or, per database,
// db.memory.transaction.total.max).
const (
	codeTxOutOfMemory   = "Neo.ClientError.General.TransactionOutOfMemoryError"
	codePoolOutOfMemory = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
)

// memoryMessage says what to do about a transaction-memory error. It is not
// an outage: the request is larger than the database's limits allow.
const memoryMessage = "the database has not the memory this change or query needs " +
	"(Neo4j settings db.memory.transaction.max for one transaction, dbms.memory.transaction.total.max for all of them): " +
	"write in smaller batches (nexus import does), try again when the database is less busy, or raise those settings"

// isMemoryCode reports whether code is a transaction-memory error.
func isMemoryCode(code string) bool {
	return code == codeTxOutOfMemory || code == codePoolOutOfMemory
}

// noRetry returns err, except that a transaction-memory error becomes an
// Invalid error that does not wrap the driver's error: the driver retries
// a transaction whose work returns a transient error it can find with
// errors.As, and a transaction too large for the database's memory would
// fail in the same way each time, for up to the retry time.
func noRetry(err error) error {
	var dbErr *n4j.Neo4jError
	if errors.As(err, &dbErr) && isMemoryCode(dbErr.Code) {
		return graph.Errorf(graph.Invalid, "neo4j store: %s (%s)", memoryMessage, dbErr.Code)
	}
	return err
}
