package resolvers

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"

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
	// APQCacheSize is how many automatic persisted queries are kept (LRU); 0
	// means DefaultAPQCacheSize.
	APQCacheSize int
	// QueryCacheSize is how many parsed and validated documents are kept
	// (LRU); 0 means DefaultQueryCacheSize.
	QueryCacheSize int
	// MaxBodyBytes is the largest POST body accepted; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// LoaderWait is how long a dataloader waits for more keys before it
	// calls the store; 0 means DefaultLoaderWait.
	LoaderWait time.Duration
}

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
	if o.LoaderWait <= 0 {
		o.LoaderWait = DefaultLoaderWait
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
		Resolvers: &resolver{store: store, logger: opts.Logger, loaderWait: opts.LoaderWait},
	}), newWeights(store, opts.Logger)}
	srv := handler.New(es)
	srv.AddTransport(httpTransport{maxBodyBytes: opts.MaxBodyBytes, schema: es.Schema()})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](opts.QueryCacheSize))
	srv.SetValidationRulesFn(validationRules)
	srv.SetErrorPresenter(errorPresenter(opts.Logger))
	srv.SetRecoverFunc(recoverFunc(opts.Logger))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](opts.APQCacheSize)})
	srv.Use(dateVariables{schema: es.Schema()})
	srv.Use(extension.FixedComplexityLimit(opts.ComplexityLimit))
	srv.Use(introspectionCost{schema: es.Schema()})
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(withLoaders(ctx, newLoaders(store, opts.LoaderWait)))
	})
	return srv
}
