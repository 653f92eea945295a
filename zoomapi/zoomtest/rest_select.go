package zoomtest

import (
	"cmp"
	"crypto/rand"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// occurrence is a meeting with the start that a list shows for it: the running or next
// occurrence of a recurring meeting, the last one once all have ended, zero for type 3.
type occurrence struct {
	m     *Meeting
	start time.Time
	ended bool
}

// occurrenceAt returns m's running or next occurrence at now.
func occurrenceAt(m *Meeting, now time.Time) occurrence {
	length := time.Duration(m.Duration) * time.Minute
	switch {
	case m.Type == 3:
		return occurrence{m: m}
	case m.Type == 8 && len(m.Occurrences) > 0:
		for _, t := range m.Occurrences {
			if t.Add(length).After(now) {
				return occurrence{m: m, start: t}
			}
		}
		last := m.Occurrences[len(m.Occurrences)-1]
		return occurrence{m: m, start: last, ended: !m.Live}
	}
	return occurrence{m: m, start: m.Start, ended: !m.Live && !m.Start.Add(length).After(now)}
}

// hosted returns u's listed meetings of one `type` of GET /users/me/meetings, by start
// (type 3 last). Instant meetings are never listed, as in Zoom.
func (d *dataset) hosted(u *User, kind string, now time.Time) []occurrence {
	var out []occurrence
	for _, m := range d.meetingsOf[u.ID] {
		if m.HostID != u.ID || m.Type == 1 {
			continue
		}
		o := occurrenceAt(m, now)
		var in bool
		switch kind {
		case "live":
			in = m.Live
		case "upcoming", "upcoming_meetings":
			in = !o.ended
		case "previous_meetings":
			in = o.ended
		default: // scheduled: previous, live and upcoming
			in = true
		}
		if in {
			out = append(out, o)
		}
	}
	sortOccurrences(out)
	return out
}

// upcoming returns the meetings u hosts or is invited to that run within the next 24
// hours, including live ones (GET /users/me/upcoming_meetings).
func (d *dataset) upcoming(u *User, now time.Time) []occurrence {
	var out []occurrence
	for _, m := range d.meetingsOf[u.ID] {
		if m.Type == 1 || m.Type == 3 || (m.HostID != u.ID && !slices.Contains(m.Invitees, u.ID)) {
			continue
		}
		o := occurrenceAt(m, now)
		if !o.ended && (m.Live || o.start.Before(now.Add(24*time.Hour))) {
			out = append(out, o)
		}
	}
	sortOccurrences(out)
	if d.shapes.EachOccurrence {
		out = eachOccurrence(out, now, now.Add(24*time.Hour))
	}
	return out
}

func sortOccurrences(os []occurrence) {
	slices.SortStableFunc(os, func(a, b occurrence) int {
		if a.start.IsZero() != b.start.IsZero() {
			if a.start.IsZero() {
				return 1
			}
			return -1
		}
		return a.start.Compare(b.start)
	})
}

// pageCursor is what a next_page_token stands for: a position in one query.
type pageCursor struct {
	key     string
	offset  int
	expires time.Time
}

// pageTokenTTL is how long a next_page_token works (docs/zoom-reference.md, "Pagination").
const pageTokenTTL = 15 * time.Minute

// maxPageSize is Zoom's largest page; larger page_size values are capped to it.
const maxPageSize = 300

// pageSpan is the slice of a result that one page shows.
type pageSpan struct {
	lo, hi, size int
	next         string
}

// page reads page_size (default 30, at most 300) and next_page_token for a query named
// key over total items. It writes a 400 (code 300) and returns false when the token is
// unknown, expired or from another query. The caller holds Server.mu.
func (d *dataset) page(w http.ResponseWriter, r *http.Request, key string, total int, now time.Time) (pageSpan, bool) {
	q := r.URL.Query()
	size := 30
	if v := q.Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			writeAPIError(w, http.StatusBadRequest, 300, "Invalid field: page_size.")
			return pageSpan{}, false
		}
		size = cmp.Or(min(max(n, 0), maxPageSize), 30)
	}
	lo := 0
	if tok := q.Get("next_page_token"); tok != "" {
		c, ok := d.pages[tok]
		if !ok || c.key != key || !now.Before(c.expires) {
			writeAPIError(w, http.StatusBadRequest, 300, "The next page token is invalid or expired.")
			return pageSpan{}, false
		}
		lo = min(c.offset, total)
	}
	sp := pageSpan{lo: lo, hi: min(lo+size, total), size: size}
	if sp.hi < total {
		d.dropExpiredPages(now)
		sp.next = rand.Text()
		d.pages[sp.next] = pageCursor{key: key, offset: sp.hi, expires: now.Add(pageTokenTTL)}
	}
	return sp, true
}

// dropExpiredPages forgets next_page_tokens past their 15 minutes.
func (d *dataset) dropExpiredPages(now time.Time) {
	for k, c := range d.pages {
		if !now.Before(c.expires) {
			delete(d.pages, k)
		}
	}
}

// upcomingItem is one meeting of GET /users/me/upcoming_meetings.
type upcomingItem struct {
	ID        int64  `json:"id"`
	Topic     string `json:"topic"`
	Type      int    `json:"type"`
	StartTime string `json:"start_time"`
	Duration  int    `json:"duration"`
	Timezone  string `json:"timezone"`
	CreatedAt string `json:"created_at"`
	JoinURL   string `json:"join_url"`
	Passcode  string `json:"passcode"`
	IsHost    bool   `json:"is_host"`
	UsePMI    bool   `json:"use_pmi"`
	IsAllDay  bool   `json:"is_all_day"`
}

// handleUpcoming answers GET /v2/users/me/upcoming_meetings (Medium; meeting:read or
// meeting:read:list_upcoming_meetings): the next 24 hours, invited meetings included.
func (s *Server) handleUpcoming(w http.ResponseWriter, r *http.Request) {
	u, ok := s.authREST(w, r, rateMedium, "meeting:read", "meeting:read:list_upcoming_meetings")
	if !ok {
		return
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	items := []upcomingItem{}
	for _, o := range s.data.upcoming(u, now) {
		m := o.m
		items = append(items, upcomingItem{
			ID: m.ID, Topic: m.Topic, Type: m.Type, StartTime: zoomTime(o.start), Duration: m.Duration,
			Timezone: m.Timezone, CreatedAt: zoomTime(m.Created), JoinURL: s.joinURL(m),
			Passcode: m.Password, IsHost: m.HostID == u.ID, UsePMI: m.UsePMI, IsAllDay: m.AllDay,
		})
	}
	writeJSON(w, http.StatusOK, reshapeList(map[string]any{"total_records": len(items), "meetings": items}, s.data.shapes.upcomingItem()))
}
