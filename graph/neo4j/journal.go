package neo4j

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nexus-graph/nexus/graph"
)

// The undo journal of ApplyStream (see the package comment, Imports). An
// import has one head node, labelled NexusImport, and journal nodes,
// labelled NexusJournal: neither has the label Nexus nor a kind's label,
// nor any relationship, so that no query of the graph (Nodes, FindNodes,
// Relationships, Search, Counts, Degrees) ever meets them. Their own
// properties start with "__", which no stored property does (Props names
// are letters and digits, derived ones start with "_" and a letter), so
// that a journal node can hold a copy of the properties of the node or
// relationship it saves beside them.
const (
	labelImport  = "NexusImport"
	labelJournal = "NexusJournal"

	// The head: the import's id, the token of the process that works on
	// it, its state, the last chunk written (-1 before the first), when it
	// began, and __single, the same on every head, which a uniqueness
	// constraint makes one import at a time.
	jImport  = "__import"
	jOwner   = "__owner"
	jState   = "__state"
	jSeq     = "__seq"
	jStarted = "__started"
	jSingle  = "__single"
	jLock    = "__lock" // set and removed at once, to lock the head before reading it

	// A journal node: its import and chunk, then either what it saves (a
	// node's properties and its id in __node; a relationship's properties
	// and its identity in __from, __type, __to, __relKey), or what the chunk
	// created (__newNodes: ids; __newFrom, __newType, __newTo, __newKey:
	// relationship identities, one element each).
	jNode     = "__node"
	jFrom     = "__from"
	jType     = "__type"
	jTo       = "__to"
	jRelKey   = "__relKey"
	jNewNodes = "__newNodes"
	jNewFrom  = "__newFrom"
	jNewType  = "__newType"
	jNewTo    = "__newTo"
	jNewKey   = "__newKey"

	// metaImport is the transaction metadata key of the guard transaction
	// a process keeps open while it works on an import: while the database
	// lists an open transaction with the import's id under this key, no
	// other process recovers it.
	metaImport = "nexusImport"
)

// The states of an import.
const (
	stateRunning   = "running"   // batches are being written
	stateCommitted = "committed" // every batch is written: the journal only remains to delete
	stateUndoing   = "undoing"   // the chunks are being undone, the last first
)

// journalSchema is the index and the constraint of the journal, which
// Migrate creates with the others.
var journalSchema = []schemaItem{
	{
		name: "nexus_journal",
		statement: "CREATE INDEX nexus_journal IF NOT EXISTS FOR (j:" + labelJournal + ") ON (j." +
			jImport + ", j." + jSeq + ")",
	},
	{
		name: "nexus_import_single",
		statement: "CREATE CONSTRAINT nexus_import_single IF NOT EXISTS FOR (h:" + labelImport + ") REQUIRE h." +
			jSingle + " IS UNIQUE",
	},
}

