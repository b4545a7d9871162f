package resolvers_test

import (
	"fmt"
	"os"
	"regexp"
	"testing"
)

// TestReadmeQueries runs every GraphQL example of the README through the
// handler over the seed, so that the examples a new user copies never rot.
func TestReadmeQueries(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatalf("read the README: %v", err)
	}
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllSubmatch(b, -1)
	if len(blocks) < 5 {
		t.Fatalf("found %d GraphQL examples in the README, want at least 5", len(blocks))
	}
	h := newHandler(t)
	for i, m := range blocks {
		query := string(m[1])
		t.Run(fmt.Sprintf("example-%d", i+1), func(t *testing.T) {
			data := gql(t, h, query, nil)
			if len(data) == 0 {
				t.Errorf("no data for\n%s", query)
			}
			for field, v := range data {
				if v == nil {
					t.Errorf("%s is null for\n%s", field, query)
				}
			}
		})
	}
}
