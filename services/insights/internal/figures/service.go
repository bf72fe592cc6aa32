package figures

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"
)

// Outcome of applying one event: applied, already applied (a duplicate or older), or not yet
// applicable because an event it depends on has not arrived (the broker redelivers it).
type Outcome int

const (
	Applied Outcome = iota
	Duplicate
	NotYet
)

var (
	ErrNotFound  = errors.New("no figures for this event")
	ErrForbidden = errors.New("not one of your events")
)

// Keys in the state store (Dapr prefixes each with the app id).
func docKey(sellerID, eventID string) string { return "doc:" + sellerID + ":" + eventID }
func ticketKey(id string) string             { return "tix:" + id }
func orderKey(id string) string              { return "ord:" + id }
func sellerKey(id string) string             { return "seller:" + id }
func eventKey(id string) string              { return "event:" + id }

// ticketIndex: which document a ticket's figures are in, at which ticket version.
type ticketIndex struct {
	Doc string `json:"doc"`
	V   int64  `json:"v"`
}

// orderIndex: which document an order's figures are in (the ticket's at order time).
type orderIndex struct {
	Doc string `json:"doc"`
}

type members struct {
	Items []string `json:"items"`
}

// Service applies events to the figures and reads them back.
type Service struct {
	store Store
	locks keyLocks
}

func NewService(store Store) *Service { return &Service{store: store} }

// TicketChanged applies ticket.created and ticket.updated. Snapshots carry the whole state, so
// the newest version wins and anything older is a duplicate. An edit that moves a ticket to
// another event (or a resale to another seller) marks it gone from the document it was in.
func (s *Service) TicketChanged(ctx context.Context, t TicketSnapshot, at time.Time) (Outcome, error) {
	idx, found, err := read[ticketIndex](ctx, s.store, ticketKey(t.ID))
	if err != nil {
		return 0, err
	}
	if found && t.Version <= idx.V {
		return Duplicate, nil
	}
	key := EventKey(t.Title, t.Venue, t.StartsAt)
	info := EventInfo{ID: EventID(key), Key: key, Title: t.Title, Venue: t.Venue, Category: t.Category, StartsAt: t.StartsAt}
	doc := docKey(t.SellerID, info.ID)
	if _, err := update(ctx, s.store, &s.locks, doc, func(d *Doc, exists bool) (bool, error) {
		if !exists {
			*d = *newDoc(t.SellerID, info)
		}
		return d.ApplyTicket(t, at), nil
	}); err != nil {
		return 0, err
	}
	if err := s.addMember(ctx, sellerKey(t.SellerID), doc); err != nil {
		return 0, err
	}
	if err := s.addMember(ctx, eventKey(info.ID), t.SellerID); err != nil {
		return 0, err
	}
	if found && idx.Doc != doc {
		if _, err := update(ctx, s.store, &s.locks, idx.Doc, func(d *Doc, exists bool) (bool, error) {
			return exists && d.MarkTicketGone(t.ID, t.Version, at), nil
		}); err != nil {
			return 0, err
		}
	}
	// Last: once the index says this version, every write above is done.
	return Applied, s.setTicketIndex(ctx, t.ID, ticketIndex{Doc: doc, V: t.Version})
}

func (s *Service) setTicketIndex(ctx context.Context, id string, next ticketIndex) error {
	_, err := update(ctx, s.store, &s.locks, ticketKey(id), func(cur *ticketIndex, found bool) (bool, error) {
		if found && next.V <= cur.V {
			return false, nil
		}
		*cur = next
		return true, nil
	})
	return err
}

// TicketDeleted waits for the ticket's creation, then marks it gone.
func (s *Service) TicketDeleted(ctx context.Context, e TicketDeleted, at time.Time) (Outcome, error) {
	idx, found, err := read[ticketIndex](ctx, s.store, ticketKey(e.ID))
	if err != nil {
		return 0, err
	}
	if !found {
		return NotYet, nil
	}
	if e.Version <= idx.V {
		return Duplicate, nil
	}
	if _, err := update(ctx, s.store, &s.locks, idx.Doc, func(d *Doc, exists bool) (bool, error) {
		return exists && d.MarkTicketGone(e.ID, e.Version, at), nil
	}); err != nil {
		return 0, err
	}
	return Applied, s.setTicketIndex(ctx, e.ID, ticketIndex{Doc: idx.Doc, V: e.Version})
}

