package graph

import (
	"context"
	"iter"
)

// Store is a graph store. Every implementation passes the conformance suite in
// graph/storetest, so that callers cannot tell one from another by its answers.
//
// Errors are *Error values: Invalid for a bad query or batch, Unavailable when
// the backend cannot be reached, Internal otherwise. Unknown IDs are not errors.
type Store interface {
	// Apply writes a batch, all or nothing. A node replaces the node with the
	// same ID (its properties and sources); a relationship replaces the one
	// with the same From, Type, To and Key. Applying the same batch twice
	// leaves the same graph. Every node and relationship is validated first,
	// and every relationship's endpoints must exist in the batch or the store:
	// otherwise Apply returns Invalid and writes nothing.
	Apply(ctx context.Context, b Batch) error

	// ApplyStream writes the batches of a sequence as one change, all or
	// nothing: when it returns nil every batch is written, otherwise the
	// graph is as it was before the call. Each batch is validated as by
	// Apply, and replaces as Apply does, a later batch replacing what an
	// earlier one wrote; a relationship's endpoints must exist in its
	// batch, in an earlier batch of the sequence or in the store. An error
	// the sequence yields (a problem found late in a file), an invalid
	// batch, a done ctx or a failure of the store ends the sequence and
	// undoes what the earlier batches wrote; the error returned wraps the
	// cause (errors.Is and errors.As find it; a batch's problems are
	// Invalid). It is the way to write more than one Apply should hold:
	// a store may write each batch in its own transaction, so that the
	// memory it needs is bounded by the largest batch and not by the whole
	// change, and readers may then see the batches written so far until
	// the call returns (see the store's documentation).
	ApplyStream(ctx context.Context, batches iter.Seq2[Batch, error]) error

	Reader

	// Snapshot returns a Reader over one consistent state of the graph for
	// the reads of one request (see Snapshot). It does no work until the
	// first read, so it does not fail: a store that cannot be reached fails
	// the reads.
	Snapshot(ctx context.Context) Snapshot

	// Degrees returns, per node kind, relationship type and direction, the
	// largest number of such relationships any node has; per type, the
	// most relationships from one node to one other; and per kind the
	// largest number of sources (see Degrees and DegreesOf): what bounds the
	// lists of a node, for weighing queries before running them. It reads
	// every relationship: a store may take time over a large graph.
	Degrees(ctx context.Context) (Degrees, error)

	// Ping reports whether the store can answer queries now (Unavailable if not).
	Ping(ctx context.Context) error

	// Close releases the store's resources.
	Close() error
}

// SearchableProps are the property bases that Search looks in: each localized
// variant (nameEn, nameFr, …) and the plain property itself.
var SearchableProps = []string{"name", "formalName", "title", "shortName", "text", "acronym", "symbol"}
