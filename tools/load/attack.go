package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// attack is one request (or a pair) from the security issue.
type attack struct {
	// Name is what -only selects.
	Name string
	// What says what the attack sends.
	What string
	// Body builds the JSON body of a single POST; nil for a custom attack.
	Body func() ([]byte, error)
	// Custom runs an attack that is not a single POST.
	Custom func(ctx context.Context, c *attackClient) outcome
	// CPUWindow, when set, is how long after sending the server's CPU time
	// is measured (otherwise: until the RSS reading after the answer).
	CPUWindow time.Duration
}

// outcome is what the client saw of one attack.
type outcome struct {
	Status    string        // HTTP status, or statuses joined by ", "
	Code      string        // extensions.code of the first error
	Message   string        // message of the first error
	Bytes     int64         // response body bytes (summed over concurrent requests)
	Elapsed   time.Duration // from the first byte sent to the last byte read
	ReqBytes  int           // request body bytes (per request)
	Err       string        // a client-side error: timeout, reset, ...
	TimedOut  bool          // the client gave up waiting
	ExtraNote []string      // anything else worth reporting
}

// attackClient sends the attacks.
type attackClient struct {
	url     *url.URL
	http    *http.Client
	timeout time.Duration
}

// attacks returns every attack, in the order they run.
func attacks() []attack {
	return []attack{
		{
			Name: "members3",
			What: "State.groups.group.members nested three times from France (193³ states)",
			Body: func() ([]byte, error) { return graphQLBody(members3Query, nil) },
		},
		{
			Name: "typename10k",
			What: "10,000 unaliased copies of __typename",
			Body: func() ([]byte, error) { return graphQLBody(repeatFields("__typename", 10_000), nil) },
		},
		{
			Name: "typename20k",
			What: "20,000 unaliased copies of __typename",
			Body: func() ([]byte, error) { return graphQLBody(repeatFields("__typename", 20_000), nil) },
		},
		{
			Name: "neighborhood930k",
			What: `~930 kB of aliased neighborhood(id:"State:FRA"){ nodes { id } } fields`,
			Body: func() ([]byte, error) {
				doc, _ := aliasFieldsToSize(`neighborhood(id:"State:FRA"){ nodes { id } }`, 930_000)
				return graphQLBody(doc, nil)
			},
		},
		{
			Name: "deep800",
			What: "an introspection query nested 800 selection sets deep (__schema.types.fields.type.ofType…)",
			Body: func() ([]byte, error) { return graphQLBody(deepIntrospection(800), nil) },
		},
		{
			Name: "aliases10k",
			What: "10,000 aliases of __typename",
			Body: func() ([]byte, error) { return graphQLBody(aliasFields("__typename", 10_000), nil) },
		},
		{
			Name: "errors540k",
			What: "~540 kB of aliased states(first:-1){ totalCount }, each a BAD_USER_INPUT error",
			Body: func() ([]byte, error) {
				doc, _ := aliasFieldsToSize(`states(first:-1){ totalCount }`, 540_000)
				return graphQLBody(doc, nil)
			},
		},
		{
			Name: "cursorecho",
			What: "a 10 kB variable passed as the after cursor of 5,000 aliased states(first: 0) fields: each error repeats it",
			Body: func() ([]byte, error) {
				doc := "query($c: String) " + aliasFields(`states(first: 0, after: $c){ totalCount }`, 5_000)
				return graphQLBody(doc, map[string]any{"c": strings.Repeat("x", 10_000)})
			},
		},
		{
			Name: "jsonarray",
			What: `the body [{"query":"{__typename}"}]: does the error name a Go type?`,
			Body: func() ([]byte, error) { return []byte(`[{"query":"{__typename}"}]`), nil },
		},
		{
			Name:   "slowbody",
			What:   "a POST announcing 4 kB, sent a byte every 250 ms for 5 s, then stalled: does the error show socket addresses?",
			Custom: slowBody,
		},
		{
			Name:      "bigdoc1m",
			What:      "two concurrent ~1 MB documents of __typename fields; server CPU time over the minute after sending",
			Custom:    bigDocs,
			CPUWindow: time.Minute,
		},
	}
}

// selectAttacks returns the attacks named in the comma-separated list only,
// or all of them when it is empty.
func selectAttacks(all []attack, only string) ([]attack, error) {
	if strings.TrimSpace(only) == "" {
		return all, nil
	}
	byName := make(map[string]attack, len(all))
	for _, a := range all {
		byName[a.Name] = a
	}
	var out []attack
	for name := range strings.SplitSeq(only, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		a, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("unknown attack %q (known: %s)", name, strings.Join(attackNames(all), ", "))
		}
		out = append(out, a)
	}
	return out, nil
}

