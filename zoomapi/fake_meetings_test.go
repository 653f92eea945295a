package zoomapi_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

func byTopic(ms []zoomapi.Meeting) map[string][]zoomapi.Meeting {
	out := map[string][]zoomapi.Meeting{}
	for _, m := range ms {
		out[m.Topic] = append(out[m.Topic], m)
	}
	return out
}

// checkSorted fails unless ms is sorted by start, meetings without a start last, one per id.
func checkSorted(t *testing.T, ms []zoomapi.Meeting) {
	t.Helper()
	seen := map[zoomapi.FlexInt64]bool{}
	for i, m := range ms {
		if seen[m.ID] {
			t.Errorf("meeting %d listed twice", m.ID)
		}
		seen[m.ID] = true
		if i == 0 {
			continue
		}
		prev := ms[i-1]
		if (prev.StartTime.IsZero() && !m.StartTime.IsZero()) ||
			(!m.StartTime.IsZero() && m.StartTime.Before(prev.StartTime)) {
			t.Errorf("meeting %q (%v) sorted after %q (%v)", m.Topic, m.StartTime, prev.Topic, prev.StartTime)
		}
	}
}

func TestUpcomingMeetingsAgainstFake(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	ms, err := e.c.UpcomingMeetings(context.Background())
	if err != nil {
		t.Fatalf("UpcomingMeetings: %v", err)
	}
	checkSorted(t, ms)
	got := byTopic(ms)
	tests := []struct {
		topic        string
		isHost       bool
		withPasscode bool
	}{
		{"1:1 Alex / Jonas", true, true},           // hosted and within 24 h: merged
		{"Pipeline review (Berlin)", false, true},  // invited only
		{"Quarterly business review", true, false}, // hosted, in ten days
		{"Alex's office hours", true, false},       // type 3, no fixed time
	}
	for _, tt := range tests {
		m := got[tt.topic]
		if len(m) != 1 {
			t.Errorf("%q listed %d times, want once", tt.topic, len(m))
			continue
		}
		if m[0].IsHost != tt.isHost || (m[0].Passcode != "") != tt.withPasscode {
			t.Errorf("%q: is_host %v, passcode set %v; want %v, %v", tt.topic, m[0].IsHost, m[0].Passcode != "", tt.isHost, tt.withPasscode)
		}
	}
	if last := ms[len(ms)-1]; last.Topic != "Alex's office hours" {
		t.Errorf("last meeting = %q, want the one without a fixed time", last.Topic)
	}
	if n := len(got["Alex Rivera's Zoom Meeting"]); n != 0 {
		t.Errorf("instant meeting listed %d times, want 0", n)
	}
	for _, path := range []string{"/v2/users/me/meetings", "/v2/users/me/upcoming_meetings"} {
		if n := e.log.count(http.MethodGet, path); n != 1 {
			t.Errorf("GET %s sent %d times, want 1", path, n)
		}
	}
	for _, r := range e.log.all() {
		if r.Path == "/v2/users/me/meetings" && (r.Query.Get("type") != "upcoming" || r.Query.Get("page_size") != "300") {
			t.Errorf("hosted list query = %v, want type=upcoming page_size=300", r.Query)
		}
	}
}

func TestUpcomingMeetingsScopes(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	tests := []struct {
		name        string
		scopes      []string
		wantInvited bool
		wantMissing bool
	}{
		{"all scopes", []string{"meeting:read:list_meetings", "meeting:read:list_upcoming_meetings"}, true, false},
		{"no upcoming scope: hosted only", []string{"meeting:read:list_meetings"}, false, false},
		{"no meeting scope", []string{"user:read"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := e.scopedClient(t, tt.scopes...).UpcomingMeetings(context.Background())
			if got := zoomapi.MissingScopes(err) != nil; got != tt.wantMissing {
				t.Fatalf("UpcomingMeetings error = %v, want missing scopes %v", err, tt.wantMissing)
			}
			if tt.wantMissing {
				return
			}
			got := byTopic(ms)
			if invited := len(got["Pipeline review (Berlin)"]) == 1; invited != tt.wantInvited {
				t.Errorf("invited meeting listed: %v, want %v", invited, tt.wantInvited)
			}
			if len(got["Quarterly business review"]) != 1 {
				t.Errorf("hosted meeting missing from %d meetings", len(ms))
			}
		})
	}
}

// TestUpcomingMeetingsPages seeds more than 300 hosted meetings: the list needs two pages.
func TestUpcomingMeetingsPages(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	start := time.Now().Add(72 * time.Hour).Truncate(time.Minute)
	const extra = 320
	for i := range extra {
		m := zoomtest.Meeting{Topic: fmt.Sprintf("bulk %03d", i), Type: 2, Start: start.Add(time.Duration(i) * time.Minute)}
		if _, err := e.s.AddMeeting("alex@example.com", m); err != nil {
			t.Fatalf("AddMeeting: %v", err)
		}
	}
	ms, err := e.c.UpcomingMeetings(context.Background())
	if err != nil {
		t.Fatalf("UpcomingMeetings: %v", err)
	}
	checkSorted(t, ms)
	got := byTopic(ms)
	for i := range extra {
		if topic := fmt.Sprintf("bulk %03d", i); len(got[topic]) != 1 {
			t.Fatalf("%q listed %d times, want once", topic, len(got[topic]))
		}
	}
	var tokens []string
	for _, r := range e.log.all() {
		if r.Path == "/v2/users/me/meetings" {
			tokens = append(tokens, r.Query.Get("next_page_token"))
		}
	}
	if len(tokens) != 2 || tokens[0] != "" || tokens[1] == "" {
		t.Errorf("hosted list requests = %d, want 2: the first without next_page_token, the second with", len(tokens))
	}
}

