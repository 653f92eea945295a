package zoomtest

import (
	"time"
)

// Recording is a cloud recording of one meeting (GET /users/me/recordings).
type Recording struct {
	UUID         string
	ID           int64
	HostID       string
	Topic        string
	Type         int
	Start        time.Time
	Timezone     string
	Duration     int
	SharePath    string // share_url is Server.URL + SharePath
	PlayPasscode string
	Files        []*RecordingFile
}

// RecordingFile is one file of a recording. Download serves Size deterministic bytes.
type RecordingFile struct {
	ID            string
	MeetingUUID   string
	Start, End    time.Time
	FileType      string // MP4, M4A, TRANSCRIPT, CHAT, CC, CSV, TIMELINE, SUMMARY
	Extension     string
	Size          int64
	Status        string // "completed" or "processing"
	RecordingType string
	// Playable is false for types Zoom gives no play_url (TIMELINE).
	Playable bool
	// InProgress marks the file of a meeting being recorded now: listed with an empty
	// recording_end, file_type and file_extension and a file_size of 0.
	InProgress bool
	// text is what a TRANSCRIPT or CHAT file serves (transcripts.go); nil for the files
	// whose bytes are generated from the ID.
	text []byte
}

// fileKind describes one recording file type as Zoom sends it.
type fileKind struct {
	fileType, ext, recType string
	playable               bool
	minSize, maxSize       int64
}

// fileKinds are every file type of a Zoom cloud recording; the first two are always present.
var fileKinds = []fileKind{
	{"MP4", "MP4", "shared_screen_with_speaker_view", true, 512 << 10, 2 << 20},
	{"M4A", "M4A", "audio_only", true, 256 << 10, 1 << 20},
	{"TRANSCRIPT", "VTT", "audio_transcript", true, 64 << 10, 128 << 10},
	{"CHAT", "TXT", "chat_file", true, 64 << 10, 96 << 10},
	{"CC", "VTT", "closed_caption", true, 64 << 10, 128 << 10},
	{"CSV", "CSV", "poll", true, 64 << 10, 80 << 10},
	{"TIMELINE", "JSON", "timeline", false, 64 << 10, 96 << 10},
	{"SUMMARY", "JSON", "summary", true, 64 << 10, 80 << 10},
}

// seedRecordings creates 13 months of recordings: for alex about two a week (the newest
// still processing, the oldest with every file type), and a few for jonas.
func (d *dataset) seedRecordings(now time.Time) {
	alex, jonas := d.userList[0], d.userList[1]
	first := true
	for t := now.AddDate(0, -13, 0); t.Before(now.Truncate(24 * time.Hour)); t = t.AddDate(0, 0, 1) {
		if wd := t.In(mustLoad(alex.Timezone)).Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		if d.rng.IntN(5) < 2 || first {
			d.addRecording(alex, t, first, false)
			first = false
		}
		if d.rng.IntN(20) == 0 {
			d.addRecording(jonas, t, false, false)
		}
	}
	d.addRecording(alex, now.Add(-90*time.Minute), true, true)
}

var recordingTopics = []string{"Team stand-up", "Design review", "Customer call", "Sprint planning", "Retrospective", "All hands"}

// addRecording adds a recording of u starting at the hour of t in u's zone.
func (d *dataset) addRecording(u *User, t time.Time, allKinds, processing bool) {
	loc := mustLoad(u.Timezone)
	l := t.In(loc)
	startLocal := time.Date(l.Year(), l.Month(), l.Day(), 9+d.rng.IntN(8), 0, 0, 0, loc)
	if processing {
		startLocal = t.Truncate(time.Minute)
	}
	r := &Recording{
		UUID: d.newUUID(), ID: d.newMeetingID(), HostID: u.ID, Type: 2,
		Topic: recordingTopics[d.rng.IntN(len(recordingTopics))], Start: startLocal.UTC(),
		Timezone: u.Timezone, Duration: 15 + d.rng.IntN(60),
		SharePath: "/rec/share/" + d.randAlnum(40), PlayPasscode: d.randAlnum(32),
	}
	end := r.Start.Add(time.Duration(r.Duration) * time.Minute)
	for i, k := range fileKinds {
		if i >= 2 && !allKinds && d.rng.IntN(3) == 0 {
			continue
		}
		f := &RecordingFile{
			ID: d.newFileID(), MeetingUUID: r.UUID, Start: r.Start, End: end,
			FileType: k.fileType, Extension: k.ext, RecordingType: k.recType, Playable: k.playable,
			Size: k.minSize + d.rng.Int64N(k.maxSize-k.minSize), Status: "completed",
		}
		if processing && (k.fileType == "MP4" || k.fileType == "TRANSCRIPT" || k.fileType == "SUMMARY") {
			f.Status = "processing"
		}
		if text := fileText(f, baseLanguage(u.Language)); text != nil {
			f.text, f.Size = text, int64(len(text))
		}
		r.Files = append(r.Files, f)
		d.files[f.ID] = f
	}
	d.storeRecording(r)
}

// inProgressUUID is the uuid of the recording added by Shapes.RecordingInProgress. It
// starts with "/" and holds "//", the uuids Zoom requires double-encoded in a path.
const inProgressUUID = "/ZmFrZS1yZWNvcmRpbmc//nw=="

// addRecordingInProgress adds u's meeting that started 10 minutes ago and is being
// recorded: one file without end, type, extension or size (Shapes.RecordingInProgress).
func (d *dataset) addRecordingInProgress(u *User, now time.Time) {
	start := now.UTC().Truncate(time.Minute).Add(-10 * time.Minute)
	r := &Recording{
		UUID: inProgressUUID, ID: d.newMeetingID(), HostID: u.ID, Type: 1, Topic: "Recording right now",
		Start: start, Timezone: u.Timezone, SharePath: "/rec/share/" + d.randAlnum(40), PlayPasscode: d.randAlnum(32),
	}
	f := &RecordingFile{
		ID: d.newFileID(), MeetingUUID: r.UUID, Start: start, FileType: "MP4", Extension: "MP4",
		RecordingType: "shared_screen_with_speaker_view", Status: "completed", Playable: true, InProgress: true,
	}
	r.Files = append(r.Files, f)
	d.files[f.ID] = f
	d.storeRecording(r)
}
