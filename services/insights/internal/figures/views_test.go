package figures

import (
	"testing"
	"time"
)

func TestSellThroughStartsAtTheFirstListing(t *testing.T) {
	listed := time.Date(2026, 12, 1, 18, 0, 10, 0, time.UTC)
	d := newDoc("s", EventInfo{ID: "e"})
	d.ApplyTicket(TicketSnapshot{ID: "t1", Status: "available", Price: 100, Currency: "usd"}, listed)
	d.ApplyTicket(TicketSnapshot{ID: "t2", Status: "available", Price: 100, Currency: "usd"}, listed)
	d.ApplyOrderCreated(OrderCreated{ID: "o1"}, listed.Add(5*time.Second))
	// Sold in the same minute as the listing, then another two minutes later.
	d.ApplyOrderClosed("o1", 2, orderComplete, "", listed.Add(20*time.Second))
	d.ApplyOrderCreated(OrderCreated{ID: "o2"}, listed.Add(time.Minute))
	d.ApplyOrderClosed("o2", 2, orderComplete, "", listed.Add(2*time.Minute))

	got := d.View().SellThrough
	want := []SellThroughPoint{
		{At: stamp(listed), Sold: 0, Ratio: 0},
		{At: stamp(listed), Sold: 1, Ratio: 0.5},
		{At: "2026-12-01T18:02Z", Sold: 2, Ratio: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("points: got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("point %d: got %v, want %v", i, got[i], want[i])
		}
	}
}
