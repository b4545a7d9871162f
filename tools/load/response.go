package main

import (
	"bytes"
	"encoding/json"
	"io"
	"regexp"
	"strings"
)

// keepBytes is how much of a response body is kept to read its first error;
// the rest is only counted.
const keepBytes = 64 << 10

// acceptHeader asks for the GraphQL-over-HTTP media type, as a conforming
// client does, with application/json as the fallback.
const acceptHeader = "application/graphql-response+json, application/json;q=0.9"

// prefixWriter keeps the first keepBytes written to it and counts all.
type prefixWriter struct {
	buf bytes.Buffer
	n   int64
}

// Write implements io.Writer.
func (p *prefixWriter) Write(b []byte) (int, error) {
	p.n += int64(len(b))
	if room := keepBytes - p.buf.Len(); room > 0 {
		p.buf.Write(b[:min(room, len(b))])
	}
	return len(b), nil
}

// drain reads r to the end, keeping its first keepBytes.
func drain(r io.Reader) (prefix []byte, n int64, err error) {
	var p prefixWriter
	_, err = io.Copy(&p, r)
	return p.buf.Bytes(), p.n, err
}

var (
	codeRe    = regexp.MustCompile(`"code"\s*:\s*"([^"\\]*)"`)
	messageRe = regexp.MustCompile(`"message"\s*:\s*"((?:[^"\\]|\\.)*)"`)
	// goTypeRe matches what encoding/json and reflection print for a Go
	// type: "Go value of type pkg.T", "Go struct field T.f", or a
	// package-qualified name such as resolvers.requestBody.
	goTypeRe = regexp.MustCompile(`Go value of type [\w.*\[\]]+|Go struct field [\w.]+|\b(?:main|resolvers|graph|model|generated|graphql|json|http|runtime)\.[A-Za-z_]\w*`)
	// sockAddrRe matches an IPv4 or bracketed IPv6 address with a port.
	sockAddrRe = regexp.MustCompile(`\b\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}\b|\[[0-9a-fA-F:]+\]:\d{1,5}`)
)

// firstError returns the extensions.code and message of the first GraphQL
// error in a response body, or in its first keepBytes when it was longer.
// A body that is not JSON is returned, trimmed, as the message.
func firstError(body []byte) (code, message string) {
	var full struct {
		Errors []struct {
			Message    string `json:"message"`
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &full); err == nil {
		if len(full.Errors) > 0 {
			return full.Errors[0].Extensions.Code, full.Errors[0].Message
		}
		return "", ""
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return "", ""
	}
	if trimmed[0] != '{' {
		return "", truncate(string(trimmed), 200)
	}
	// Cut short, or too large to parse: look for the first error by pattern.
	// gqlgen writes "errors" before "data".
	i := bytes.Index(body, []byte(`"errors"`))
	if i < 0 {
		return "", ""
	}
	rest := body[i:]
	if m := messageRe.FindSubmatch(rest); m != nil {
		var s string
		if json.Unmarshal(append(append([]byte{'"'}, m[1]...), '"'), &s) == nil {
			message = s
		}
	}
	if m := codeRe.FindSubmatch(rest); m != nil {
		code = string(m[1])
	}
	return code, message
}

// leaks lists what a message gives away that a client has no use for: the
// name of a Go type, a socket address.
func leaks(message string) []string {
	var out []string
	if m := goTypeRe.FindString(message); m != "" {
		out = append(out, "names a Go type: "+m)
	}
	if m := sockAddrRe.FindAllString(message, -1); len(m) > 0 {
		out = append(out, "socket addresses: "+strings.Join(m, ", "))
	}
	return out
}

// truncate cuts s to at most n bytes, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
