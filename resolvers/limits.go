package resolvers

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// DocumentLimits bound a GraphQL document before it is validated, so that
// validation, whose cost grows faster than the document, only ever sees
// small documents. Each is checked on the document as written and with its
// fragments expanded: a fragment used twice counts twice.
type DocumentLimits struct {
	// Tokens is the most lexical tokens the parser reads.
	Tokens int
	// Depth is the deepest nesting of selections.
	Depth int
	// Aliases is the most aliased fields.
	Aliases int
	// Directives is the most directives.
	Directives int
	// Fields is the most fields (selections of a field, __typename included).
	Fields int
}

// Defaults of DocumentLimits. The largest document clients send is the
// playground's introspection query (depth 14, 212 fields once its fragments
// are expanded; TestIntrospectionSize); the README's examples are smaller.
// The limits leave room for hand-written queries several times larger.
const (
	DefaultMaxTokens     = 5000
	DefaultMaxDepth      = 20
	DefaultMaxAliases    = 100
	DefaultMaxDirectives = 50
	DefaultMaxFields     = 1000
)

func (l DocumentLimits) withDefaults() DocumentLimits {
	if l.Tokens <= 0 {
		l.Tokens = DefaultMaxTokens
	}
	if l.Depth <= 0 {
		l.Depth = DefaultMaxDepth
	}
	if l.Aliases <= 0 {
		l.Aliases = DefaultMaxAliases
	}
	if l.Directives <= 0 {
		l.Directives = DefaultMaxDirectives
	}
	if l.Fields <= 0 {
		l.Fields = DefaultMaxFields
	}
	return l
}

// saturate is where the counts of a document stop growing: a fragment used
// twice in a fragment used twice… doubles them at every level.
const saturate = 1 << 40

// docStats are the sizes of a selection set with its fragments expanded.
type docStats struct {
	depth, aliases, directives, fields int
}

func (a docStats) plus(b docStats) docStats {
	return docStats{
		depth:      max(a.depth, b.depth),
		aliases:    min(a.aliases+b.aliases, saturate),
		directives: min(a.directives+b.directives, saturate),
		fields:     min(a.fields+b.fields, saturate),
	}
}

// measurer measures the selection sets of one document, each fragment once.
type measurer struct {
	doc       *ast.QueryDocument
	fragments map[string]docStats
	visiting  map[string]bool
}

// selections measures a selection set.
func (m *measurer) selections(set ast.SelectionSet) docStats {
	var s docStats
	for _, sel := range set {
		switch x := sel.(type) {
		case *ast.Field:
			f := docStats{fields: 1, directives: len(x.Directives)}
			if x.Alias != "" && x.Alias != x.Name {
				f.aliases = 1
			}
			child := m.selections(x.SelectionSet)
			child.depth++
			s = s.plus(f.plus(child))
		case *ast.InlineFragment:
			s = s.plus(docStats{directives: len(x.Directives)}.plus(m.selections(x.SelectionSet)))
		case *ast.FragmentSpread:
			s = s.plus(docStats{directives: len(x.Directives)}.plus(m.fragment(x.Name)))
		}
	}
	return s
}

// fragment measures a named fragment, once; a fragment that spreads itself
// counts as empty where it recurs (validation refuses the cycle).
func (m *measurer) fragment(name string) docStats {
	if s, ok := m.fragments[name]; ok {
		return s
	}
	if m.visiting[name] {
		return docStats{}
	}
	def := m.doc.Fragments.ForName(name)
	if def == nil {
		return docStats{}
	}
	m.visiting[name] = true
	s := docStats{directives: len(def.Directives)}.plus(m.selections(def.SelectionSet))
	delete(m.visiting, name)
	m.fragments[name] = s
	return s
}

// checkDocument parses query within the token limit and checks the other
// limits. It returns the parsed document, or a DOCUMENT_TOO_LARGE error that
// names the limit, or nil and nil when the document does not parse (gqlgen
// reports that, with its location).
func checkDocument(query string, l DocumentLimits) (*ast.QueryDocument, *gqlerror.Error) {
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, l.Tokens)
	if err != nil {
		var gerr *gqlerror.Error
		if errors.As(err, &gerr) && strings.Contains(gerr.Message, "token limit") {
			return nil, tooLarge(fmt.Sprintf("the document has more than %d tokens, the most a request may have", l.Tokens))
		}
		if errors.As(err, &gerr) && strings.Contains(gerr.Message, "maximum nesting depth") {
			// The parser's own bound, hit before the token limit.
			return nil, tooLarge(fmt.Sprintf("the document nests selections deeper than the parser follows; at most %d levels are allowed", l.Depth))
		}
		return nil, nil
	}
	m := &measurer{doc: doc, fragments: map[string]docStats{}, visiting: map[string]bool{}}
	var s docStats
	for _, op := range doc.Operations {
		s = s.plus(docStats{directives: len(op.Directives)}.plus(m.selections(op.SelectionSet)))
	}
	used := make(map[string]bool, len(m.fragments))
	for name := range m.fragments {
		used[name] = true
	}
	for _, f := range doc.Fragments {
		// Fragments no operation uses still cost validation (which compares
		// their fields as if they were spread): count them too, in full.
		// A used one is counted where it is spread; its depth counts alone.
		fs := m.fragment(f.Name)
		if used[f.Name] {
			fs = docStats{depth: fs.depth}
		}
		s = s.plus(fs)
	}
	switch {
	case s.depth > l.Depth:
		return nil, tooLarge(fmt.Sprintf("the document nests selections %d deep; at most %d levels are allowed", s.depth, l.Depth))
	case s.fields > l.Fields:
		return nil, tooLarge(fmt.Sprintf("the document selects %s fields (fragments expanded); at most %d are allowed", count(s.fields), l.Fields))
	case s.aliases > l.Aliases:
		return nil, tooLarge(fmt.Sprintf("the document has %s aliases (fragments expanded); at most %d are allowed", count(s.aliases), l.Aliases))
	case s.directives > l.Directives:
		return nil, tooLarge(fmt.Sprintf("the document has %s directives (fragments expanded); at most %d are allowed", count(s.directives), l.Directives))
	}
	return doc, nil
}

