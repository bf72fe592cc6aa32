package httpapi

import (
	"net"
	"net/http"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// The session rules every service shares: an HS256 JWT with an expiry, signed with JWT_SECRET,
// in the httpOnly session cookie or as Authorization: Bearer. The user id is the subject. The
// cookie is "__Host-session" over https (a browser keeps it only when this host set it over
// https, so it cannot have been planted) and "session" over plain http, where browsers refuse
// "__Host-" cookies (packages/common/src/auth/jwt.ts has the same names).
const (
	sessionCookie       = "session"
	secureSessionCookie = "__Host-session"
)

type user struct {
	ID    string
	Email string
}

type claims struct {
	Email string `json:"email"`
	jwt.RegisteredClaims
}

func tokenOf(r *http.Request) string {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimSpace(h[len("Bearer "):])
	}
	if c, err := r.Cookie(secureSessionCookie); err == nil {
		return c.Value
	}
	if c, err := r.Cookie(sessionCookie); err == nil && !cameOverHTTPS(r) {
		return c.Value
	}
	return ""
}

// cameOverHTTPS: TLS to this process, or an X-Forwarded-Proto from a hop on this host (the
// sidecar passing on the origin's), the one hop the TypeScript services trust too.
func cameOverHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	ip := net.ParseIP(host)
	if err != nil || ip == nil || !ip.IsLoopback() {
		return false
	}
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

// currentUser is the signed-in user, or nil for a missing, forged, expired or odd token.
func currentUser(r *http.Request, secret []byte) *user {
	raw := tokenOf(r)
	if raw == "" {
		return nil
	}
	var c claims
	tok, err := jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil || !tok.Valid || c.Subject == "" || c.Email == "" {
		return nil
	}
	return &user{ID: c.Subject, Email: c.Email}
}
