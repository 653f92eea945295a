package zoomtest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// recordingList is the body of GET /users/me/recordings.
type recordingList struct {
	From          string          `json:"from"`
	To            string          `json:"to"`
	PageCount     int             `json:"page_count"`
	PageSize      int             `json:"page_size"`
	TotalRecords  int             `json:"total_records"`
	NextPageToken string          `json:"next_page_token"`
	Meetings      []recordingJSON `json:"meetings"`
}

// recordingJSON is one recorded meeting. Its id and type are JSON numbers, as real Zoom
// sends them, although the spec says type is a string.
type recordingJSON struct {
	UUID                  string     `json:"uuid"`
	ID                    int64      `json:"id"`
	AccountID             string     `json:"account_id"`
	HostID                string     `json:"host_id"`
	Topic                 string     `json:"topic"`
	Type                  int        `json:"type"`
	StartTime             string     `json:"start_time"`
	Timezone              string     `json:"timezone"`
	Duration              int        `json:"duration"`
	TotalSize             int64      `json:"total_size"`
	RecordingCount        int        `json:"recording_count"`
	ShareURL              string     `json:"share_url"`
	RecordingPlayPasscode string     `json:"recording_play_passcode"`
	RecordingFiles        []fileJSON `json:"recording_files"`
}

// fileJSON is one recording file. Processing files have no play or download URL; TIMELINE
// files have no play URL.
type fileJSON struct {
	ID             string `json:"id"`
	MeetingID      string `json:"meeting_id"`
	RecordingStart string `json:"recording_start"`
	RecordingEnd   string `json:"recording_end"`
	FileType       string `json:"file_type"`
	FileExtension  string `json:"file_extension"`
	FileSize       int64  `json:"file_size"`
	PlayURL        string `json:"play_url,omitempty"`
	DownloadURL    string `json:"download_url,omitempty"`
	Status         string `json:"status"`
	RecordingType  string `json:"recording_type"`
}

const dateLayout = "2006-01-02"

// recordingRangeMsg answers a range over a month when Options.RecordingRangeReject is set.
const recordingRangeMsg = "The date range must be within one month. Please narrow the range of from and to."

// handleRecordings answers GET /v2/users/me/recordings (Medium; recording:read or
// cloud_recording:read:list_user_recordings). from defaults to today and to to tomorrow
// (UTC dates); a range over one month is clamped, or rejected with
// Options.RecordingRangeReject (Zoom's behaviour is unknown, docs/zoom-reference.md).
func (s *Server) handleRecordings(w http.ResponseWriter, r *http.Request) {
	u, ok := s.authREST(w, r, rateMedium, "recording:read", "cloud_recording:read:list_user_recordings")
	if !ok {
		return
	}
	now := s.now()
	from, to, ok := s.recordingRange(w, r, now)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	recs := s.data.recordingsOf(u, from, to.AddDate(0, 0, 1))
	key := u.ID + "/recordings/" + from.Format(dateLayout) + "/" + to.Format(dateLayout)
	pg, ok := s.data.page(w, r, key, len(recs), now)
	if !ok {
		return
	}
	out := recordingList{
		From: from.Format(dateLayout), To: to.Format(dateLayout), PageSize: pg.size,
		PageCount: (len(recs) + pg.size - 1) / pg.size, TotalRecords: len(recs),
		NextPageToken: pg.next, Meetings: []recordingJSON{},
	}
	for _, rec := range recs[pg.lo:pg.hi] {
		out.Meetings = append(out.Meetings, s.recordingJSON(rec))
	}
	writeJSON(w, http.StatusOK, reshapeList(out, s.data.shapes.recordingItem()))
}

// recordingRange parses from and to and applies the one-month rule.
func (s *Server) recordingRange(w http.ResponseWriter, r *http.Request, now time.Time) (from, to time.Time, ok bool) {
	today := now.UTC().Truncate(24 * time.Hour)
	from, to = today, today.AddDate(0, 0, 1)
	q := r.URL.Query()
	var err error
	if v := q.Get("from"); v != "" {
		if from, err = time.Parse(dateLayout, v); err != nil {
			writeAPIError(w, http.StatusBadRequest, 300, "Invalid field: from.")
			return from, to, false
		}
	}
	if v := q.Get("to"); v != "" {
		if to, err = time.Parse(dateLayout, v); err != nil {
			writeAPIError(w, http.StatusBadRequest, 300, "Invalid field: to.")
			return from, to, false
		}
	}
	if to.Before(from) {
		writeAPIError(w, http.StatusBadRequest, 300, "The from date must be before the to date.")
		return from, to, false
	}
	if limit := from.AddDate(0, 1, 0); to.After(limit) {
		if s.data.recRange {
			writeAPIError(w, http.StatusBadRequest, 300, recordingRangeMsg)
			return from, to, false
		}
		to = limit
	}
	return from, to, true
}

