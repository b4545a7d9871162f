package resolvers

import (
	"container/list"
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
)

// boundedCache is an LRU cache bounded by the number of its entries and by
// their total weight: the length of the document text each holds. A count
// alone does not bound the memory: every distinct valid document a client
// sends is cached, and a parsed document takes 30 to 40 times its text, so
// 1,000 documents of 20 KB held over 500 MB.
type boundedCache[T any] struct {
	maxEntries, maxWeight int
	weigh                 func(key string, v T) int

	mu      sync.Mutex
	weight  int
	order   *list.List // of *cacheEntry[T], most recently used first
	entries map[string]*list.Element
}

// cacheEntry is an entry of a boundedCache, with its weight.
type cacheEntry[T any] struct {
	key    string
	value  T
	weight int
}

var _ graphql.Cache[string] = (*boundedCache[string])(nil)

// newBoundedCache returns a cache of at most maxEntries entries weighing at
// most maxWeight in all, each weighed by weigh.
func newBoundedCache[T any](maxEntries, maxWeight int, weigh func(key string, v T) int) *boundedCache[T] {
	return &boundedCache[T]{
		maxEntries: maxEntries, maxWeight: maxWeight, weigh: weigh,
		order: list.New(), entries: map[string]*list.Element{},
	}
}

// Get implements graphql.Cache.
func (c *boundedCache[T]) Get(_ context.Context, key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		var zero T
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry[T]).value, true
}

// Add implements graphql.Cache. An entry heavier than a quarter of the
// whole cache is not kept: it would push out many smaller ones.
func (c *boundedCache[T]) Add(_ context.Context, key string, value T) {
	w := c.weigh(key, value)
	if w > c.maxWeight/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*cacheEntry[T])
		c.weight += w - e.weight
		e.value, e.weight = value, w
		c.order.MoveToFront(el)
	} else {
		c.entries[key] = c.order.PushFront(&cacheEntry[T]{key: key, value: value, weight: w})
		c.weight += w
	}
	for c.order.Len() > c.maxEntries || c.weight > c.maxWeight {
		el := c.order.Back()
		e := el.Value.(*cacheEntry[T])
		c.order.Remove(el)
		delete(c.entries, e.key)
		c.weight -= e.weight
	}
}
