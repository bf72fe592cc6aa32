// Package httpapi is the service's HTTP face: health, Dapr's subscription protocol and the
// public routes under /api/insights, with the platform's error shape.
package httpapi

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"regexp"

	"ticketing.local/insights/internal/figures"
	"ticketing.local/insights/internal/subscriptions"
)

type Deps struct {
	Figures     *figures.Service
	Handlers    *subscriptions.Handlers
	PubsubName  string
	JWTSecret   string
	AppAPIToken string
	Log         *slog.Logger
}

type apiError struct {
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("content-type", "application/json; charset=utf-8")
	w.Header().Set("cache-control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, message, field string) {
	writeJSON(w, status, map[string][]apiError{"errors": {{Message: message, Field: field}}})
}

var eventIDPattern = regexp.MustCompile(`^[0-9a-f]{16}$`)

// New builds the handler (no listen), as app.ts does for the TypeScript services.
func New(d Deps) http.Handler {
	mux := http.NewServeMux()
	secret := []byte(d.JWTSecret)

	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /dapr/subscribe", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, subscriptions.Subscriptions(d.PubsubName))
	})
	for _, topic := range subscriptions.Topics {
		mux.HandleFunc("POST "+subscriptions.Route(topic), func(w http.ResponseWriter, r *http.Request) {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
			status := subscriptions.Drop
			if err == nil {
				status = d.Handlers.Handle(r.Context(), topic, body)
			}
			writeJSON(w, http.StatusOK, map[string]subscriptions.Status{"status": status})
		})
	}
	mux.HandleFunc("GET /internal/lag", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, d.Handlers.Lag.Summary())
	})
	mux.HandleFunc("DELETE /internal/lag", func(w http.ResponseWriter, _ *http.Request) {
		d.Handlers.Lag.Reset()
		w.WriteHeader(http.StatusNoContent)
	})

	mux.HandleFunc("GET /api/insights/sellers/me", func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r, secret)
		if u == nil {
			writeError(w, http.StatusUnauthorized, "Not signed in", "")
			return
		}
		view, err := d.Figures.SellerFigures(r.Context(), u.ID)
		if err != nil {
			d.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, view)
	})
	mux.HandleFunc("GET /api/insights/events/{id}", func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r, secret)
		if u == nil {
			writeError(w, http.StatusUnauthorized, "Not signed in", "")
			return
		}
		id := r.PathValue("id")
		if !eventIDPattern.MatchString(id) {
			writeError(w, http.StatusBadRequest, "id must be an event id (16 hex digits)", "id")
			return
		}
		view, err := d.Figures.EventFigures(r.Context(), u.ID, id)
		switch {
		case errors.Is(err, figures.ErrNotFound):
			writeError(w, http.StatusNotFound, "No figures for this event", "id")
		case errors.Is(err, figures.ErrForbidden):
			writeError(w, http.StatusForbidden, "You have no listings for this event", "id")
		case err != nil:
			d.fail(w, r, err)
		default:
			writeJSON(w, http.StatusOK, view)
		}
	})
	mux.HandleFunc("/api/insights/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "No route "+r.Method+" "+r.URL.Path, "")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "No route "+r.Method+" "+r.URL.Path, "")
	})
	return nosniff(requireAppToken(d.AppAPIToken, mux))
}

// nosniff: every answer is data, never something a browser should sniff into HTML or script.
func nosniff(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// A store that is away is a 503 the caller may retry; anything else is a logged 500.
func (d Deps) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	d.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err.Error())
	writeError(w, http.StatusServiceUnavailable, "Figures are unavailable; try again shortly", "")
}

// requireAppToken refuses any request that did not come through our sidecar (which sends
// APP_API_TOKEN as dapr-api-token), except the health route.
func requireAppToken(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token == "" || r.URL.Path == "/healthz" {
			next.ServeHTTP(w, r)
			return
		}
		given := r.Header.Get("dapr-api-token")
		if subtle.ConstantTimeCompare([]byte(given), []byte(token)) != 1 {
			writeError(w, http.StatusUnauthorized, "Missing or wrong dapr-api-token", "")
			return
		}
		next.ServeHTTP(w, r)
	})
}
