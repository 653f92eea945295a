package zoomapi

import (
	"bytes"
	"encoding/json"
	"time"
)

// timeLayouts are the forms of Zoom's time fields: UTC with "Z" (what Zoom documents),
// with an offset, and without a zone (read as UTC).
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05"}

// lenientTime decodes one Zoom time into *t. Real responses send "" or null for a time
// that is not known yet (the end of a recording still in progress) or not kept (created_at
// of old meetings), and a strict time.Time fails the whole list on them. Those, and any
// value in no known layout, decode as the zero time, which means "unknown".
type lenientTime struct{ t *time.Time }

// UnmarshalJSON accepts a time string in one of timeLayouts, "", null or anything else
// (the zero time).
func (l lenientTime) UnmarshalJSON(b []byte) error {
	*l.t = time.Time{}
	var s string
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) || json.Unmarshal(b, &s) != nil {
		return nil
	}
	for _, layout := range timeLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			*l.t = v
			return nil
		}
	}
	return nil
}

// UnmarshalJSON decodes a user, its created_at leniently.
func (u *User) UnmarshalJSON(b []byte) error {
	type plain User
	aux := struct {
		*plain
		CreatedAt lenientTime `json:"created_at"`
	}{plain: (*plain)(u), CreatedAt: lenientTime{&u.CreatedAt}}
	return json.Unmarshal(b, &aux)
}

// UnmarshalJSON decodes a meeting, its start_time and created_at leniently.
func (m *Meeting) UnmarshalJSON(b []byte) error {
	type plain Meeting
	aux := struct {
		*plain
		StartTime lenientTime `json:"start_time"`
		CreatedAt lenientTime `json:"created_at"`
	}{plain: (*plain)(m), StartTime: lenientTime{&m.StartTime}, CreatedAt: lenientTime{&m.CreatedAt}}
	return json.Unmarshal(b, &aux)
}

// UnmarshalJSON decodes a recording, its start_time leniently (its files decode
// leniently through RecordingFile).
func (r *Recording) UnmarshalJSON(b []byte) error {
	type plain Recording
	aux := struct {
		*plain
		StartTime lenientTime `json:"start_time"`
	}{plain: (*plain)(r), StartTime: lenientTime{&r.StartTime}}
	return json.Unmarshal(b, &aux)
}

// UnmarshalJSON decodes a recording file, its recording_start and recording_end
// leniently: a meeting being recorded lists its file with "recording_end": "".
func (f *RecordingFile) UnmarshalJSON(b []byte) error {
	type plain RecordingFile
	aux := struct {
		*plain
		RecordingStart lenientTime `json:"recording_start"`
		RecordingEnd   lenientTime `json:"recording_end"`
	}{plain: (*plain)(f), RecordingStart: lenientTime{&f.RecordingStart}, RecordingEnd: lenientTime{&f.RecordingEnd}}
	return json.Unmarshal(b, &aux)
}