func TestCreateInstantMeetingAgainstFake(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	m, err := e.c.CreateInstantMeeting(context.Background(), "Quick sync")
	if err != nil {
		t.Fatalf("CreateInstantMeeting: %v", err)
	}
	if m.ID == 0 || m.Topic != "Quick sync" || m.Type != zoomapi.MeetingInstant || m.StartURL == "" || m.JoinURL == "" || m.Password == "" {
		t.Errorf("created meeting id %d topic %q type %d, start/join/password set %v/%v/%v; want all set",
			m.ID, m.Topic, m.Type, m.StartURL != "", m.JoinURL != "", m.Password != "")
	}
}

// TestMeetingListsKeptHosted: with a kept hosted list, MeetingLists asks only
// upcoming_meetings. Any failure of it but a 401 or a 429 falls back to the hosted list, as
// UpcomingMeetings does (without its scope: 4711; 404, 400, 5xx, an HTML page, a JSON
// denial); a rejected token fails the fetch, and a rate limit fails it at once, without
// another request.
func TestMeetingListsKeptHosted(t *testing.T) {
	both := []string{"meeting:read:list_meetings", "meeting:read:list_upcoming_meetings"}
	upcomingFault := func(kind zoomtest.FaultKind, status int) *zoomtest.Fault {
		return &zoomtest.Fault{Path: "/v2/users/me/upcoming_meetings", Kind: kind, Status: status}
	}
	tests := []struct {
		name        string
		scopes      []string
		fault       *zoomtest.Fault
		wantErr     bool
		wantFetched bool
		wantReqs    int
	}{
		{"upcoming only", both, nil, false, false, 1},
		{"no upcoming scope (4711): the hosted list", []string{"meeting:read:list_meetings"}, nil, false, true, 2},
		{"404: the hosted list", both, upcomingFault(zoomtest.FaultStatus, 404), false, true, 2},
		{"400: the hosted list", both, upcomingFault(zoomtest.FaultStatus, 400), false, true, 2},
		{"503: the hosted list", both, upcomingFault(zoomtest.FaultStatus, 503), false, true, 2},
		{"500: the hosted list", both, upcomingFault(zoomtest.FaultStatus, 500), false, true, 2},
		{"HTML page: the hosted list", both, upcomingFault(zoomtest.FaultHTML200, 0), false, true, 2},
		{"malformed JSON: the hosted list", both, upcomingFault(zoomtest.FaultMalformedJSON, 0), false, true, 2},
		{"JSON denial: the hosted list", both, upcomingFault(zoomtest.FaultCode200, 0), false, true, 2},
		{"401: fails", both, upcomingFault(zoomtest.FaultStatus, 401), true, false, 1},
		{"rate limited: no more requests", both, upcomingFault(zoomtest.FaultRateLimitQPS, 0), true, false, 1},
		{"daily limit: no more requests", both, upcomingFault(zoomtest.FaultRateLimitDaily, 0), true, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, zoomtest.Options{})
			access, _, err := e.s.IssueToken("demo-client", "", tt.scopes...)
			if err != nil {
				t.Fatalf("IssueToken: %v", err)
			}
			// The poller's client: no retries.
			c := e.client(&oauth2.Token{AccessToken: access, TokenType: "bearer"}, zoomapi.WithRetries(0, 0))
			if tt.fault != nil {
				e.s.SetFaults(*tt.fault)
			}
			before := listCount(e.s)
			kept := &zoomapi.HostedList{Meetings: []zoomapi.Meeting{{ID: 1, Topic: "far ahead", StartTime: time.Now().Add(72 * time.Hour)}}}
			ls, err := c.MeetingLists(context.Background(), kept, time.Now())
			if (err != nil) != tt.wantErr {
				t.Fatalf("MeetingLists error = %v, want error %v", err, tt.wantErr)
			}
			if got := listCount(e.s) - before; got != tt.wantReqs {
				t.Errorf("requests = %d, want %d", got, tt.wantReqs)
			}
			if err != nil {
				return
			}
			if ls.HostedFetched != tt.wantFetched {
				t.Errorf("HostedFetched = %v, want %v", ls.HostedFetched, tt.wantFetched)
			}
			if _, ok := byTopic(ls.Meetings)["far ahead"]; ok == tt.wantFetched {
				t.Errorf("kept meeting listed: %v, want %v", ok, !tt.wantFetched)
			}
		})
	}
}

// listCount counts the requests of both meetings lists at the fake.
func listCount(z *zoomtest.Server) int {
	st := z.Stats()
	return st.Routes["GET /v2/users/me/meetings"].Count + st.Routes["GET /v2/users/me/upcoming_meetings"].Count
}
