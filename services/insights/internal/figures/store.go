package figures

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Store is the port to a key-value store with ETags (the Dapr state API in production).
type Store interface {
	// Get returns the value and its ETag; found is false for a missing key.
	Get(ctx context.Context, key string) (value []byte, etag string, found bool, err error)
	// Set writes only if the key still has etag, or, with etag "", does not exist yet;
	// otherwise it returns an error for which IsConflict is true.
	Set(ctx context.Context, key string, value json.RawMessage, etag string) error
	BulkGet(ctx context.Context, keys []string) (map[string][]byte, error)
}

// ErrConflict is what a Store returns when the ETag no longer matches.
var ErrConflict = errors.New("state changed since it was read")

// keyLocks serialises this process's read-modify-writes per key, so ETag conflicts only come
// from another instance, not from our own concurrent deliveries.
type keyLocks struct {
	mu    sync.Mutex
	locks map[string]*lockEntry
}

type lockEntry struct {
	mu   sync.Mutex
	refs int
}

func (k *keyLocks) lock(key string) func() {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]*lockEntry{}
	}
	e := k.locks[key]
	if e == nil {
		e = &lockEntry{}
		k.locks[key] = e
	}
	e.refs++
	k.mu.Unlock()
	e.mu.Lock()
	return func() {
		e.mu.Unlock()
		k.mu.Lock()
		if e.refs--; e.refs == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}

const maxAttempts = 20

// update reads key into a fresh T, lets change decide (false: nothing to write), and writes it
// back under the ETag it read; on a conflict it reads again, up to maxAttempts times.
func update[T any](ctx context.Context, s Store, locks *keyLocks, key string, change func(cur *T, found bool) (bool, error)) (bool, error) {
	unlock := locks.lock(key)
	defer unlock()
	for attempt := 0; attempt < maxAttempts; attempt++ {
		raw, etag, found, err := s.Get(ctx, key)
		if err != nil {
			return false, err
		}
		cur := new(T)
		if found {
			if err := json.Unmarshal(raw, cur); err != nil {
				return false, fmt.Errorf("state %s is not what this service wrote: %w", key, err)
			}
		}
		changed, err := change(cur, found)
		if err != nil || !changed {
			return false, err
		}
		next, err := json.Marshal(cur)
		if err != nil {
			return false, err
		}
		err = s.Set(ctx, key, next, etag)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, ErrConflict) {
			return false, err
		}
		time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
	}
	return false, fmt.Errorf("state %s: still conflicting after %d attempts", key, maxAttempts)
}

func read[T any](ctx context.Context, s Store, key string) (*T, bool, error) {
	raw, _, found, err := s.Get(ctx, key)
	if err != nil || !found {
		return nil, false, err
	}
	v := new(T)
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, false, fmt.Errorf("state %s: %w", key, err)
	}
	return v, true, nil
}
