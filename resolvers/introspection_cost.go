package resolvers

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// introspectionCost adds the cost of an operation's introspection fields
// (__schema and __type) to its complexity, and refuses it when the sum
// exceeds the complexity limit. gqlgen's complexity leaves __schema out and
// counts the lists of __type once, which let a request of a few hundred
// kilobytes ask for the schema thousands of times over (under aliases).
// Since the schema is known, the cost is exact: one per field of the
// answer, as for the other fields (gqlgen's own count of __type, one per
// field of the query, comes on top). It must run after the complexity
// limit extension, whose statistics it completes.
type introspectionCost struct {
	schema *ast.Schema
}

var _ interface {
	graphql.OperationContextMutator
	graphql.HandlerExtension
} = introspectionCost{}

// ExtensionName implements graphql.HandlerExtension.
func (introspectionCost) ExtensionName() string { return "IntrospectionCost" }

// Validate implements graphql.HandlerExtension.
func (introspectionCost) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (c introspectionCost) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	stats, ok := opCtx.Stats.GetExtension(extension.ComplexityLimit{}.ExtensionName()).(*extension.ComplexityStats)
	if !ok {
		return nil
	}
	op := opCtx.Doc.Operations.ForName(opCtx.OperationName)
	if op == nil || op.Operation != ast.Query {
		return nil
	}
	w := introspectionWalker{schema: c.schema, budget: stats.ComplexityLimit - stats.Complexity}
	w.root(op.SelectionSet)
	stats.Complexity += w.spent
	if w.spent > w.budget {
		err := gqlerror.Errorf("operation has complexity at least %d, which exceeds the limit of %d", stats.Complexity, stats.ComplexityLimit)
		errcode.Set(err, "COMPLEXITY_LIMIT_EXCEEDED")
		return err
	}
	return nil
}

// introspectionWalker counts the fields of the answer to the introspection
// fields of a selection set, giving up once it has spent more than budget.
type introspectionWalker struct {
	schema *ast.Schema
	budget int
	spent  int
}

// over reports whether the walker has spent more than its budget.
func (w *introspectionWalker) over() bool { return w.spent > w.budget }

// fields calls f with every field of set, through fragments, until the
// budget is spent.
func (w *introspectionWalker) fields(set ast.SelectionSet, f func(*ast.Field)) {
	for _, sel := range set {
		if w.over() {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			w.spent++
			f(s)
		case *ast.InlineFragment:
			w.fields(s.SelectionSet, f)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				w.fields(s.Definition.SelectionSet, f)
			}
		}
	}
}

// root counts the introspection fields of the operation's selection set
// (the other fields are gqlgen's to count: they are not counted here).
func (w *introspectionWalker) root(set ast.SelectionSet) {
	for _, sel := range set {
		if w.over() {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			switch s.Name {
			case "__schema":
				w.spent++
				w.schemaFields(s.SelectionSet)
			case "__type":
				w.spent++
				if name, ok := s.ArgumentMap(nil)["name"].(string); ok && w.schema.Types[name] != nil {
					w.typeFields(s.SelectionSet, &ast.Type{NamedType: name})
				}
			}
		case *ast.InlineFragment:
			w.root(s.SelectionSet)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				w.root(s.Definition.SelectionSet)
			}
		}
	}
}

// schemaFields counts a selection of __Schema.
func (w *introspectionWalker) schemaFields(set ast.SelectionSet) {
	w.fields(set, func(f *ast.Field) {
		switch f.Name {
		case "types":
			for name := range w.schema.Types {
				w.typeFields(f.SelectionSet, &ast.Type{NamedType: name})
			}
		case "queryType":
			w.rootType(f.SelectionSet, w.schema.Query)
		case "mutationType":
			w.rootType(f.SelectionSet, w.schema.Mutation)
		case "subscriptionType":
			w.rootType(f.SelectionSet, w.schema.Subscription)
		case "directives":
			for _, d := range w.schema.Directives {
				w.fields(f.SelectionSet, func(f *ast.Field) {
					if f.Name == "args" {
						for _, a := range d.Arguments {
							w.inputValueFields(f.SelectionSet, a.Type)
						}
					}
				})
			}
		}
	})
}

// rootType counts a selection of one of the root types, if there is one.
func (w *introspectionWalker) rootType(set ast.SelectionSet, def *ast.Definition) {
	if def != nil {
		w.typeFields(set, &ast.Type{NamedType: def.Name})
	}
}

// typeFields counts a selection of __Type for t: a named type, or a list
// or non-null wrapper whose ofType is the type it wraps.
func (w *introspectionWalker) typeFields(set ast.SelectionSet, t *ast.Type) {
	var def *ast.Definition
	if t.Elem == nil && !t.NonNull {
		def = w.schema.Types[t.NamedType]
	}
	w.fields(set, func(f *ast.Field) {
		switch {
		case f.Name == "ofType":
			switch {
			case t.NonNull:
				unwrapped := *t
				unwrapped.NonNull = false
				w.typeFields(f.SelectionSet, &unwrapped)
			case t.Elem != nil:
				w.typeFields(f.SelectionSet, t.Elem)
			}
		case def == nil:
		case f.Name == "fields" && (def.Kind == ast.Object || def.Kind == ast.Interface):
			for _, fd := range def.Fields {
				if !strings.HasPrefix(fd.Name, "__") {
					w.fieldFields(f.SelectionSet, fd)
				}
			}
		case f.Name == "inputFields" && def.Kind == ast.InputObject:
			for _, fd := range def.Fields {
				w.inputValueFields(f.SelectionSet, fd.Type)
			}
		case f.Name == "interfaces":
			for _, name := range def.Interfaces {
				w.typeFields(f.SelectionSet, &ast.Type{NamedType: name})
			}
		case f.Name == "possibleTypes" && (def.Kind == ast.Interface || def.Kind == ast.Union):
			for _, p := range w.schema.GetPossibleTypes(def) {
				w.typeFields(f.SelectionSet, &ast.Type{NamedType: p.Name})
			}
		case f.Name == "enumValues":
			for range def.EnumValues {
				w.fields(f.SelectionSet, func(*ast.Field) {})
			}
		}
	})
}

// fieldFields counts a selection of __Field for fd.
func (w *introspectionWalker) fieldFields(set ast.SelectionSet, fd *ast.FieldDefinition) {
	w.fields(set, func(f *ast.Field) {
		switch f.Name {
		case "args":
			for _, a := range fd.Arguments {
				w.inputValueFields(f.SelectionSet, a.Type)
			}
		case "type":
			w.typeFields(f.SelectionSet, fd.Type)
		}
	})
}

// inputValueFields counts a selection of __InputValue of type t.
func (w *introspectionWalker) inputValueFields(set ast.SelectionSet, t *ast.Type) {
	w.fields(set, func(f *ast.Field) {
		if f.Name == "type" {
			w.typeFields(f.SelectionSet, t)
		}
	})
}
