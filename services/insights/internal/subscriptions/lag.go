package subscriptions

import (
	"sort"
	"sync"
	"time"
)

// LagRecorder keeps the last samples of event-to-figure lag: from the write that made an
// event (its UUIDv7 id) to its figures being stored.
type LagRecorder struct {
	mu      sync.Mutex
	samples []time.Duration
	next    int
	count   int64
}

const lagWindow = 10_000

type LagSummary struct {
	Count int64   `json:"count"`
	P50   float64 `json:"p50Ms"`
	P99   float64 `json:"p99Ms"`
	Max   float64 `json:"maxMs"`
}

func (l *LagRecorder) Record(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.samples) < lagWindow {
		l.samples = append(l.samples, d)
	} else {
		l.samples[l.next] = d
		l.next = (l.next + 1) % lagWindow
	}
	l.count++
}

// Reset forgets every sample (a bench starts from a clean slate).
func (l *LagRecorder) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.samples, l.next, l.count = nil, 0, 0
}

func (l *LagRecorder) Summary() LagSummary {
	l.mu.Lock()
	s := append([]time.Duration(nil), l.samples...)
	n := l.count
	l.mu.Unlock()
	if len(s) == 0 {
		return LagSummary{Count: n}
	}
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	at := func(q float64) time.Duration { return s[min(len(s)-1, int(q*float64(len(s))))] }
	return LagSummary{Count: n, P50: ms(at(0.50)), P99: ms(at(0.99)), Max: ms(s[len(s)-1])}
}
