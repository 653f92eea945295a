package zoomtest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// firstFile returns a completed file of alex's newest recordings of the given type.
func (e *restEnv) firstFile(t *testing.T, fileType string) fileJSON {
	t.Helper()
	l := e.recordings(t, "page_size=300&from=2026-10-26&to=2026-11-25")
	for _, r := range l.Meetings {
		for _, f := range r.RecordingFiles {
			if f.FileType == fileType && f.Status == "completed" {
				return f
			}
		}
	}
	t.Fatalf("no completed %s file", fileType)
	return fileJSON{}
}

func TestDownloadAuth(t *testing.T) {
	e := newRESTEnv(t, Options{})
	f := e.firstFile(t, "M4A")
	path := strings.TrimPrefix(f.DownloadURL, e.s.URL)
	want, err := e.s.FileContent(f.ID)
	if err != nil {
		t.Fatal(err)
	}
	jonas := e.s.issueTestToken(t, "jonas@example.com")
	tests := []struct {
		name, path, token string
		wantStatus        int
		wantType          string
		wantBody          bool
	}{
		{"bearer", path, e.token, 200, "audio/mp4", true},
		// Zoom refuses token values in query strings since February 2023.
		{"access_token query refused", path + "?access_token=" + e.token, "", 401, "application/json", false},
		{"access_token query beside bearer", path + "?access_token=" + e.token, e.token, 401, "application/json", false},
		{"no token", path, "", 200, "text/html", false},
		{"bad token", path, "forged", 200, "text/html", false},
		{"other user's file", path, jonas, 200, "text/html", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, http.MethodGet, tt.path, tt.token, "")
			if r.status != tt.wantStatus || !strings.HasPrefix(r.header.Get("Content-Type"), tt.wantType) {
				t.Fatalf("status %d type %q, want %d %s", r.status, r.header.Get("Content-Type"), tt.wantStatus, tt.wantType)
			}
			if tt.wantStatus == 401 && !bytes.Contains(r.body, []byte(`"code":124`)) {
				t.Errorf("body %s, want code 124", r.body)
			}
			if got := bytes.Equal(r.body, want); got != tt.wantBody {
				t.Errorf("body is the file: %v, want %v (%d bytes, file %d)", got, tt.wantBody, len(r.body), f.FileSize)
			}
		})
	}
}

func TestDownloadRange(t *testing.T) {
	e := newRESTEnv(t, Options{})
	f := e.firstFile(t, "MP4")
	want, _ := e.s.FileContent(f.ID)
	if int64(len(want)) != f.FileSize {
		t.Fatalf("content is %d bytes, want file_size %d", len(want), f.FileSize)
	}
	path := strings.TrimPrefix(f.DownloadURL, e.s.URL)
	half := f.FileSize / 2
	tests := []struct {
		name, rng    string
		status       int
		wantBody     []byte
		contentRange string
	}{
		{"resume", fmt.Sprintf("bytes=%d-", half), http.StatusPartialContent, want[half:], fmt.Sprintf("bytes %d-%d/%d", half, f.FileSize-1, f.FileSize)},
		{"slice", "bytes=10-19", http.StatusPartialContent, want[10:20], fmt.Sprintf("bytes 10-19/%d", f.FileSize)},
		{"whole", "", http.StatusOK, want, ""},
		{"beyond end", fmt.Sprintf("bytes=%d-", f.FileSize), http.StatusRequestedRangeNotSatisfiable, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h []string
			if tt.rng != "" {
				h = []string{"Range", tt.rng}
			}
			r := e.do(t, http.MethodGet, path, e.token, "", h...)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d", r.status, tt.status)
			}
			if tt.wantBody != nil && !bytes.Equal(r.body, tt.wantBody) {
				t.Errorf("body: got %d bytes, want %d matching bytes", len(r.body), len(tt.wantBody))
			}
			if got := r.header.Get("Content-Range"); tt.contentRange != "" && got != tt.contentRange {
				t.Errorf("Content-Range = %q, want %q", got, tt.contentRange)
			}
		})
	}
}

func TestDownloadMissing(t *testing.T) {
	e := newRESTEnv(t, Options{})
	var processing string
	for _, r := range e.recordings(t, "").Meetings {
		for _, f := range r.RecordingFiles {
			if f.Status == "processing" {
				processing = f.ID
			}
		}
	}
	if processing == "" {
		t.Fatal("no processing file today")
	}
	for _, id := range []string{processing, "no-such-file"} {
		e.get(t, "/rec/download/"+id).apiErr(t, http.StatusNotFound, 3301)
	}
}

func TestPlayPages(t *testing.T) {
	e := newRESTEnv(t, Options{})
	l := e.recordings(t, "page_size=300&from=2026-10-26&to=2026-11-25")
	r := l.Meetings[len(l.Meetings)-1]
	for _, u := range []string{r.ShareURL, r.RecordingFiles[0].PlayURL} {
		if res := e.do(t, http.MethodGet, strings.TrimPrefix(u, e.s.URL), "", ""); res.status != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", u, res.status)
		}
	}
	if res := e.do(t, http.MethodGet, "/rec/play/nothing", "", ""); res.status != http.StatusNotFound {
		t.Errorf("unknown play page = %d, want 404", res.status)
	}
}

// A stall_body fault sends the first half of a download, then holds the rest for its
// latency: the halves are the file's, and the whole takes at least the stall from the
// request (a lower bound, which a busy machine cannot break).
func TestDownloadStallBody(t *testing.T) {
	e := newRESTEnv(t, Options{})
	f := e.firstFile(t, "MP4")
	want, _ := e.s.FileContent(f.ID)
	const stall = time.Second
	e.s.SetFaults(Fault{Kind: FaultStallBody, Path: "/rec/download/", Count: 1, Latency: stall})
	req, _ := http.NewRequest(http.MethodGet, f.DownloadURL, nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	start := time.Now() // before the server can start the stall
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	half := make([]byte, f.FileSize/2)
	if _, err := io.ReadFull(res.Body, half); err != nil {
		t.Fatalf("first half: %v", err)
	}
	rest, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("second half: %v", err)
	}
	if took := time.Since(start); took < stall {
		t.Errorf("the download took %v, want at least the stall (%v)", took, stall)
	}
	if got := append(half, rest...); !bytes.Equal(got, want) {
		t.Fatalf("got %d bytes, not the file (%d)", len(got), len(want))
	}
	// The fault is used up: the next download is whole at once.
	if r := e.get(t, strings.TrimPrefix(f.DownloadURL, e.s.URL)); !bytes.Equal(r.body, want) {
		t.Fatalf("second download: %d bytes, want the whole file (%d)", len(r.body), len(want))
	}
}
