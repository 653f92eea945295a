package zoomtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestAnsweringFaults(t *testing.T) {
	tests := []struct {
		name       string
		fault      Fault
		wantStatus int
		wantType   string
		check      func(t *testing.T, r reply)
	}{
		{"status default 503", Fault{Kind: FaultStatus}, 503, "application/json", nil},
		{"status 500", Fault{Kind: FaultStatus, Status: 500}, 500, "application/json", nil},
		{"malformed json", Fault{Kind: FaultMalformedJSON}, 200, "application/json", func(t *testing.T, r reply) {
			if json.Valid([]byte(r.body)) {
				t.Errorf("body: got valid JSON %s, want truncated", r.body)
			}
		}},
		{"html login page", Fault{Kind: FaultHTML200}, 200, "text/html", nil},
		{"code 200", Fault{Kind: FaultCode200}, 200, "application/json", func(t *testing.T, r reply) {
			if got := r.field(t, "message"); got != "Only available for Paid account." {
				t.Errorf("message: got %q", got)
			}
		}},
		{"per-second 429", Fault{Kind: FaultRateLimitQPS}, 429, "application/json", func(t *testing.T, r reply) {
			reset := strconv.FormatInt(newClock().Now().Unix()+1, 10)
			if r.field(t, "message") != msgQPSLimit || r.header.Get("X-RateLimit-Type") != "QPS" || r.header.Get("Retry-After") != "" ||
				r.header.Get("X-RateLimit-Reset") != reset {
				t.Errorf("got %v %s, want Zoom's QPS 429 without Retry-After, X-RateLimit-Reset %s", r.header, r.body, reset)
			}
		}},
		{"daily 429", Fault{Kind: FaultRateLimitDaily}, 429, "application/json", func(t *testing.T, r reply) {
			if r.header.Get("X-RateLimit-Type") != "Daily-limit" || r.header.Get("Retry-After") != "2026-11-26T00:00:00Z" {
				t.Errorf("got %v, want Daily-limit with Retry-After 2026-11-26T00:00:00Z", r.header)
			}
		}},
		{"per-second 429 with Retry-After seconds", Fault{Kind: FaultRateLimitQPS, RetryAfter: 2 * time.Second}, 429, "application/json", func(t *testing.T, r reply) {
			if got := r.header.Get("Retry-After"); got != "2" {
				t.Errorf("Retry-After: got %q, want \"2\"", got)
			}
		}},
		{"latency then normal answer", Fault{Kind: FaultLatency, Latency: time.Millisecond}, 200, "application/json", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{Now: newClock().Now})
			at, _ := signIn(t, s)
			tt.fault.Path, tt.fault.Count = "/v2/", 1
			s.SetFaults(tt.fault)
			r := get(t, s, "/v2/users/me", at)
			if r.status != tt.wantStatus || !strings.HasPrefix(r.header.Get("Content-Type"), tt.wantType) {
				t.Errorf("got %d %q, want %d %q", r.status, r.header.Get("Content-Type"), tt.wantStatus, tt.wantType)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
			if r := get(t, s, "/v2/users/me", at); r.status != http.StatusOK {
				t.Errorf("after the fault's count: got %d, want 200", r.status)
			}
		})
	}
}

func TestDropFaults(t *testing.T) {
	tests := []struct {
		kind        FaultKind
		wantRotated bool
	}{
		{FaultReset, false},
		{FaultDropAfterCommit, true},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			s := newTestServer(t, Options{})
			// Several rounds: the race between the client seeing the drop and the server
			// counting it showed once in a while only.
			for round := 1; round <= 10; round++ {
				_, rt := signIn(t, s)
				s.SetFaults(Fault{Kind: tt.kind, Path: "/oauth/token", Method: "POST", Count: 1})
				if r, err := refreshRequest(s, rt); err == nil {
					t.Fatalf("refresh: got %d, want a dropped connection", r)
				}
				if got := !s.GrantActive(rt); got != tt.wantRotated {
					t.Errorf("refresh token rotated out: got %v, want %v", got, tt.wantRotated)
				}
				// The server counts before it hangs up: no waiting needed.
				if got := s.Stats().Dropped; got != round {
					t.Fatalf("dropped after round %d: got %d, want %d", round, got, round)
				}
			}
		})
	}
}

