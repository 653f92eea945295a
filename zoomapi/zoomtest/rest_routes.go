package zoomtest

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// registerREST registers the fake's REST API under /v2 and the web pages it links to:
// start and join links and recording downloads (docs/zoom-reference.md, "Endpoints the app uses").
func (s *Server) registerREST(mux *http.ServeMux) {
	mux.HandleFunc("GET /v2/users/me", s.handleMe)
	mux.HandleFunc("GET /v2/users/me/meetings", s.handleListMeetings)
	mux.HandleFunc("POST /v2/users/me/meetings", s.handleCreateMeeting)
	mux.HandleFunc("GET /v2/users/me/upcoming_meetings", s.handleUpcoming)
	mux.HandleFunc("GET /v2/users/me/recordings", s.handleRecordings)
	mux.HandleFunc("GET /v2/meetings/{meetingId}/recordings", s.handleMeetingRecordings)
	mux.HandleFunc("GET /v2/users/me/token", s.handleToken)
	mux.HandleFunc("GET /v2/users/me/zak", s.handleZAK)
	mux.HandleFunc("GET /v2/meetings/{id}", s.handleGetMeeting)
	mux.HandleFunc("GET /s/{id}", s.handleStartPage)
	mux.HandleFunc("GET /j/{id}", s.handleJoinPage)
	mux.HandleFunc("GET /rec/download/{file}", s.handleDownload)
	mux.HandleFunc("GET /rec/play/{file}", s.handlePlayPage)
	mux.HandleFunc("GET /rec/share/{share}", s.handlePlayPage)
}

// zoomTime formats t as Zoom does: UTC, seconds, "Z".
func zoomTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// userJSON is GET /users/me as Zoom answers it.
type userJSON struct {
	ID                 string   `json:"id"`
	FirstName          string   `json:"first_name"`
	LastName           string   `json:"last_name"`
	DisplayName        string   `json:"display_name"`
	Email              string   `json:"email"`
	Type               int      `json:"type"`
	RoleName           string   `json:"role_name"`
	PMI                int64    `json:"pmi"`
	UsePMI             bool     `json:"use_pmi"`
	PersonalMeetingURL string   `json:"personal_meeting_url"`
	Timezone           string   `json:"timezone"`
	Verified           int      `json:"verified"`
	Dept               string   `json:"dept"`
	CreatedAt          string   `json:"created_at"`
	UserCreatedAt      string   `json:"user_created_at"`
	LastLoginTime      string   `json:"last_login_time"`
	LastClientVersion  string   `json:"last_client_version"`
	PicURL             string   `json:"pic_url"`
	Language           string   `json:"language"`
	PhoneNumber        string   `json:"phone_number"`
	Status             string   `json:"status"`
	RoleID             string   `json:"role_id"`
	AccountID          string   `json:"account_id"`
	AccountNumber      int64    `json:"account_number"`
	Cluster            string   `json:"cluster"`
	JID                string   `json:"jid"`
	GroupIDs           []string `json:"group_ids"`
	IMGroupIDs         []string `json:"im_group_ids"`
	LoginTypes         []int    `json:"login_types"`
}

// handleMe answers GET /v2/users/me (Light; user:read or user:read:user).
func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) {
	u, ok := s.authREST(w, r, rateLight, "user:read", "user:read:user")
	if !ok {
		return
	}
	now := s.now()
	writeJSON(w, http.StatusOK, userJSON{
		ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, DisplayName: u.DisplayName(),
		Email: u.Email, Type: u.Type, RoleName: "Member", PMI: u.PMI,
		PersonalMeetingURL: s.URL + "/j/" + strconv.FormatInt(u.PMI, 10), Timezone: u.Timezone,
		Verified: 1, Dept: u.Dept, CreatedAt: zoomTime(u.CreatedAt), UserCreatedAt: zoomTime(u.CreatedAt),
		LastLoginTime: zoomTime(now.Add(-2 * time.Hour).Truncate(time.Second)), LastClientVersion: "6.2.11.43613(mac)",
		PicURL: s.URL + "/p/" + u.ID, Language: u.Language, Status: "active", RoleID: "2",
		AccountID: u.AccountID, AccountNumber: 8765432101, Cluster: "us05", JID: u.ID + "@xmpp.zoom.us",
		GroupIDs: []string{}, IMGroupIDs: []string{}, LoginTypes: []int{100},
	})
}