// The queries of the journal. $import is the import's id, $seq a chunk's
// number.
const (
	createHeadQuery = `CREATE (h:` + labelImport + ` {` + jImport + `: $import, ` + jOwner + `: $owner, ` +
		jState + `: '` + stateRunning + `', ` + jSeq + `: -1, ` + jSingle + `: true, ` + jStarted + `: datetime()})`

	// claimQuery locks the head, then checks that $owner works on it in
	// one of $states: without the lock, the check could read a value
	// another transaction is changing.
	claimQuery = `MATCH (h:` + labelImport + ` {` + jImport + `: $import})
SET h.` + jLock + ` = true
WITH h WHERE h.` + jOwner + ` = $owner AND h.` + jState + ` IN $states
REMOVE h.` + jLock + `
RETURN h.` + jSeq

	setSeqQuery   = `MATCH (h:` + labelImport + ` {` + jImport + `: $import}) SET h.` + jSeq + ` = $seq`
	setStateQuery = `MATCH (h:` + labelImport + ` {` + jImport + `: $import}) SET h.` + jState + ` = $state`

	// takeOverQuery makes $owner the owner of the import, if $previous
	// still is.
	takeOverQuery = `MATCH (h:` + labelImport + ` {` + jImport + `: $import})
SET h.` + jLock + ` = true
WITH h WHERE h.` + jOwner + ` = $previous
REMOVE h.` + jLock + `
SET h.` + jOwner + ` = $owner
RETURN h.` + jState

	headsQuery = `MATCH (h:` + labelImport + `)
RETURN h.` + jImport + `, h.` + jOwner + `, h.` + jState + `, toString(h.` + jStarted + `)`

	// liveImportsQuery lists the imports whose guard transaction is open,
	// not terminated nor closing (as it is for a moment once its
	// connection has closed).
	liveImportsQuery = `SHOW TRANSACTIONS YIELD metaData, status
WHERE metaData.` + metaImport + ` IS NOT NULL AND NOT status STARTS WITH 'Terminated' AND NOT status STARTS WITH 'Closing'
RETURN DISTINCT metaData.` + metaImport + ` AS id`

	// saveNodesQuery saves the nodes of $ids that exist, and returns their ids.
	saveNodesQuery = `UNWIND $ids AS id
MATCH (n:` + labelNexus + ` {` + propID + `: id})
CREATE (j:` + labelJournal + `)
SET j = properties(n), j.` + jImport + ` = $import, j.` + jSeq + ` = $seq, j.` + jNode + ` = id
RETURN id`

	newNodesQuery = `CREATE (:` + labelJournal + ` {` + jImport + `: $import, ` + jSeq + `: $seq, ` + jNewNodes + `: $ids})`

	// saveRelsQuery saves the relationships of type %[1]s of $rows that
	// exist, and returns their row numbers. The relationship is found from
	// both its ends at once (a pattern comprehension over bound nodes is an
	// Expand(Into), which walks the end with fewer relationships): a MATCH
	// of the whole pattern lets the planner walk every relationship of an
	// end that has thousands, such as a body running every programme. The
	// undo queries find relationships in the same way.
	saveRelsQuery = `UNWIND $rows AS row
MATCH (a:` + labelNexus + ` {` + propID + `: row.from})
MATCH (b:` + labelNexus + ` {` + propID + `: row.to})
UNWIND [(a)-[r:%[1]s {` + propKey + `: row.key}]->(b) | r] AS r
CREATE (j:` + labelJournal + `)
SET j = properties(r), j.` + jImport + ` = $import, j.` + jSeq + ` = $seq,
    j.` + jFrom + ` = row.from, j.` + jType + ` = '%[1]s', j.` + jTo + ` = row.to, j.` + jRelKey + ` = row.key
RETURN row.i`

	newRelsQuery = `CREATE (:` + labelJournal + ` {` + jImport + `: $import, ` + jSeq + `: $seq, ` +
		jNewFrom + `: $from, ` + jNewType + `: $types, ` + jNewTo + `: $to, ` + jNewKey + `: $keys})`

	// The undo of one chunk, in this order: the relationships it replaced
	// get their properties back, those it created go, then the same for
	// nodes (a node it created goes with any relationship left on it), and
	// the chunk's journal goes.
	undoRelsQuery = `MATCH (j:` + labelJournal + ` {` + jImport + `: $import, ` + jSeq + `: $seq}) WHERE j.` + jType + ` IS NOT NULL
MATCH (a:` + labelNexus + ` {` + propID + `: j.` + jFrom + `})
MATCH (b:` + labelNexus + ` {` + propID + `: j.` + jTo + `})
UNWIND [(a)-[r]->(b) WHERE type(r) = j.` + jType + ` AND r.` + propKey + ` = j.` + jRelKey + ` | r] AS r
SET r = properties(j)
REMOVE r.` + jImport + `, r.` + jSeq + `, r.` + jFrom + `, r.` + jType + `, r.` + jTo + `, r.` + jRelKey
	undoNewRelsQuery = `MATCH (j:` + labelJournal + ` {` + jImport + `: $import, ` + jSeq + `: $seq}) WHERE j.` + jNewFrom + ` IS NOT NULL
UNWIND range(0, size(j.` + jNewFrom + `) - 1) AS i
MATCH (a:` + labelNexus + ` {` + propID + `: j.` + jNewFrom + `[i]})
MATCH (b:` + labelNexus + ` {` + propID + `: j.` + jNewTo + `[i]})
UNWIND [(a)-[r]->(b) WHERE type(r) = j.` + jNewType + `[i] AND r.` + propKey + ` = j.` + jNewKey + `[i] | r] AS r
DELETE r`
	undoNodesQuery = `MATCH (j:` + labelJournal + ` {` + jImport + `: $import, ` + jSeq + `: $seq}) WHERE j.` + jNode + ` IS NOT NULL
MATCH (n:` + labelNexus + ` {` + propID + `: j.` + jNode + `})
SET n = properties(j)
REMOVE n.` + jImport + `, n.` + jSeq + `, n.` + jNode
	undoNewNodesQuery = `MATCH (j:` + labelJournal + ` {` + jImport + `: $import, ` + jSeq + `: $seq}) WHERE j.` + jNewNodes + ` IS NOT NULL
UNWIND j.` + jNewNodes + ` AS id
MATCH (n:` + labelNexus + ` {` + propID + `: id})
DETACH DELETE n`
	deleteChunkQuery = `MATCH (j:` + labelJournal + ` {` + jImport + `: $import, ` + jSeq + `: $seq}) DELETE j`

	// deleteJournalQuery deletes up to $batch journal nodes of an import.
	deleteJournalQuery = `MATCH (j:` + labelJournal + `) WHERE j.` + jImport + ` = $import AND j.` + jSeq + ` IS NOT NULL
WITH j LIMIT $batch DELETE j RETURN count(*)`
	deleteHeadQuery = `MATCH (h:` + labelImport + ` {` + jImport + `: $import}) DELETE h`
)

