package growth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/graph/memory"
	"github.com/nexus-graph/nexus/graph/neo4j"
	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/seed"
	"github.com/nexus-graph/nexus/tools/synth/synth"
)

// The environment that runs the benchmarks (README.md).
const (
	envRun   = "NEXUS_GROWTH"              // 1: run them; anything else skips them
	envSizes = "NEXUS_GROWTH_SIZES"        // the sizes of the memory store's graphs, comma-separated
	envNeo4j = "NEXUS_GROWTH_NEO4J_URI"    // Neo4j servers loaded by go run ./tools/synth load, comma-separated, one per size
	envSeed  = "NEXUS_GROWTH_SEED"         // the generator's seed for the memory store (default 1)
	envLive  = "NEXUS_GROWTH_LIVE_DEGREES" // 1: the handler reads Degrees from the store itself, as the server does
	defSizes = "10000,100000,1000000"
)

// The dates the questions are asked as of: that of resolution 66/178, as
// graph/analysis's benchmarks ask.
const (
	gapsAsOf  = "2011-12-19"
	statsAsOf = "2011-12-19"
)

// requestTimeout is the handler's request timeout: longer than the
// server's resolvers.DefaultRequestTimeout, so that a slow answer is timed
// instead of refused.
const requestTimeout = 5 * time.Minute

// BenchmarkGrowth asks the same-size questions of synthetic graphs of
// growing size (tools/synth), on the memory store at each size of
// NEXUS_GROWTH_SIZES and on each Neo4j NEXUS_GROWTH_NEO4J_URI lists, at the
// size it was loaded with. Skipped unless NEXUS_GROWTH=1.
//
// Every question but the statistics is about the probe, which has the same
// answer at every size: before timing, each answer is checked to have the
// size of the same question's answer on the seed.
func BenchmarkGrowth(b *testing.B) {
	if os.Getenv(envRun) != "1" {
		b.Skipf("set %s=1 to run the growth benchmarks (tools/growth/README.md)", envRun)
	}
	probes, err := synth.ProbeIDs()
	if err != nil {
		b.Fatal(err)
	}
	ref := newReference(b, probes)

	b.Run("store=memory", func(b *testing.B) {
		seedNum := uint64(1)
		if v := os.Getenv(envSeed); v != "" {
			if seedNum, err = strconv.ParseUint(v, 10, 64); err != nil {
				b.Fatalf("%s: %v", envSeed, err)
			}
		}
		for _, n := range sizes(b) {
			b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
				s, built := buildMemory(b, synth.Config{Nodes: n, Seed: seedNum})
				b.Run("memory", func(b *testing.B) { benchMemory(b, n, built) })
				benchQuestions(b, s, probes, ref)
				// Again once the questions have built what the store builds
				// on first use (the indexes of its finds).
				b.Run("memory-after", func(b *testing.B) { benchMemory(b, n, built) })
			})
		}
	})

	b.Run("store=neo4j", func(b *testing.B) {
		uris := os.Getenv(envNeo4j)
		if uris == "" {
			b.Skipf("set %s to a Neo4j loaded with go run ./tools/synth load (tools/growth/README.md)", envNeo4j)
		}
		type server struct {
			store *neo4j.Store
			nodes int
		}
		var servers []server
		for _, uri := range strings.Split(uris, ",") {
			s, m := openNeo4j(b, strings.TrimSpace(uri))
			servers = append(servers, server{s, m.Nodes})
		}
		slices.SortFunc(servers, func(a, b server) int { return a.nodes - b.nodes })
		for _, sv := range servers {
			b.Run(fmt.Sprintf("nodes=%d", sv.nodes), func(b *testing.B) { benchQuestions(b, sv.store, probes, ref) })
		}
	})
}

// sizes returns the sizes NEXUS_GROWTH_SIZES lists.
func sizes(b *testing.B) []int {
	v := os.Getenv(envSizes)
	if v == "" {
		v = defSizes
	}
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			b.Fatalf("%s: %q is not a number of nodes", envSizes, f)
		}
		out = append(out, n)
	}
	return out
}

// buildMemory generates the graph cfg describes into a memory store of its
// own, closed and given back to the system when b ends, and returns it with
// the time it took.
func buildMemory(b *testing.B, cfg synth.Config) (*memory.Store, time.Duration) {
	b.Helper()
	t0 := time.Now()
	s, _, err := synth.NewMemory(b.Context(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	built := time.Since(t0)
	b.Cleanup(func() {
		s.Close()
		runtime.GC()
		debug.FreeOSMemory()
	})
	return s, built
}

// benchMemory reports the memory store's heap in use after a collection
// and the process's resident set, per node, and the time the graph took to
// generate and load.
func benchMemory(b *testing.B, nodes int, built time.Duration) {
	for b.Loop() {
	}
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/float64(nodes), "heap-B/node")
	if rss, ok := residentBytes(); ok {
		b.ReportMetric(float64(rss)/float64(nodes), "rss-B/node")
	}
	b.ReportMetric(built.Seconds(), "build-s")
}

// residentBytes returns the process's resident set size (Linux only).
func residentBytes() (int64, bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024, err == nil
		}
	}
	return 0, false
}

