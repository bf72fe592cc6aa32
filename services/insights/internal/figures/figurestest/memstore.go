// Package figurestest holds test support: a Store with the ETag semantics of the Dapr state
// API (first-write concurrency), for handler tests that need many cases quickly. The system
// tests run the same code against a real sidecar and state store.
package figurestest

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"

	"ticketing.local/insights/internal/figures"
)

type MemStore struct {
	mu    sync.Mutex
	items map[string]item
	seq   int
	// Interfere, when set, runs before each Set, to make another writer win the race.
	Interfere func(key string)
	Sets      int
	Conflicts int
}

type item struct {
	value []byte
	etag  string
}

func NewMemStore() *MemStore { return &MemStore{items: map[string]item{}} }

func (m *MemStore) Get(_ context.Context, key string) ([]byte, string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[key]
	return it.value, it.etag, ok, nil
}

func (m *MemStore) Set(_ context.Context, key string, value json.RawMessage, etag string) error {
	if m.Interfere != nil {
		m.Interfere(key)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, exists := m.items[key]
	if (etag == "" && exists) || (etag != "" && (!exists || cur.etag != etag)) {
		m.Conflicts++
		return figures.ErrConflict
	}
	m.seq++
	m.Sets++
	m.items[key] = item{value: append([]byte(nil), value...), etag: strconv.Itoa(m.seq)}
	return nil
}

func (m *MemStore) BulkGet(_ context.Context, keys []string) (map[string][]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string][]byte{}
	for _, k := range keys {
		if it, ok := m.items[k]; ok {
			out[k] = it.value
		}
	}
	return out, nil
}

// Put writes a key as another writer would (a new ETag).
func (m *MemStore) Put(key string, value []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq++
	m.items[key] = item{value: value, etag: strconv.Itoa(m.seq)}
}

// Raw returns a key's value.
func (m *MemStore) Raw(key string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.items[key].value
}
