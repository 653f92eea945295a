package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// TestRefreshCodelessStatus checks how an answer of the token endpoint without an OAuth
// error code is classed: a code-less 401 is Zoom's pre-2022 dead-token answer (sign-in
// needed); any other code-less 4xx (a proxy's 403 page, a 404 from a wrong OAuth URL) is
// not Zoom speaking about the grant, so the session stays Offline and retries.
func TestRefreshCodelessStatus(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		status                  int
		want                    error
	}{
		{"proxy 403 html page", "text/html", "<html><body>Forbidden by proxy</body></html>", 403, ErrOffline},
		{"wrong path 404", "application/json", `{"code":404,"message":"Not Found"}`, 404, ErrOffline},
		{"unknown code 400", "application/json", `{"error":"temporarily_unavailable"}`, 400, ErrOffline},
		{"legacy code-less 401", "application/json", `{"reason":"Invalid Token!"}`, 401, ErrNeedsSignIn},
		{"invalid_grant 400", "application/json", `{"reason":"Invalid Token!","error":"invalid_grant"}`, 400, ErrNeedsSignIn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := scriptedTokenServer(t, tt.status, tt.contentType, tt.body)
			s := newTestSession(t, Config{ClientID: "c", ClientSecret: "s", OAuthURL: base}, sessTestOptions(nil))
			expired := &oauth2.Token{AccessToken: "at-old", RefreshToken: "rt-old", Expiry: time.Now().Add(-time.Minute)}
			if err := s.SignIn(context.Background(), expired); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Token(context.Background()); !errors.Is(err, tt.want) {
				t.Errorf("Token: got %v, want %v", err, tt.want)
			}
		})
	}
}
