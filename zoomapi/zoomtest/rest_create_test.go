package zoomtest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func (e *restEnv) create(t *testing.T, body string) response {
	t.Helper()
	return e.do(t, http.MethodPost, "/v2/users/me/meetings", e.token, body, "Content-Type", "application/json")
}

func TestCreateInstantMeeting(t *testing.T) {
	e := newRESTEnv(t, Options{})
	var got createdJSON
	e.create(t, `{"type":1,"topic":"Quick chat"}`).decode(t, http.StatusCreated, &got)
	id := fmt.Sprint(got.ID)
	checks := []struct {
		name string
		ok   bool
	}{
		{"topic", got.Topic == "Quick chat"},
		{"type", got.Type == 1},
		{"status waiting", got.Status == "waiting"},
		{"start_url", strings.HasPrefix(got.StartURL, e.s.URL+"/s/"+id+"?zak=")},
		{"join_url", got.JoinURL == e.s.URL+"/j/"+id+"?pwd="+got.EncryptedPassword},
		{"passwords", got.Password != "" && got.H323Password != "" && got.PSTNPassword != ""},
		{"uuid and host", got.UUID != "" && got.HostID != "" && got.HostEmail == "alex@example.com"},
		{"times", got.CreatedAt == "2026-11-25T19:07:00Z" && got.StartTime == "2026-11-25T19:07:00Z"},
		{"timezone", got.Timezone == "America/New_York"},
		{"settings", got.Settings.ApprovalType == 2 && got.Settings.EncryptionType != ""},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s wrong in %+v", c.name, got)
		}
	}
	for _, m := range e.listMeetings(t, "page_size=300").Meetings {
		if m.ID == got.ID {
			t.Errorf("instant meeting %d listed", got.ID)
		}
	}
}

func TestCreateScheduledAndRecurring(t *testing.T) {
	e := newRESTEnv(t, Options{})
	var sched, rec createdJSON
	e.create(t, `{"type":2,"topic":"Later","start_time":"2026-12-01T10:00:00","timezone":"Europe/Berlin","duration":30}`).
		decode(t, http.StatusCreated, &sched)
	if sched.StartTime != "2026-12-01T09:00:00Z" || sched.Timezone != "Europe/Berlin" {
		t.Errorf("start_time %s timezone %s, want 2026-12-01T09:00:00Z Europe/Berlin", sched.StartTime, sched.Timezone)
	}
	e.create(t, `{"type":8,"topic":"Daily","start_time":"2026-12-01T15:00:00Z","recurrence":{"type":1,"end_times":3}}`).
		decode(t, http.StatusCreated, &rec)
	if len(rec.Occurrences) != 3 || rec.Occurrences[2].StartTime != "2026-12-03T15:00:00Z" {
		t.Errorf("occurrences = %+v, want 3 daily from 2026-12-01T15:00:00Z", rec.Occurrences)
	}
	got := strings.Join(topics(e.listMeetings(t, "type=upcoming&page_size=300").Meetings), "|")
	if !strings.Contains(got, "Later") || !strings.Contains(got, "Daily") {
		t.Errorf("upcoming %q lacks the created meetings", got)
	}
}

func TestCreateValidation(t *testing.T) {
	tests := []struct{ name, body string }{
		{"not json", `{"type":`},
		{"bad type", `{"type":5}`},
		{"long topic", `{"type":2,"topic":"` + strings.Repeat("x", 201) + `"}`},
		{"bad start", `{"type":2,"start_time":"tomorrow"}`},
		{"recurring without recurrence", `{"type":8}`},
	}
	e := newRESTEnv(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.create(t, tt.body).apiErr(t, http.StatusBadRequest, 300)
		})
	}
}

func TestCreateDailyLimit(t *testing.T) {
	e := newRESTEnv(t, Options{})
	for i := range createLimit {
		if r := e.create(t, `{"type":1}`); r.status != http.StatusCreated {
			t.Fatalf("create %d: status %d, want 201; body %s", i+1, r.status, r.body)
		}
	}
	r := e.create(t, `{"type":1}`)
	if msg := r.apiErr(t, http.StatusTooManyRequests, 429); msg != createLimitMsg {
		t.Errorf("message = %q, want %q", msg, createLimitMsg)
	}
	if got, want := r.header.Get("Retry-After"), "2026-11-26T00:00:00Z"; got != want {
		t.Errorf("Retry-After = %q, want %q", got, want)
	}
	if got := r.header.Get("X-RateLimit-Type"); got != "Daily-limit" {
		t.Errorf("X-RateLimit-Type = %q, want Daily-limit", got)
	}
	other := e.s.issueTestToken(t, "jonas@example.com")
	if r := e.do(t, http.MethodPost, "/v2/users/me/meetings", other, `{"type":1}`); r.status != http.StatusCreated {
		t.Errorf("another user's create: status %d, want 201", r.status)
	}
	e.clock.Advance(5 * time.Hour) // past 00:00 UTC; the access token has expired meanwhile
	e.token = e.s.issueTestToken(t, "alex@example.com")
	if r := e.create(t, `{"type":1}`); r.status != http.StatusCreated {
		t.Errorf("create after midnight UTC: status %d, want 201", r.status)
	}
}
