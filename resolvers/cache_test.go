package resolvers

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestBoundedCache checks that the cache keeps the most recently used
// entries within its count and its weight, and does not keep an entry
// heavier than a quarter of it.
func TestBoundedCache(t *testing.T) {
	ctx := context.Background()
	c := newBoundedCache(3, 100, func(k, _ string) int { return len(k) })
	has := func(keys ...string) {
		t.Helper()
		for _, k := range keys {
			if _, ok := c.Get(ctx, k); !ok {
				t.Errorf("%q is not in the cache", k)
			}
		}
	}
	hasNot := func(keys ...string) {
		t.Helper()
		for _, k := range keys {
			if _, ok := c.Get(ctx, k); ok {
				t.Errorf("%q is still in the cache", k)
			}
		}
	}
	c.Add(ctx, "a", "1")
	c.Add(ctx, "b", "2")
	c.Add(ctx, "c", "3")
	has("a") // a is now the most recently used
	c.Add(ctx, "d", "4")
	hasNot("b")
	has("a", "c", "d")

	// Weight: four keys of 25 fill it; a fifth pushes out the least used.
	c = newBoundedCache(10, 100, func(k, _ string) int { return len(k) })
	keys := make([]string, 5)
	for i := range keys {
		keys[i] = fmt.Sprint(i) + strings.Repeat("x", 24)
		c.Add(ctx, keys[i], "v")
	}
	hasNot(keys[0])
	has(keys[1:]...)
	if c.weight != 100 || c.order.Len() != 4 || len(c.entries) != 4 {
		t.Errorf("weight %d, %d entries (%d in the map), want 100 and 4", c.weight, c.order.Len(), len(c.entries))
	}

	// Too heavy to keep.
	c.Add(ctx, strings.Repeat("y", 26), "v")
	hasNot(strings.Repeat("y", 26))
	has(keys[1:]...)

	// Replacing an entry keeps one entry and the weight right.
	c.Add(ctx, keys[4], "w")
	if v, _ := c.Get(ctx, keys[4]); v != "w" || c.weight != 100 || len(c.entries) != 4 {
		t.Errorf("after a replacement: value %q, weight %d, %d entries", v, c.weight, len(c.entries))
	}
}
