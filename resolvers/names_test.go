package resolvers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/internal/testgraph"
	"github.com/nexus-graph/nexus/resolvers"
	"github.com/nexus-graph/nexus/schema"
)

// fieldTypesQuery asks the schema for what TestOneTypePerFieldNameOnNodeTypes
// compares: every field of every type, deprecated ones included (and
// marked), with its type and arguments.
const fieldTypesQuery = `{ __schema { types { kind name interfaces { name }
  fields(includeDeprecated: true) { name isDeprecated deprecationReason type { ...TypeRef } args { name type { ...TypeRef } defaultValue } } } } }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

// typeRef is an introspected type reference.
type typeRef struct {
	Kind   string
	Name   *string
	OfType *typeRef
}

// String writes the reference as the SDL does: [Concern!]!.
func (r *typeRef) String() string {
	switch {
	case r == nil:
		return "?"
	case r.Kind == "NON_NULL":
		return r.OfType.String() + "!"
	case r.Kind == "LIST":
		return "[" + r.OfType.String() + "]"
	case r.Name != nil:
		return *r.Name
	}
	return "?"
}

// fieldType is an introspected field.
type fieldType struct {
	Name              string
	IsDeprecated      bool
	DeprecationReason *string
	Type              *typeRef
	Args              []argType
}

// argType is an introspected argument.
type argType struct {
	Name         string
	Type         *typeRef
	DefaultValue *string
}

// signature is what a field name must mean alike on every node type: its
// type (lists and nullability included) and its arguments, with their
// types and defaults.
func (f fieldType) signature() string {
	args := make([]string, len(f.Args))
	for i, a := range f.Args {
		args[i] = a.Name + ": " + a.Type.String()
		if a.DefaultValue != nil {
			args[i] += " = " + *a.DefaultValue
		}
	}
	slices.Sort(args)
	sig := f.Type.String()
	if len(args) > 0 {
		sig = "(" + strings.Join(args, ", ") + "): " + sig
	}
	return sig
}

// objectType is an introspected type with its fields.
type objectType struct {
	Kind       string
	Name       string
	Interfaces []struct{ Name string }
	Fields     []fieldType
}

// isNode reports whether t is an object type that implements Node.
func (t objectType) isNode() bool {
	return t.Kind == "OBJECT" && slices.ContainsFunc(t.Interfaces, func(i struct{ Name string }) bool { return i.Name == "Node" })
}

// introspectTypes posts fieldTypesQuery to h over HTTP and returns the
// types of the answer.
func introspectTypes(t *testing.T, h http.Handler) []objectType {
	t.Helper()
	res := serve(t, h, postJSON(t, map[string]any{"query": fieldTypesQuery}, gqlResponse))
	var answer struct {
		Data struct {
			Schema struct{ Types []objectType } `json:"__schema"`
		}
		Errors []json.RawMessage
	}
	if err := json.Unmarshal(res.body, &answer); err != nil || len(answer.Errors) > 0 || res.status != http.StatusOK {
		t.Fatalf("introspection: status %d, %v: %s", res.status, err, res.body)
	}
	return answer.Data.Schema.Types
}

// nameConflicts returns, for each field name that two node types of types
// give different signatures, a line naming the signatures and the types of
// each; deprecated fields count only when withDeprecated.
func nameConflicts(types []objectType, withDeprecated bool) []string {
	bySig := map[string]map[string][]string{} // name → signature → types
	for _, ty := range types {
		if !ty.isNode() {
			continue
		}
		for _, f := range ty.Fields {
			if f.IsDeprecated && !withDeprecated {
				continue
			}
			if bySig[f.Name] == nil {
				bySig[f.Name] = map[string][]string{}
			}
			bySig[f.Name][f.signature()] = append(bySig[f.Name][f.signature()], ty.Name)
		}
	}
	var out []string
	for name, sigs := range bySig {
		if len(sigs) < 2 {
			continue
		}
		var parts []string
		for sig, types := range sigs {
			slices.Sort(types)
			parts = append(parts, fmt.Sprintf("%s on %s", sig, strings.Join(types, ", ")))
		}
		slices.Sort(parts)
		out = append(out, name+": "+strings.Join(parts, "; "))
	}
	slices.Sort(out)
	return out
}

// TestOneTypePerFieldNameOnNodeTypes walks the introspection, over HTTP,
// and fails when two types that implement Node give one field name two
// types (lists and nullability included) or two sets of arguments:
// fragments on two kinds under node(id:) would then fail validation
// ("Fields adopted conflict"). Deprecated fields, kept for clients already
// written, are left out; with them the check finds the conflicts they were
// renamed for, which shows it can fail.
func TestOneTypePerFieldNameOnNodeTypes(t *testing.T) {
	types := introspectTypes(t, newHandler(t))
	nodes := 0
	for _, ty := range types {
		if ty.isNode() {
			nodes++
		}
	}
	if nodes != len(graph.NodeKinds) {
		t.Fatalf("%d node types in the introspection, want %d (one per kind)", nodes, len(graph.NodeKinds))
	}
	for _, c := range nameConflicts(types, false) {
		t.Errorf("one field name, two meanings on node types: %s", c)
	}
	old := nameConflicts(types, true)
	if !slices.ContainsFunc(old, func(c string) bool { return strings.HasPrefix(c, "adopted: ") }) {
		t.Errorf("with the deprecated fields, the check does not find Body.adopted against Resolution.adopted: %v", old)
	}
}

// TestFieldsMergeAcrossNodeTypes asks, for every field name that several
// node types have (deprecated fields aside), the field under a fragment on
// each of them in one selection of node(id:), as a client combining kinds
// does, and wants the document valid and answered without errors. The
// deprecated Body.adopted beside Resolution.adopted must still conflict:
// the GraphQL rule the test relies on is enforced.
func TestFieldsMergeAcrossNodeTypes(t *testing.T) {
	h := newHandler(t)
	s := schema.NewExecutableSchema(schema.Config{}).Schema()
	onTypes := map[string][]string{}
	for _, ty := range introspectTypes(t, h) {
		if !ty.isNode() {
			continue
		}
		for _, f := range ty.Fields {
			if !f.IsDeprecated {
				onTypes[f.Name] = append(onTypes[f.Name], ty.Name)
			}
		}
	}
	tested := 0
	for name, types := range onTypes {
		if len(types) < 2 {
			continue
		}
		slices.Sort(types)
		var b strings.Builder
		for _, ty := range types {
			f := s.Types[ty].Fields.ForName(name)
			if hasRequiredArgs(f) {
				t.Fatalf("%s.%s has a required argument: give the test a value for it", ty, name)
			}
			sel := ""
			if def := s.Types[f.Type.Name()]; def.Kind != "SCALAR" && def.Kind != "ENUM" {
				sel = "{ __typename }"
			}
			fmt.Fprintf(&b, " ... on %s { %s %s }", ty, name, sel)
		}
		tested++
		t.Run(name, func(t *testing.T) {
			for _, id := range []string{"Resolution:A/RES/66/178", "Body:GA", "Instrument:CT17", "Document:salvador-declaration"} {
				gql(t, h, fmt.Sprintf(`query($id: ID!) { node(id: $id) { id%s } }`, b.String()), map[string]any{"id": id})
			}
		})
	}
	if tested < 10 {
		t.Errorf("only %d field names are shared by node types", tested)
	}

	res := serve(t, h, postJSON(t, map[string]any{"query": `{ node(id: "Body:GA") { ... on Resolution { adopted } ... on Body { adopted { resolution { id } } } } }`}, gqlResponse))
	if res.status != http.StatusBadRequest || !strings.Contains(string(res.body), "conflict") {
		t.Errorf("deprecated Body.adopted beside Resolution.adopted: %d %s, want a validation error that says they conflict", res.status, res.body)
	}
}

// renamed returns the deprecated fields of types whose reason names the
// field of the new name ("Use x."), by type: old name → new name.
func renamed(t *testing.T, types []objectType) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, ty := range types {
		for _, f := range ty.Fields {
			if !f.IsDeprecated || f.DeprecationReason == nil {
				continue
			}
			now, ok := strings.CutSuffix(strings.TrimPrefix(*f.DeprecationReason, "Use "), ".")
			i := slices.IndexFunc(ty.Fields, func(g fieldType) bool { return g.Name == now })
			if !ok || i < 0 {
				t.Errorf("%s.%s is deprecated with %q; want \"Use x.\" naming a field of %s", ty.Name, f.Name, *f.DeprecationReason, ty.Name)
				continue
			}
			if ty.Fields[i].IsDeprecated || ty.Fields[i].signature() != f.signature() {
				t.Errorf("%s.%s (%s) is deprecated for %s (%s): want a field of the same type and arguments, not deprecated", ty.Name, f.Name, f.signature(), now, ty.Fields[i].signature())
			}
			if out[ty.Name] == nil {
				out[ty.Name] = map[string]string{}
			}
			out[ty.Name][f.Name] = now
		}
	}
	return out
}

// TestRenamedFieldsAnswerAsTheirOldNames asks every node of the seed for
// every field of its type, deprecated names included, and wants each
// deprecated field to answer exactly as the field its reason names, on the
// nodes and on the objects under them (an Adoption's adopted and node).
// The renamed fields of the node types must each be met with a value that
// is not empty, so that equal nothings prove nothing.
func TestRenamedFieldsAnswerAsTheirOldNames(t *testing.T) {
	mem := seededStore(t)
	h := resolvers.NewHandler(mem, resolvers.Options{Logger: quietLogger(), ComplexityLimit: 1 << 30})
	s := schema.NewExecutableSchema(schema.Config{}).Schema()
	types := introspectTypes(t, h)
	pairs := renamed(t, types)
	seen := map[string]bool{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			typ, _ := v["__typename"].(string)
			for old, now := range pairs[typ] {
				a, okA := v[old]
				b, okB := v[now]
				if !okA || !okB {
					continue
				}
				ja, _ := json.Marshal(a)
				jb, _ := json.Marshal(b)
				if string(ja) != string(jb) {
					t.Errorf("%s: %s.%s = %s but %s = %s", path, typ, old, ja, now, jb)
				}
				if a != nil && string(ja) != "[]" {
					seen[typ+"."+old] = true
				}
			}
			for k, x := range v {
				walk(path+"."+k, x)
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), x)
			}
		}
	}
	for _, kind := range graph.NodeKinds {
		ids := idsOfKind(t, mem, kind)
		if len(ids) == 0 {
			continue
		}
		query := fmt.Sprintf(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on %s %s } }`, kind, selectAll(s, s.Types[string(kind)], 0))
		walk(string(kind), gql(t, h, query, map[string]any{"ids": ids}))
	}
	for _, ty := range types {
		if !ty.isNode() && ty.Name != "Adoption" {
			continue
		}
		for old, now := range pairs[ty.Name] {
			if strings.HasSuffix(now, "Count") {
				continue // the counts: TestDeprecatedCountsAnswerAsTheirNewNames
			}
			if !seen[ty.Name+"."+old] {
				t.Errorf("%s.%s (now %s) never answered anything but null or []: the comparison proved nothing", ty.Name, old, now)
			}
		}
	}
	if len(seen) < 5 {
		t.Errorf("only %d renamed fields compared: %v", len(seen), seen)
	}
}