// attackNames returns the names of the attacks, in order.
func attackNames(all []attack) []string {
	names := make([]string, len(all))
	for i, a := range all {
		names[i] = a.Name
	}
	return names
}

// post sends body to the endpoint and reads the whole answer.
func (c *attackClient) post(ctx context.Context, body []byte) outcome {
	o := outcome{ReqBytes: len(body)}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url.String(), bytes.NewReader(body))
	if err != nil {
		o.Err = fmt.Sprintf("build request: %v", err)
		return o
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", acceptHeader)
	start := time.Now()
	res, err := c.http.Do(req)
	if err != nil {
		o.Elapsed = time.Since(start)
		o.Err, o.TimedOut = describeErr(err)
		return o
	}
	defer res.Body.Close()
	prefix, n, err := drain(res.Body)
	o.Elapsed = time.Since(start)
	o.Status = fmt.Sprint(res.StatusCode)
	o.Bytes = n
	if err != nil {
		o.Err, o.TimedOut = describeErr(fmt.Errorf("read response: %w", err))
	}
	o.Code, o.Message = firstError(prefix)
	return o
}

// describeErr returns a client error as text and whether it is a timeout.
func describeErr(err error) (string, bool) {
	var ne net.Error
	timeout := errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
	return err.Error(), timeout
}

// slowBody sends a POST whose body dribbles in, then stalls, and reads what
// the server answers.
func slowBody(ctx context.Context, c *attackClient) outcome {
	const (
		announced = 4096
		every     = 250 * time.Millisecond
		dribble   = 5 * time.Second
	)
	o := outcome{ReqBytes: announced}
	conn, err := dialLoopback(ctx, c.url)
	if err != nil {
		o.Err = err.Error()
		return o
	}
	defer conn.Close()
	start := time.Now()
	_ = conn.SetDeadline(start.Add(c.timeout))
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nAccept: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
		c.url.RequestURI(), c.url.Host, acceptHeader, announced)
	if _, err := conn.Write([]byte(head)); err != nil {
		o.Err = fmt.Sprintf("write headers: %v", err)
		return o
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		payload := []byte(`{"query":"{ __typename __typename __typename`)
		t := time.NewTicker(every)
		defer t.Stop()
		for i := 0; i < len(payload) && time.Since(start) < dribble; i++ {
			if _, err := conn.Write(payload[i : i+1]); err != nil {
				return
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
		// Then nothing more: the body stays incomplete.
	})
	defer func() { close(stop); wg.Wait() }()

	req, _ := http.NewRequest(http.MethodPost, c.url.String(), nil)
	res, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		o.Elapsed = time.Since(start)
		o.Err, o.TimedOut = describeErr(fmt.Errorf("read response: %w", err))
		return o
	}
	defer res.Body.Close()
	prefix, n, err := drain(res.Body)
	o.Elapsed = time.Since(start)
	o.Status = fmt.Sprint(res.StatusCode)
	o.Bytes = n
	if err != nil && !errors.Is(err, net.ErrClosed) {
		o.Err, o.TimedOut = describeErr(fmt.Errorf("read response: %w", err))
	}
	o.Code, o.Message = firstError(prefix)
	return o
}

// bigDocSize is the size of each document of bigdoc1m: 1 MB, under the
// server's 1 MiB body limit once wrapped in JSON.
const bigDocSize = 1_000_000

// bigDocs sends two ~1 MB documents at once and waits for both answers.
func bigDocs(ctx context.Context, c *attackClient) outcome {
	doc, _ := repeatFieldsToSize("__typename", bigDocSize)
	body, err := graphQLBody(doc, nil)
	if err != nil {
		return outcome{Err: err.Error()}
	}
	var res [2]outcome
	var wg sync.WaitGroup
	for i := range res {
		wg.Go(func() { res[i] = c.post(ctx, body) })
	}
	wg.Wait()
	o := outcome{ReqBytes: len(body)}
	var statuses, errs []string
	for _, r := range res {
		statuses = append(statuses, orDash(r.Status))
		o.Bytes += r.Bytes
		o.Elapsed = max(o.Elapsed, r.Elapsed)
		o.TimedOut = o.TimedOut || r.TimedOut
		if o.Code == "" {
			o.Code, o.Message = r.Code, r.Message
		}
		if r.Err != "" {
			errs = append(errs, r.Err)
		}
	}
	o.Status = strings.Join(statuses, ", ")
	o.Err = strings.Join(errs, "; ")
	return o
}

// orDash returns s, or "-" when it is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
