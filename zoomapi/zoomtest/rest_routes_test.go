package zoomtest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestMe(t *testing.T) {
	e := newRESTEnv(t, Options{})
	var got map[string]any
	e.get(t, "/v2/users/me").decode(t, http.StatusOK, &got)
	want := map[string]any{
		"email": "alex@example.com", "first_name": "Alex", "last_name": "Rivera", "display_name": "Alex Rivera",
		"type": 2.0, "timezone": "America/New_York", "status": "active",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	for _, k := range []string{"id", "pmi", "account_id", "pic_url", "personal_meeting_url", "language", "created_at"} {
		if _, ok := got[k]; !ok {
			t.Errorf("field %s missing", k)
		}
	}
}

func TestScopes(t *testing.T) {
	tests := []struct {
		name, path string
		scopes     []string
		want       int
	}{
		{"classic me", "/v2/users/me", []string{"user:read"}, http.StatusOK},
		{"granular me", "/v2/users/me", []string{"user:read:user"}, http.StatusOK},
		{"me without scope", "/v2/users/me", []string{"meeting:read"}, http.StatusBadRequest},
		{"granular list", "/v2/users/me/meetings", []string{"meeting:read:list_meetings"}, http.StatusOK},
		{"granular upcoming missing", "/v2/users/me/upcoming_meetings", []string{"meeting:read:list_meetings"}, http.StatusBadRequest},
		{"granular upcoming", "/v2/users/me/upcoming_meetings", []string{"meeting:read:list_upcoming_meetings"}, http.StatusOK},
		{"granular recordings", "/v2/users/me/recordings", []string{"cloud_recording:read:list_user_recordings"}, http.StatusOK},
		{"recordings without scope", "/v2/users/me/recordings", []string{"meeting:read"}, http.StatusBadRequest},
		{"granular token", "/v2/users/me/token?type=zak", []string{"user:read:token"}, http.StatusOK},
		{"granular zak", "/v2/users/me/zak", []string{"user:read:zak"}, http.StatusOK},
		{"zak needs user_zak", "/v2/users/me/zak", []string{"user:read"}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newRESTEnv(t, Options{}, tt.scopes...)
			r := e.get(t, tt.path)
			if r.status != tt.want {
				t.Fatalf("GET %s = %d, want %d; body %s", tt.path, r.status, tt.want, r.body)
			}
			if tt.want == http.StatusBadRequest {
				r.apiErr(t, http.StatusBadRequest, 4711)
			}
		})
	}
}

func TestNoToken(t *testing.T) {
	e := newRESTEnv(t, Options{})
	for _, path := range []string{"/v2/users/me", "/v2/users/me/meetings", "/v2/users/me/recordings", "/v2/users/me/zak"} {
		e.do(t, http.MethodGet, path, "", "").apiErr(t, http.StatusUnauthorized, 124)
	}
}

// listMeetings fetches one page of GET /users/me/meetings.
func (e *restEnv) listMeetings(t *testing.T, query string) meetingList {
	t.Helper()
	var l meetingList
	e.get(t, "/v2/users/me/meetings?"+query).decode(t, http.StatusOK, &l)
	return l
}

func topics(items []meetingItem) []string {
	var out []string
	for _, m := range items {
		out = append(out, m.Topic)
	}
	return out
}

func TestListMeetingTypes(t *testing.T) {
	tests := []struct {
		query     string
		want, not []string
	}{
		{"", []string{"Team stand-up", "Design review", "Retrospective", "Alex's office hours"}, []string{"Alex Rivera's Zoom Meeting", "Pipeline review (Berlin)"}},
		{"type=live", []string{"Design review"}, []string{"Team stand-up", "Retrospective"}},
		{"type=upcoming", []string{"Design review", "1:1 Alex / Jonas", "Quarterly business review", "Weekly sync (across DST change)"}, []string{"Retrospective"}},
		{"type=upcoming_meetings", []string{"Sprint planning"}, []string{"Retrospective", "Alex Rivera's Zoom Meeting"}},
		{"type=previous_meetings", []string{"Retrospective"}, []string{"Design review", "Sprint planning"}},
	}
	e := newRESTEnv(t, Options{})
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := strings.Join(topics(e.listMeetings(t, tt.query).Meetings), "|")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("topics %q lack %q", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("topics %q contain %q", got, n)
				}
			}
		})
	}
	e.get(t, "/v2/users/me/meetings?type=bogus").apiErr(t, http.StatusBadRequest, 300)
}

