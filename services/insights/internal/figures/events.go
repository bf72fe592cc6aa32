// Package figures keeps a seller's sales figures per event, built from the platform's events,
// and answers the dashboard's questions. It knows nothing of HTTP or Dapr: state goes through
// the Store port.
package figures

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"time"
)

// The event data this service reads, as the generated JSON Schemas describe it. Fields it does
// not use are left out: the JSON decoder ignores them, as a tolerant reader should.

type TicketSnapshot struct {
	ID       string `json:"id"`
	Version  int64  `json:"version"`
	Title    string `json:"title"`
	Category string `json:"category"`
	Venue    string `json:"venue"`
	StartsAt string `json:"startsAt"`
	Price    int64  `json:"price"`
	Currency string `json:"currency"`
	SellerID string `json:"sellerId"`
	Status   string `json:"status"`
}

type TicketDeleted struct {
	ID      string `json:"id"`
	Version int64  `json:"version"`
}

type OrderCreated struct {
	ID      string `json:"id"`
	Version int64  `json:"version"`
	Ticket  struct {
		ID       string `json:"id"`
		Price    int64  `json:"price"`
		Currency string `json:"currency"`
		SellerID string `json:"sellerId"`
	} `json:"ticket"`
}

type OrderCancelled struct {
	ID       string `json:"id"`
	Version  int64  `json:"version"`
	TicketID string `json:"ticketId"`
	Reason   string `json:"reason"`
}

type OrderCompleted struct {
	ID        string `json:"id"`
	Version   int64  `json:"version"`
	TicketID  string `json:"ticketId"`
	PaymentID string `json:"paymentId"`
}

type PaymentCreated struct {
	ID       string `json:"id"`
	OrderID  string `json:"orderId"`
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

var spaces = regexp.MustCompile(`\s+`)

func normalise(s string) string {
	return strings.ToLower(spaces.ReplaceAllString(strings.TrimSpace(s), " "))
}

// EventKey groups tickets into one event as the tickets service does: same title, venue and
// start, ignoring case and runs of spaces. The contracts do not carry it in events, so it is
// derived here from the rule in the product brief.
func EventKey(title, venue, startsAt string) string {
	at := startsAt
	if t, err := time.Parse(time.RFC3339Nano, startsAt); err == nil {
		at = t.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	return normalise(title) + "|" + normalise(venue) + "|" + at
}

// EventID is the public id of an event: short, URL-safe and the same for every seller.
func EventID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

// EventTime is when an event happened: the time in a UUIDv7 event id (the platform's ids are
// v7, made at the write), else the CloudEvent's time, else now.
func EventTime(eventID string, cloudEventTime string, now time.Time) time.Time {
	if len(eventID) == 36 && eventID[14] == '7' {
		hexMs := eventID[0:8] + eventID[9:13]
		var ms int64
		ok := true
		for _, c := range hexMs {
			var d int64
			switch {
			case c >= '0' && c <= '9':
				d = int64(c - '0')
			case c >= 'a' && c <= 'f':
				d = int64(c-'a') + 10
			case c >= 'A' && c <= 'F':
				d = int64(c-'A') + 10
			default:
				ok = false
			}
			ms = ms*16 + d
		}
		if ok {
			return time.UnixMilli(ms).UTC()
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, cloudEventTime); err == nil {
		return t.UTC()
	}
	return now.UTC()
}
