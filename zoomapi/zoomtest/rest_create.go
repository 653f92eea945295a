package zoomtest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// createLimit is Zoom's daily limit of meeting creates and updates per user, reset at
// 00:00 UTC (docs/zoom-reference.md, "Rate limits").
const createLimit = 100

// createLimitMsg is Zoom's exact message when createLimit is reached.
var createLimitMsg = fmt.Sprintf("You have exceeded the daily rate limit (%d) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.", createLimit)

// createRequest is the body of POST /users/me/meetings that the fake understands.
type createRequest struct {
	Topic      string `json:"topic"`
	Type       *int   `json:"type"`
	StartTime  string `json:"start_time"`
	Duration   int    `json:"duration"`
	Timezone   string `json:"timezone"`
	Agenda     string `json:"agenda"`
	Password   string `json:"password"`
	Recurrence *struct {
		Type           int `json:"type"`
		RepeatInterval int `json:"repeat_interval"`
		EndTimes       int `json:"end_times"`
	} `json:"recurrence"`
}

// handleCreateMeeting answers POST /v2/users/me/meetings (Medium; meeting:write or
// meeting:write:meeting) with 201 and the full meeting, start_url carrying a 2-hour ZAK.
// The 101st create of a user in one UTC day gets Zoom's daily-limit 429.
func (s *Server) handleCreateMeeting(w http.ResponseWriter, r *http.Request) {
	u, ok := s.authREST(w, r, rateMedium, "meeting:write", "meeting:write:meeting")
	if !ok {
		return
	}
	now := s.now()
	day := u.ID + "/" + now.UTC().Format(dateLayout)
	var req createRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
		writeAPIError(w, http.StatusBadRequest, 300, "Request Body should be a valid JSON object.")
		return
	}
	m, msg := meetingFromRequest(req, u, now)
	if msg != "" {
		writeAPIError(w, http.StatusBadRequest, 300, msg)
		return
	}
	zak := s.newSecret("zak")
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data.creates[day] >= createLimit {
		writeDailyLimit(w, rateMedium, now.UTC().Truncate(24*time.Hour).Add(24*time.Hour), createLimitMsg)
		return
	}
	s.data.creates[day]++
	s.data.addMeeting(m)
	s.data.addZAK(zak, u.ID, now.Add(zakTTL))
	writeJSON(w, http.StatusCreated, s.createdJSON(m, u, zak))
}

// meetingFromRequest validates req as Zoom does and returns the new meeting, or a
// validation message for a 400 with code 300.
func meetingFromRequest(req createRequest, u *User, now time.Time) (*Meeting, string) {
	m := &Meeting{HostID: u.ID, Topic: req.Topic, Type: 2, Duration: req.Duration, Timezone: req.Timezone,
		Agenda: req.Agenda, Password: req.Password, Created: now.UTC().Truncate(time.Second)}
	if req.Type != nil {
		m.Type = *req.Type
	}
	switch {
	case m.Type != 1 && m.Type != 2 && m.Type != 3 && m.Type != 8:
		return nil, "Invalid field: type."
	case len([]rune(m.Topic)) > 200:
		return nil, "Validation Failed. topic: size must be between 0 and 200."
	case len(m.Password) > 10:
		return nil, "Validation Failed. password: size must be between 0 and 10."
	case m.Type == 8 && (req.Recurrence == nil || req.Recurrence.Type < 1 || req.Recurrence.Type > 3):
		return nil, "Invalid field: recurrence."
	}
	if m.Topic == "" {
		m.Topic = u.DisplayName() + "'s Zoom Meeting"
	}
	if m.Timezone == "" {
		m.Timezone = u.Timezone
	}
	if m.Duration <= 0 {
		m.Duration = 60
	}
	m.Start = now.UTC().Truncate(time.Second)
	if req.StartTime != "" && m.Type != 1 {
		t, err := parseStart(req.StartTime, m.Timezone)
		if err != nil {
			return nil, "Invalid field: start_time."
		}
		m.Start = t.UTC()
	}
	if m.Type == 3 {
		m.Start = time.Time{}
	}
	if m.Type == 8 {
		m.Occurrences = recurrence(m.Start, req.Recurrence.Type, req.Recurrence.RepeatInterval, req.Recurrence.EndTimes)
	}
	return m, ""
}