// saveRelsQueries are saveRelsQuery per relationship type.
var saveRelsQueries = func() map[graph.RelType]string {
	m := make(map[graph.RelType]string, len(graph.RelTypes))
	for _, t := range graph.RelTypes {
		m[t] = fmt.Sprintf(saveRelsQuery, string(t))
	}
	return m
}()

// undoQueries are the queries of the undo of a chunk, in order.
var undoQueries = []string{undoRelsQuery, undoNewRelsQuery, undoNodesQuery, undoNewNodesQuery, deleteChunkQuery}

// journalDeleteBatch is how many journal nodes one transaction deletes once
// an import is committed.
const journalDeleteBatch = 10000

// errTakenOver is the error of an import whose head another process took
// over (having judged it abandoned) or that is gone.
var errTakenOver = graph.Errorf(graph.Conflict,
	"neo4j store: the import was taken over by another process's recovery, which judged it abandoned; nothing of it remains")

// importID returns a new random id for an import or an owner.
func importID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// guard is an open transaction whose metadata names an import: while it is
// open, the database lists it (SHOW TRANSACTIONS), and no other process
// recovers the import. It ends with the process, or its connection.
type guard struct {
	session n4j.SessionWithContext
	tx      n4j.ExplicitTransaction
}

// openGuard opens the guard of import id.
func (s *Store) openGuard(ctx context.Context, id string) (*guard, error) {
	session := s.driver.NewSession(ctx, n4j.SessionConfig{AccessMode: n4j.AccessModeWrite, DatabaseName: s.db})
	tx, err := session.BeginTransaction(ctx, n4j.WithTxMetadata(map[string]any{metaImport: id}))
	if err == nil {
		var result n4j.ResultWithContext
		if result, err = tx.Run(ctx, pingQuery, nil); err == nil {
			_, err = result.Consume(ctx)
		}
		if err != nil {
			_ = tx.Close(context.WithoutCancel(ctx))
		}
	}
	if err != nil {
		s.closeSession(ctx, session)
		return nil, s.fail(ctx, "apply stream: open the import's guard transaction", err)
	}
	return &guard{session: session, tx: tx}, nil
}

