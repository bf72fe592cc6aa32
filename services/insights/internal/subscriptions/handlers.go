// Package subscriptions is the pub/sub entry point: Dapr's programmatic subscription list and
// one thin handler per topic that validates the event against its contract and calls figures.
package subscriptions

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"ticketing.local/insights/internal/figures"
)

// Status is what a handler tells the sidecar, as in Dapr's pub/sub HTTP protocol.
type Status string

const (
	Success Status = "SUCCESS"
	Retry   Status = "RETRY"
	Drop    Status = "DROP"
)

// Topics this service subscribes to.
var Topics = []string{
	"ticket.created", "ticket.updated", "ticket.deleted",
	"order.created", "order.cancelled", "order.completed",
	"payment.created",
}

// Validator checks an event's data against its topic's JSON Schema.
type Validator interface {
	Validate(topic string, data []byte) error
}

type Handlers struct {
	Figures   *figures.Service
	Validator Validator
	Log       *slog.Logger
	Lag       *LagRecorder
	Now       func() time.Time
}

// Subscription is one entry of GET /dapr/subscribe.
type Subscription struct {
	PubsubName string `json:"pubsubname"`
	Topic      string `json:"topic"`
	Route      string `json:"route"`
}

func Subscriptions(pubsub string) []Subscription {
	out := make([]Subscription, 0, len(Topics))
	for _, t := range Topics {
		out = append(out, Subscription{PubsubName: pubsub, Topic: t, Route: Route(t)})
	}
	return out
}

// Route is where the sidecar delivers a topic's events.
func Route(topic string) string { return "/events/" + topic }

type cloudEvent struct {
	Data json.RawMessage `json:"data"`
	Time string          `json:"time"`
}

// Handle takes one delivery (a CloudEvent) and answers SUCCESS, RETRY or DROP. It never
// panics into the sidecar: a malformed event is dropped, a failure asks for redelivery.
func (h *Handlers) Handle(ctx context.Context, topic string, body []byte) Status {
	var ce cloudEvent
	if err := json.Unmarshal(body, &ce); err != nil || len(ce.Data) == 0 {
		h.Log.Error("dropping event: not a CloudEvent with data", "topic", topic)
		return Drop
	}
	data := ce.Data
	// A publisher that sent JSON as text gets it back as a JSON string.
	var text string
	if json.Unmarshal(data, &text) == nil {
		data = json.RawMessage(text)
	}
	if err := h.Validator.Validate(topic, data); err != nil {
		h.Log.Error("dropping malformed event", "topic", topic, "error", err.Error())
		return Drop
	}
	var meta struct {
		EventID string `json:"eventId"`
	}
	_ = json.Unmarshal(data, &meta)
	now := h.Now()
	at := figures.EventTime(meta.EventID, ce.Time, now)

	outcome, err := h.apply(ctx, topic, data, at)
	switch {
	case err != nil:
		h.Log.Warn("event handler failed; asking for redelivery", "topic", topic, "eventId", meta.EventID, "error", err.Error())
		return Retry
	case outcome == figures.NotYet:
		return Retry
	case outcome == figures.Applied:
		h.Lag.Record(h.Now().Sub(at))
	}
	return Success
}

func (h *Handlers) apply(ctx context.Context, topic string, data []byte, at time.Time) (figures.Outcome, error) {
	f := h.Figures
	switch topic {
	case "ticket.created", "ticket.updated":
		var e figures.TicketSnapshot
		if err := json.Unmarshal(data, &e); err != nil {
			return 0, err
		}
		return f.TicketChanged(ctx, e, at)
	case "ticket.deleted":
		var e figures.TicketDeleted
		if err := json.Unmarshal(data, &e); err != nil {
			return 0, err
		}
		return f.TicketDeleted(ctx, e, at)
	case "order.created":
		var e figures.OrderCreated
		if err := json.Unmarshal(data, &e); err != nil {
			return 0, err
		}
		return f.OrderCreated(ctx, e, at)
	case "order.cancelled":
		var e figures.OrderCancelled
		if err := json.Unmarshal(data, &e); err != nil {
			return 0, err
		}
		return f.OrderClosed(ctx, e.ID, e.Version, "cancelled", e.Reason, at)
	case "order.completed":
		var e figures.OrderCompleted
		if err := json.Unmarshal(data, &e); err != nil {
			return 0, err
		}
		return f.OrderClosed(ctx, e.ID, e.Version, "complete", "", at)
	case "payment.created":
		var e figures.PaymentCreated
		if err := json.Unmarshal(data, &e); err != nil {
			return 0, err
		}
		return f.PaymentCreated(ctx, e, at)
	}
	return 0, fmt.Errorf("no handler for topic %q", topic)
}
