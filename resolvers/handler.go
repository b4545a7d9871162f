package resolvers

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/schema"
)

// Defaults for the zero values of Options.
const (
	DefaultComplexityLimit = 50000
	DefaultAPQCacheSize    = 1000
	DefaultQueryCacheSize  = 1000
	DefaultMaxBodyBytes    = 1 << 20
)

// Bounds of the caches, besides their number of entries.
const (
	// DefaultQueryCacheBytes bounds the text of the documents the query
	// cache holds: a parsed document takes 30 to 40 times its text, so the
	// cache holds at most about 40 MB, however large the documents clients
	// send (real ones are a few KB: the cache still holds hundreds).
	DefaultQueryCacheBytes = 1 << 20
	// DefaultAPQCacheBytes bounds the text of the automatic persisted
	// queries kept.
	DefaultAPQCacheBytes = 4 << 20
)

// Options configures NewHandler. The zero value is usable.
type Options struct {
	// Logger receives internal errors and recovered panics; nil means slog.Default().
	Logger *slog.Logger
	// ComplexityLimit is the most complexity an operation may have: every
	// field costs 1, and a list field costs its children times the number of
	// items it may return (its first argument, the number of ids, or the
	// most it can return in the graph served), introspection one per field
	// of its answer; 0 means DefaultComplexityLimit. Memory budget: under
	// the default, any admitted query allocates less than 512 MB in all on
	// the seed (the worst found, 287 MB: one paragraph 500 times in 98
	// languages, a 39 MB answer; see TestAdmittedQueriesStayWithinTheMemoryBudget).
	ComplexityLimit int
	// APQCacheSize is how many automatic persisted queries are kept (LRU,
	// DefaultAPQCacheBytes of text at most); 0 means DefaultAPQCacheSize.
	APQCacheSize int
	// QueryCacheSize is how many parsed and validated documents are kept
	// (LRU, DefaultQueryCacheBytes of text at most); 0 means
	// DefaultQueryCacheSize.
	QueryCacheSize int
	// MaxBodyBytes is the largest POST body accepted; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// FullNodes reads whole nodes at every level, instead of the
	// properties the query selects (see resolvers/plan.go): for comparing
	// answers, and for finding a field that reads a property its name does
	// not say.
	FullNodes bool
	// Document bounds every document before it is validated.
	Document DocumentLimits
	// RequestTimeout is how long an operation may run: past it, its work is
	// stopped and the answer is TIMEOUT; 0 means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// MaxResultValues is how many field values an operation may build: past
	// it, its work is stopped and the answer is RESULT_TOO_LARGE; 0 means
	// twice ComplexityLimit (DefaultMaxResultValues by default).
	MaxResultValues int
	// DisableIntrospection refuses __schema and __type, and leaves the
	// "Did you mean…" suggestions out of error messages, so that the schema
	// cannot be read through the endpoint.
	DisableIntrospection bool
	// TrustedDocuments, when not nil, are the only documents the endpoint
	// runs, by the SHA-256 hex of their text (LoadTrustedDocuments): asked
	// for by documentId, by the automatic persisted query extension, or sent
	// as text; any other document is PERSISTED_QUERY_REQUIRED, and automatic
	// persisted queries cannot register new ones.
	TrustedDocuments map[string]string
}

// DefaultRequestTimeout is the default deadline of an operation.
const DefaultRequestTimeout = 5 * time.Second

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.ComplexityLimit <= 0 {
		o.ComplexityLimit = DefaultComplexityLimit
	}
	if o.APQCacheSize <= 0 {
		o.APQCacheSize = DefaultAPQCacheSize
	}
	if o.QueryCacheSize <= 0 {
		o.QueryCacheSize = DefaultQueryCacheSize
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	o.Document = o.Document.withDefaults()
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.MaxResultValues <= 0 {
		o.MaxResultValues = resultValuesPerCost * o.ComplexityLimit
	}
	return o
}

// NewHandler returns the GraphQL endpoint over store: an http.Handler that
// speaks GraphQL over HTTP as its specification (draft) describes it, with
// introspection, automatic persisted queries (LRU), a complexity limit,
// per-request dataloaders and an error presenter that maps graph error codes
// to extensions.code.
//
// It answers GET (queries only; a mutation is 405 with Allow: POST) and POST
// with an application/json body (anything else is 415); other methods are
// 405 with Allow: GET, POST. The response is application/graphql-response+json
// or application/json as Accept asks (no Accept, */* or application/* mean
// application/json; neither type acceptable is 406), with charset=utf-8. With
// application/graphql-response+json a request that fails before execution is
// 400; with application/json it is 200 unless the request is not well formed
// (unreadable body, missing query: 400). An executed request is always 200.
func NewHandler(store graph.Store, opts Options) http.Handler {
	opts = opts.withDefaults()
	es := costedSchema{schema.NewExecutableSchema(schema.Config{
		Resolvers: &resolver{store: store, logger: opts.Logger, fullNodes: opts.FullNodes},
	}), newWeights(store, opts.Logger)}
	srv := handler.New(es)
	parsed := newBoundedCache(opts.QueryCacheSize, DefaultQueryCacheBytes,
		func(query string, _ *ast.QueryDocument) int { return len(query) })
	srv.AddTransport(httpTransport{
		parsed:       parsed,
		maxBodyBytes: opts.MaxBodyBytes,
		schema:       es.Schema(),
		limits:       opts.Document,
		timeout:      opts.RequestTimeout,
		maxValues:    int64(opts.MaxResultValues),
		suggestions:  !opts.DisableIntrospection,
		trusted:      opts.TrustedDocuments,
		logger:       opts.Logger,
	})
	srv.SetParserTokenLimit(opts.Document.Tokens)
	srv.SetQueryCache(parsed)
	srv.SetErrorPresenter(errorPresenter(opts.Logger))
	srv.SetRecoverFunc(recoverFunc(opts.Logger))
	if !opts.DisableIntrospection {
		srv.SetValidationRulesFn(validationRules)
		srv.Use(extension.Introspection{})
	} else {
		srv.SetDisableSuggestion(true)
		srv.SetValidationRulesFn(func() *rules.Rules {
			rs := validationRules()
			rs.AddRule(ruleNoIntrospection, noIntrospection)
			return rs
		})
	}
	if opts.TrustedDocuments == nil {
		// With trusted documents the transport looks persisted queries up
		// in the manifest; none can be registered.
		srv.Use(extension.AutomaticPersistedQuery{Cache: newBoundedCache(opts.APQCacheSize, DefaultAPQCacheBytes,
			func(hash, query string) int { return len(hash) + len(query) })})
	}
	srv.Use(dateVariables{schema: es.Schema()})
	srv.Use(extension.FixedComplexityLimit(opts.ComplexityLimit))
	srv.Use(introspectionCost{schema: es.Schema()})
	srv.AroundOperations(readsOf(store, opts.FullNodes))
	srv.AroundFields(countValues)
	return srv
}

// ruleNoIntrospection is the name of the validation rule that refuses
// introspection when it is disabled.
const ruleNoIntrospection = "NoIntrospection"

// noIntrospection refuses __schema and __type as the document is validated:
// the operation is refused (400) instead of running into gqlgen's
// "introspection disabled", a Go error that would be reported as an internal
// one. __typename stays allowed.
func noIntrospection(observers *core.Events, addError core.AddErrFunc) {
	observers.OnField(func(_ *core.Walker, field *ast.Field) {
		if field.Name == "__schema" || field.Name == "__type" {
			addError(core.Message("introspection is disabled on this server: %s cannot be queried", field.Name), core.At(field.Position))
		}
	})
}
