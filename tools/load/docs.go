package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

// members3Query nests State.groups.group.members three times: every level
// multiplies the result by the 193 Member States.
const members3Query = `{ state(iso3:"FRA") { groups { group { members { state { groups { group { members { state { groups { group { members { state { iso3 } } } } } } } } } } } } } }`

// repeatFields returns a document selecting field n times at the root,
// unaliased: { f f f ... }.
func repeatFields(field string, n int) string {
	var b strings.Builder
	b.Grow(2 + n*(len(field)+1) + 1)
	b.WriteString("{ ")
	for range n {
		b.WriteString(field)
		b.WriteByte(' ')
	}
	b.WriteByte('}')
	return b.String()
}

// aliasFields returns a document selecting field n times at the root, each
// under its own alias: { a1: f a2: f ... }.
func aliasFields(field string, n int) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i := range n {
		fmt.Fprintf(&b, "a%d: %s ", i+1, field)
	}
	b.WriteByte('}')
	return b.String()
}

// aliasFieldsToSize returns a document of aliased copies of field, as many
// as fit in size bytes (at least one), and how many that is.
func aliasFieldsToSize(field string, size int) (string, int) {
	var b strings.Builder
	b.Grow(size)
	b.WriteString("{ ")
	n := 0
	for {
		item := fmt.Sprintf("a%d: %s ", n+1, field)
		if n > 0 && b.Len()+len(item)+1 > size {
			break
		}
		b.WriteString(item)
		n++
	}
	b.WriteByte('}')
	return b.String(), n
}

// repeatFieldsToSize returns a document of unaliased copies of field, as
// many as fit in size bytes (at least one), and how many that is.
func repeatFieldsToSize(field string, size int) (string, int) {
	n := max((size-3)/(len(field)+1), 1)
	return repeatFields(field, n), n
}

// deepIntrospection returns an introspection query whose selection sets
// are nested depth levels deep:
// { __schema { types { fields { type { ofType { ofType ... { name } } } } } } }.
// depth counts the selection sets, the outermost one included; it is at
// least 5.
func deepIntrospection(depth int) string {
	depth = max(depth, 5)
	head := []string{"__schema", "types", "fields", "type"}
	var b strings.Builder
	b.WriteString("{ ")
	opened := 1
	for _, f := range head {
		b.WriteString(f)
		b.WriteString(" { ")
		opened++
	}
	for opened < depth {
		b.WriteString("ofType { ")
		opened++
	}
	b.WriteString("name ")
	b.WriteString(strings.Repeat("} ", opened))
	return strings.TrimSpace(b.String())
}

// selectionDepth returns the deepest nesting of braces in doc, ignoring
// braces in strings. It is what the builders are checked against.
func selectionDepth(doc string) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(doc); i++ {
		switch c := doc[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{':
			depth++
			deepest = max(deepest, depth)
		case c == '}':
			depth--
		}
	}
	return deepest
}

// graphQLBody returns the JSON body of a POST request for query.
func graphQLBody(query string, variables map[string]any) ([]byte, error) {
	body := map[string]any{"query": query}
	if variables != nil {
		body["variables"] = variables
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encode request body: %w", err)
	}
	return b, nil
}