// localizedPair is a localized field of a node type and its …Lang field.
type localizedPair struct{ typ, field, lang string }

// localizedPairs returns the localized fields of the node types (a String
// field with a lang argument, label aside: an acronym or a symbol is no
// text in a language), each with its …Lang field. It fails t for a
// localized field without one, or whose …Lang field does not take the same
// arguments, with the same defaults, or does not return a Lang.
func localizedPairs(t *testing.T, types []objectType) []localizedPair {
	t.Helper()
	var out []localizedPair
	for _, ty := range types {
		if !ty.isNode() {
			continue
		}
		for _, f := range ty.Fields {
			hasLang := slices.ContainsFunc(f.Args, func(a argType) bool { return a.Name == "lang" })
			if f.Name == "label" || f.IsDeprecated || !hasLang || f.Type.String() != "String" {
				continue
			}
			i := slices.IndexFunc(ty.Fields, func(g fieldType) bool { return g.Name == f.Name+"Lang" })
			if i < 0 {
				t.Errorf("%s.%s is localized but %s has no %sLang", ty.Name, f.Name, ty.Name, f.Name)
				continue
			}
			l := ty.Fields[i]
			if want := strings.TrimSuffix(f.signature(), "String") + "Lang"; l.signature() != want {
				t.Errorf("%s.%sLang is %s, want %s: the arguments of %s, returning a Lang", ty.Name, f.Name, l.signature(), want, f.Name)
			}
			out = append(out, localizedPair{typ: ty.Name, field: f.Name, lang: l.Name})
		}
	}
	return out
}

