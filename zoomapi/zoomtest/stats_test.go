package zoomtest

import (
	"encoding/json"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// syncBuffer captures output written from other goroutines.
type syncBuffer = testenv.SyncBuffer

// runAllFlows drives every kind of secret through the server: codes, tokens, device codes.
func runAllFlows(t *testing.T, s *Server) {
	t.Helper()
	at, rt := signIn(t, s)
	refreshWith(t, s, rt)
	refreshWith(t, s, rt) // invalid_grant
	get(t, s, "/v2/users/me", at)
	dc, uc := startDevice(t, s)
	poll(t, s, dc)
	get(t, s, "/oauth/device/complete/"+uc, "")
	post(t, s, "/oauth/revoke", "demo-client", "demo-secret", url.Values{"token": {at}})
	q := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}
	post(t, s, "/oauth/token?"+q.Encode(), "demo-client", "demo-secret", nil)
}

func TestStats(t *testing.T) {
	s := newTestServer(t, Options{})
	runAllFlows(t, s)
	st := s.Stats()
	tests := []struct {
		name      string
		got, want int
	}{
		{"POST /oauth/token count", st.Routes["POST /oauth/token"].Count, 5},
		{"POST /oauth/token 400s", st.Routes["POST /oauth/token"].ByStatus[400], 3},
		{"POST /oauth/authorize 302s", st.Routes["POST /oauth/authorize"].ByStatus[302], 1},
		{"GET /v2/users/me 200s", st.Routes["GET /v2/users/me"].ByStatus[200], 1},
		{"authorization_code grants", st.TokenGrants["authorization_code"], 1},
		{"refreshes", st.Refreshes, 1},
		{"invalid_grant", st.InvalidGrant, 2},
		{"revoked by revoke", st.RevokedGrants[revokeByRequest], 1},
		{"device polls", st.DevicePolls, 1},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, tt.got, tt.want)
		}
	}
}

func TestStatsAndLogsHoldNoSecrets(t *testing.T) {
	var logs syncBuffer
	s := newTestServer(t, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	runAllFlows(t, s)
	statsJSON := get(t, s, "/_zoomfake/stats", "")
	var decoded Stats
	if err := json.Unmarshal([]byte(statsJSON.body), &decoded); err != nil || decoded.Routes["POST /oauth/token"].Count == 0 {
		t.Fatalf("GET /_zoomfake/stats: got %s (%v), want the counters", statsJSON.body, err)
	}
	secrets := s.Secrets()
	if len(secrets) < 6 {
		t.Fatalf("Secrets: got %d, want at least the code, tokens and device code", len(secrets))
	}
	for _, sec := range secrets {
		if strings.Contains(statsJSON.body, sec) || strings.Contains(logs.String(), sec) {
			t.Errorf("a secret of %d chars leaked into stats or logs", len(sec))
		}
	}
	for _, want := range []string{"method=POST", "path=/oauth/token", "status=200", "path=/oauth/device/complete/{code}"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs: got none with %q", want)
		}
	}
	if strings.Contains(logs.String(), "?") {
		t.Errorf("logs: got a query string, want paths only:\n%s", logs.String())
	}
}

func TestNewServerDefaultsAndValidation(t *testing.T) {
	if _, err := Start(Options{Plan: "gold"}); err == nil {
		t.Errorf("Start with an unknown plan: got nil error, want one")
	}
	s := newTestServer(t, Options{})
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Errorf("URL: got %q, want a loopback http URL", s.URL)
	}
	if r := get(t, s, "/nothing-here", ""); r.status != http.StatusNotFound {
		t.Errorf("unknown path: got %d, want 404", r.status)
	}
}

func TestJWTShapedLength(t *testing.T) {
	for _, kind := range []string{"access", "refresh", "zak"} {
		v := jwtShaped(kind, 700)
		if len(v) < 680 || len(v) > 720 || strings.Count(v, ".") != 2 {
			t.Errorf("jwtShaped(%s): got %d chars, %d dots; want about 700 and 2", kind, len(v), strings.Count(v, "."))
		}
	}
}