// refreshRequest sends a refresh of rt as the demo client and returns the status, or the
// error of a dropped connection.
func refreshRequest(s *Server, rt string) (int, error) {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}
	req, err := http.NewRequest(http.MethodPost, s.URL+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("demo-client", "demo-secret")
	resp, err := noRedirect.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func TestFaultMatching(t *testing.T) {
	s := newTestServer(t, Options{})
	s.SetFaults(Fault{Kind: FaultStatus, Path: "/oauth/devicecode", Method: "GET"}, Fault{Kind: FaultStatus, Status: 502, Path: "/oauth_device", Count: 2})
	if r := post(t, s, "/oauth/devicecode", "demo-client", "demo-secret", nil); r.status != http.StatusOK {
		t.Errorf("other method: got %d, want 200", r.status)
	}
	for i, want := range []int{502, 502, 200} {
		if r := get(t, s, "/oauth_device", ""); r.status != want {
			t.Errorf("request %d: got %d, want %d", i, r.status, want)
		}
	}
	if got := len(s.Faults()); got != 1 {
		t.Errorf("faults left: got %d, want 1 (the unlimited one)", got)
	}
}

func TestFaultControlAPI(t *testing.T) {
	s := newTestServer(t, Options{})
	tests := []struct {
		name, body string
		wantStatus int
		wantLen    int
	}{
		{"set two", `[{"kind":"status","path":"/v2/"},{"kind":"reset","count":1}]`, 200, 2},
		{"unknown kind", `[{"kind":"explode"}]`, 400, 2},
		{"not JSON", `{`, 400, 2},
		{"latency without delay", `[{"kind":"latency"}]`, 400, 2},
		{"status not an error", `[{"kind":"status","status":302}]`, 400, 2},
		{"empty clears", `[]`, 200, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, s.URL+"/_zoomfake/faults", strings.NewReader(tt.body))
			if r := do(t, req); r.status != tt.wantStatus {
				t.Errorf("POST: got %d %s, want %d", r.status, r.body, tt.wantStatus)
			}
			var got []Fault
			if err := json.Unmarshal([]byte(get(t, s, "/_zoomfake/faults", "").body), &got); err != nil || len(got) != tt.wantLen {
				t.Errorf("GET faults: got %v (%v), want %d", got, err, tt.wantLen)
			}
		})
	}
}

func TestParseFault(t *testing.T) {
	tests := []struct {
		spec    string
		want    Fault
		wantErr bool
	}{
		{"reset", Fault{Kind: FaultReset}, false},
		{"drop_after_commit:/oauth/token:1", Fault{Kind: FaultDropAfterCommit, Path: "/oauth/token", Count: 1}, false},
		{"html_200:/v2/", Fault{Kind: FaultHTML200, Path: "/v2/"}, false},
		{"latency:/v2/:0:100ms", Fault{Kind: FaultLatency, Path: "/v2/", Latency: 100 * time.Millisecond}, false},
		{"latency::3:1s", Fault{Kind: FaultLatency, Count: 3, Latency: time.Second}, false},
		{"status:/v2/:2:500", Fault{Kind: FaultStatus, Path: "/v2/", Count: 2, Status: 500}, false},
		{"rate_limit_qps:/v2/:1:2s", Fault{Kind: FaultRateLimitQPS, Path: "/v2/", Count: 1, RetryAfter: 2 * time.Second}, false},
		{"stall_body:/rec/:1:30s", Fault{Kind: FaultStallBody, Path: "/rec/", Count: 1, Latency: 30 * time.Second}, false},
		{"stall_body:/rec/", Fault{}, true},
		{"boom", Fault{}, true},
		{"reset:/x:many", Fault{}, true},
		{"reset:/x:-1", Fault{}, true},
		{"latency", Fault{}, true},
		{"latency:/v2/:0:soon", Fault{}, true},
		{"status:/v2/:0:200", Fault{}, true},
		{"reset:/v2/:0:5s", Fault{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := ParseFault(tt.spec)
			if (err != nil) != tt.wantErr || (!tt.wantErr && got != tt.want) {
				t.Errorf("ParseFault(%q): got %+v, %v; want %+v, error %v", tt.spec, got, err, tt.want, tt.wantErr)
			}
		})
	}
}
