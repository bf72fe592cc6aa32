package subscriptions

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"ticketing.local/insights/internal/contracts"
	"ticketing.local/insights/internal/figures"
	"ticketing.local/insights/internal/figures/figurestest"
)

const (
	generated = "../../../../packages/contracts/generated"
	fixtures  = "../../../../packages/contracts/fixtures"
	seller    = "seller-1"
	buyer     = "buyer-1"
)

type harness struct {
	t     *testing.T
	store *figurestest.MemStore
	h     *Handlers
	seq   int
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	v, err := contracts.Load(generated)
	if err != nil {
		t.Fatal(err)
	}
	store := figurestest.NewMemStore()
	return &harness{t: t, store: store, h: handlersOn(store, v)}
}

func handlersOn(store figures.Store, v *contracts.Validator) *Handlers {
	return &Handlers{
		Figures:   figures.NewService(store),
		Validator: v,
		Log:       slog.New(slog.NewTextHandler(io.Discard, nil)),
		Lag:       &LagRecorder{},
		Now:       time.Now,
	}
}

// A UUIDv7 event id made at ms (as the platform's outbox makes them).
func v7(ms int64, n int) string {
	return fmt.Sprintf("%08x-%04x-7000-8000-%012x", ms>>16, ms&0xffff, n)
}

var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func (x *harness) deliver(topic string, data map[string]any, at time.Time) Status {
	x.t.Helper()
	x.seq++
	if _, ok := data["eventId"]; !ok {
		data["eventId"] = v7(at.UnixMilli(), x.seq)
	}
	return x.deliverRaw(topic, data)
}

func (x *harness) deliverRaw(topic string, data any) Status {
	x.t.Helper()
	body, _ := json.Marshal(map[string]any{
		"specversion": "1.0", "id": "ce-1", "source": "test", "type": "com.dapr.event.sent",
		"datacontenttype": "application/json", "topic": topic, "pubsubname": "pubsub", "data": data,
	})
	return x.h.Handle(context.Background(), topic, body)
}

func ticket(id string, version int, status string) map[string]any {
	return map[string]any{
		"id": id, "version": version, "title": "Hamlet", "category": "theatre", "venue": "The Globe",
		"startsAt": "2027-06-01T19:30:00.000Z", "price": 4500, "currency": "usd", "sellerId": seller,
		"status": status, "orderId": nil, "holderId": nil,
	}
}

func orderCreated(id, ticketID string) map[string]any {
	return map[string]any{
		"id": id, "version": 0, "userId": buyer, "status": "created", "expiresAt": "2026-12-01T10:15:00.000Z",
		"ticket": map[string]any{"id": ticketID, "title": "Hamlet", "price": 4500, "currency": "usd", "sellerId": seller},
	}
}

func completed(id, ticketID string) map[string]any {
	return map[string]any{"id": id, "version": 2, "userId": buyer, "ticketId": ticketID, "paymentId": "pay-" + id}
}

func cancelled(id, ticketID, reason string) map[string]any {
	return map[string]any{"id": id, "version": 1, "ticketId": ticketID, "reason": reason}
}

func payment(orderID string, amount int) map[string]any {
	return map[string]any{"id": "pay-" + orderID, "orderId": orderID, "stripeId": "pi_1", "amount": amount, "currency": "usd"}
}

func (x *harness) seller() figures.SellerView {
	x.t.Helper()
	v, err := x.h.Figures.SellerFigures(context.Background(), seller)
	if err != nil {
		x.t.Fatal(err)
	}
	return v
}

func expect(t *testing.T, what string, got, want any) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

func TestFixturesThroughTheHandlers(t *testing.T) {
	x := newHarness(t)
	for _, topic := range Topics {
		for _, kind := range []string{"valid", "invalid"} {
			files, _ := filepath.Glob(filepath.Join(fixtures, topic, kind, "*.json"))
			if len(files) == 0 {
				t.Fatalf("no %s fixtures for %s", kind, topic)
			}
			for _, f := range files {
				raw, _ := os.ReadFile(f)
				var data any
				if err := json.Unmarshal(raw, &data); err != nil {
					t.Fatal(err)
				}
				got := x.deliverRaw(topic, data)
				name := topic + "/" + kind + "/" + filepath.Base(f)
				if kind == "invalid" && got != Drop {
					t.Errorf("when %s is delivered, then it is dropped; got %s", name, got)
				}
				// A valid event applies or waits for the one it depends on; never dropped.
				if kind == "valid" && got == Drop {
					t.Errorf("when %s is delivered, then it is not dropped", name)
				}
			}
		}
	}
}

func TestNotACloudEventIsDropped(t *testing.T) {
	x := newHarness(t)
	expect(t, "garbage", x.h.Handle(context.Background(), "order.created", []byte("{nope")), Drop)
	expect(t, "no data", x.h.Handle(context.Background(), "order.created", []byte(`{"id":"1"}`)), Drop)
}

