package export

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/nexus-graph/nexus/graph"
)

// marshalJSON encodes v as JSON without escaping <, > and & (the output is a
// file, not HTML) and without a trailing newline. A nil []string is [].
func marshalJSON(v any) ([]byte, error) {
	if l, ok := v.([]string); ok && l == nil {
		v = []string{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// object builds a JSON object whose keys keep the order they are added in,
// so that the built-in fields come first and output is the same every time.
type object struct {
	buf []byte
	err error
}

// add adds key with the JSON encoding of v.
func (o *object) add(key string, v any) {
	if o.err != nil {
		return
	}
	b, err := marshalJSON(v)
	if err != nil {
		o.err = fmt.Errorf("%s: %w", key, err)
		return
	}
	o.raw(key, b)
}

// raw adds key with value, which is already JSON.
func (o *object) raw(key string, value []byte) {
	if o.err != nil {
		return
	}
	if len(o.buf) == 0 {
		o.buf = append(o.buf, '{')
	} else {
		o.buf = append(o.buf, ',')
	}
	k, err := marshalJSON(key)
	if err != nil {
		o.err = err
		return
	}
	o.buf = append(o.buf, k...)
	o.buf = append(o.buf, ':')
	o.buf = append(o.buf, value...)
}

// bytes returns the object, {} when it has no key.
func (o *object) bytes() ([]byte, error) {
	if o.err != nil {
		return nil, o.err
	}
	if len(o.buf) == 0 {
		return []byte("{}"), nil
	}
	return append(o.buf, '}'), nil
}

// provenanceJSON returns a source as a JSON object of its non-empty fields,
// in the order of provenanceFields.
func provenanceJSON(s graph.Source) ([]byte, error) {
	var o object
	for _, f := range provenanceFields {
		if v := f.value(s); v != "" {
			o.add(f.name, v)
		}
	}
	return o.bytes()
}

// sourcesJSON returns a node's sources as a JSON array of provenance
// objects, in the node's order.
func sourcesJSON(sources []graph.Source) ([]byte, error) {
	buf := []byte{'['}
	for i, s := range sources {
		if i > 0 {
			buf = append(buf, ',')
		}
		b, err := provenanceJSON(s)
		if err != nil {
			return nil, err
		}
		buf = append(buf, b...)
	}
	return append(buf, ']'), nil
}

// propsJSON adds the properties of cols that props holds to o, under their
// column names.
func propsJSON(o *object, props graph.Props, cols []column) {
	for _, c := range cols {
		if v, ok := props[c.prop]; ok {
			o.add(c.name, v)
		}
	}
}
