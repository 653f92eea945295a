package zoomtest

import (
	"net/http"
	"slices"
	"strconv"
)

// meetingJSON is the body of GET /meetings/{meetingId}: the fields zoomtray reads. The
// fake leaves out start_url, which Zoom fills with a ZAK for the host only.
type meetingJSON struct {
	UUID      string `json:"uuid"`
	ID        int64  `json:"id"`
	HostID    string `json:"host_id"`
	Topic     string `json:"topic"`
	Type      int    `json:"type"`
	Status    string `json:"status"`
	StartTime string `json:"start_time,omitempty"`
	Duration  int    `json:"duration"`
	Timezone  string `json:"timezone"`
	CreatedAt string `json:"created_at"`
	JoinURL   string `json:"join_url"`
	Password  string `json:"password,omitempty"`
}

// handleGetMeeting answers GET /v2/meetings/{meetingId} (Light; meeting:read or
// meeting:read:meeting) for a meeting the user hosts or is invited to, instant meetings
// included. Any other ID gets 404 with code 3001, "Meeting does not exist"
// (zoom-reference.md, "Errors"): what Zoom answers for another user's meeting is not
// documented, so a client must handle both answers.
func (s *Server) handleGetMeeting(w http.ResponseWriter, r *http.Request) {
	u, ok := s.authREST(w, r, rateLight, "meeting:read", "meeting:read:meeting")
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.data.meetings {
		if err != nil || m.ID != id || m.HostID != u.ID && !slices.Contains(m.Invitees, u.ID) {
			continue
		}
		out := meetingJSON{UUID: m.UUID, ID: m.ID, HostID: m.HostID, Topic: m.Topic, Type: m.Type,
			Status: "waiting", Duration: m.Duration, Timezone: m.Timezone, CreatedAt: zoomTime(m.Created),
			JoinURL: s.joinURL(m)}
		if m.HostID == u.ID {
			out.Password = m.Password
		}
		if m.Live {
			out.Status = "started"
		}
		if !m.Start.IsZero() {
			out.StartTime = zoomTime(m.Start)
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	writeAPIError(w, http.StatusNotFound, 3001, "Meeting does not exist: "+r.PathValue("id")+".")
}
