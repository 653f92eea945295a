package zoomapi_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// failingWriter accepts limit bytes, then fails: a disk that filled up mid-download.
type failingWriter struct {
	buf   bytes.Buffer
	limit int
}

var errDiskFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	room := w.limit - w.buf.Len()
	if room <= 0 {
		return 0, errDiskFull
	}
	if len(p) > room {
		w.buf.Write(p[:room])
		return room, errDiskFull
	}
	return w.buf.Write(p)
}

func TestDownloadAgainstFake(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	for _, fileType := range []string{"MP4", "M4A"} {
		t.Run(fileType, func(t *testing.T) {
			f := seededFile(t, e, fileType)
			want, err := e.s.FileContent(f.ID)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			var last [2]int64
			err = e.c.Download(context.Background(), f, &got, 0, func(done, total int64) { last = [2]int64{done, total} })
			if err != nil {
				t.Fatalf("Download: %v", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("downloaded %d bytes differ from the file's %d", got.Len(), len(want))
			}
			if n := int64(len(want)); last != [2]int64{n, n} || int64(f.FileSize) != n {
				t.Errorf("last progress %v, listed size %d, want %d of %d", last, f.FileSize, n, n)
			}
		})
	}
}

// TestDownloadResume cuts a download with a writer that fails part-way, resumes from the
// bytes it kept, and compares the result with the file.
func TestDownloadResume(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	f := seededFile(t, e, "MP4")
	want, err := e.s.FileContent(f.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{1, 100_000, len(want) - 1} {
		t.Run(fmt.Sprint(cut), func(t *testing.T) {
			e.log.reset()
			w := &failingWriter{limit: cut}
			if err := e.c.Download(context.Background(), f, w, 0, nil); !errors.Is(err, errDiskFull) {
				t.Fatalf("cut Download = %v, want the writer's error", err)
			}
			w.limit = len(want)
			var first int64
			progress := func(done, total int64) {
				if first == 0 {
					first = done
				}
			}
			if err := e.c.Download(context.Background(), f, w, int64(w.buf.Len()), progress); err != nil {
				t.Fatalf("resumed Download: %v", err)
			}
			if !bytes.Equal(w.buf.Bytes(), want) {
				t.Errorf("resumed file (%d bytes) differs from the file (%d bytes)", w.buf.Len(), len(want))
			}
			if first <= int64(cut) {
				t.Errorf("first progress after resume = %d, want more than the offset %d", first, cut)
			}
			reqs := e.log.all()
			if wantRange := fmt.Sprintf("bytes=%d-", cut); len(reqs) != 2 || reqs[0].Range != "" || reqs[1].Range != wantRange {
				t.Errorf("requests %+v, want a plain GET then Range %s", reqs, wantRange)
			}
		})
	}
}

func TestDownloadFailures(t *testing.T) {
	to := time.Date(2026, 11, 26, 0, 40, 0, 0, time.UTC) // the newest recording started yesterday (UTC)
	e := newEnv(t, zoomtest.Options{Now: func() time.Time { return to }})
	mp4 := seededFile(t, e, "MP4")
	recs, err := e.c.Recordings(context.Background(), to.AddDate(0, 0, -1), to)
	if err != nil {
		t.Fatalf("Recordings: %v", err)
	}
	var processing zoomapi.RecordingFile
	for _, r := range recs {
		for _, f := range r.Files {
			if f.Status == "processing" {
				processing = f
			}
		}
	}
	if processing.ID == "" {
		t.Fatal("the fake lists no processing file in the last day")
	}
	anonymous := zoomapi.NewClient(&http.Client{Timeout: 10 * time.Second}, e.s.URL+"/v2")
	tests := []struct {
		name  string
		c     *zoomapi.Client
		f     zoomapi.RecordingFile
		check func(error) bool
	}{
		{"no bearer: HTML sign-in page", anonymous, mp4, func(err error) bool {
			var ze *zoomapi.Error
			return errors.As(err, &ze) && ze.Status == 200 && ze.Message == "unexpected HTML response"
		}},
		{"processing: no URL", e.c, processing, func(err error) bool { return errors.Is(err, zoomapi.ErrNoDownloadURL) }},
		{"unknown file: 404", e.c, zoomapi.RecordingFile{DownloadURL: e.s.URL + "/rec/download/nope"}, func(err error) bool {
			var ze *zoomapi.Error
			return errors.As(err, &ze) && ze.Status == 404 && ze.Code == 3301
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := tt.c.Download(context.Background(), tt.f, &buf, 0, nil)
			if !tt.check(err) || buf.Len() != 0 {
				t.Errorf("Download = %v with %d bytes written, want the %s error and none", err, buf.Len(), tt.name)
			}
		})
	}
}

// TestDownloadJSONFile downloads a TIMELINE file (JSON content) of the fake's newest
// recording, which has every file type: JSON is refused only for files that are not JSON.
func TestDownloadJSONFile(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 40, 0, 0, time.UTC) // the newest recording started yesterday (UTC)
	e := newEnv(t, zoomtest.Options{Now: func() time.Time { return now }})
	recs, err := e.c.Recordings(context.Background(), now.AddDate(0, 0, -1), now)
	if err != nil {
		t.Fatalf("Recordings: %v", err)
	}
	var timeline zoomapi.RecordingFile
	for _, r := range recs {
		for _, f := range r.Files {
			if f.FileType == "TIMELINE" && f.DownloadURL != "" {
				timeline = f
			}
		}
	}
	if timeline.DownloadURL == "" {
		t.Fatal("no TIMELINE file in the fake's newest recording")
	}
	want, err := e.s.FileContent(timeline.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := e.c.Download(context.Background(), timeline, &got, 0, nil); err != nil || !bytes.Equal(got.Bytes(), want) {
		t.Errorf("Download = %v with %d bytes, want the %d bytes of the file", err, got.Len(), len(want))
	}
}