func TestListMeetingFields(t *testing.T) {
	e := newRESTEnv(t, Options{})
	for _, m := range e.listMeetings(t, "page_size=300").Meetings {
		if m.ID < 1e10 || m.UUID == "" || m.HostID == "" || m.CreatedAt == "" || !strings.Contains(m.JoinURL, "/j/") {
			t.Errorf("meeting %+v lacks id, uuid, host_id, created_at or join_url", m)
		}
		if m.Type == 1 {
			t.Errorf("instant meeting %q listed", m.Topic)
		}
		if n := len([]rune(m.Agenda)); n > 250 {
			t.Errorf("agenda of %q has %d runes, want at most 250", m.Topic, n)
		}
		if m.Type != 3 && !strings.HasSuffix(m.StartTime, "Z") {
			t.Errorf("start_time of %q = %q, want UTC with Z", m.Topic, m.StartTime)
		}
		if (m.PMI != "") != (m.Topic == "Alex's office hours") {
			t.Errorf("pmi of %q = %q", m.Topic, m.PMI)
		}
	}
}

func TestListMeetingsPagination(t *testing.T) {
	e := newRESTEnv(t, Options{})
	for i := range 350 {
		if _, err := e.s.AddMeeting("alex@example.com", Meeting{Topic: fmt.Sprint("bulk ", i), Type: 2, Start: testNow.Add(time.Duration(i+1) * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	first := e.listMeetings(t, "page_size=1000")
	if len(first.Meetings) != 300 || first.PageSize != 300 || first.NextPageToken == "" {
		t.Fatalf("first page: got %d meetings, page_size %d, token %q; want 300, 300 and a token", len(first.Meetings), first.PageSize, first.NextPageToken)
	}
	second := e.listMeetings(t, "page_size=300&next_page_token="+first.NextPageToken)
	if got, want := len(first.Meetings)+len(second.Meetings), first.TotalRecords; got != want || second.NextPageToken != "" {
		t.Errorf("two pages hold %d meetings (last token %q), want %d and no token", got, second.NextPageToken, want)
	}
	if d := e.listMeetings(t, "").PageSize; d != 30 {
		t.Errorf("default page_size = %d, want 30", d)
	}
	e.get(t, "/v2/users/me/meetings?type=live&next_page_token="+first.NextPageToken).apiErr(t, http.StatusBadRequest, 300)
	e.clock.Advance(pageTokenTTL)
	e.get(t, "/v2/users/me/meetings?page_size=300&next_page_token="+first.NextPageToken).apiErr(t, http.StatusBadRequest, 300)
}

func TestUpcomingMeetings(t *testing.T) {
	e := newRESTEnv(t, Options{})
	var got struct {
		Meetings []upcomingItem `json:"meetings"`
	}
	e.get(t, "/v2/users/me/upcoming_meetings").decode(t, http.StatusOK, &got)
	byTopic := map[string]upcomingItem{}
	for _, m := range got.Meetings {
		byTopic[m.Topic] = m
		if start, _ := time.Parse(time.RFC3339, m.StartTime); start.After(testNow.Add(24 * time.Hour)) {
			t.Errorf("%q starts %s, beyond 24 hours", m.Topic, m.StartTime)
		}
	}
	tests := []struct {
		topic  string
		listed bool
		isHost bool
	}{
		{"Design review", true, true},
		{"1:1 Alex / Jonas", true, true},
		{"Pipeline review (Berlin)", true, false},
		{"Support hand-off (Tokyo)", true, false},
		{"APAC roadmap", false, false},
		{"Retrospective", false, false},
		{"Alex's office hours", false, false},
	}
	for _, tt := range tests {
		m, ok := byTopic[tt.topic]
		if ok != tt.listed || (ok && m.IsHost != tt.isHost) {
			t.Errorf("%q: listed %v is_host %v, want %v %v", tt.topic, ok, m.IsHost, tt.listed, tt.isHost)
		}
		if ok && m.Passcode == "" {
			t.Errorf("%q has no passcode", tt.topic)
		}
	}
}
