package figures

import (
	"sort"
	"time"
)

// What the API answers; computed from a Doc on every read, so it never drifts from it.

type Money struct {
	Currency string `json:"currency"`
	Amount   int64  `json:"amount"`
}

type Counts struct {
	Listed    int     `json:"listed"`
	OnSale    int     `json:"onSale"`
	Held      int     `json:"held"`
	Sold      int     `json:"sold"`
	Cancelled int     `json:"cancelled"`
	Expired   int     `json:"expired"`
	Revenue   []Money `json:"revenue"`
	// SellThrough is sold / listed, 0..1.
	SellThrough float64 `json:"sellThrough"`
}

type SellThroughPoint struct {
	At    string  `json:"at"`
	Sold  int     `json:"sold"`
	Ratio float64 `json:"ratio"`
}

type DayRevenue struct {
	Day      string `json:"day"`
	Currency string `json:"currency"`
	Amount   int64  `json:"amount"`
}

type EventView struct {
	Event         EventInfo          `json:"event"`
	Figures       Counts             `json:"figures"`
	SellThrough   []SellThroughPoint `json:"sellThrough"`
	RevenueByDay  []DayRevenue       `json:"revenueByDay"`
	FirstListedAt string             `json:"firstListedAt,omitempty"`
	UpdatedAt     string             `json:"updatedAt,omitempty"`
}

type SellerView struct {
	SellerID     string       `json:"sellerId"`
	Totals       Counts       `json:"totals"`
	RevenueByDay []DayRevenue `json:"revenueByDay"`
	Events       []EventView  `json:"events"`
}

func (d *Doc) counts() Counts {
	var c Counts
	for _, t := range d.Tickets {
		if t.Gone {
			continue
		}
		c.Listed++
		if t.Status == "available" {
			c.OnSale++
		}
	}
	revenue := map[string]int64{}
	for _, o := range d.Orders {
		switch o.Status {
		case orderOpen:
			c.Held++
		case orderComplete:
			c.Sold++
			revenue[o.Currency] += o.Counted
		case orderCancelled:
			c.Cancelled++
			if o.Reason == "expired" {
				c.Expired++
			}
		}
	}
	c.Revenue = moneyList(revenue)
	c.SellThrough = ratio(c.Sold, c.Listed)
	return c
}

func ratio(sold, listed int) float64 {
	if listed == 0 {
		return 0
	}
	return float64(sold) / float64(listed)
}

func moneyList(m map[string]int64) []Money {
	out := []Money{}
	for cur, amount := range m {
		out = append(out, Money{Currency: cur, Amount: amount})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Currency < out[j].Currency })
	return out
}

// View is the event's figures, its cumulative sell-through by minute (starting at the first
// listing, at zero) and its revenue by day.
func (d *Doc) View() EventView {
	c := d.counts()
	minutes := make([]string, 0, len(d.SoldByMinute))
	for m := range d.SoldByMinute {
		minutes = append(minutes, m)
	}
	sort.Strings(minutes)
	series := []SellThroughPoint{}
	if d.FirstListedAt != "" {
		series = append(series, SellThroughPoint{At: d.FirstListedAt, Sold: 0, Ratio: 0})
	}
	first, _ := time.Parse(time.RFC3339Nano, d.FirstListedAt)
	sold := 0
	for _, m := range minutes {
		sold += d.SoldByMinute[m]
		at := m
		// A sale in the minute of the first listing is not drawn before the listing.
		if t, err := time.Parse("2006-01-02T15:04Z", m); err == nil && t.Before(first) {
			at = d.FirstListedAt
		}
		series = append(series, SellThroughPoint{At: at, Sold: sold, Ratio: ratio(sold, c.Listed)})
	}
	return EventView{
		Event:         d.Event,
		Figures:       c,
		SellThrough:   series,
		RevenueByDay:  dayList(d.RevenueByDay),
		FirstListedAt: d.FirstListedAt,
		UpdatedAt:     d.UpdatedAt,
	}
}

func dayList(m map[string]map[string]int64) []DayRevenue {
	out := []DayRevenue{}
	for day, byCur := range m {
		for cur, amount := range byCur {
			out = append(out, DayRevenue{Day: day, Currency: cur, Amount: amount})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].Currency < out[j].Currency
	})
	return out
}

// Seller sums a seller's events; events are listed soonest first.
func Seller(sellerID string, docs []*Doc) SellerView {
	v := SellerView{SellerID: sellerID, Events: []EventView{}, RevenueByDay: []DayRevenue{}}
	revenue := map[string]int64{}
	byDay := map[string]map[string]int64{}
	for _, d := range docs {
		ev := d.View()
		v.Events = append(v.Events, ev)
		f := ev.Figures
		v.Totals.Listed += f.Listed
		v.Totals.OnSale += f.OnSale
		v.Totals.Held += f.Held
		v.Totals.Sold += f.Sold
		v.Totals.Cancelled += f.Cancelled
		v.Totals.Expired += f.Expired
		for _, m := range f.Revenue {
			revenue[m.Currency] += m.Amount
		}
		for day, byCur := range d.RevenueByDay {
			if byDay[day] == nil {
				byDay[day] = map[string]int64{}
			}
			for cur, a := range byCur {
				byDay[day][cur] += a
			}
		}
	}
	v.Totals.Revenue = moneyList(revenue)
	v.Totals.SellThrough = ratio(v.Totals.Sold, v.Totals.Listed)
	v.RevenueByDay = dayList(byDay)
	sort.Slice(v.Events, func(i, j int) bool {
		if v.Events[i].Event.StartsAt != v.Events[j].Event.StartsAt {
			return v.Events[i].Event.StartsAt < v.Events[j].Event.StartsAt
		}
		return v.Events[i].Event.Title < v.Events[j].Event.Title
	})
	return v
}