// parseStart reads start_time as Zoom does: UTC with "Z", or local time in tz.
func parseStart(v, tz string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	return time.ParseInLocation("2006-01-02T15:04:05", v, mustLoad(tz))
}

// recurrence returns the starts of a fixed-time recurring meeting: typ 1 daily, 2 weekly,
// 3 monthly, every interval, endTimes times (default 7, at most 365).
func recurrence(start time.Time, typ, interval, endTimes int) []time.Time {
	interval, endTimes = max(interval, 1), min(cmp.Or(max(endTimes, 0), 7), 365)
	out := make([]time.Time, 0, endTimes)
	for i := range endTimes {
		n := i * interval
		out = append(out, start.AddDate(0, map[int]int{3: n}[typ], map[int]int{1: n, 2: 7 * n}[typ]))
	}
	return out
}

// createdJSON is the 201 body of POST /users/me/meetings (docs/zoom-reference.md).
type createdJSON struct {
	UUID              string          `json:"uuid"`
	ID                int64           `json:"id"`
	HostID            string          `json:"host_id"`
	HostEmail         string          `json:"host_email"`
	Topic             string          `json:"topic"`
	Type              int             `json:"type"`
	Status            string          `json:"status"`
	StartTime         string          `json:"start_time,omitempty"`
	Duration          int             `json:"duration"`
	Timezone          string          `json:"timezone"`
	Agenda            string          `json:"agenda,omitempty"`
	CreatedAt         string          `json:"created_at"`
	StartURL          string          `json:"start_url"`
	JoinURL           string          `json:"join_url"`
	Password          string          `json:"password"`
	H323Password      string          `json:"h323_password"`
	PSTNPassword      string          `json:"pstn_password"`
	EncryptedPassword string          `json:"encrypted_password"`
	PreSchedule       bool            `json:"pre_schedule"`
	Occurrences       []occurrenceRef `json:"occurrences,omitempty"`
	Settings          meetingSettings `json:"settings"`
}

// occurrenceRef is one occurrence of a type 8 meeting.
type occurrenceRef struct {
	OccurrenceID string `json:"occurrence_id"`
	StartTime    string `json:"start_time"`
	Duration     int    `json:"duration"`
	Status       string `json:"status"`
}

// meetingSettings are the meeting settings Zoom returns, with its defaults.
type meetingSettings struct {
	HostVideo             bool   `json:"host_video"`
	ParticipantVideo      bool   `json:"participant_video"`
	JoinBeforeHost        bool   `json:"join_before_host"`
	MuteUponEntry         bool   `json:"mute_upon_entry"`
	Watermark             bool   `json:"watermark"`
	UsePMI                bool   `json:"use_pmi"`
	ApprovalType          int    `json:"approval_type"`
	Audio                 string `json:"audio"`
	AutoRecording         string `json:"auto_recording"`
	WaitingRoom           bool   `json:"waiting_room"`
	MeetingAuthentication bool   `json:"meeting_authentication"`
	EncryptionType        string `json:"encryption_type"`
	EmailNotification     bool   `json:"email_notification"`
}

