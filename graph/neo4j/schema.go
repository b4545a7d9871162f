package neo4j

import (
	"context"
	"fmt"
	"strings"
	"time"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/nexus-graph/nexus/graph"
)

// schemaItem is a constraint or an index that Migrate creates.
type schemaItem struct {
	name      string
	statement string
}

// indexedProps lists, per kind, the properties that the API's node queries
// compare: the filters of resolvers/filters.go and of the resolvers'
// NodeQuery values (states, instruments, resolutions, regions, bodies) and
// those of graph/analysis (a region by code or name, the states of a
// region). Each gets a range index, which answers EQ and the range
// operators, and the list branch of FindNodes' string conditions (see
// find.go); EQ_FOLD and CONTAINS compare the folded copy, foldPrefix+name.
// The properties the API only sorts by get none: a sort must keep the nodes
// without the property, which an index does not hold.
var indexedProps = []struct {
	kind  graph.NodeKind
	props []string
}{
	{graph.KindState, append(folded(
		"regionCode", "regionName", // states(filter: {region})
		"subregionCode", "subregionName", "intermediateRegionCode", "intermediateRegionName", // {subregion}
	), stateNameProps()...)}, // {nameContains}: the list branch, next to the text indexes
	// regions(level:), and a region by code or name (graph/analysis)
	{graph.KindRegion, append([]string{"level"}, folded("code", "nameEn")...)},
	// instruments(filter: {kind, family, adoptedBefore, adoptedAfter, depositary})
	{graph.KindInstrument, append([]string{"instrumentKind", "family", "adopted"}, folded("depositary")...)},
	{graph.KindBody, []string{"bodyKind"}},               // bodies(kind:)
	{graph.KindResolution, []string{"organ", "session"}}, // resolutions(filter: {organ, session})
}

// textProps lists, per kind, the properties that the API compares with
// CONTAINS, which get a text index as well (a range index cannot answer
// CONTAINS): the folded names of states(filter: {nameContains}) and the
// folded depositary of instruments(filter: {depositary}).
var textProps = []struct {
	kind  graph.NodeKind
	props []string
}{
	{graph.KindState, stateNameProps()},
	{graph.KindInstrument, folded("depositary")},
}

// retiredIndexes are the indexes that earlier versions of Migrate created
// and that no query reads any more: Migrate drops them.
var retiredIndexes = []string{
	"nexus_state_nameEn", "nexus_state_iso2", "nexus_state_iso3", "nexus_state_m49",
	"nexus_state_regionCode", "nexus_state_regionName", "nexus_state_subregionCode",
	"nexus_state_subregionName", "nexus_state_intermediateRegionCode", "nexus_state_intermediateRegionName",
	"nexus_region_code", "nexus_region_nameEn",
	"nexus_group_nameEn",
	"nexus_crimetype_nameEn",
	"nexus_instrument_shortName",
	"nexus_body_acronym", "nexus_body_nameEn",
	"nexus_resolution_symbol", "nexus_resolution_adopted",
	"nexus_paragraph_resolution", "nexus_paragraph_paragraphKind", "nexus_paragraph_number", "nexus_paragraph_position",
	"nexus_footnote_resolution", "nexus_footnote_number",
	"nexus_document_nameEn",
	"nexus_conference_startDate",
	"nexus_topic_nameEn",
	"nexus_programme_nameEn",
	"nexus_activity_startDate",
}

// folded returns the names of the folded copies of names.
func folded(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = foldPrefix + n
	}
	return out
}

// stateNameProps returns the folded names that states(filter:
// {nameContains}) compares: name and formalName in every UN language.
func stateNameProps() []string {
	var names []string
	for _, base := range []string{"name", "formalName"} {
		for _, l := range graph.Langs {
			names = append(names, base+l.Suffix())
		}
	}
	return folded(names...)
}

// indexName returns the name of the index of kind on prop; suffix tells
// one type of index from another on the same property.
func indexName(kind graph.NodeKind, prop, suffix string) string {
	return "nexus_" + strings.ToLower(string(kind)) + "_" + prop + suffix
}