// openNeo4j opens the Neo4j at uri, which must hold a complete synthetic
// graph and nothing else, and returns it with its manifest.
func openNeo4j(b *testing.B, uri string) (*neo4j.Store, *synth.Manifest) {
	b.Helper()
	s, err := neo4j.New(neo4j.Config{URI: uri, User: os.Getenv("NEXUS_GROWTH_NEO4J_USER"), Password: os.Getenv("NEXUS_GROWTH_NEO4J_PASSWORD")}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := synth.CheckOnlySynthetic(b.Context(), s); err != nil {
		b.Fatalf("%s: %v", uri, err)
	}
	m, err := synth.ReadManifest(b.Context(), s)
	if err != nil {
		b.Fatal(err)
	}
	if m == nil || !m.Complete {
		b.Fatalf("%s holds no complete synthetic graph: load one with go run ./tools/synth load", uri)
	}
	return s, m
}

// benchQuestions runs every question on s, each a sub-benchmark, after
// timing s.Degrees, a whole-graph read.
func benchQuestions(b *testing.B, s graph.Store, p synth.Probes, ref *reference) {
	var degrees graph.Degrees
	b.Run("degrees", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var err error
			if degrees, err = s.Degrees(b.Context()); err != nil {
				b.Fatal(err)
			}
		}
	})
	served := s
	if os.Getenv(envLive) != "1" {
		if degrees.Rels == nil { // the degrees benchmark was not selected
			var err error
			if degrees, err = s.Degrees(b.Context()); err != nil {
				b.Fatal(err)
			}
		}
		served = degreesOnce{Store: s, degrees: degrees}
	}
	// A long request timeout: an answer slower than the server's 5 s is
	// measured, not refused.
	h := resolvers.NewHandler(served, resolvers.Options{
		Logger: slog.New(slog.DiscardHandler), RequestTimeout: requestTimeout,
	})
	docs := mixDocuments(b, p)
	for _, d := range docs {
		b.Run("mix/"+d.name, func(b *testing.B) {
			b.ReportAllocs()
			checkSize(b, d.name, leaves(b, serve(b, h, d.query)), ref.mix[d.name])
			warmUp(func() { serve(b, h, d.query) })
			for b.Loop() {
				serve(b, h, d.query)
			}
		})
	}
	b.Run("mix/all", func(b *testing.B) {
		b.ReportAllocs()
		warmUp(func() {
			for _, d := range docs {
				serve(b, h, d.query)
			}
		})
		for b.Loop() {
			for _, d := range docs {
				serve(b, h, d.query)
			}
		}
	})

	for _, q := range questions(p) {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			st := s
			if q.memberStates {
				st = memberStatesAs{Store: s, group: p.MemberStates}
			}
			size, err := q.run(b.Context(), st)
			if err != nil {
				b.Fatal(err)
			}
			if want, ok := ref.questions[q.name]; ok {
				checkSize(b, q.name, size, want)
			} else {
				b.ReportMetric(float64(size), "answer-items")
			}
			warmUp(func() {
				if _, err := q.run(b.Context(), st); err != nil {
					b.Fatal(err)
				}
			})
			for b.Loop() {
				if _, err := q.run(b.Context(), st); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// warmUp calls f twice more after the call that checked the answer, or
// once when that takes over a second, so that the first calls (Neo4j plans
// and caches each new query; caches fill) are not timed: b.Loop counts
// every call from its first.
func warmUp(f func()) {
	t0 := time.Now()
	for range 2 {
		f()
		if time.Since(t0) > time.Second {
			return
		}
	}
}

// checkSize fails b when an answer's size is not that of the same question
// on the seed: the question is not the same-size one it should be.
func checkSize(b *testing.B, name string, got, want int) {
	b.Helper()
	if got != want {
		b.Fatalf("%s: the answer has %d items, the same question on the seed %d: not a same-size question", name, got, want)
	}
}

// document is one GraphQL document of the benchmark mix.
type document struct{ name, query string }

// mixDocuments returns the six documents of the benchmark mix
// (testdata/mix, the questions of the peer benchmark), about the nodes the
// probe mirrors instead of the seed's: the same questions, asked of the
// probe. Only the IDs change, and query E lists the probe's instruments,
// which come first by key, instead of the first page of all of them.
func mixDocuments(b testing.TB, p synth.Probes) []document {
	return mixFiles(b, []string{
		`"FRA"`, strconv.Quote(p.StateISO3),
		`"Western Africa"`, strconv.Quote(p.SubregionName),
		`"A/RES/66/178"`, strconv.Quote(p.ResolutionSymbol),
		`"Paragraph:A/RES/66/178/op/9"`, strconv.Quote(string(p.Paragraph)),
		`instruments {`, fmt.Sprintf(`instruments(first: %d) {`, p.Instruments),
	})
}

// mixFiles reads testdata/mix/*.graphql with each old string of replace
// (old, new pairs) replaced; every pair must apply to some document.
func mixFiles(b testing.TB, replace []string) []document {
	b.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "mix", "*.graphql"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no documents in testdata/mix: %v", err)
	}
	used := make([]bool, len(replace)/2)
	var docs []document
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		q := string(data)
		for i := 0; i < len(replace); i += 2 {
			if strings.Contains(q, replace[i]) {
				q = strings.ReplaceAll(q, replace[i], replace[i+1])
				used[i/2] = true
			}
		}
		docs = append(docs, document{name: strings.ToUpper(strings.TrimSuffix(filepath.Base(f), ".graphql")), query: q})
	}
	for i, u := range used {
		if !u {
			b.Fatalf("testdata/mix: no document holds %s", replace[2*i])
		}
	}
	return docs
}