// count renders a saturated count as "more than …".
func count(n int) string {
	if n >= saturate {
		return fmt.Sprintf("more than %d", saturate)
	}
	return fmt.Sprint(n)
}

// tooLarge returns a DOCUMENT_TOO_LARGE error.
func tooLarge(msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": CodeDocumentTooLarge}}
}

// DefaultMaxResultValues is the default budget of result values: every
// field value a request builds counts one, and every item of a list one
// more. An operation the cost model admits builds at most twice its cost
// of them (a list item and its fields), so when the weights are right the
// budget never stops one; it is the backstop when a weight is wrong or the
// graph grew since the weights were read. It follows the complexity limit:
// resultValuesPerCost × ComplexityLimit.
const DefaultMaxResultValues = resultValuesPerCost * DefaultComplexityLimit

// resultValuesPerCost is how many result values an operation may build per
// unit of its cost.
const resultValuesPerCost = 2

// budget is the state of one operation: how many result values it built,
// and why it was stopped, if it was.
type budget struct {
	max     int64
	traced  bool // the request's span records: resolvers get spans (traceField)
	values  atomic.Int64
	stopped atomic.Pointer[gqlerror.Error]
}

type budgetKey struct{}

// errStopped is what every field of a stopped operation returns: cheap, and
// replaced by the one error that says why (budget.stopped) in the answer.
var errStopped = errors.New("the operation was stopped")

// countValues is the field middleware that keeps the budget: every field
// value counts one, and once the budget is spent or the deadline passed,
// every field returns errStopped at once, without resolving. It also
// traces the fields of a traced request (traceField): one middleware, one
// look-up of the request's state per field.
func countValues(ctx context.Context, next graphql.Resolver) (any, error) {
	b, _ := ctx.Value(budgetKey{}).(*budget)
	if b == nil {
		return next(ctx)
	}
	if b.stopped.Load() != nil {
		return nil, errStopped
	}
	if err := ctx.Err(); err != nil {
		b.stop(stopError(ctx))
		return nil, errStopped
	}
	if b.values.Add(1) > b.max {
		b.stop(b.exceeded())
		return nil, errStopped
	}
	var (
		res any
		err error
	)
	if b.traced {
		res, err = traceField(ctx, next)
	} else {
		res, err = next(ctx)
	}
	// A list's items are counted as soon as the list is known, before
	// gqlgen starts building them (a goroutine each): a list that would
	// take the request over its budget is never expanded.
	if v := reflect.ValueOf(res); v.Kind() == reflect.Slice && v.Len() > 0 {
		if b.values.Add(int64(v.Len())) > b.max {
			b.stop(b.exceeded())
			return nil, errStopped
		}
	}
	return res, err
}

// exceeded is the error of an operation over its budget.
func (b *budget) exceeded() *gqlerror.Error {
	return &gqlerror.Error{
		Message: fmt.Sprintf("the answer would hold more than %d values, the most a request may build: "+
			"ask for fewer fields, or pass first: to the lists", b.max),
		Extensions: map[string]any{"code": CodeResultTooLarge},
	}
}

// stop records why the operation stops, once.
func (b *budget) stop(e *gqlerror.Error) {
	b.stopped.CompareAndSwap(nil, e)
}

// stopError says why ctx is done: the request deadline, or the client gone.
func stopError(ctx context.Context) *gqlerror.Error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return timeoutError(ctx)
	}
	return &gqlerror.Error{
		Message:    "the request was canceled",
		Extensions: map[string]any{"code": CodeUnavailable},
	}
}

type timeoutKey struct{}

// timeoutError is the error of an operation past its deadline.
func timeoutError(ctx context.Context) *gqlerror.Error {
	msg := "the request took longer than the server allows and was stopped: ask for less, or narrow the query"
	if d, ok := ctx.Value(timeoutKey{}).(fmt.Stringer); ok {
		msg = fmt.Sprintf("the request took longer than %s, the most the server allows, and was stopped: ask for less, or narrow the query", d)
	}
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": CodeTimeout}}
}

// MaxErrors is the most errors one response carries; past it, the last
// error says how many more there were.
const MaxErrors = 100

// capErrors keeps at most MaxErrors errors, the last saying how many were
// left out.
func capErrors(errs gqlerror.List) gqlerror.List {
	if len(errs) <= MaxErrors {
		return errs
	}
	out := make(gqlerror.List, MaxErrors)
	copy(out, errs[:MaxErrors-1])
	out[MaxErrors-1] = &gqlerror.Error{
		Message:    fmt.Sprintf("%d more errors left out: at most %d errors are reported", len(errs)-(MaxErrors-1), MaxErrors),
		Extensions: map[string]any{"code": CodeBadRequest},
	}
	return out
}