// meetingItem is one meeting of GET /users/me/meetings.
type meetingItem struct {
	UUID      string `json:"uuid"`
	ID        int64  `json:"id"`
	HostID    string `json:"host_id"`
	Topic     string `json:"topic"`
	Type      int    `json:"type"`
	StartTime string `json:"start_time,omitempty"`
	Duration  int    `json:"duration"`
	Timezone  string `json:"timezone"`
	Agenda    string `json:"agenda,omitempty"`
	CreatedAt string `json:"created_at"`
	JoinURL   string `json:"join_url"`
	PMI       string `json:"pmi,omitempty"`
}

// meetingList is the body of GET /users/me/meetings.
type meetingList struct {
	PageSize      int           `json:"page_size"`
	TotalRecords  int           `json:"total_records"`
	NextPageToken string        `json:"next_page_token"`
	Meetings      []meetingItem `json:"meetings"`
}

// listTypes are the `type` values of GET /users/me/meetings.
var listTypes = []string{"scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings"}

// handleListMeetings answers GET /v2/users/me/meetings (Medium; meeting:read or
// meeting:read:list_meetings). Instant meetings are never listed, as in Zoom.
func (s *Server) handleListMeetings(w http.ResponseWriter, r *http.Request) {
	u, ok := s.authREST(w, r, rateMedium, "meeting:read", "meeting:read:list_meetings")
	if !ok {
		return
	}
	kind := r.URL.Query().Get("type")
	if kind == "" {
		kind = "scheduled"
	}
	if !slices.Contains(listTypes, kind) {
		writeAPIError(w, http.StatusBadRequest, 300, "Invalid field: type.")
		return
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	occs := s.data.hosted(u, kind, now)
	if s.data.shapes.EachOccurrence && (kind == "upcoming" || kind == "upcoming_meetings") {
		occs = eachOccurrence(occs, now, time.Time{})
	}
	pg, ok := s.data.page(w, r, u.ID+"/meetings/"+kind, len(occs), now)
	if !ok {
		return
	}
	out := meetingList{PageSize: pg.size, TotalRecords: len(occs), NextPageToken: pg.next, Meetings: []meetingItem{}}
	for _, o := range occs[pg.lo:pg.hi] {
		out.Meetings = append(out.Meetings, s.meetingItem(o))
	}
	writeJSON(w, http.StatusOK, reshapeList(out, s.data.shapes.hostedItem()))
}

// meetingItem renders one listed meeting; the agenda is cut to 250 characters as Zoom's
// list does.
func (s *Server) meetingItem(o occurrence) meetingItem {
	m := o.m
	it := meetingItem{
		UUID: m.UUID, ID: m.ID, HostID: m.HostID, Topic: m.Topic, Type: m.Type,
		Duration: m.Duration, Timezone: m.Timezone, Agenda: cutRunes(m.Agenda, 250),
		CreatedAt: zoomTime(m.Created), JoinURL: s.joinURL(m),
	}
	if !o.start.IsZero() {
		it.StartTime = zoomTime(o.start)
	}
	if m.UsePMI {
		if h := s.data.userByID(m.HostID); h != nil {
			it.PMI = strconv.FormatInt(h.PMI, 10)
		}
	}
	return it
}

// joinURL is the meeting's join link with its encrypted passcode.
func (s *Server) joinURL(m *Meeting) string {
	return s.URL + "/j/" + strconv.FormatInt(m.ID, 10) + "?pwd=" + m.EncPassword
}

func cutRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