// createdJSON renders a new meeting; start_url carries zak. The caller holds Server.mu.
func (s *Server) createdJSON(m *Meeting, u *User, zak string) createdJSON {
	id := strconv.FormatInt(m.ID, 10)
	out := createdJSON{
		UUID: m.UUID, ID: m.ID, HostID: u.ID, HostEmail: u.Email, Topic: m.Topic, Type: m.Type,
		Status: "waiting", Duration: m.Duration, Timezone: m.Timezone, Agenda: m.Agenda,
		CreatedAt: zoomTime(m.Created), StartURL: s.URL + "/s/" + id + "?zak=" + zak, JoinURL: s.joinURL(m),
		Password: m.Password, H323Password: numericPass(m.ID), PSTNPassword: numericPass(m.ID),
		EncryptedPassword: m.EncPassword,
		Settings: meetingSettings{ApprovalType: 2, Audio: "voip", AutoRecording: "none", WaitingRoom: true,
			EncryptionType: "enhanced_encryption", EmailNotification: true, UsePMI: m.UsePMI},
	}
	if !m.Start.IsZero() {
		out.StartTime = zoomTime(m.Start)
	}
	for _, t := range m.Occurrences {
		out.Occurrences = append(out.Occurrences, occurrenceRef{
			OccurrenceID: strconv.FormatInt(t.UnixMilli(), 10), StartTime: zoomTime(t),
			Duration: m.Duration, Status: "available"})
	}
	return out
}

// numericPass derives the 6-digit phone passcode of a meeting.
func numericPass(id int64) string { return strconv.FormatInt(100000+id%900000, 10) }

// StartedMeetings returns the IDs of meetings started through a start link with a valid
// ZAK, in order.
func (s *Server) StartedMeetings() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int64(nil), s.data.started...)
}

// ZAKsIssued returns how many ZAKs the server has issued (token, zak and create endpoints).
func (s *Server) ZAKsIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.zaksIssued
}

// Users returns copies of the seeded users, alex@example.com first.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []User
	for _, u := range s.data.users() {
		out = append(out, *u)
	}
	return out
}

// Recordings returns copies of the recordings hosted by the user with email, newest first,
// for tests that compare what a client read with what the fake holds.
func (s *Server) Recordings(email string) []Recording {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.data.userByEmail(email)
	if u == nil {
		return nil
	}
	var out []Recording
	for _, r := range s.data.recordingsOf(u, time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)) {
		c := *r
		c.Files = nil
		for _, f := range r.Files {
			c.Files = append(c.Files, new(*f))
		}
		out = append(out, c)
	}
	return out
}

// AddMeeting stores a meeting hosted by the user with hostEmail and returns its ID. Zero
// fields get defaults: ID, UUID and passwords random, Created now, Timezone the host's,
// Duration 60; HostID is set from hostEmail.
func (s *Server) AddMeeting(hostEmail string, m Meeting) (int64, error) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.data.userByEmail(hostEmail)
	if u == nil {
		return 0, errNoUser(hostEmail)
	}
	m.HostID = u.ID
	m.Timezone = cmp.Or(m.Timezone, u.Timezone)
	m.Created = orTime(m.Created, now.UTC().Truncate(time.Second))
	if m.Duration == 0 {
		m.Duration = 60
	}
	m.Occurrences = append([]time.Time(nil), m.Occurrences...)
	m.Invitees = append([]string(nil), m.Invitees...)
	return s.data.addMeeting(&m).ID, nil
}

// AddRecording stores a completed recording (MP4 and M4A files) of the host's meeting that
// started at start, and returns its meeting UUID.
func (s *Server) AddRecording(hostEmail, topic string, start time.Time) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.data.userByEmail(hostEmail)
	if u == nil {
		return "", errNoUser(hostEmail)
	}
	return s.data.newRecording(u, topic, start, 30*time.Minute, fileKinds[:2]).UUID, nil
}

// AddTranscriptRecording stores a completed recording of the host's meeting that started
// at start and lasted length, with an MP4, a TRANSCRIPT and a CHAT file (their text in
// the host's language, as Options.TranscriptRecordings makes them), and returns its
// meeting UUID.
func (s *Server) AddTranscriptRecording(hostEmail, topic string, start time.Time, length time.Duration) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.data.userByEmail(hostEmail)
	if u == nil {
		return "", errNoUser(hostEmail)
	}
	return s.data.newRecording(u, topic, start, length, transcriptKinds()).UUID, nil
}
