package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// errNotLoopback is returned for a target that is not on this machine's
// loopback interface: the harness sends traffic nowhere else.
var errNotLoopback = errors.New("only loopback targets (127.0.0.0/8, ::1, localhost) are allowed")

// checkTarget parses raw as the URL of the GraphQL endpoint and refuses
// anything but http or https to a loopback host.
func checkTarget(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("target %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("target %q: scheme must be http or https", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("target %q: credentials in the URL are not supported", raw)
	}
	if !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("target %q: %w", raw, errNotLoopback)
	}
	return u, nil
}

// isLoopbackHost reports whether host is "localhost" or a loopback IP
// address. No name is resolved: "localhost" is accepted by name and the
// dialer checks the address it actually connects to.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkLoopbackAddr is a net.Dialer Control function that refuses to
// connect to a non-loopback address, whatever a name resolved to.
func checkLoopbackAddr(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("dial %q: %w", address, err)
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("dial %q: %w", address, errNotLoopback)
	}
	return nil
}

// loopbackDialer returns a dialer that connects only to loopback addresses.
func loopbackDialer() *net.Dialer {
	return &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second, Control: checkLoopbackAddr}
}

// newClient returns an HTTP client that talks only to loopback addresses,
// never follows a redirect, and gives up on a request after timeout. With
// maxConns > 0 the transport opens at most that many connections.
func newClient(timeout time.Duration, maxConns int) *http.Client {
	d := loopbackDialer()
	tr := &http.Transport{
		DialContext:         d.DialContext,
		MaxIdleConns:        maxConns,
		MaxIdleConnsPerHost: maxConns,
		MaxConnsPerHost:     maxConns,
		IdleConnTimeout:     90 * time.Second,
		ForceAttemptHTTP2:   false,
		DisableCompression:  true,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// dialLoopback opens a raw TCP connection to the host of u, which must be a
// loopback address.
func dialLoopback(ctx context.Context, u *url.URL) (net.Conn, error) {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	addr := net.JoinHostPort(u.Hostname(), port)
	c, err := loopbackDialer().DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", addr, err)
	}
	return c, nil
}
