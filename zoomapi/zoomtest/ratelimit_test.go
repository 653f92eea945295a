package zoomtest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// callREST runs authREST directly, as a REST handler would.
func callREST(s *Server, token string, cat rateCategory, scopes ...string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/v2/users/me", nil)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	if _, ok := s.authREST(w, r, cat, scopes...); ok {
		w.WriteHeader(http.StatusOK)
	}
	return w
}

func TestAuthRESTErrors(t *testing.T) {
	tests := []struct {
		name       string
		token      func(at string) string
		advance    time.Duration
		scopes     []string
		wantStatus int
		wantBody   string
	}{
		{"ok with classic scope", func(at string) string { return at }, 0, []string{"user:read", "user:read:user"}, 200, ""},
		{"no header", func(string) string { return "" }, 0, nil, 401, `{"code":124,"message":"Invalid access token."}`},
		{"unknown token", func(string) string { return "nope" }, 0, nil, 401, `{"code":124,"message":"Invalid access token."}`},
		{"expired", func(at string) string { return at }, 3599 * time.Second, nil, 401, `{"code":124,"message":"Access token is expired."}`},
		{"missing scope", func(at string) string { return at }, 0, []string{"user:read", "user:read:token"}, 400,
			`{"code":4711,"message":"Invalid access token, does not contain scopes:[user:read, user:read:token]."}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newClock()
			s := newTestServer(t, Options{Now: clock.Now})
			at, _, err := s.IssueToken("demo-client", "alex@example.com", "user:read:user", "meeting:read")
			if err != nil {
				t.Fatal(err)
			}
			clock.Advance(tt.advance)
			w := callREST(s, tt.token(at), rateLight, tt.scopes...)
			if w.Code != tt.wantStatus || (tt.wantBody != "" && w.Body.String() != tt.wantBody+"\n") {
				t.Errorf("got %d %s, want %d %s", w.Code, w.Body, tt.wantStatus, tt.wantBody)
			}
		})
	}
}

func TestPerSecondRateLimits(t *testing.T) {
	tests := []struct {
		plan  Plan
		cat   rateCategory
		limit int
	}{
		{PlanFree, rateLight, 4}, {PlanFree, rateMedium, 2}, {PlanFree, rateHeavy, 1},
		{PlanPro, rateLight, 30}, {PlanPro, rateMedium, 20}, {PlanPro, rateHeavy, 10},
		{PlanBusiness, rateLight, 80}, {PlanBusiness, rateMedium, 60}, {PlanBusiness, rateHeavy, 40},
	}
	for _, tt := range tests {
		t.Run(string(tt.plan)+"/"+tt.cat.String(), func(t *testing.T) {
			clock := newClock()
			s := newTestServer(t, Options{Now: clock.Now, Plan: tt.plan})
			at, _, _ := s.IssueToken("demo-client", "")
			for i := range tt.limit {
				if w := callREST(s, at, tt.cat); w.Code != 200 {
					t.Fatalf("request %d: got %d, want 200", i+1, w.Code)
				}
			}
			w := callREST(s, at, tt.cat)
			h := w.Header()
			if w.Code != 429 || h.Get("X-RateLimit-Type") != "QPS" || h.Get("X-RateLimit-Category") != tt.cat.String() ||
				h.Get("X-RateLimit-Limit") != strconv.Itoa(tt.limit) || h.Get("X-RateLimit-Remaining") != "0" ||
				h.Get("X-RateLimit-Reset") != strconv.FormatInt(clock.Now().Unix()+1, 10) {
				t.Errorf("request %d: got %d %v, want 429 with QPS headers", tt.limit+1, w.Code, h)
			}
			clock.Advance(time.Second)
			if w := callREST(s, at, tt.cat); w.Code != 200 {
				t.Errorf("next second: got %d, want 200", w.Code)
			}
		})
	}
}

func TestFreeDailyLimits(t *testing.T) {
	tests := []struct {
		cat   rateCategory
		daily int
	}{{rateLight, 6000}, {rateMedium, 2000}}
	for _, tt := range tests {
		t.Run(tt.cat.String(), func(t *testing.T) {
			clock := newClock()
			s := newTestServer(t, Options{Now: clock.Now, Plan: PlanFree})
			at, _, _ := s.IssueToken("demo-client", "")
			for i := range tt.daily {
				if i%2 == 0 {
					clock.Advance(time.Second)
				}
				if w := callREST(s, at, tt.cat); w.Code != 200 {
					t.Fatalf("request %d: got %d, want 200", i+1, w.Code)
				}
			}
			clock.Advance(time.Second)
			w := callREST(s, at, tt.cat)
			if w.Code != 429 || w.Header().Get("X-RateLimit-Type") != "Daily-limit" || w.Header().Get("Retry-After") != "2026-11-26T00:00:00Z" ||
				w.Header().Get("X-RateLimit-Limit") != strconv.Itoa(tt.daily) {
				t.Errorf("over the daily limit: got %d %v, want 429 Daily-limit, Retry-After 2026-11-26T00:00:00Z", w.Code, w.Header())
			}
			clock.Advance(24 * time.Hour)
			at, _, _ = s.IssueToken("demo-client", "") // the old one expired meanwhile
			if w := callREST(s, at, tt.cat); w.Code != 200 {
				t.Errorf("next day: got %d, want 200", w.Code)
			}
		})
	}
}

func TestRateLimitedCountsInStats(t *testing.T) {
	s := newTestServer(t, Options{Now: newClock().Now, Plan: PlanFree})
	at, _, _ := s.IssueToken("demo-client", "")
	for range 5 {
		get(t, s, "/v2/users/me", at) // Light: 4 per second
	}
	if got := s.Stats().RateLimited; got != 1 {
		t.Errorf("rate limited: got %d, want 1", got)
	}
}

func BenchmarkAuthREST(b *testing.B) {
	s := NewServer(Options{Plan: PlanBusiness, Now: newClock().Now})
	defer s.Close()
	at, _, _ := s.IssueToken("demo-client", "")
	r := httptest.NewRequest(http.MethodGet, "/v2/users/me", nil)
	r.Header.Set("Authorization", "Bearer "+at)
	for b.Loop() {
		s.mu.Lock()
		s.rates = rateState{} // measure the check, not the limit
		s.mu.Unlock()
		s.authREST(httptest.NewRecorder(), r, rateLight, "user:read")
	}
}

// TestPerSecondLimitIsPerAccount: the per-second limit counts the requests of every user
// and token of the account together, as Zoom's does.
func TestPerSecondLimitIsPerAccount(t *testing.T) {
	clock := newClock()
	s := newTestServer(t, Options{Now: clock.Now, Plan: PlanPro, RateLimitHeaders: true})
	if err := s.AddUser(User{Email: "bob@example.com"}); err != nil {
		t.Fatal(err)
	}
	alex, _, _ := s.IssueToken("demo-client", "alex@example.com")
	bob, _, _ := s.IssueToken("demo-public", "bob@example.com")
	for i := range 20 { // Pro Medium: 20 per second
		tok := alex
		if i%2 == 1 {
			tok = bob
		}
		w := callREST(s, tok, rateMedium)
		if got, want := w.Header().Get("X-RateLimit-Remaining"), strconv.Itoa(19-i); w.Code != 200 || got != want {
			t.Fatalf("request %d: got %d remaining %q, want 200 remaining %s", i+1, w.Code, got, want)
		}
	}
	for _, tok := range []string{alex, bob} {
		if w := callREST(s, tok, rateMedium); w.Code != 429 {
			t.Errorf("21st request of the account: got %d, want 429 for every user", w.Code)
		}
	}
	if w := callREST(s, bob, rateLight); w.Code != 200 {
		t.Errorf("another category: got %d, want 200", w.Code)
	}
}

// TestQuotaHeadersSwitch: successful answers carry the quota headers only when asked to.
func TestQuotaHeadersSwitch(t *testing.T) {
	for _, on := range []bool{false, true} {
		s := newTestServer(t, Options{Now: newClock().Now, RateLimitHeaders: on})
		at, _, _ := s.IssueToken("demo-client", "")
		w := callREST(s, at, rateLight)
		if got := w.Header().Get("X-RateLimit-Remaining") != ""; w.Code != 200 || got != on {
			t.Errorf("RateLimitHeaders %v: got %d with remaining header %v", on, w.Code, got)
		}
	}
}
