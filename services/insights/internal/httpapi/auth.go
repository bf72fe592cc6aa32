package httpapi

import (
	"net/http"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// The session rules every service shares: an HS256 JWT with an expiry, signed with JWT_SECRET,
// in the httpOnly "session" cookie or as Authorization: Bearer. The user id is the subject.
const sessionCookie = "session"

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
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
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
