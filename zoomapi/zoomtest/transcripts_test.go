package zoomtest

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// cueRE matches one transcript cue: number, timing, "Speaker: text".
var cueRE = regexp.MustCompile(`(?m)^(\d+)\n(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\n([^:\n]+): (.+)$`)

func TestTranscriptDownload(t *testing.T) {
	e := newRESTEnv(t, Options{})
	for _, tt := range []struct{ fileType, wantType, wantStart string }{
		{"TRANSCRIPT", "text/vtt", "WEBVTT\n"},
		{"CHAT", "text/plain", "00:"},
	} {
		t.Run(tt.fileType, func(t *testing.T) {
			f := e.firstFile(t, tt.fileType)
			r := e.do(t, "GET", strings.TrimPrefix(f.DownloadURL, e.s.URL), e.token, "")
			if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), tt.wantType) {
				t.Fatalf("status %d type %q, want 200 %s", r.status, r.header.Get("Content-Type"), tt.wantType)
			}
			if int64(len(r.body)) != f.FileSize {
				t.Errorf("body %d bytes, want file_size %d", len(r.body), f.FileSize)
			}
			if !strings.HasPrefix(string(r.body), tt.wantStart) {
				t.Errorf("body starts %q, want %q", r.body[:min(20, len(r.body))], tt.wantStart)
			}
		})
	}
}

func TestTranscriptVTT(t *testing.T) {
	body := string(transcriptVTT("file-1", "en", time.Hour))
	cues := cueRE.FindAllStringSubmatch(body, -1)
	if n := strings.Count(body, " --> "); len(cues) != n || n < 400 {
		t.Fatalf("%d well-formed cues of %d, want all and at least 400 for an hour", len(cues), n)
	}
	if kb := len(body) / 1024; kb < 40 || kb > 90 {
		t.Errorf("one hour is %d KB, want about 60 KB as Zoom's", kb)
	}
	if last := cues[len(cues)-1][3]; last > "01:00:00.000" {
		t.Errorf("last cue ends %s, after the hour", last)
	}
	if again := string(transcriptVTT("file-1", "en", time.Hour)); again != body {
		t.Error("the same file gave another text")
	}
}

func TestTranscriptLanguages(t *testing.T) {
	scripts := map[string]*regexp.Regexp{
		"Japanese": regexp.MustCompile(`\p{Hiragana}|\p{Katakana}`),
		"Cyrillic": regexp.MustCompile(`\p{Cyrillic}`),
		"Arabic":   regexp.MustCompile(`\p{Arabic}`),
		"German":   regexp.MustCompile(`[äöüß]`),
	}
	s := NewServer(Options{})
	t.Cleanup(s.Close)
	var all strings.Builder
	for _, f := range s.data.files {
		if f.FileType == "TRANSCRIPT" {
			all.Write(f.text)
		}
	}
	for name, re := range scripts {
		if !re.MatchString(all.String()) {
			t.Errorf("no %s in the seeded transcripts", name)
		}
	}
}

func TestTranscriptRecordings(t *testing.T) {
	s := NewServer(Options{TranscriptRecordings: 20})
	t.Cleanup(s.Close)
	plain := NewServer(Options{})
	t.Cleanup(plain.Close)
	if got, want := len(s.data.recordings)-len(plain.data.recordings), 20; got != want {
		t.Fatalf("%d more recordings, want %d", got, want)
	}
	for _, r := range s.data.recordings[len(plain.data.recordings):] {
		if r.Duration != 60 || len(r.Files) != 3 || r.Files[1].FileType != "TRANSCRIPT" || r.Files[1].Size < 40<<10 {
			t.Fatalf("recording %q: %d min, %d files, want 60 min with MP4, TRANSCRIPT of ~60 KB, CHAT", r.Topic, r.Duration, len(r.Files))
		}
	}
}

// TestAddTranscriptRecording adds short recordings with a transcript to a second user of
// the account: only that user's list shows them, their transcript is WebVTT of their
// length, and the uuid finds each.
func TestAddTranscriptRecording(t *testing.T) {
	s := NewServer(Options{})
	t.Cleanup(s.Close)
	if err := s.AddUser(User{Email: "robin@example.com"}); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2025, 3, 30, 1, 30, 0, 0, time.UTC)
	var uuids []string
	for i := range 3 {
		u, err := s.AddTranscriptRecording("robin@example.com", "standup", start.AddDate(0, 0, -i), time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		uuids = append(uuids, u)
	}
	if _, err := s.AddTranscriptRecording("nobody@example.com", "x", start, time.Minute); err == nil {
		t.Error("a recording of an unknown user was added")
	}
	recs := s.Recordings("robin@example.com")
	if len(recs) != 3 || recs[0].UUID != uuids[0] || recs[2].UUID != uuids[2] {
		t.Fatalf("robin's recordings: %d, want the 3 added, newest first", len(recs))
	}
	f := recs[0].Files[1]
	body, err := s.FileContent(f.ID)
	if err != nil || f.FileType != "TRANSCRIPT" || !strings.HasPrefix(string(body), "WEBVTT") || len(body) > 4<<10 {
		t.Errorf("transcript %s: %d bytes, %v; want a minute of WebVTT", f.FileType, len(body), err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.data.recordingByUUID(uuids[1]); r == nil || r.Topic != "standup" {
		t.Errorf("recordingByUUID(%q) = %v", uuids[1], r)
	}
	for _, r := range s.data.recordingsOf(s.data.userList[0], time.Time{}, start.AddDate(1, 0, 0)) {
		if r.Topic == "standup" {
			t.Error("the default user's list shows robin's recording")
		}
	}
}