// close ends the guard's transaction, which wrote nothing.
func (g *guard) close(s *Store, ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	_ = g.tx.Close(ctx) // fails when the server went away, which ended it anyway
	s.closeSession(ctx, g.session)
}

// claim locks the head of import id in tx and checks that owner works on it
// in one of states. It returns the head's last chunk, or errTakenOver.
func claim(ctx context.Context, tx n4j.ManagedTransaction, id, owner string, states ...string) (int64, error) {
	records, err := run(ctx, tx, claimQuery, map[string]any{"import": id, "owner": owner, "states": states})
	if err != nil {
		return 0, noRetry(err)
	}
	if len(records) != 1 {
		return 0, errTakenOver
	}
	seq, ok := records[0].Values[0].(int64)
	if !ok {
		return 0, graph.Errorf(graph.Internal, "neo4j store: the head of import %s has no chunk number", id)
	}
	return seq, nil
}

// undo undoes import id, which owner works on in one of states, chunk by
// chunk from the last, each in its own transaction, then deletes its head.
// A failure leaves the import to be undone from where it stopped.
func (s *Store) undo(ctx context.Context, id, owner string, states ...string) error {
	err := s.write(ctx, "undo an import", func(ctx context.Context, tx n4j.ManagedTransaction) error {
		if _, err := claim(ctx, tx, id, owner, states...); err != nil {
			return err
		}
		_, err := run(ctx, tx, setStateQuery, map[string]any{"import": id, "state": stateUndoing})
		return noRetry(err)
	})
	if err != nil {
		return err
	}
	for {
		done := false
		err := s.write(ctx, "undo an import", func(ctx context.Context, tx n4j.ManagedTransaction) error {
			seq, err := claim(ctx, tx, id, owner, stateUndoing)
			if err != nil {
				return err
			}
			params := map[string]any{"import": id, "seq": seq}
			if seq < 0 {
				done = true
				for _, q := range []string{deleteChunkQuery, deleteHeadQuery} {
					if _, err := run(ctx, tx, q, params); err != nil {
						return noRetry(err)
					}
				}
				return nil
			}
			for _, q := range undoQueries {
				if _, err := run(ctx, tx, q, params); err != nil {
					return noRetry(err)
				}
			}
			_, err = run(ctx, tx, setSeqQuery, map[string]any{"import": id, "seq": seq - 1})
			return noRetry(err)
		})
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// finish deletes the journal of import id, which is committed, in bounded
// transactions, then its head.
func (s *Store) finish(ctx context.Context, id string) error {
	if err := s.deleteInBatches(ctx, "delete an import's journal", deleteJournalQuery, map[string]any{"import": id}, journalDeleteBatch); err != nil {
		return err
	}
	return s.write(ctx, "delete an import's journal", func(ctx context.Context, tx n4j.ManagedTransaction) error {
		_, err := run(ctx, tx, deleteHeadQuery, map[string]any{"import": id})
		return noRetry(err)
	})
}

// Recovery says what Recover did.
type Recovery struct {
	// Undone counts the unfinished imports it undid.
	Undone int
	// Finished counts the committed imports whose journal it deleted.
	Finished int
	// Running counts the imports it left alone, since a process still
	// works on them (or, when the database would not list its open
	// transactions, might).
	Running int
}

// Recover finishes the imports (ApplyStream calls) that their process left
// unfinished, having been killed or having lost the database: an import
// stopped while its batches were being written is undone, chunk by chunk
// from the last, so that the graph is as it was before it; an import
// stopped after its last batch, while its journal was being deleted, keeps
// its batches and loses its journal. An import that a process still works
// on (whose guard transaction the database lists as open) is left alone.
// Migrate calls it, and so does ApplyStream before it writes, so that no
// write lands on a graph that an unfinished import left half-written. A
// recovery that fails (the database went away again) is taken up where it
// stopped the next time.
func (s *Store) Recover(ctx context.Context) (Recovery, error) {
	var rec Recovery
	if err := s.usable(ctx, "recover imports"); err != nil {
		return rec, err
	}
	records, err := s.read(ctx, "recover imports", headsQuery, nil)
	if err != nil || len(records) == 0 {
		return rec, err
	}
	liveRecords, err := s.read(ctx, "recover imports: list the open transactions", liveImportsQuery, nil)
	if graph.ErrorCode(err) == graph.Unauthorized {
		// Without the list, no import can be known to be abandoned.
		s.logger.Warn("neo4j store: unfinished imports left alone: the database would not list its open transactions",
			"imports", len(records), "error", err)
		rec.Running = len(records)
		return rec, nil
	}
	if err != nil {
		return rec, err
	}
	live := make(map[string]bool, len(liveRecords))
	for _, r := range liveRecords {
		if id, ok := r.Values[0].(string); ok {
			live[id] = true
		}
	}
	for _, r := range records {
		id, _ := r.Values[0].(string)
		previous, _ := r.Values[1].(string)
		started, _ := r.Values[3].(string)
		if live[id] {
			rec.Running++
			s.logger.Info("neo4j store: an import is running; left alone", "import", id, "started", started)
			continue
		}
		undone, err := s.recoverOne(ctx, id, previous)
		if err != nil {
			return rec, fmt.Errorf("neo4j store: recover the import %s (started %s): %w", id, started, err)
		}
		switch undone {
		case stateCommitted:
			rec.Finished++
			s.logger.Info("neo4j store: deleted the journal of a finished import", "import", id, "started", started)
		case stateUndoing:
			rec.Undone++
			s.logger.Warn("neo4j store: undid an unfinished import", "import", id, "started", started)
		}
	}
	return rec, nil
}

// recoverOne takes import id over from its previous owner and finishes it,
// under a guard of its own. It returns stateCommitted when it deleted the
// journal of a committed import, stateUndoing when it undid it, "" when
// another process took it over first.
func (s *Store) recoverOne(ctx context.Context, id, previous string) (string, error) {
	g, err := s.openGuard(ctx, id)
	if err != nil {
		return "", err
	}
	defer g.close(s, ctx)
	owner := importID()
	var state string
	err = s.write(ctx, "recover imports", func(ctx context.Context, tx n4j.ManagedTransaction) error {
		records, err := run(ctx, tx, takeOverQuery, map[string]any{"import": id, "previous": previous, "owner": owner})
		if err != nil {
			return noRetry(err)
		}
		state = ""
		if len(records) == 1 {
			state, _ = records[0].Values[0].(string)
		}
		return nil
	})
	switch {
	case err != nil:
		return "", err
	case state == "":
		return "", nil
	case state == stateCommitted:
		return stateCommitted, s.finish(ctx, id)
	}
	return stateUndoing, s.undo(ctx, id, owner, stateRunning, stateUndoing)
}

// isConstraintError reports whether err is the database refusing a write
// that breaks a uniqueness constraint.
func isConstraintError(err error) bool {
	var dbErr *n4j.Neo4jError
	return errors.As(err, &dbErr) && dbErr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed"
}

// describeRunning says which import holds the database, for the error of an
// import that cannot begin.
func (s *Store) describeRunning(ctx context.Context) string {
	records, err := s.read(ctx, "apply stream", headsQuery, nil)
	if err != nil || len(records) == 0 {
		return "another import"
	}
	var parts []string
	for _, r := range records {
		id, _ := r.Values[0].(string)
		started, _ := r.Values[3].(string)
		parts = append(parts, fmt.Sprintf("import %s, started %s", id, started))
	}
	return strings.Join(parts, "; ")
}