// serve posts query to h and returns the answer's data, failing b on any
// status but 200 or any GraphQL error.
func serve(b *testing.B, h http.Handler, query string) []byte {
	body, err := json.Marshal(map[string]string{"query": query})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || bytes.Contains(data, []byte(`"errors"`)) {
		b.Fatalf("status %d: %s", res.StatusCode, data)
	}
	return data
}

// leaves returns the number of scalar values in a JSON answer: its size,
// whatever the values.
func leaves(b *testing.B, data []byte) int {
	b.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		b.Fatalf("answer not JSON: %v", err)
	}
	var count func(any) int
	count = func(v any) int {
		switch v := v.(type) {
		case map[string]any:
			n := 0
			for _, x := range v {
				n += count(x)
			}
			return n
		case []any:
			n := 0
			for _, x := range v {
				n += count(x)
			}
			return n
		}
		return 1
	}
	return count(v)
}

// question is one call of graph/analysis, with the size of its answer.
type question struct {
	name string
	// memberStates says that the question reads the Member States: asked of
	// a synthetic graph, the probe's mirror of the group stands for them.
	memberStates bool
	run          func(ctx context.Context, s graph.Store) (int, error)
}

// questions returns the analysis questions about the probe p (or, for the
// reference, the seed's nodes it mirrors).
func questions(p synth.Probes) []question {
	paths := func(from, to graph.ID, all bool) func(context.Context, graph.Store) (int, error) {
		return func(ctx context.Context, s graph.Store) (int, error) {
			ps, err := s.ShortestPaths(ctx, from, to, graph.PathQuery{
				MaxLength: graph.DefaultMaxLength, All: all, Limit: graph.DefaultPathsLimit,
			})
			n := 0
			for _, path := range ps {
				n += len(path.Nodes)
			}
			return n, err
		}
	}
	gaps := func(region, asOf string) func(context.Context, graph.Store) (int, error) {
		return func(ctx context.Context, s graph.Store) (int, error) {
			g, err := analysis.ParticipationGaps(ctx, s, p.Instrument, region, asOf)
			if err != nil {
				return 0, err
			}
			n := g.MemberStates
			for _, st := range g.States {
				n += 1 + len(st.Signatures) + len(st.Assistance)
			}
			return n, nil
		}
	}
	return []question{
		{name: "neighborhood", run: func(ctx context.Context, s graph.Store) (int, error) {
			sg, err := s.Neighborhood(ctx, p.Paragraph, graph.NeighborhoodQuery{Depth: 2, Limit: 500})
			return len(sg.Nodes) + len(sg.Relationships), err
		}},
		{name: "paths/crime-to-body", run: paths(p.NuclearTerrorism, p.UNODC, false)},
		{name: "paths/crime-to-state", run: paths(p.NuclearTerrorism, p.State, false)},
		{name: "paths/state-to-state-all", run: paths(p.State, p.Germany, true)},
		{name: "gaps/region", memberStates: true, run: gaps(p.SubregionName, gapsAsOf)},
		{name: "gaps/every-member-state", memberStates: true, run: gaps("", gapsAsOf)},
		{name: "statistics/by-region", memberStates: true, run: func(ctx context.Context, s graph.Store) (int, error) {
			rows, err := analysis.RegionCounts(ctx, s, analysis.LevelRegion, p.Instrument, statsAsOf)
			return len(rows), err
		}},
		{name: "statistics/by-instrument", run: func(ctx context.Context, s graph.Store) (int, error) {
			rows, err := analysis.InstrumentCounts(ctx, s, "", statsAsOf)
			return len(rows), err
		}},
		{name: "statistics/by-crime-type", run: func(ctx context.Context, s graph.Store) (int, error) {
			rows, err := analysis.CrimeTypeCounts(ctx, s, statsAsOf)
			return len(rows), err
		}},
		{name: "statistics/by-programme", run: func(ctx context.Context, s graph.Store) (int, error) {
			rows, err := analysis.ProgrammeCounts(ctx, s, statsAsOf)
			return len(rows), err
		}},
	}
}