// schema is what Migrate creates, in order.
var schema = func() []schemaItem {
	items := []schemaItem{{
		name:      "nexus_id",
		statement: "CREATE CONSTRAINT nexus_id IF NOT EXISTS FOR (n:" + labelNexus + ") REQUIRE n." + propID + " IS UNIQUE",
	}}
	for _, k := range graph.NodeKinds {
		name := "nexus_" + strings.ToLower(string(k)) + "_key"
		items = append(items, schemaItem{
			name:      name,
			statement: fmt.Sprintf("CREATE CONSTRAINT %s IF NOT EXISTS FOR (n:%s) REQUIRE n.%s IS UNIQUE", name, k, propKey),
		})
	}
	for _, ix := range indexedProps {
		for _, p := range ix.props {
			name := indexName(ix.kind, p, "")
			items = append(items, schemaItem{
				name:      name,
				statement: fmt.Sprintf("CREATE INDEX %s IF NOT EXISTS FOR (n:%s) ON (n.`%s`)", name, ix.kind, p),
			})
		}
	}
	for _, ix := range textProps {
		for _, p := range ix.props {
			name := indexName(ix.kind, p, "_text")
			items = append(items, schemaItem{
				name:      name,
				statement: fmt.Sprintf("CREATE TEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON (n.`%s`)", name, ix.kind, p),
			})
		}
	}
	items = append(items, journalSchema...)
	items = append(items, schemaItem{
		name: searchIndexName,
		statement: fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [n.%s] "+
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}",
			searchIndexName, labelNexus, propSearchAll),
	})
	return items
}()

// SchemaNames returns the names of the constraints and indexes that Migrate
// creates.
func SchemaNames() []string {
	names := make([]string, len(schema))
	for i, item := range schema {
		names[i] = item.name
	}
	return names
}

const (
	showIndexesQuery     = "SHOW INDEXES YIELD name, state RETURN name, state"
	showConstraintsQuery = "SHOW CONSTRAINTS YIELD name RETURN name"
	awaitIndexesQuery    = "CALL db.awaitIndexes($seconds)"
)

// indexWait bounds how long Migrate waits for the indexes to come online.
const indexWait = 5 * time.Minute

// Migrate creates the constraints and indexes the store needs (see the
// package comment) that do not exist yet, drops those of earlier versions
// that nothing reads any more (retiredIndexes), waits until every index is
// online, then recovers what an import killed earlier left (Recover).
// Running it again changes nothing.
func (s *Store) Migrate(ctx context.Context) error {
	if err := s.usable(ctx, "migrate"); err != nil {
		return err
	}
	existing, err := s.schemaState(ctx)
	if err != nil {
		return err
	}
	created := 0
	for _, item := range schema {
		if _, ok := existing[item.name]; ok {
			continue
		}
		if err := s.schemaWrite(ctx, item.statement, nil); err != nil {
			return fmt.Errorf("create %s: %w", item.name, err)
		}
		created++
	}
	if created > 0 {
		s.logger.Info("neo4j store: created constraints and indexes", "created", created, "total", len(schema))
	}
	dropped := 0
	for _, name := range retiredIndexes {
		if _, ok := existing[name]; !ok {
			continue
		}
		if err := s.schemaWrite(ctx, "DROP INDEX "+name+" IF EXISTS", nil); err != nil {
			return fmt.Errorf("drop %s: %w", name, err)
		}
		dropped++
	}
	if dropped > 0 {
		s.logger.Info("neo4j store: dropped retired indexes", "dropped", dropped)
	}
	if err := s.schemaWrite(ctx, awaitIndexesQuery, map[string]any{"seconds": int64(indexWait / time.Second)}); err != nil {
		return fmt.Errorf("wait for the indexes: %w", err)
	}
	if _, err := s.Recover(ctx); err != nil {
		return err
	}
	return nil
}

