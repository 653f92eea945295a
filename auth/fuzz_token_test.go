package auth

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// Placeholders a fuzzed body may contain; the server replaces them with the tokens the
// session sent or holds, so that echoing secrets back is part of what is fuzzed.
const (
	fuzzRTMark = "{RT}"
	fuzzATMark = "{AT}"
	fuzzRT     = "rt-fuzz-5e1f0c9a7d3b2468-refresh"
	fuzzAT     = "at-fuzz-8c2d4e6f1a3b5790-access"
)

// fuzzReply is the token endpoint answer under test.
type fuzzReply struct {
	mu          sync.Mutex // guards the fields
	status      int
	contentType string
	body        string
}

func (f *fuzzReply) set(status int, contentType, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status, f.contentType, f.body = status, contentType, body
}

func (f *fuzzReply) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	status, ct, body := f.status, f.contentType, f.body
	f.mu.Unlock()
	_ = r.ParseForm()
	body = strings.ReplaceAll(body, fuzzRTMark, r.Form.Get("refresh_token"))
	body = strings.ReplaceAll(body, fuzzATMark, fuzzAT)
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

// FuzzTokenResponse serves fuzzed token endpoint answers to the refresh path: it must never
// panic, never report success without an access token, and never put the refresh or access
// token it holds into an error string, the state or the log.
func FuzzTokenResponse(f *testing.F) {
	seeds := []struct {
		status   int
		ct, body string
	}{
		{200, "application/json", `{"access_token":"at-new","token_type":"bearer","refresh_token":"rt-new","expires_in":3599,"scope":"user:read","api_url":"https://api.zoom.us"}`},
		{400, "application/json", `{"reason":"Invalid Token!","error":"invalid_grant"}`},
		{400, "application/json", `{"reason":"Invalid Token! {RT}","error":"invalid_grant"}`},
		{400, "application/json", `{"reason":"{AT}","error":"{RT}"}`},
		{401, "application/json", `{"error":"invalid_request","error_description":"bad {RT}"}`},
		{500, "text/html", `<html>{RT}</html>`},
		{503, "application/json", `{"code":503,"message":"Service Unavailable {RT}"}`},
		{200, "application/json", `{"access_token":"","refresh_token":"{RT}"}`},
		{200, "application/json", `{"access_token":"x","expires_in":-5}`},
		{200, "application/json", `{"access_token":"x","expires_in":"{RT}"}`},
		{200, "application/x-www-form-urlencoded", `access_token=a&error={RT}`},
		{200, "text/plain", `error=invalid_grant&error_description={RT}`},
		{200, "application/json", `{"access_token":`},
		{429, "application/json", `{"code":429,"message":"slow down"}`},
	}
	for _, s := range seeds {
		f.Add(s.status, s.ct, s.body)
	}
	reply := &fuzzReply{}
	srv := httptest.NewServer(reply)
	f.Cleanup(srv.Close)
	f.Fuzz(func(t *testing.T, status int, contentType, body string) {
		status = 200 + (status%400+400)%400 // 200..599: the statuses a token endpoint may send
		reply.set(status, contentType, body)
		var logs bytes.Buffer
		opts := sessTestOptions(nil)
		opts.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		opts.refreshTimeout = 5 * time.Second
		s := newTestSession(t, Config{ClientID: "c", ClientSecret: "s", OAuthURL: srv.URL}, opts)
		old := &oauth2.Token{AccessToken: fuzzAT, RefreshToken: fuzzRT, Expiry: time.Now().Add(-time.Minute)}
		if err := s.SignIn(context.Background(), old); err != nil {
			t.Fatal(err)
		}
		tok, err := s.Token(context.Background())
		if err == nil && (tok == nil || tok.AccessToken == "") {
			t.Fatalf("Token: success without an access token (status %d, body %q)", status, body)
		}
		st := s.State()
		if err == nil && st.Kind != SignedIn {
			t.Errorf("State after success: got %q, want %q", st.Kind, SignedIn)
		}
		texts := []string{logs.String(), fmt.Sprintf("%+v", st)}
		if err != nil {
			texts = append(texts, err.Error())
		}
		for _, text := range texts {
			for _, secret := range []string{fuzzRT, fuzzAT} {
				if strings.Contains(text, secret) {
					t.Fatalf("a held token leaked into %q (status %d, body %q)", text, status, body)
				}
			}
		}
	})
}
