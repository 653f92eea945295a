package zoomtest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// ZAK lifetimes (docs/zoom-reference.md, "ZAK"): GET /users/me/token?type=zak and the
// start_url of a created meeting give 2 hours (ttl can change it), GET /users/me/zak 5 minutes.
const (
	zakTTL      = 2 * time.Hour
	shortZAKTTL = 5 * time.Minute
	maxZAKTTL   = 365 * 24 * time.Hour
)

// zakGrant is what a ZAK lets its holder do: start the user's meetings until expires.
type zakGrant struct {
	userID  string
	expires time.Time
}

// addZAK records an issued ZAK. The caller holds Server.mu.
func (d *dataset) addZAK(zak, userID string, expires time.Time) {
	d.zaks[zak] = zakGrant{userID: userID, expires: expires}
	d.zaksIssued++
}

// revokeZAKs invalidates every ZAK of the user, as "sign out of all devices" does in Zoom.
// The caller holds Server.mu.
func (d *dataset) revokeZAKs(userID string) {
	for k, g := range d.zaks {
		if g.userID == userID {
			delete(d.zaks, k)
		}
	}
}

// handleToken answers GET /v2/users/me/token?type=zak (Light; user:read or
// user:read:token): a ZAK valid for ttl seconds, default 7200.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	u, ok := s.authREST(w, r, rateLight, "user:read", "user:read:token")
	if !ok {
		return
	}
	q := r.URL.Query()
	if q.Get("type") != "zak" {
		writeAPIError(w, http.StatusBadRequest, 300, "Invalid field: type. Only type=zak is supported by this server.")
		return
	}
	ttl := zakTTL
	if v := q.Get("ttl"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || time.Duration(n)*time.Second > maxZAKTTL {
			writeAPIError(w, http.StatusBadRequest, 300, "Invalid field: ttl.")
			return
		}
		ttl = time.Duration(n) * time.Second
	}
	s.issueZAK(w, u, ttl)
}

// handleZAK answers GET /v2/users/me/zak (Light; user_zak:read or user:read:zak): a ZAK
// valid 5 minutes.
func (s *Server) handleZAK(w http.ResponseWriter, r *http.Request) {
	u, ok := s.authREST(w, r, rateLight, "user_zak:read", "user:read:zak")
	if !ok {
		return
	}
	s.issueZAK(w, u, shortZAKTTL)
}

func (s *Server) issueZAK(w http.ResponseWriter, u *User, ttl time.Duration) {
	zak := s.newSecret("zak")
	now := s.now()
	s.mu.Lock()
	s.data.addZAK(zak, u.ID, now.Add(ttl))
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"token": zak})
}

// handleStartPage serves GET /s/{id}?zak=: the start link. A ZAK valid for the meeting's
// host starts it (StartedMeetings records it); otherwise an HTML sign-in or error page.
func (s *Server) handleStartPage(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	zak := r.URL.Query().Get("zak")
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.data.meetingByID(id)
	if m == nil {
		writeHTML(w, http.StatusNotFound, "Meeting not found", "This meeting ID is not valid.")
		return
	}
	g, ok := s.data.zaks[zak]
	switch {
	case !ok:
		writeHTML(w, http.StatusUnauthorized, "Sign In", "Sign in to start this meeting.")
	case !now.Before(g.expires):
		writeHTML(w, http.StatusUnauthorized, "Sign In", "The link to start this meeting has expired. Sign in to start it.")
	case g.userID != m.HostID:
		writeHTML(w, http.StatusForbidden, "Not the host", "Only the host can start this meeting.")
	default:
		m.Live = true
		s.data.started = append(s.data.started, m.ID)
		name := s.data.userByID(m.HostID).DisplayName()
		writeHTML(w, http.StatusOK, "Launch Meeting", fmt.Sprintf("Starting meeting %d as host %s", m.ID, name))
	}
}

// handleJoinPage serves GET /j/{id}: the join page of a meeting or personal meeting room.
func (s *Server) handleJoinPage(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.data.meetingByID(id); m != nil {
		writeHTML(w, http.StatusOK, "Join Meeting", fmt.Sprintf("Joining meeting %d: %s", m.ID, m.Topic))
		return
	}
	for _, u := range s.data.users() {
		if u.PMI == id {
			writeHTML(w, http.StatusOK, "Join Meeting", fmt.Sprintf("Joining %s's Personal Meeting Room", u.DisplayName()))
			return
		}
	}
	writeHTML(w, http.StatusNotFound, "Meeting not found", "This meeting ID is not valid.")
}

// writeHTML writes a small HTML page of the fake's web UI (text is escaped).
func writeHTML(w http.ResponseWriter, status int, title, text string) {
	writePage(w, status, htmlPage{Title: title, Text: text})
}
