package service

import (
	"bytes"
	"context"
	"errors"
	"path"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// messyService is alexService against a fake that sends every real-Zoom shape.
func messyService(t *testing.T) (*Service, *fakeEnv) {
	t.Helper()
	env := newFake(t, nil, zoomtest.Options{AutoApprove: alex, Shapes: zoomtest.MessyShapes()})
	s := newService(t, env.testOptions(t, newFakeClock(time.Now()), nil))
	login(t, s)
	return s, env
}

// TestDownloadByKey downloads a TIMELINE file, which real Zoom lists without an id, by
// its key; an empty key matches no file (it used to match the first file without id).
func TestDownloadByKey(t *testing.T) {
	s, env := messyService(t)
	ctx := context.Background()
	now := time.Now()
	recs, err := s.Recordings(ctx, now.AddDate(0, -1, 0), now)
	if err != nil {
		t.Fatalf("Recordings: %v", err)
	}
	var key, fakeID string
	for _, r := range recs {
		for _, f := range r.Files {
			if f.ID == "" && f.Ready() && key == "" {
				key, fakeID = r.FileKey(f), path.Base(f.DownloadURL)
			}
		}
	}
	if key == "" {
		t.Fatal("no file without id among the recordings")
	}
	var buf bytes.Buffer
	want, _ := env.zoom.FileContent(fakeID)
	if err := s.Download(ctx, key, &buf, 0, nil); err != nil || !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("Download(key) = %d bytes, %v; want the file's %d bytes", buf.Len(), err, len(want))
	}
	if err := s.Download(ctx, "", &buf, 0, nil); !errors.Is(err, &ErrorInfo{Kind: KindNotFound}) {
		t.Errorf("Download(\"\") error = %v, want %s", err, KindNotFound)
	}
}

// TestRecordingPasscodeFetched: the user list lacks the play passcode, so it is fetched
// for the meeting (its uuid needs double encoding) and remembered.
func TestRecordingPasscodeFetched(t *testing.T) {
	s, env := messyService(t)
	ctx := context.Background()
	now := time.Now()
	recs, err := s.Recordings(ctx, now.AddDate(0, 0, -2), now)
	if err != nil {
		t.Fatalf("Recordings: %v", err)
	}
	want := env.zoom.Recordings(alex)[0]
	for _, r := range recs {
		if r.RecordingPlayPasscode != "" {
			t.Fatalf("recording %s listed with a passcode; the messy list has none", r.UUID)
		}
	}
	for range 2 {
		got, err := s.RecordingPasscode(ctx, want.UUID)
		if err != nil || got != want.PlayPasscode {
			t.Errorf("RecordingPasscode(%q) = %q, %v; want %q", want.UUID, got, err, want.PlayPasscode)
		}
	}
	if n := env.zoom.Stats().Routes["GET /v2/meetings/{meetingId}/recordings"].Count; n != 1 {
		t.Errorf("fetched the passcode %d times, want once (then remembered)", n)
	}
}
