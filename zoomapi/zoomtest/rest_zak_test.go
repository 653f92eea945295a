package zoomtest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func (e *restEnv) zak(t *testing.T, path string) string {
	t.Helper()
	var got struct {
		Token string `json:"token"`
	}
	e.get(t, path).decode(t, http.StatusOK, &got)
	if got.Token == "" {
		t.Fatalf("GET %s: empty token", path)
	}
	return got.Token
}

// startPage opens the start link of meeting id with zak and returns its status.
func (e *restEnv) startPage(t *testing.T, id int64, zak string) response {
	t.Helper()
	return e.do(t, http.MethodGet, fmt.Sprintf("/s/%d?zak=%s", id, zak), "", "")
}

func TestZAKLifetimes(t *testing.T) {
	tests := []struct {
		path string
		ttl  time.Duration
	}{
		{"/v2/users/me/token?type=zak", 2 * time.Hour},
		{"/v2/users/me/token?type=zak&ttl=600", 10 * time.Minute},
		{"/v2/users/me/zak", 5 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			e := newRESTEnv(t, Options{})
			live := e.liveMeeting(t)
			zak := e.zak(t, tt.path)
			e.clock.Advance(tt.ttl - time.Second)
			if r := e.startPage(t, live, zak); r.status != http.StatusOK {
				t.Errorf("just before expiry: status %d, want 200", r.status)
			}
			e.clock.Advance(time.Second)
			if r := e.startPage(t, live, zak); r.status != http.StatusUnauthorized {
				t.Errorf("after expiry: status %d, want 401", r.status)
			}
		})
	}
}

func TestTokenBadParams(t *testing.T) {
	e := newRESTEnv(t, Options{})
	for _, q := range []string{"", "?type=token", "?type=zak&ttl=0", "?type=zak&ttl=x"} {
		e.get(t, "/v2/users/me/token"+q).apiErr(t, http.StatusBadRequest, 300)
	}
}

// liveMeeting returns the ID of alex's meeting that is live now.
func (e *restEnv) liveMeeting(t *testing.T) int64 {
	t.Helper()
	l := e.listMeetings(t, "type=live")
	if len(l.Meetings) == 0 {
		t.Fatal("no live meeting")
	}
	return l.Meetings[0].ID
}

func TestStartLink(t *testing.T) {
	e := newRESTEnv(t, Options{})
	var created createdJSON
	e.create(t, `{"type":1,"topic":"Now"}`).decode(t, http.StatusCreated, &created)
	zak := e.zak(t, "/v2/users/me/zak")
	jonasZAK := func() string {
		other := &restEnv{s: e.s, clock: e.clock, token: e.s.issueTestToken(t, "jonas@example.com")}
		return other.zak(t, "/v2/users/me/zak")
	}()
	tests := []struct {
		name   string
		id     int64
		zak    string
		status int
	}{
		{"start url", created.ID, created.StartURL[strings.Index(created.StartURL, "zak=")+4:], http.StatusOK},
		{"fresh zak", created.ID, zak, http.StatusOK},
		{"no zak", created.ID, "", http.StatusUnauthorized},
		{"forged zak", created.ID, "forged", http.StatusUnauthorized},
		{"other user's zak", created.ID, jonasZAK, http.StatusForbidden},
		{"unknown meeting", 12345678901, zak, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.startPage(t, tt.id, tt.zak)
			if r.status != tt.status || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
				t.Fatalf("status %d type %q, want %d text/html", r.status, r.header.Get("Content-Type"), tt.status)
			}
			if want := fmt.Sprintf("Starting meeting %d as host Alex Rivera", tt.id); tt.status == http.StatusOK && !strings.Contains(string(r.body), want) {
				t.Errorf("body %s lacks %q", r.body, want)
			}
		})
	}
	if got := e.s.StartedMeetings(); len(got) != 2 || got[0] != created.ID {
		t.Errorf("StartedMeetings = %v, want [%d %d]", got, created.ID, created.ID)
	}
	if got := e.s.ZAKsIssued(); got != 3 {
		t.Errorf("ZAKsIssued = %d, want 3", got)
	}
	e.s.RevokeUserGrants("alex@example.com")
	if r := e.startPage(t, created.ID, zak); r.status != http.StatusUnauthorized {
		t.Errorf("after sign-out of all devices: status %d, want 401", r.status)
	}
}

func TestJoinPage(t *testing.T) {
	e := newRESTEnv(t, Options{})
	id := e.liveMeeting(t)
	tests := []struct {
		path   string
		status int
	}{
		{fmt.Sprintf("/j/%d?pwd=x", id), http.StatusOK},
		{fmt.Sprintf("/j/%d", e.s.Users()[0].PMI), http.StatusOK},
		{"/j/12345678901", http.StatusNotFound},
	}
	for _, tt := range tests {
		if r := e.do(t, http.MethodGet, tt.path, "", ""); r.status != tt.status {
			t.Errorf("GET %s = %d, want %d", tt.path, r.status, tt.status)
		}
	}
}
