package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestLoadRefusesTheDefaultPort(t *testing.T) {
	for _, uri := range []string{"bolt://127.0.0.1:7687", "bolt://localhost", "neo4j://127.0.0.1:7687"} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{"load", "-uri", uri, "-nodes", "1000"}, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "7687") {
			t.Errorf("load -uri %s = %v, want a refusal naming port 7687", uri, err)
		}
		if out.Len() > 0 {
			t.Errorf("load -uri %s printed %q: it began", uri, out.String())
		}
	}
}

func TestLoadNeedsAURI(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"load", "-nodes", "1000"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "-uri") {
		t.Errorf("load without -uri = %v, want an error naming -uri", err)
	}
}

func TestPlanPrintsTheCounts(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"plan", "-nodes", "5000", "-seed", "3"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"5000 nodes", "seed 3", "State-MEMBER_OF->Group", "Region/SUBREGION"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plan output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"drop"}, &out, &errOut); err == nil {
		t.Error("an unknown command succeeded")
	}
}