func TestPurchaseMovesTheFigures(t *testing.T) {
	x := newHarness(t)
	expect(t, "ticket.created", x.deliver("ticket.created", ticket("t1", 0, "available"), t0), Success)
	expect(t, "ticket.created", x.deliver("ticket.created", ticket("t2", 0, "available"), t0), Success)
	expect(t, "order.created", x.deliver("order.created", orderCreated("o1", "t1"), t0.Add(time.Minute)), Success)
	x.deliver("ticket.updated", ticket("t1", 1, "reserved"), t0.Add(time.Minute))

	held := x.seller().Totals
	expect(t, "held while the order is open", held.Held, 1)
	expect(t, "on sale while one is held", held.OnSale, 1)

	expect(t, "payment.created", x.deliver("payment.created", payment("o1", 4500), t0.Add(2*time.Minute)), Success)
	expect(t, "order.completed", x.deliver("order.completed", completed("o1", "t1"), t0.Add(2*time.Minute)), Success)
	x.deliver("ticket.updated", ticket("t1", 2, "sold"), t0.Add(2*time.Minute))

	v := x.seller()
	expect(t, "listed", v.Totals.Listed, 2)
	expect(t, "sold", v.Totals.Sold, 1)
	expect(t, "held", v.Totals.Held, 0)
	expect(t, "revenue", v.Totals.Revenue, []figures.Money{{Currency: "usd", Amount: 4500}})
	expect(t, "sell-through", v.Totals.SellThrough, 0.5)
	expect(t, "revenue by day", v.RevenueByDay, []figures.DayRevenue{{Day: "2026-12-01", Currency: "usd", Amount: 4500}})
	if len(v.Events) != 1 {
		t.Fatalf("one event, got %d", len(v.Events))
	}
	series := v.Events[0].SellThrough
	expect(t, "sell-through series", len(series), 2)
	expect(t, "last point", series[len(series)-1], figures.SellThroughPoint{At: "2026-12-01T10:02Z", Sold: 1, Ratio: 0.5})

	ev, err := x.h.Figures.EventFigures(context.Background(), seller, v.Events[0].Event.ID)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "event route figures", ev.Figures.Sold, 1)
	if _, err := x.h.Figures.EventFigures(context.Background(), "someone-else", v.Events[0].Event.ID); !errors.Is(err, figures.ErrForbidden) {
		t.Errorf("when another seller asks, then it is forbidden; got %v", err)
	}
	if _, err := x.h.Figures.EventFigures(context.Background(), seller, "0000000000000000"); !errors.Is(err, figures.ErrNotFound) {
		t.Errorf("when nobody lists the event, then not found; got %v", err)
	}
}

func TestExpiryMovesTheFigures(t *testing.T) {
	x := newHarness(t)
	x.deliver("ticket.created", ticket("t1", 0, "available"), t0)
	x.deliver("order.created", orderCreated("o1", "t1"), t0)
	expect(t, "order.cancelled", x.deliver("order.cancelled", cancelled("o1", "t1", "expired"), t0.Add(15*time.Minute)), Success)
	v := x.seller().Totals
	expect(t, "held", v.Held, 0)
	expect(t, "cancelled", v.Cancelled, 1)
	expect(t, "expired", v.Expired, 1)
	expect(t, "sold", v.Sold, 0)
	// A charge that lands after expiry is refunded: never revenue.
	x.deliver("payment.created", payment("o1", 4500), t0.Add(16*time.Minute))
	expect(t, "revenue after a late charge", x.seller().Totals.Revenue, []figures.Money{})
}

func TestDuplicatesChangeNothing(t *testing.T) {
	x := newHarness(t)
	events := []struct {
		topic string
		data  map[string]any
	}{
		{"ticket.created", ticket("t1", 0, "available")},
		{"order.created", orderCreated("o1", "t1")},
		{"ticket.updated", ticket("t1", 1, "reserved")},
		{"payment.created", payment("o1", 4500)},
		{"order.completed", completed("o1", "t1")},
		{"ticket.updated", ticket("t1", 2, "sold")},
	}
	for _, e := range events {
		expect(t, e.topic, x.deliver(e.topic, e.data, t0), Success)
	}
	before := x.seller()
	sets := x.store.Sets
	for _, e := range events {
		// Same eventId, as a redelivery carries.
		expect(t, "redelivered "+e.topic, x.deliverRaw(e.topic, e.data), Success)
	}
	expect(t, "writes on redelivery", x.store.Sets-sets, 0)
	after := x.seller()
	b, _ := json.Marshal(before)
	a, _ := json.Marshal(after)
	expect(t, "figures after redelivery", string(a), string(b))
	expect(t, "revenue counted once", after.Totals.Revenue, []figures.Money{{Currency: "usd", Amount: 4500}})
}

