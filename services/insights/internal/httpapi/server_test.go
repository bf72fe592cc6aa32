package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"ticketing.local/insights/internal/contracts"
	"ticketing.local/insights/internal/figures"
	"ticketing.local/insights/internal/figures/figurestest"
	"ticketing.local/insights/internal/subscriptions"
)

const (
	secret   = "a-test-secret-that-is-long-enough-32"
	appToken = "app-token-0123456789"
)

func newServer(t *testing.T) (*httptest.Server, *subscriptions.Handlers) {
	t.Helper()
	v, err := contracts.Load("../../../../packages/contracts/generated")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := figures.NewService(figurestest.NewMemStore())
	h := &subscriptions.Handlers{Figures: svc, Validator: v, Log: log, Lag: &subscriptions.LagRecorder{}, Now: time.Now}
	srv := httptest.NewServer(New(Deps{Figures: svc, Handlers: h, PubsubName: "pubsub", JWTSecret: secret, AppAPIToken: appToken, Log: log}))
	t.Cleanup(srv.Close)
	return srv, h
}

func token(t *testing.T, sub string, exp time.Duration, method jwt.SigningMethod, key any) string {
	t.Helper()
	claims := jwt.MapClaims{"sub": sub, "email": sub + "@example.com", "iat": time.Now().Unix()}
	if exp != 0 {
		claims["exp"] = time.Now().Add(exp).Unix()
	}
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func call(t *testing.T, srv *httptest.Server, method, path string, headers map[string]string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body
}

func errorMessage(body map[string]any) string {
	errs, _ := body["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	first, _ := errs[0].(map[string]any)
	msg, _ := first["message"].(string)
	return msg
}

func TestSessionRules(t *testing.T) {
	srv, _ := newServer(t)
	good := token(t, "seller-1", time.Hour, jwt.SigningMethodHS256, []byte(secret))
	cases := []struct {
		name    string
		headers map[string]string
		status  int
	}{
		{"no token", map[string]string{}, 401},
		{"bearer token", map[string]string{"Authorization": "Bearer " + good}, 200},
		{"session cookie", map[string]string{"Cookie": "session=" + good}, 200},
		{"__Host- session cookie", map[string]string{"Cookie": "__Host-session=" + good}, 200},
		{"__Host- session cookie over https", map[string]string{"Cookie": "__Host-session=" + good, "X-Forwarded-Proto": "https"}, 200},
		{"plain session cookie over https (could be planted)", map[string]string{"Cookie": "session=" + good, "X-Forwarded-Proto": "https"}, 401},
		{"expired", map[string]string{"Authorization": "Bearer " + token(t, "s", -time.Minute, jwt.SigningMethodHS256, []byte(secret))}, 401},
		{"no expiry", map[string]string{"Authorization": "Bearer " + token(t, "s", 0, jwt.SigningMethodHS256, []byte(secret))}, 401},
		{"other secret", map[string]string{"Authorization": "Bearer " + token(t, "s", time.Hour, jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"))}, 401},
		{"HS512", map[string]string{"Authorization": "Bearer " + token(t, "s", time.Hour, jwt.SigningMethodHS512, []byte(secret))}, 401},
		{"alg none", map[string]string{"Authorization": "Bearer " + token(t, "s", time.Hour, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType)}, 401},
		{"garbage", map[string]string{"Authorization": "Bearer x.y.z"}, 401},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.headers["dapr-api-token"] = appToken
			status, body := call(t, srv, "GET", "/api/insights/sellers/me", c.headers)
			if status != c.status {
				t.Fatalf("when %s, then %d; got %d %v", c.name, c.status, status, body)
			}
			if status == 401 && errorMessage(body) == "" {
				t.Errorf("when refused, then the body has the error shape; got %v", body)
			}
			if status == 200 && body["sellerId"] != "seller-1" {
				t.Errorf("when signed in, then the figures are the caller's; got %v", body)
			}
		})
	}
}

func TestEveryAnswerSaysNosniff(t *testing.T) {
	srv, _ := newServer(t)
	for _, path := range []string{"/healthz", "/api/insights/sellers/me", "/api/insights/nothing", "/nothing"} {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("dapr-api-token", appToken)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("when %s answers, then it says nosniff; got %q", path, got)
		}
	}
}

func TestAppTokenIsRequiredExceptForHealth(t *testing.T) {
	srv, _ := newServer(t)
	if status, _ := call(t, srv, "GET", "/healthz", nil); status != 200 {
		t.Errorf("health without a token: got %d", status)
	}
	for _, path := range []string{"/dapr/subscribe", "/api/insights/sellers/me", "/internal/lag"} {
		status, body := call(t, srv, "GET", path, map[string]string{"dapr-api-token": "wrong-token-wrong"})
		if status != 401 || !strings.Contains(errorMessage(body), "dapr-api-token") {
			t.Errorf("when %s is called without our sidecar's token, then 401; got %d %v", path, status, body)
		}
	}
}

func TestSubscriptionListAndDelivery(t *testing.T) {
	srv, _ := newServer(t)
	req, _ := http.NewRequest("GET", srv.URL+"/dapr/subscribe", nil)
	req.Header.Set("dapr-api-token", appToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var subs []subscriptions.Subscription
	_ = json.NewDecoder(res.Body).Decode(&subs)
	res.Body.Close()
	if len(subs) != len(subscriptions.Topics) || subs[0].PubsubName != "pubsub" {
		t.Fatalf("subscriptions: %v", subs)
	}

	post := func(body string) string {
		req, _ := http.NewRequest("POST", srv.URL+"/events/order.created", strings.NewReader(body))
		req.Header.Set("dapr-api-token", appToken)
		req.Header.Set("content-type", "application/cloudevents+json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]string
		_ = json.NewDecoder(res.Body).Decode(&out)
		return out["status"]
	}
	if got := post(`{"data":{"nonsense":true}}`); got != "DROP" {
		t.Errorf("when a malformed event arrives, then DROP; got %s", got)
	}
	valid := `{"data":{"id":"o1","version":0,"eventId":"e1","userId":"b","status":"created","expiresAt":"2026-12-01T10:15:00.000Z","ticket":{"id":"t1","title":"x","price":1,"currency":"usd","sellerId":"s"}}}`
	if got := post(valid); got != "RETRY" {
		t.Errorf("when an order's ticket is unknown yet, then RETRY; got %s", got)
	}
}

func TestEventRoute(t *testing.T) {
	srv, h := newServer(t)
	body, _ := json.Marshal(map[string]any{"data": map[string]any{
		"id": "t1", "version": 0, "eventId": "e1", "title": "Hamlet", "category": "theatre", "venue": "Globe",
		"startsAt": "2027-06-01T19:30:00.000Z", "price": 100, "currency": "usd", "sellerId": "seller-1",
		"status": "available", "orderId": nil, "holderId": nil,
	}})
	if s := h.Handle(context.Background(), "ticket.created", body); s != subscriptions.Success {
		t.Fatal(s)
	}
	id := figures.EventID(figures.EventKey("Hamlet", "Globe", "2027-06-01T19:30:00.000Z"))
	auth := func(sub string) map[string]string {
		return map[string]string{"dapr-api-token": appToken, "Authorization": "Bearer " + token(t, sub, time.Hour, jwt.SigningMethodHS256, []byte(secret))}
	}
	if status, body := call(t, srv, "GET", "/api/insights/events/"+id, auth("seller-1")); status != 200 || body["figures"].(map[string]any)["listed"] != 1.0 {
		t.Errorf("when the seller asks, then 200 with figures; got %d %v", status, body)
	}
	if status, _ := call(t, srv, "GET", "/api/insights/events/"+id, auth("seller-2")); status != 403 {
		t.Errorf("when another seller asks, then 403; got %d", status)
	}
	if status, _ := call(t, srv, "GET", "/api/insights/events/00000000000000ff", auth("seller-1")); status != 404 {
		t.Errorf("when nobody lists the event, then 404; got %d", status)
	}
	if status, body := call(t, srv, "GET", "/api/insights/events/not-an-id", auth("seller-1")); status != 400 || body["errors"] == nil {
		t.Errorf("when the id is malformed, then 400; got %d %v", status, body)
	}
	if status, _ := call(t, srv, "GET", "/api/insights/nothing", auth("seller-1")); status != 404 {
		t.Errorf("unknown route: got %d", status)
	}
}
