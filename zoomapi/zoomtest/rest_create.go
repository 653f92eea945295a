package zoomtest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
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