func TestOutOfOrderWaitsThenApplies(t *testing.T) {
	x := newHarness(t)
	// Each depends on one that has not arrived: redeliver later, never drop.
	expect(t, "order.completed before order.created", x.deliver("order.completed", completed("o1", "t1"), t0), Retry)
	expect(t, "payment before its order", x.deliver("payment.created", payment("o1", 4500), t0), Retry)
	expect(t, "order before its ticket", x.deliver("order.created", orderCreated("o1", "t1"), t0), Retry)
	expect(t, "ticket.deleted before ticket.created", x.deliver("ticket.deleted", map[string]any{"id": "t2", "version": 1}, t0), Retry)

	// A newer snapshot first, then the older one: the older is ignored.
	expect(t, "ticket.updated v1 first", x.deliver("ticket.updated", ticket("t1", 1, "reserved"), t0), Success)
	expect(t, "ticket.created v0 after", x.deliver("ticket.created", ticket("t1", 0, "available"), t0), Success)
	expect(t, "on sale after the stale snapshot", x.seller().Totals.OnSale, 0)

	// The redeliveries now apply.
	expect(t, "order.created redelivered", x.deliver("order.created", orderCreated("o1", "t1"), t0), Success)
	expect(t, "order.completed redelivered", x.deliver("order.completed", completed("o1", "t1"), t0.Add(time.Minute)), Success)
	expect(t, "payment redelivered after completion", x.deliver("payment.created", payment("o1", 4000), t0.Add(time.Minute)), Success)
	v := x.seller().Totals
	expect(t, "sold", v.Sold, 1)
	// Revenue is what was charged, even when the charge is known only after completion.
	expect(t, "revenue", v.Revenue, []figures.Money{{Currency: "usd", Amount: 4000}})

	// A cancel after completion (another topic, older news) changes nothing.
	expect(t, "late cancel", x.deliver("order.cancelled", cancelled("o1", "t1", "buyer"), t0), Success)
	expect(t, "cancelled after late cancel", x.seller().Totals.Cancelled, 0)

	x.deliver("ticket.created", ticket("t2", 0, "available"), t0)
	expect(t, "ticket.deleted redelivered", x.deliver("ticket.deleted", map[string]any{"id": "t2", "version": 1}, t0), Success)
	expect(t, "listed after delete", x.seller().Totals.Listed, 1)
}

func TestAnEditThatMovesATicketToAnotherEvent(t *testing.T) {
	x := newHarness(t)
	x.deliver("ticket.created", ticket("t1", 0, "available"), t0)
	moved := ticket("t1", 1, "available")
	moved["startsAt"] = "2027-06-02T19:30:00.000Z"
	expect(t, "edit", x.deliver("ticket.updated", moved, t0), Success)
	v := x.seller()
	expect(t, "events", len(v.Events), 2)
	expect(t, "listed once", v.Totals.Listed, 1)
}

func TestConcurrentWritersMeetOnETags(t *testing.T) {
	x := newHarness(t)
	v, _ := contracts.Load(generated)
	// A second replica on the same store: its writes race ours through ETags only.
	other := handlersOn(x.store, v)
	var wg sync.WaitGroup
	statuses := make(chan Status, 40)
	for i := 0; i < 40; i++ {
		h := x.h
		if i%2 == 1 {
			h = other
		}
		wg.Add(1)
		go func(i int, h *Handlers) {
			defer wg.Done()
			body, _ := json.Marshal(map[string]any{"data": func() map[string]any {
				d := ticket(fmt.Sprintf("t%d", i), 0, "available")
				d["eventId"] = v7(t0.UnixMilli(), 1000+i)
				return d
			}()})
			statuses <- h.Handle(context.Background(), "ticket.created", body)
		}(i, h)
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		expect(t, "status", s, Success)
	}
	expect(t, "listed", x.seller().Totals.Listed, 40)
	if x.store.Conflicts == 0 {
		t.Log("no ETag conflict happened this run")
	}
}

func TestAWriterThatWinsTheRaceIsReadAgain(t *testing.T) {
	x := newHarness(t)
	x.deliver("ticket.created", ticket("t1", 0, "available"), t0)
	interfered := false
	x.store.Interfere = func(key string) {
		if interfered || len(key) < 4 || key[:4] != "doc:" {
			return
		}
		interfered = true
		// Another replica rewrites the document (same content, new ETag) just before our write.
		x.store.Put(key, x.store.Raw(key))
	}
	expect(t, "ticket.created", x.deliver("ticket.created", ticket("t2", 0, "available"), t0), Success)
	expect(t, "conflicts", x.store.Conflicts, 1)
	expect(t, "listed", x.seller().Totals.Listed, 2)
}

type failingStore struct{ figures.Store }

func (failingStore) Get(context.Context, string) ([]byte, string, bool, error) {
	return nil, "", false, errors.New("sidecar unreachable")
}

func TestAStoreThatIsAwayAsksForRedelivery(t *testing.T) {
	x := newHarness(t)
	v, _ := contracts.Load(generated)
	x.h = handlersOn(failingStore{}, v)
	expect(t, "status", x.deliver("ticket.created", ticket("t1", 0, "available"), t0), Retry)
}

func TestLagIsRecordedForAppliedEvents(t *testing.T) {
	x := newHarness(t)
	x.h.Now = func() time.Time { return t0.Add(120 * time.Millisecond) }
	x.deliver("ticket.created", ticket("t1", 0, "available"), t0)
	s := x.h.Lag.Summary()
	expect(t, "count", s.Count, 1)
	expect(t, "p50", s.P50, 120)
}
