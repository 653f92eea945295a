package zoomapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fileServer serves content at /file: with Range support (http.ServeContent) or, when
// ignoreRange, always 200 with the whole file; /html and /json answer Zoom's failure forms.
func fileServer(t *testing.T, content []byte, ignoreRange bool) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/file", func(w http.ResponseWriter, r *http.Request) {
		if ignoreRange {
			w.Header().Set("Content-Type", "video/mp4")
			w.Header().Set("Content-Length", fmt.Sprint(len(content)))
			w.Write(content)
			return
		}
		w.Header().Set("Content-Type", "video/mp4")
		http.ServeContent(w, r, "f.mp4", time.Time{}, bytes.NewReader(content))
	})
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><body>Sign In</body></html>")
	})
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"code":3301,"message":"This recording does not exist."}`)
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestDownloadOffsets(t *testing.T) {
	content := bytes.Repeat([]byte("0123456789abcdef"), 4096)
	for _, ignoreRange := range []bool{false, true} {
		s := fileServer(t, content, ignoreRange)
		c := NewClient(s.Client(), s.URL+"/v2")
		for _, offset := range []int64{0, 1, 30000, int64(len(content)) - 1} {
			t.Run(fmt.Sprintf("ignoreRange=%v/offset=%d", ignoreRange, offset), func(t *testing.T) {
				var buf bytes.Buffer
				var lastDone, lastTotal int64
				progress := func(done, total int64) { lastDone, lastTotal = done, total }
				f := RecordingFile{DownloadURL: s.URL + "/file"}
				if err := c.Download(context.Background(), f, &buf, offset, progress); err != nil {
					t.Fatalf("Download: %v", err)
				}
				if !bytes.Equal(buf.Bytes(), content[offset:]) {
					t.Errorf("got %d bytes, want the %d bytes after offset %d", buf.Len(), len(content)-int(offset), offset)
				}
				if lastDone != int64(len(content)) || lastTotal != int64(len(content)) {
					t.Errorf("last progress = %d/%d, want %d/%d", lastDone, lastTotal, len(content), len(content))
				}
			})
		}
	}
}

func TestDownloadComplete(t *testing.T) {
	content := []byte("all of it")
	s := fileServer(t, content, false)
	c := NewClient(s.Client(), s.URL+"/v2")
	var buf bytes.Buffer
	err := c.Download(context.Background(), RecordingFile{DownloadURL: s.URL + "/file"}, &buf, int64(len(content)), nil)
	if err != nil || buf.Len() != 0 {
		t.Errorf("Download at end = %v with %d bytes, want nil with 0 bytes", err, buf.Len())
	}
}

func TestDownloadNotAFile(t *testing.T) {
	s := fileServer(t, nil, false)
	c := NewClient(s.Client(), s.URL+"/v2")
	tests := []struct {
		name, path string
		want       Error
	}{
		{"html login page", "/html", Error{Status: 200, Message: errHTML}},
		{"json error", "/json", Error{Status: 200, Code: 3301, Message: "This recording does not exist."}},
		{"404", "/missing", Error{Status: 404, Message: "not found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := c.Download(context.Background(), RecordingFile{DownloadURL: s.URL + tt.path + "?secret=x"}, &buf, 0, nil)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Download = %v, want *Error", err)
			}
			if *e != tt.want {
				t.Errorf("Download error = %+v, want %+v", *e, tt.want)
			}
			if buf.Len() != 0 || strings.Contains(err.Error(), "secret") {
				t.Errorf("wrote %d bytes, error %q: want none and no query", buf.Len(), err)
			}
		})
	}
}

func TestDownloadNoURL(t *testing.T) {
	c := NewClient(nil, "https://api.zoom.us/v2")
	if err := c.Download(context.Background(), RecordingFile{}, io.Discard, 0, nil); !errors.Is(err, ErrNoDownloadURL) {
		t.Errorf("Download = %v, want ErrNoDownloadURL", err)
	}
}

// TestDownloadStalled: the server sends part of the body and then nothing; the
// watchdog ends the download with ErrStalled.
func TestDownloadStalled(t *testing.T) {
	release := make(chan struct{})
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.Write([]byte("part"))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(s.Close)
	t.Cleanup(func() { close(release) })
	hc := s.Client()
	hc.Timeout = 50 * time.Millisecond
	c := NewClient(hc, s.URL+"/v2", WithRetries(0, 5*time.Second)) // headers may take up to 5 s
	var buf bytes.Buffer
	err := c.Download(context.Background(), RecordingFile{DownloadURL: s.URL + "/f"}, &buf, 0, nil)
	if !errors.Is(err, ErrStalled) || buf.String() != "part" {
		t.Errorf("Download = %v with %q, want ErrStalled with \"part\"", err, buf.String())
	}
}

func TestContentRange(t *testing.T) {
	tests := []struct {
		in               string
		start, end, size int64
		ok               bool
	}{
		{"bytes 0-99/100", 0, 99, 100, true},
		{"bytes 5-9/*", 5, 9, -1, true},
		{"bytes */100", 0, 0, 100, true},
		{"bytes x-9/100", 0, 0, 0, false},
		{"", 0, 0, 0, false},
	}
	for _, tt := range tests {
		s, e, n, ok := contentRange(tt.in)
		if s != tt.start || e != tt.end || n != tt.size || ok != tt.ok {
			t.Errorf("contentRange(%q) = %d, %d, %d, %v, want %d, %d, %d, %v", tt.in, s, e, n, ok, tt.start, tt.end, tt.size, tt.ok)
		}
	}
}