// recordingsOf returns u's recordings starting in [from, end), newest first.
func (d *dataset) recordingsOf(u *User, from, end time.Time) []*Recording {
	var out []*Recording
	for _, rec := range d.recsOf[u.ID] {
		if !rec.Start.Before(from) && rec.Start.Before(end) {
			out = append(out, rec)
		}
	}
	slices.SortStableFunc(out, func(a, b *Recording) int { return b.Start.Compare(a.Start) })
	return out
}

// recordingJSON renders rec with URLs on this server.
func (s *Server) recordingJSON(rec *Recording) recordingJSON {
	out := recordingJSON{
		UUID: rec.UUID, ID: rec.ID, AccountID: s.data.accountID, HostID: rec.HostID, Topic: rec.Topic,
		Type: rec.Type, StartTime: zoomTime(rec.Start), Timezone: rec.Timezone, Duration: rec.Duration,
		RecordingCount: len(rec.Files), ShareURL: s.URL + rec.SharePath,
		RecordingPlayPasscode: rec.PlayPasscode, RecordingFiles: []fileJSON{},
	}
	for _, f := range rec.Files {
		out.TotalSize += f.Size
		out.RecordingFiles = append(out.RecordingFiles, s.fileJSON(f))
	}
	return out
}

// fileJSON renders one recording file; a file being recorded (InProgress) has an empty
// end, type and extension and size 0.
func (s *Server) fileJSON(f *RecordingFile) fileJSON {
	fj := fileJSON{
		ID: f.ID, MeetingID: f.MeetingUUID, RecordingStart: zoomTime(f.Start), RecordingEnd: zoomTime(f.End),
		FileType: f.FileType, FileExtension: f.Extension, FileSize: f.Size, Status: f.Status,
		RecordingType: f.RecordingType,
	}
	if f.Status == "completed" {
		fj.DownloadURL = s.URL + "/rec/download/" + f.ID
		if f.Playable {
			fj.PlayURL = s.URL + "/rec/play/" + f.ID
		}
	}
	if f.InProgress {
		fj.RecordingEnd, fj.FileType, fj.FileExtension, fj.FileSize = "", "", "", 0
	}
	return fj
}

// meetingRecordingsJSON is the body of GET /meetings/{meetingId}/recordings: one recorded
// meeting with its play passcode, which Zoom documents for this call.
type meetingRecordingsJSON struct {
	recordingJSON
	Password string `json:"password"`
}

// handleMeetingRecordings answers GET /v2/meetings/{meetingId}/recordings (Light;
// recording:read or cloud_recording:read:list_recording_files). meetingId is a meeting
// uuid or numeric id. As in Zoom, a uuid that starts with "/" or holds "//" must come
// double-encoded; sent encoded once, it is not found.
func (s *Server) handleMeetingRecordings(w http.ResponseWriter, r *http.Request) {
	u, ok := s.authREST(w, r, rateLight, "recording:read", "cloud_recording:read:list_recording_files")
	if !ok {
		return
	}
	key := r.PathValue("meetingId")
	if strings.Contains(key, "%") {
		key, _ = url.PathUnescape(key)
	} else if strings.HasPrefix(key, "/") || strings.Contains(key, "//") {
		key = "" // encoded once: Zoom's router splits it and finds nothing
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.data.recordingByUUID(key)
	if rec == nil {
		for _, c := range s.data.recordings {
			if strconv.FormatInt(c.ID, 10) == key && key != "" {
				rec = c
			}
		}
	}
	if rec == nil || rec.HostID != u.ID {
		writeAPIError(w, http.StatusNotFound, 3301, "This recording does not exist.")
		return
	}
	body := reshape(meetingRecordingsJSON{recordingJSON: s.recordingJSON(rec), Password: rec.PlayPasscode}, func(m map[string]any) {
		s.data.shapes.bareFiles(m)
	})
	writeJSON(w, http.StatusOK, body)
}