// CheckSchema reports, as an Unavailable error, the constraints and indexes
// of Migrate that are missing or not online; nil when all are there.
func (s *Store) CheckSchema(ctx context.Context) error {
	if err := s.usable(ctx, "check schema"); err != nil {
		return err
	}
	existing, err := s.schemaState(ctx)
	if err != nil {
		return err
	}
	var problems []string
	for _, item := range schema {
		switch state, ok := existing[item.name]; {
		case !ok:
			problems = append(problems, item.name+" is missing")
		case state != "ONLINE":
			problems = append(problems, item.name+" is "+state)
		}
	}
	if len(problems) > 0 {
		return graph.Errorf(graph.Unavailable, "neo4j store: the schema is not ready (run the migrations): %s", strings.Join(problems, ", "))
	}
	return nil
}

// schemaState returns the names of the indexes and constraints in the
// database, each with the state of its index ("ONLINE", "POPULATING"…; a
// constraint's backing index has the constraint's name).
func (s *Store) schemaState(ctx context.Context) (map[string]string, error) {
	state := make(map[string]string)
	records, err := s.read(ctx, "read the schema", showIndexesQuery, nil)
	if err != nil {
		return nil, err
	}
	for _, rec := range records {
		name, _ := rec.Values[0].(string)
		st, _ := rec.Values[1].(string)
		state[name] = st
	}
	records, err = s.read(ctx, "read the schema", showConstraintsQuery, nil)
	if err != nil {
		return nil, err
	}
	for _, rec := range records {
		name, _ := rec.Values[0].(string)
		if _, ok := state[name]; !ok {
			state[name] = "ONLINE" // a constraint without an index of its name
		}
	}
	return state, nil
}

// schemaWrite runs one schema statement in its own write transaction.
func (s *Store) schemaWrite(ctx context.Context, query string, params map[string]any) error {
	_, err := n4j.ExecuteQuery(ctx, s.driver, query, params, n4j.EagerResultTransformer,
		n4j.ExecuteQueryWithDatabase(s.db), n4j.ExecuteQueryWithWritersRouting())
	return s.fail(ctx, "migrate", err)
}

// clearBatch is how many relationships, then nodes, Clear deletes per
// transaction.
const clearBatch = 10000

// The queries of Clear: relationships first, so that a transaction that
// deletes a node of many relationships stays small.
const (
	clearRelsQuery = "MATCH (:" + labelNexus + ")-[r]->() WITH r LIMIT $batch DELETE r RETURN count(*) AS deleted"
	clearQuery     = "MATCH (n:" + labelNexus + ") WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS deleted"
)

// Clear deletes every node of the store and their relationships, leaving
// the schema and anything without the Nexus label, in transactions of at
// most clearBatch relationships or nodes. It is meant for tests.
func (s *Store) Clear(ctx context.Context) error {
	if err := s.usable(ctx, "clear"); err != nil {
		return err
	}
	if err := s.clear(ctx, clearRelsQuery); err != nil {
		return err
	}
	return s.clear(ctx, clearQuery)
}

// clear runs query, which deletes up to $batch things, until it deletes fewer.
func (s *Store) clear(ctx context.Context, query string) error {
	return s.deleteInBatches(ctx, "clear", query, nil, clearBatch)
}

// deleteInBatches runs query, which deletes up to $batch things and
// returns how many, each time in a write transaction of its own, until it
// deletes fewer than batch: a deletion of any size in bounded memory.
func (s *Store) deleteInBatches(ctx context.Context, op, query string, params map[string]any, batch int) error {
	p := map[string]any{"batch": int64(batch)}
	for k, v := range params {
		p[k] = v
	}
	for {
		var deleted int64
		err := s.write(ctx, op, func(ctx context.Context, tx n4j.ManagedTransaction) error {
			records, err := run(ctx, tx, query, p)
			if err != nil {
				return noRetry(err)
			}
			deleted = 0
			if len(records) == 1 {
				deleted, _ = records[0].Values[0].(int64)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if deleted < int64(batch) {
			return nil
		}
	}
}