// storedLang returns the language x(lang: l) takes its text from, as the
// properties stored for n say (base+suffix per language, and the node's
// own language in lang): l itself, else the node's own language, English,
// French, the first with a text; "" when none has one. It is the rule of
// the Lang enum's description, written again from the data.
func storedLang(n *graph.Node, base string, l graph.Lang) graph.Lang {
	own := graph.EN
	if s, ok := n.Props["lang"].(string); ok && graph.Lang(s).Valid() {
		own = graph.Lang(s)
	}
	for _, c := range []graph.Lang{l, own, graph.EN, graph.FR} {
		if s, ok := n.Props[base+c.Suffix()].(string); ok && s != "" {
			return c
		}
	}
	return ""
}

// TestLangFieldsSayTheLanguageOfTheirText checks, on both stores, for
// every node of the seed with a localized field and every language L, that
// xLang(lang: L) is the language of the text x(lang: L) returns: the
// stored property of that language holds exactly that text, and it is the
// language the fallback chain (L, the node's own language, English,
// French) reaches first in the stored properties; both null when no
// language of the chain has a text. Every localized field must have its
// …Lang field, with the same arguments.
func TestLangFieldsSayTheLanguageOfTheirText(t *testing.T) {
	testgraph.Each(t, func(t *testing.T, s graph.Store) {
		h := resolvers.NewHandler(s, resolvers.Options{Logger: quietLogger(), ComplexityLimit: 1 << 30})
		pairs := localizedPairs(t, introspectTypes(t, h))
		if len(pairs) < 15 {
			t.Fatalf("only %d localized fields found: %v", len(pairs), pairs)
		}
		byType := map[string][]localizedPair{}
		for _, p := range pairs {
			byType[p.typ] = append(byType[p.typ], p)
		}
		var exact, fallback, none int
		for _, kind := range graph.NodeKinds {
			ps := byType[string(kind)]
			ids := idsOfKind(t, s, kind)
			if len(ps) == 0 || len(ids) == 0 {
				continue
			}
			var sel strings.Builder
			for _, p := range ps {
				for _, l := range graph.Langs {
					fmt.Fprintf(&sel, " %[1]s_%[3]s: %[1]s(lang: %[3]s) %[2]s_%[3]s: %[2]s(lang: %[3]s)", p.field, p.lang, l)
				}
			}
			gids := make([]graph.ID, len(ids))
			for i, id := range ids {
				gids[i] = graph.ID(id)
			}
			stored, err := s.Nodes(t.Context(), gids)
			if err != nil {
				t.Fatalf("read the %s nodes: %v", kind, err)
			}
			query := fmt.Sprintf(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on %s {%s } } }`, kind, sel.String())
			got := list(t, gql(t, h, query, map[string]any{"ids": ids}), "nodes")
			for i, n := range stored {
				if n == nil || at(t, got[i], "id") != string(n.ID) {
					t.Fatalf("node %s: stored %v, answered %v", ids[i], n, at(t, got[i], "id"))
				}
				for _, p := range ps {
					for _, l := range graph.Langs {
						text := at(t, got[i], fmt.Sprintf("%s_%s", p.field, l))
						lang := at(t, got[i], fmt.Sprintf("%s_%s", p.lang, l))
						want := storedLang(n, p.field, l)
						if want == "" {
							none++
							if text != nil || lang != nil {
								t.Errorf("%s %s(lang: %s) = %v, %s = %v; the node stores no %s in %s, its own language, English or French: want null, null",
									n.ID, p.field, l, text, p.lang, lang, p.field, l)
							}
							continue
						}
						if lang != string(want) || text != n.Props[p.field+want.Suffix()] {
							t.Errorf("%s %s(lang: %s) = %q, %s = %v; want the %s text %q, %s",
								n.ID, p.field, l, text, p.lang, lang, want, n.Props[p.field+want.Suffix()], want)
						}
						if want == l {
							exact++
						} else {
							fallback++
						}
					}
				}
			}
		}
		if exact == 0 || fallback == 0 || none == 0 {
			t.Errorf("%d texts in the language asked, %d fallbacks, %d without text: want some of each", exact, fallback, none)
		}
	})
}