// OrderCreated opens a hold in the document of the order's ticket; it waits for the ticket.
func (s *Service) OrderCreated(ctx context.Context, o OrderCreated, at time.Time) (Outcome, error) {
	if _, found, err := read[orderIndex](ctx, s.store, orderKey(o.ID)); err != nil || found {
		return Duplicate, err
	}
	idx, found, err := read[ticketIndex](ctx, s.store, ticketKey(o.Ticket.ID))
	if err != nil {
		return 0, err
	}
	if !found {
		return NotYet, nil
	}
	if _, err := update(ctx, s.store, &s.locks, idx.Doc, func(d *Doc, exists bool) (bool, error) {
		return exists && d.ApplyOrderCreated(o, at), nil
	}); err != nil {
		return 0, err
	}
	_, err = update(ctx, s.store, &s.locks, orderKey(o.ID), func(cur *orderIndex, found bool) (bool, error) {
		if found {
			return false, nil
		}
		cur.Doc = idx.Doc
		return true, nil
	})
	return Applied, err
}

// OrderClosed applies order.completed (status "complete") and order.cancelled; it waits for
// order.created, which travels separately and may come later.
func (s *Service) OrderClosed(ctx context.Context, orderID string, version int64, status, reason string, at time.Time) (Outcome, error) {
	return s.onOrder(ctx, orderID, func(d *Doc) bool {
		return d.ApplyOrderClosed(orderID, version, status, reason, at)
	})
}

// PaymentCreated records the amount charged for an order; it waits for order.created.
func (s *Service) PaymentCreated(ctx context.Context, p PaymentCreated, at time.Time) (Outcome, error) {
	return s.onOrder(ctx, p.OrderID, func(d *Doc) bool { return d.ApplyPayment(p, at) })
}

func (s *Service) onOrder(ctx context.Context, orderID string, apply func(d *Doc) bool) (Outcome, error) {
	idx, found, err := read[orderIndex](ctx, s.store, orderKey(orderID))
	if err != nil {
		return 0, err
	}
	if !found {
		return NotYet, nil
	}
	changed, err := update(ctx, s.store, &s.locks, idx.Doc, func(d *Doc, exists bool) (bool, error) {
		return exists && apply(d), nil
	})
	if err != nil {
		return 0, err
	}
	if !changed {
		return Duplicate, nil
	}
	return Applied, nil
}

func (s *Service) addMember(ctx context.Context, key, item string) error {
	// Read first: nearly always it is there already, and a read costs no write.
	if cur, found, err := read[members](ctx, s.store, key); err != nil || (found && slices.Contains(cur.Items, item)) {
		return err
	}
	_, err := update(ctx, s.store, &s.locks, key, func(cur *members, _ bool) (bool, error) {
		if slices.Contains(cur.Items, item) {
			return false, nil
		}
		cur.Items = append(cur.Items, item)
		return true, nil
	})
	return err
}

// EventFigures is one event's figures for the seller asking: 404 when nobody lists it, 403
// when others do but this seller does not.
func (s *Service) EventFigures(ctx context.Context, sellerID, eventID string) (EventView, error) {
	sellers, found, err := read[members](ctx, s.store, eventKey(eventID))
	if err != nil {
		return EventView{}, err
	}
	if !found || len(sellers.Items) == 0 {
		return EventView{}, ErrNotFound
	}
	if !slices.Contains(sellers.Items, sellerID) {
		return EventView{}, ErrForbidden
	}
	d, found, err := read[Doc](ctx, s.store, docKey(sellerID, eventID))
	if err != nil {
		return EventView{}, err
	}
	if !found {
		return EventView{}, ErrNotFound
	}
	return d.View(), nil
}

// SellerFigures is every event a seller has listed, with totals; empty for a new seller.
func (s *Service) SellerFigures(ctx context.Context, sellerID string) (SellerView, error) {
	list, found, err := read[members](ctx, s.store, sellerKey(sellerID))
	if err != nil {
		return SellerView{}, err
	}
	docs := []*Doc{}
	if found {
		raw, err := s.store.BulkGet(ctx, list.Items)
		if err != nil {
			return SellerView{}, err
		}
		for _, k := range list.Items {
			b, ok := raw[k]
			if !ok {
				continue
			}
			d := new(Doc)
			if err := json.Unmarshal(b, d); err != nil {
				return SellerView{}, err
			}
			docs = append(docs, d)
		}
	}
	return Seller(sellerID, docs), nil
}
