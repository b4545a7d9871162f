package resolvers_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// introspected is the part of an introspection answer that
// TestSchemaDescribesEverything reads.
type introspected struct {
	Data struct {
		Schema struct {
			Types []struct {
				Kind        string
				Name        string
				Description *string
				Fields      []struct {
					Name        string
					Description *string
					Args        []inputValue
				}
				InputFields []inputValue
				EnumValues  []struct {
					Name        string
					Description *string
				}
			}
			Directives []struct {
				Name        string
				Description *string
				Args        []inputValue
			}
		} `json:"__schema"`
	}
	Errors []json.RawMessage
}

// inputValue is an argument or an input field of an introspection answer.
type inputValue struct {
	Name        string
	Description *string
}

// described reports whether d is a description worth the name.
func described(d *string) bool { return d != nil && strings.TrimSpace(*d) != "" }

// TestSchemaDescribesEverything posts the full introspection query to the
// handler over HTTP and fails, listing each one, on every type, field,
// argument, enum value, input field and directive of the schema that has no
// description. The spec's own types (__Schema, __Type…) come from the
// GraphQL parser's prelude and some of their fields have none
// (__Type.kind, __Field.name…): they are not this schema's to describe and
// are left out. The built-in scalars (Int, Float, String, Boolean, ID) and
// directives come from the same prelude with descriptions, and are held to
// the rule like everything else.
func TestSchemaDescribesEverything(t *testing.T) {
	srv := httptest.NewServer(newHandler(t))
	defer srv.Close()
	body, err := json.Marshal(map[string]any{"query": introspectionQuery})
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("introspection: status %d", res.StatusCode)
	}
	var got introspected
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
		t.Fatalf("introspection: %v", err)
	}
	if len(got.Errors) > 0 || len(got.Data.Schema.Types) == 0 {
		t.Fatalf("introspection: errors %s, %d types", got.Errors, len(got.Data.Schema.Types))
	}

	var missing []string
	var checked int
	check := func(what string, d *string) {
		checked++
		if !described(d) {
			missing = append(missing, what)
		}
	}
	for _, ty := range got.Data.Schema.Types {
		if strings.HasPrefix(ty.Name, "__") {
			continue
		}
		check(strings.ToLower(ty.Kind)+" "+ty.Name, ty.Description)
		for _, f := range ty.Fields {
			check("field "+ty.Name+"."+f.Name, f.Description)
			for _, a := range f.Args {
				check("argument "+ty.Name+"."+f.Name+"("+a.Name+")", a.Description)
			}
		}
		for _, f := range ty.InputFields {
			check("input field "+ty.Name+"."+f.Name, f.Description)
		}
		for _, v := range ty.EnumValues {
			check("enum value "+ty.Name+"."+v.Name, v.Description)
		}
	}
	for _, d := range got.Data.Schema.Directives {
		check("directive @"+d.Name, d.Description)
		for _, a := range d.Args {
			check("argument @"+d.Name+"("+a.Name+")", a.Description)
		}
	}
	// A walk that found almost nothing would pass for the wrong reason.
	if checked < 500 {
		t.Fatalf("checked only %d schema elements", checked)
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		t.Errorf("%d of %d schema elements have no description:\n\t%s", len(missing), checked, strings.Join(missing, "\n\t"))
	}
}
