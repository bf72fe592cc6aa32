package figures

import "time"

// Doc holds one seller's figures for one event, with the per-ticket and per-order bookkeeping
// that makes every change idempotent: each entry remembers the aggregate version it is at, so
// a duplicate or an older event changes nothing. One document per (seller, event) means every
// event updates a single key, under one ETag.
type Doc struct {
	SellerID      string                      `json:"sellerId"`
	Event         EventInfo                   `json:"event"`
	Tickets       map[string]*TicketEntry     `json:"tickets"`
	Orders        map[string]*OrderEntry      `json:"orders"`
	SoldByMinute  map[string]int              `json:"soldByMinute"`
	RevenueByDay  map[string]map[string]int64 `json:"revenueByDay"`
	FirstListedAt string                      `json:"firstListedAt,omitempty"`
	UpdatedAt     string                      `json:"updatedAt,omitempty"`
}

type EventInfo struct {
	ID       string `json:"id"`
	Key      string `json:"key"`
	Title    string `json:"title"`
	Venue    string `json:"venue"`
	Category string `json:"category"`
	StartsAt string `json:"startsAt"`
}

type TicketEntry struct {
	V        int64  `json:"v"`
	Status   string `json:"status"`
	Price    int64  `json:"price"`
	Currency string `json:"currency"`
	// Gone: deleted, or moved to another event or seller by an edit.
	Gone     bool   `json:"gone,omitempty"`
	ListedAt string `json:"listedAt,omitempty"`
}

const (
	orderOpen      = "open"
	orderComplete  = "complete"
	orderCancelled = "cancelled"
)

type OrderEntry struct {
	V        int64  `json:"v"`
	TicketID string `json:"ticketId"`
	Price    int64  `json:"price"`
	Currency string `json:"currency"`
	Status   string `json:"status"`
	Reason   string `json:"reason,omitempty"`
	PlacedAt string `json:"placedAt,omitempty"`
	ClosedAt string `json:"closedAt,omitempty"`
	// Paid is the amount payment.created reported; Counted what revenue holds for this order.
	Paid      int64  `json:"paid,omitempty"`
	PaymentID string `json:"paymentId,omitempty"`
	Counted   int64  `json:"counted,omitempty"`
}

func newDoc(sellerID string, info EventInfo) *Doc {
	return &Doc{
		SellerID:     sellerID,
		Event:        info,
		Tickets:      map[string]*TicketEntry{},
		Orders:       map[string]*OrderEntry{},
		SoldByMinute: map[string]int{},
		RevenueByDay: map[string]map[string]int64{},
	}
}

func stamp(t time.Time) string  { return t.UTC().Format(time.RFC3339Nano) }
func minute(t time.Time) string { return t.UTC().Truncate(time.Minute).Format("2006-01-02T15:04Z") }
func day(t time.Time) string    { return t.UTC().Format("2006-01-02") }

func (d *Doc) touch(at time.Time) {
	if s := stamp(at); s > d.UpdatedAt {
		d.UpdatedAt = s
	}
}

// ApplyTicket takes a ticket's snapshot unless the entry is already at that version or later.
func (d *Doc) ApplyTicket(s TicketSnapshot, at time.Time) bool {
	e := d.Tickets[s.ID]
	if e != nil && s.Version <= e.V {
		return false
	}
	if e == nil {
		e = &TicketEntry{ListedAt: stamp(at)}
		d.Tickets[s.ID] = e
		if d.FirstListedAt == "" || e.ListedAt < d.FirstListedAt {
			d.FirstListedAt = e.ListedAt
		}
	}
	e.V, e.Status, e.Price, e.Currency, e.Gone = s.Version, s.Status, s.Price, s.Currency, false
	d.Event.Title, d.Event.Venue, d.Event.Category, d.Event.StartsAt = s.Title, s.Venue, s.Category, s.StartsAt
	d.touch(at)
	return true
}

// MarkTicketGone records that at `version` the ticket left this document (deleted or moved).
func (d *Doc) MarkTicketGone(id string, version int64, at time.Time) bool {
	e := d.Tickets[id]
	if e != nil && version <= e.V {
		return false
	}
	if e == nil {
		e = &TicketEntry{}
		d.Tickets[id] = e
	}
	e.V, e.Gone = version, true
	d.touch(at)
	return true
}

// ApplyOrderCreated opens a hold; a second delivery changes nothing.
func (d *Doc) ApplyOrderCreated(o OrderCreated, at time.Time) bool {
	if _, ok := d.Orders[o.ID]; ok {
		return false
	}
	d.Orders[o.ID] = &OrderEntry{
		V:        o.Version,
		TicketID: o.Ticket.ID,
		Price:    o.Ticket.Price,
		Currency: o.Ticket.Currency,
		Status:   orderOpen,
		PlacedAt: stamp(at),
	}
	d.touch(at)
	return true
}

// ApplyOrderClosed completes or cancels an open order: a closed order never changes again.
// The caller makes sure order.created came first (else the event waits for redelivery).
func (d *Doc) ApplyOrderClosed(id string, version int64, status, reason string, at time.Time) bool {
	e := d.Orders[id]
	if e == nil || e.Status != orderOpen || version <= e.V {
		return false
	}
	e.V, e.Status, e.Reason, e.ClosedAt = version, status, reason, stamp(at)
	if status == orderComplete {
		d.SoldByMinute[minute(at)]++
		amount := e.Price
		if e.PaymentID != "" {
			amount = e.Paid
		}
		d.addRevenue(day(at), e.Currency, amount)
		e.Counted = amount
	}
	d.touch(at)
	return true
}

// ApplyPayment records what was charged; revenue counts it once the order is complete (a
// charge that lands after expiry is refunded, so it is never revenue).
func (d *Doc) ApplyPayment(p PaymentCreated, at time.Time) bool {
	e := d.Orders[p.OrderID]
	if e == nil || e.PaymentID != "" {
		return false
	}
	e.PaymentID, e.Paid = p.ID, p.Amount
	if e.Status == orderComplete && e.Counted != p.Amount {
		closed, _ := time.Parse(time.RFC3339Nano, e.ClosedAt)
		d.addRevenue(day(closed), e.Currency, p.Amount-e.Counted)
		e.Counted = p.Amount
	}
	d.touch(at)
	return true
}

func (d *Doc) addRevenue(day, currency string, amount int64) {
	if d.RevenueByDay[day] == nil {
		d.RevenueByDay[day] = map[string]int64{}
	}
	d.RevenueByDay[day][currency] += amount
}
