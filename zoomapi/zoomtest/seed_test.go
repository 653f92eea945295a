package zoomtest

import (
	"reflect"
	"testing"
	"time"
)

func TestSeedDeterministic(t *testing.T) {
	a, b := newDataset(testNow, Options{}), newDataset(testNow, Options{})
	if !reflect.DeepEqual(a.userList, b.userList) || !reflect.DeepEqual(a.meetings, b.meetings) || !reflect.DeepEqual(a.recordings, b.recordings) {
		t.Error("two datasets seeded at the same time differ")
	}
}

func TestSeedUsers(t *testing.T) {
	d := newDataset(testNow, Options{})
	tests := []struct{ email, tz string }{
		{"alex@example.com", "America/New_York"},
		{"jonas@example.com", "Europe/Berlin"},
		{"yuki@example.com", "Asia/Tokyo"},
	}
	for i, tt := range tests {
		u := d.userByEmail(tt.email)
		if u == nil || u.Timezone != tt.tz || d.userByID(u.ID) != u || d.users()[i] != u {
			t.Errorf("user %s: got %+v, want zone %s at index %d", tt.email, u, tt.tz, i)
		}
	}
	if d.userByEmail("nobody@example.com") != nil || d.userByID("nope") != nil {
		t.Error("unknown user found")
	}
}

func TestSeedMeetingsAcrossDST(t *testing.T) {
	d := newDataset(testNow, Options{})
	var m *Meeting
	for _, x := range d.meetings {
		if x.Topic == "Weekly sync (across DST change)" {
			m = x
		}
	}
	if m == nil || m.Type != 8 || len(m.Occurrences) < 2 {
		t.Fatalf("DST meeting = %+v, want type 8 with occurrences", m)
	}
	first, last := m.Occurrences[0], m.Occurrences[len(m.Occurrences)-1]
	if first.Hour() == last.Hour() {
		t.Errorf("UTC hours %d and %d, want them to differ across the DST change", first.Hour(), last.Hour())
	}
	ny := mustLoad("America/New_York")
	for _, o := range m.Occurrences {
		if l := o.In(ny); l.Hour() != 10 || l.Weekday() != first.In(ny).Weekday() {
			t.Errorf("occurrence %s is %s in New York, want 10:00 weekly", o, l)
		}
	}
}

func TestSeedRecordingsSpan(t *testing.T) {
	d := newDataset(testNow, Options{})
	alex := d.userList[0]
	oldest := d.recordingsOf(alex, testNow.AddDate(-2, 0, 0), testNow.Add(time.Hour))
	if len(oldest) < 50 {
		t.Fatalf("alex has %d recordings, want a realistic number", len(oldest))
	}
	newest, first := oldest[0].Start, oldest[len(oldest)-1].Start
	if first.After(testNow.AddDate(0, -13, 3)) || newest.Before(testNow.Add(-2*time.Hour)) {
		t.Errorf("recordings span %s..%s, want 13 months up to now", first, newest)
	}
}

func TestSeedHelpersUnknownUser(t *testing.T) {
	e := newRESTEnv(t, Options{})
	if _, err := e.s.AddMeeting("nobody@example.com", Meeting{Type: 2}); err == nil {
		t.Error("AddMeeting for an unknown user: got nil error")
	}
	if _, err := e.s.AddRecording("nobody@example.com", "x", testNow); err == nil {
		t.Error("AddRecording for an unknown user: got nil error")
	}
	if got := e.s.Users(); len(got) < 3 || got[0].Email != "alex@example.com" {
		t.Errorf("Users() = %v, want alex@example.com first", got)
	}
}
