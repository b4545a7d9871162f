package resolvers

import (
	"context"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// gqlgen leaves custom scalars unchecked until a resolver reads them, which
// would make a bad Date a field error of an executed request. These checks
// make it a request error instead, like any other bad argument value:
// validation rejects a bad Date literal, and an operation-context mutator a
// bad Date in the variables.

// ruleDates is the name of the validation rule that checks Date literals.
const ruleDates = "ValidDates"

// dateScalar is the name of the Date scalar in the schema.
const dateScalar = "Date"

// validDate reports whether s is an ISO calendar date, YYYY-MM-DD.
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// dateMessage is the message for a value that is not a Date.
func dateMessage(v any) string {
	return fmt.Sprintf("%s is not a Date; want a string YYYY-MM-DD, e.g. \"2011-12-19\"", describe(v))
}

// describe renders a value for an error message.
func describe(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

// validationRules returns gqlparser's default rules plus the Date rule.
func validationRules() *rules.Rules {
	rs := rules.NewDefaultRules()
	rs.AddRule(ruleDates, func(observers *core.Events, addError core.AddErrFunc) {
		observers.OnValue(func(_ *core.Walker, value *ast.Value) {
			if value.Definition == nil || value.Definition.Name != dateScalar {
				return
			}
			switch value.Kind {
			case ast.Variable, ast.NullValue:
				return
			case ast.StringValue, ast.BlockValue:
				if validDate(value.Raw) {
					return
				}
				addError(core.Message("%s", dateMessage(value.Raw)), core.At(value.Position))
			default:
				addError(core.Message("%s", dateMessage(value.Raw)), core.At(value.Position))
			}
		})
	})
	return rs
}

// dateVariables is a handler extension that checks the Date values in an
// operation's variables, after gqlparser has coerced them.
type dateVariables struct {
	schema *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = dateVariables{}

// ExtensionName implements graphql.HandlerExtension.
func (dateVariables) ExtensionName() string { return "DateVariables" }

// Validate implements graphql.HandlerExtension.
func (d dateVariables) Validate(graphql.ExecutableSchema) error {
	if d.schema == nil {
		return fmt.Errorf("dateVariables: no schema")
	}
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator.
func (d dateVariables) MutateOperationContext(_ context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	if opCtx.Operation == nil {
		return nil
	}
	for _, def := range opCtx.Operation.VariableDefinitions {
		v, ok := opCtx.Variables[def.Variable]
		if !ok {
			continue
		}
		path := ast.Path{ast.PathName("variable"), ast.PathName(def.Variable)}
		if err := d.check(def.Type, v, path); err != nil {
			return err
		}
	}
	return nil
}

// check walks a variable's value along its type and reports the first Date
// that is not one.
func (d dateVariables) check(typ *ast.Type, v any, path ast.Path) *gqlerror.Error {
	if v == nil || typ == nil {
		return nil
	}
	if typ.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			return d.check(typ.Elem, v, path)
		}
		for i, x := range list {
			if err := d.check(typ.Elem, x, append(path, ast.PathIndex(i))); err != nil {
				return err
			}
		}
		return nil
	}
	def := d.schema.Types[typ.NamedType]
	if def == nil {
		return nil
	}
	switch {
	case def.Name == dateScalar:
		s, ok := v.(string)
		if !ok || !validDate(s) {
			return gqlerror.ErrorPathf(append(ast.Path(nil), path...), "%s", dateMessage(v))
		}
	case def.Kind == ast.InputObject:
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		for _, f := range def.Fields {
			fv, ok := m[f.Name]
			if !ok {
				continue
			}
			if err := d.check(f.Type, fv, append(path, ast.PathName(f.Name))); err != nil {
				return err
			}
		}
	}
	return nil
}
