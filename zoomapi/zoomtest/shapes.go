package zoomtest

import (
	"bytes"
	"encoding/json"
	"time"
)

// Shapes switches on response shapes that real Zoom accounts send and a tidy fake would
// not (zoomapi/testdata/contract/README.md gives the source of each, docs/zoomfake.md
// lists them). The zero value is the tidy fake; MessyShapes switches every one on.
type Shapes struct {
	// RecordingInProgress adds a recording whose meeting is being recorded right now: its
	// file is listed with "recording_end": "", "file_type": "", "file_extension": "" and
	// "file_size": 0, as in a real response of a meeting being recorded.
	RecordingInProgress bool
	// BareFiles lists TIMELINE and CC files the way Zoom's spec describes them: without
	// id, status, file_size, recording_type and play_url.
	BareFiles bool
	// EachOccurrence makes type=upcoming (and upcoming_meetings) list a recurring meeting
	// once per coming occurrence, with the same id and uuid and a different start_time.
	EachOccurrence bool
	// UpcomingBare leaves is_host, passcode, use_pmi and is_all_day out of the items of
	// GET /users/me/upcoming_meetings, as Zoom's only published sample of it does.
	UpcomingBare bool
	// NoListPasscode leaves recording_play_passcode out of GET /users/me/recordings; it
	// stays in GET /meetings/{uuid}/recordings, where Zoom documents it.
	NoListPasscode bool
	// NullTimes sends null for time fields that have no value (created_at of a meeting
	// created before the field existed, start_time of a meeting without a fixed time)
	// and "" for a meeting's created_at, instead of leaving them out.
	NullTimes bool
}

// MessyShapes returns Shapes with every real-Zoom shape switched on.
func MessyShapes() Shapes {
	return Shapes{
		RecordingInProgress: true, BareFiles: true, EachOccurrence: true,
		UpcomingBare: true, NoListPasscode: true, NullTimes: true,
	}
}

// reshape returns v as a JSON object, changed by edit. It lets a shape switch drop fields
// or send null where the tidy struct always writes a value.
func reshape(v any, edit func(map[string]any)) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // keep 11-digit meeting ids exact
	var m map[string]any
	if dec.Decode(&m) != nil {
		return v
	}
	edit(m)
	return m
}

// reshapeList applies edit to each item under "meetings" of a list body; with a nil edit
// it returns the body unchanged.
func reshapeList(v any, edit func(map[string]any)) any {
	if edit == nil {
		return v
	}
	return reshape(v, func(m map[string]any) {
		items, _ := m["meetings"].([]any)
		for _, it := range items {
			if o, ok := it.(map[string]any); ok {
				edit(o)
			}
		}
	})
}

// hostedItem is the edit of a GET /users/me/meetings item, nil when no shape applies:
// with NullTimes a meeting without a fixed time has "start_time": null, and created_at
// is null for one meeting in three (their ids are random, so which ones is stable for
// a seed) and "" for another.
func (sh Shapes) hostedItem() func(map[string]any) {
	if !sh.NullTimes {
		return nil
	}
	return func(m map[string]any) {
		if _, ok := m["start_time"]; !ok {
			m["start_time"] = nil
		}
		switch id, _ := m["id"].(json.Number).Int64(); id % 3 {
		case 0:
			m["created_at"] = nil
		case 1:
			m["created_at"] = ""
		}
	}
}

// upcomingItem is the edit of a GET /users/me/upcoming_meetings item, nil when no shape
// applies: UpcomingBare removes is_host, passcode, use_pmi and is_all_day.
func (sh Shapes) upcomingItem() func(map[string]any) {
	if !sh.UpcomingBare {
		return nil
	}
	return func(m map[string]any) {
		for _, k := range []string{"is_host", "passcode", "use_pmi", "is_all_day"} {
			delete(m, k)
		}
	}
}

// recordingItem is the edit of a GET /users/me/recordings item, nil when no shape
// applies: NoListPasscode removes recording_play_passcode, BareFiles strips TIMELINE and
// CC files.
func (sh Shapes) recordingItem() func(map[string]any) {
	if !sh.NoListPasscode && !sh.BareFiles {
		return nil
	}
	return func(m map[string]any) {
		if sh.NoListPasscode {
			delete(m, "recording_play_passcode")
		}
		sh.bareFiles(m)
	}
}

// bareFiles removes id, status, file_size, recording_type and play_url from the TIMELINE
// and CC files of a recording when BareFiles is set, as Zoom's spec describes them.
func (sh Shapes) bareFiles(m map[string]any) {
	if !sh.BareFiles {
		return
	}
	files, _ := m["recording_files"].([]any)
	for _, f := range files {
		o, ok := f.(map[string]any)
		if !ok || (o["file_type"] != "TIMELINE" && o["file_type"] != "CC") {
			continue
		}
		for _, k := range []string{"id", "status", "file_size", "recording_type", "play_url"} {
			delete(o, k)
		}
	}
}

// eachOccurrence expands recurring meetings (type 8) into one item per coming occurrence
// (Shapes.EachOccurrence): those not ended at now and, when until is not zero, starting
// before it. Other items are kept as they are.
func eachOccurrence(occs []occurrence, now, until time.Time) []occurrence {
	var out []occurrence
	for _, o := range occs {
		m := o.m
		if m.Type != 8 || len(m.Occurrences) == 0 {
			out = append(out, o)
			continue
		}
		length := time.Duration(m.Duration) * time.Minute
		for _, t := range m.Occurrences {
			if t.Add(length).After(now) && (until.IsZero() || t.Before(until)) {
				out = append(out, occurrence{m: m, start: t})
			}
		}
	}
	sortOccurrences(out)
	return out
}