// wholeGraph names the questions whose answer grows with the graph (a row
// per region, instrument or crime type): no same-size answer to check.
var wholeGraph = []string{"statistics/by-region", "statistics/by-instrument", "statistics/by-crime-type"}

// reference holds the size of each question's answer on the seed with the
// participation fixture: the size every synthetic graph's probe must give.
type reference struct {
	mix       map[string]int
	questions map[string]int
}

// newReference asks every question of the seed, in a memory store, about
// the nodes the probe mirrors.
func newReference(b *testing.B, p synth.Probes) *reference {
	b.Helper()
	s := memory.New()
	defer s.Close()
	if _, err := seed.Load(context.Background(), s); err != nil {
		b.Fatal(err)
	}
	if err := s.Apply(context.Background(), testgraph.ParticipationFixture()); err != nil {
		b.Fatal(err)
	}
	ref := &reference{mix: map[string]int{}, questions: map[string]int{}}
	h := resolvers.NewHandler(s, resolvers.Options{Logger: slog.New(slog.DiscardHandler)})
	for _, d := range mixFiles(b, nil) {
		ref.mix[d.name] = leaves(b, serve(b, h, d.query))
	}
	seedProbes := synth.Probes{
		State: "State:FRA", Subregion: "Region:011", SubregionName: "Western Africa",
		Resolution: "Resolution:A/RES/66/178", Paragraph: "Paragraph:A/RES/66/178/op/9",
		MemberStates: analysis.MemberStatesGroup, Instrument: "Instrument:CT17",
		NuclearTerrorism: "CrimeType:nuclear-terrorism", UNODC: "Body:UNODC", Germany: "State:DEU",
	}
	for _, q := range questions(seedProbes) {
		if slices.Contains(wholeGraph, q.name) {
			continue
		}
		n, err := q.run(context.Background(), s)
		if err != nil {
			b.Fatalf("%s on the seed: %v", q.name, err)
		}
		ref.questions[q.name] = n
	}
	return ref
}

// degreesOnce is a store whose Degrees gives the answer the store gave
// once, before the benchmarks. The handler's cost model reads Degrees when
// it is made and again, in the background, every minute, with a 10 s
// timeout; Degrees reads every relationship, and on a large graph in Neo4j
// it takes longer (28 s for a million nodes on two cores): every reading
// then fails, the cost model weighs lists by MaxFirst and refuses query B,
// and the readings, begun again and again, load the server until simple
// requests time out. That is a finding of its own (the degrees benchmark
// times the read); through this view the mix measures what its questions
// cost. NEXUS_GROWTH_LIVE_DEGREES=1 serves the store itself instead.
type degreesOnce struct {
	graph.Store
	degrees graph.Degrees
}

// Degrees returns the degrees read before the benchmarks.
func (s degreesOnce) Degrees(context.Context) (graph.Degrees, error) { return s.degrees, nil }

// memberStatesAs is a store whose Member States are the members of group:
// graph/analysis names them by the real group's ID (Group:member-states),
// which a synthetic graph must not hold, so the benchmarks ask through this
// view, where the probe's mirror of the group stands for it. It changes
// nothing else.
type memberStatesAs struct {
	graph.Store
	group graph.ID
}

// FindNodes passes q on with the real group's ID replaced by the probe's.
func (s memberStatesAs) FindNodes(ctx context.Context, q graph.NodeQuery) (graph.NodePage, error) {
	if slices.ContainsFunc(q.Related, func(rc graph.RelCond) bool { return rc.Other == analysis.MemberStatesGroup }) {
		q.Related = slices.Clone(q.Related)
		for i, rc := range q.Related {
			if rc.Other == analysis.MemberStatesGroup {
				q.Related[i].Other = s.group
			}
		}
	}
	return s.Store.FindNodes(ctx, q)
}
