package neo4j

import (
	"context"
	"fmt"
	"iter"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nexus-graph/nexus/graph"
)

// chunkSize is the most nodes or relationships one transaction of
// ApplyStream writes: what bounds the memory the database needs for it,
// whatever the size of the batches.
var chunkSize = 5000

// ApplyStream implements graph.Store. It first recovers what an import
// killed earlier left (Recover), then writes each batch in transactions
// of at most chunkSize nodes or relationships, nodes first, each with the
// undo journal of what it replaces: when the sequence yields an error, a
// batch is invalid, ctx ends or a write fails, the chunks written are
// undone, the last first, and the graph is as it was. One import runs at a
// time on a database (Conflict otherwise). See the package comment
// (Imports) for what readers see meanwhile.
func (s *Store) ApplyStream(ctx context.Context, batches iter.Seq2[graph.Batch, error]) error {
	if err := s.usable(ctx, "apply stream"); err != nil {
		return err
	}
	if _, err := s.Recover(ctx); err != nil {
		return err
	}
	imp := &importRun{s: s, id: importID(), owner: importID(), seq: -1}
	g, err := s.openGuard(ctx, imp.id)
	if err != nil {
		return err
	}
	defer g.close(s, ctx)
	err = s.write(ctx, "apply stream", func(ctx context.Context, tx n4j.ManagedTransaction) error {
		_, err := run(ctx, tx, createHeadQuery, map[string]any{"import": imp.id, "owner": imp.owner})
		if isConstraintError(err) {
			return graph.Errorf(graph.Conflict, "neo4j store: apply stream: %s is running on this database: "+
				"one import at a time; try again once it has ended", s.describeRunning(ctx))
		}
		return noRetry(err)
	})
	if err != nil {
		return err
	}
	k := 0
	for b, berr := range batches {
		k++
		if berr != nil {
			return imp.abort(ctx, fmt.Errorf("neo4j store: apply stream: batch %d: %w", k, berr))
		}
		if err := ctx.Err(); err != nil {
			return imp.abort(ctx, fmt.Errorf("neo4j store: apply stream: %w", err))
		}
		p, err := prepare(b, fmt.Sprintf("batch %d: ", k))
		if err != nil {
			return imp.abort(ctx, err)
		}
		if err := imp.write(ctx, p, k); err != nil {
			return imp.abort(ctx, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return imp.abort(ctx, fmt.Errorf("neo4j store: apply stream: %w", err))
	}
	return imp.commit(ctx)
}

// importRun is one ApplyStream call under way.
type importRun struct {
	s     *Store
	id    string // the import's id, in its head and journal
	owner string // this call's token, which the head names while it works on the import
	seq   int64  // the last chunk written
}

// write writes the batch p, the kth, in chunks: its nodes, then its
// relationships.
func (r *importRun) write(ctx context.Context, p prepared, k int) error {
	for i := 0; i < len(p.nodes); i += chunkSize {
		if err := r.writeNodes(ctx, p.nodes[i:min(i+chunkSize, len(p.nodes))]); err != nil {
			return err
		}
	}
	where := fmt.Sprintf("batch %d: ", k)
	for i := 0; i < len(p.rels); i += chunkSize {
		if err := r.writeRels(ctx, p.rels[i:min(i+chunkSize, len(p.rels))], where); err != nil {
			return err
		}
	}
	return nil
}

// writeNodes writes one chunk of nodes with its journal, in one transaction.
func (r *importRun) writeNodes(ctx context.Context, nodes []*graph.Node) error {
	seq := r.seq + 1
	ids := make([]string, len(nodes))
	for i, n := range nodes {
		ids[i] = string(n.ID)
	}
	rows := nodeRowsByKind(nodes)
	err := r.s.write(ctx, "apply stream", func(ctx context.Context, tx n4j.ManagedTransaction) error {
		if err := r.begin(ctx, tx, seq); err != nil {
			return err
		}
		params := map[string]any{"import": r.id, "seq": seq, "ids": ids}
		records, err := run(ctx, tx, saveNodesQuery, params)
		if err != nil {
			return noRetry(err)
		}
		if len(records) < len(ids) {
			saved := make(map[string]bool, len(records))
			for _, rec := range records {
				id, _ := rec.Values[0].(string)
				saved[id] = true
			}
			created := make([]string, 0, len(ids)-len(records))
			for _, id := range ids {
				if !saved[id] {
					created = append(created, id)
				}
			}
			params["ids"] = created
			if _, err := run(ctx, tx, newNodesQuery, params); err != nil {
				return noRetry(err)
			}
		}
		return mergeNodes(ctx, tx, rows)
	})
	if err == nil {
		r.seq = seq
	}
	return err
}

// writeRels writes one chunk of relationships with its journal, in one
// transaction, once it has checked that their endpoints exist.
func (r *importRun) writeRels(ctx context.Context, rels []*graph.Relationship, where string) error {
	seq := r.seq + 1
	ends := endpoints(rels, nil)
	rows := relRowsByType(rels)
	index := make(map[graph.RelType][]int)
	for i, rel := range rels {
		index[rel.Type] = append(index[rel.Type], i)
	}
	for t, ix := range index {
		for j, i := range ix {
			rows[t][j]["i"] = int64(i)
		}
	}
	err := r.s.write(ctx, "apply stream", func(ctx context.Context, tx n4j.ManagedTransaction) error {
		if err := r.begin(ctx, tx, seq); err != nil {
			return err
		}
		records, err := run(ctx, tx, missingNodesQuery, map[string]any{"ids": ends})
		if err != nil {
			return noRetry(err)
		}
		if len(records) > 0 {
			return missingEndpoints(records, rels, where)
		}
		saved := make([]bool, len(rels))
		for _, t := range graph.RelTypes {
			if len(rows[t]) == 0 {
				continue
			}
			records, err := run(ctx, tx, saveRelsQueries[t], map[string]any{"import": r.id, "seq": seq, "rows": rows[t]})
			if err != nil {
				return noRetry(err)
			}
			for _, rec := range records {
				if i, ok := rec.Values[0].(int64); ok && i >= 0 && int(i) < len(saved) {
					saved[i] = true
				}
			}
		}
		var from, types, to, keys []string
		for i, rel := range rels {
			if !saved[i] {
				from = append(from, string(rel.From))
				types = append(types, string(rel.Type))
				to = append(to, string(rel.To))
				keys = append(keys, rel.Key)
			}
		}
		if len(from) > 0 {
			params := map[string]any{"import": r.id, "seq": seq, "from": from, "types": types, "to": to, "keys": keys}
			if _, err := run(ctx, tx, newRelsQuery, params); err != nil {
				return noRetry(err)
			}
		}
		return mergeRels(ctx, tx, rows)
	})
	if err == nil {
		r.seq = seq
	}
	return err
}

// begin claims the import's head in tx for the chunk seq, which it records
// as the last one written: it commits with the chunk. The head must say
// that the chunk before is the last one written: a chunk is never written
// twice, since two journals of one chunk could undo it wrongly.
func (r *importRun) begin(ctx context.Context, tx n4j.ManagedTransaction, seq int64) error {
	last, err := claim(ctx, tx, r.id, r.owner, stateRunning)
	if err != nil {
		return err
	}
	if last != seq-1 {
		return graph.Errorf(graph.Conflict, "neo4j store: apply stream: the import's journal ends at chunk %d, not %d as this process wrote it", last, seq-1)
	}
	_, err = run(ctx, tx, setSeqQuery, map[string]any{"import": r.id, "seq": seq})
	return noRetry(err)
}

// commit marks the import committed, then deletes its journal. Once it is
// marked, the batches stay: a failure to delete the journal is logged and
// left to Recover.
func (r *importRun) commit(ctx context.Context) error {
	err := r.s.write(ctx, "apply stream", func(ctx context.Context, tx n4j.ManagedTransaction) error {
		if _, err := claim(ctx, tx, r.id, r.owner, stateRunning); err != nil {
			return err
		}
		_, err := run(ctx, tx, setStateQuery, map[string]any{"import": r.id, "state": stateCommitted})
		return noRetry(err)
	})
	if err != nil {
		return r.abort(ctx, err)
	}
	if err := r.s.finish(context.WithoutCancel(ctx), r.id); err != nil {
		r.s.logger.Warn("neo4j store: the import is written, but its journal could not be deleted; the next recovery will",
			"import", r.id, "error", err)
	}
	return nil
}

// abort undoes what the import wrote and returns cause, or, when the undo
// fails too (the database went away), cause and what became of the graph.
// It undoes even when ctx has ended: ctx's end is what it may be undoing.
func (r *importRun) abort(ctx context.Context, cause error) error {
	err := r.s.undo(context.WithoutCancel(ctx), r.id, r.owner, stateRunning)
	if err == nil || err == errTakenOver {
		return cause
	}
	return fmt.Errorf("%w; what the earlier batches wrote could not be undone yet (%v): it will be "+
		"the next time the store is migrated or written with ApplyStream (nexus serve, nexus import, nexus seed)", cause, err)
}
