package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

const probeSynopsis = "nexus probe [flags]\n\n" +
	"Asks a running nexus serve whether it is healthy: it GETs PATH at the\n" +
	"address --listen names (the same flag and variable as nexus serve; a host\n" +
	"that means every interface is probed on the loopback) and exits with\n" +
	"status 0 on 200 and 1 otherwise, printing the answer. It is the health\n" +
	"check of the container image, which has no shell or HTTP client."

// probeTimeout bounds one probe.
const probeTimeout = 5 * time.Second

// probe checks a running server's /healthz or /readyz.
func probe(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("probe")
	listen := fs.option("listen", "NEXUS_LISTEN", "127.0.0.1:8080", "the `HOST:PORT` nexus serve listens on")
	path := fs.option("path", "NEXUS_PROBE_PATH", "/readyz", "the `PATH` to probe: /readyz (ready to answer queries) or /healthz (the process is up)")
	if done, err := parseFlags(fs, probeSynopsis, e, args); done {
		return err
	}
	if fs.NArg() > 0 {
		fs.usage(e.stderr, probeSynopsis)
		return usageErrorf("probe: unexpected argument %q", fs.Arg(0))
	}
	addr, err := parseListen(listen)
	if err != nil {
		return err
	}
	if path.value != "/readyz" && path.value != "/healthz" {
		return path.invalid("want /readyz or /healthz")
	}
	host, port, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	if port == "0" {
		return listen.invalid("port 0 is not a port a server listens on")
	}
	url := "http://" + net.JoinHostPort(host, port) + path.value

	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	// No proxy: the server is on this host or next to it.
	client := &http.Client{Transport: &http.Transport{Proxy: nil}}
	res, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if err != nil {
		return fmt.Errorf("probe %s: read the answer: %w", url, err)
	}
	answer := strings.TrimSpace(string(body))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("probe %s: %s: %s", url, res.Status, answer)
	}
	_, err = fmt.Fprintf(e.stdout, "%s: %s\n", url, answer)
	return err
}
