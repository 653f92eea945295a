package zoomtest

import (
	"bytes"
	"errors"
	"hash/fnv"
	"io"
	"net/http"
	"strings"
)

// contentTypes maps recording file extensions to the content type a download carries.
var contentTypes = map[string]string{
	"MP4": "video/mp4", "M4A": "audio/mp4", "VTT": "text/vtt", "TXT": "text/plain",
	"CSV": "text/csv", "JSON": "application/json",
}

// handleDownload serves GET /rec/download/{file}: the file's deterministic bytes, with
// Range support (206 and Content-Range, via http.ServeContent). Like real Zoom it needs
// `Authorization: Bearer` (an `access_token=` in the query is refused with 401 code 124, see
// tokenInQuery) with recording:read (or
// cloud_recording:read:list_user_recordings), and without one answers HTTP 200 with an HTML
// sign-in page (docs/zoom-reference.md: check the content type). Unknown and still processing
// files answer 404 code 3301.
func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) {
	u, ok := s.authDownload(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	f := s.data.files[r.PathValue("file")]
	var host string
	if f != nil {
		host = s.data.recordingByUUID(f.MeetingUUID).HostID
	}
	s.mu.Unlock()
	switch {
	case f == nil || f.Status != "completed":
		writeAPIError(w, http.StatusNotFound, 3301, "This recording does not exist.")
		return
	case host != u.ID:
		writeHTML(w, http.StatusOK, "Sign In", "You do not have permission to download this recording. Sign in as its owner.")
		return
	}
	w.Header().Set("Content-Type", contentTypes[f.Extension])
	w.Header().Set("Content-Disposition", `attachment; filename="`+f.ID+"."+strings.ToLower(f.Extension)+`"`)
	w.Header().Set("ETag", `"`+f.ID+`"`)
	http.ServeContent(w, r, "", f.End, fileBody(f))
}

// authDownload authenticates a download through authREST; its 401 and 400 (scope)
// answers become Zoom's HTTP 200 HTML sign-in page, other failures (429) pass through.
func (s *Server) authDownload(w http.ResponseWriter, r *http.Request) (*User, bool) {
	c := &captureWriter{header: http.Header{}}
	u, ok := s.authREST(c, r, rateLight, "recording:read", "cloud_recording:read:list_user_recordings")
	for k, v := range c.header {
		if ok || c.status == http.StatusTooManyRequests || strings.HasPrefix(k, "X-Ratelimit") {
			w.Header()[k] = v
		}
	}
	switch {
	case ok:
		return u, true
	case c.status == http.StatusTooManyRequests:
		w.WriteHeader(c.status)
		_, _ = w.Write(c.body)
	default:
		writeHTML(w, http.StatusOK, "Sign In", "Sign in to Zoom to download this recording.")
	}
	return nil, false
}

// captureWriter holds a response so authDownload can decide what to send.
type captureWriter struct {
	header http.Header
	status int
	body   []byte
}

func (c *captureWriter) Header() http.Header { return c.header }

func (c *captureWriter) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

func (c *captureWriter) Write(p []byte) (int, error) {
	c.WriteHeader(http.StatusOK)
	c.body = append(c.body, p...)
	return len(p), nil
}

// recordingByUUID returns the recording with that meeting UUID, or nil.
func (d *dataset) recordingByUUID(uuid string) *Recording { return d.recByUUID[uuid] }

// storeRecording stores r. Its UUID must be new.
func (d *dataset) storeRecording(r *Recording) {
	d.recordings = append(d.recordings, r)
	d.recByUUID[r.UUID] = r
	d.recsOf[r.HostID] = append(d.recsOf[r.HostID], r)
}

// handlePlayPage serves the play_url and share_url pages of a recording.
func (s *Server) handlePlayPage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.data.files[r.PathValue("file")]; f != nil && f.Playable && f.Status == "completed" {
		writeHTML(w, http.StatusOK, "Recording", "Playing "+f.FileType+" recording "+f.ID)
		return
	}
	for _, rec := range s.data.recordings {
		if share := r.PathValue("share"); share != "" && rec.SharePath == "/rec/share/"+share {
			writeHTML(w, http.StatusOK, "Recording", "Shared recording: "+rec.Topic+". Enter the passcode to play it.")
			return
		}
	}
	writeHTML(w, http.StatusNotFound, "Recording not found", "This recording does not exist.")
}

// FileContent returns the bytes a download of the recording file serves, for tests that
// check a downloaded (or resumed) file.
func (s *Server) FileContent(fileID string) ([]byte, error) {
	s.mu.Lock()
	f := s.data.files[fileID]
	s.mu.Unlock()
	if f == nil {
		return nil, errors.New("zoomtest: no recording file " + fileID)
	}
	return io.ReadAll(fileBody(f))
}

// fileBody returns the bytes of f: its text for transcripts and chats, else generated ones.
func fileBody(f *RecordingFile) io.ReadSeeker {
	if f.text != nil {
		return bytes.NewReader(f.text)
	}
	return newFileReader(f)
}

// fileReader generates a file's bytes from its ID: deterministic, seekable, no storage.
type fileReader struct {
	seed      uint64
	size, off int64
}

func newFileReader(f *RecordingFile) *fileReader {
	h := fnv.New64a()
	_, _ = h.Write([]byte(f.ID))
	return &fileReader{seed: h.Sum64(), size: f.Size}
}

func (f *fileReader) Read(p []byte) (int, error) {
	if f.off >= f.size {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), f.size-f.off))
	for i := range n {
		x := f.seed ^ uint64(f.off+int64(i))*0x9E3779B97F4A7C15
		x ^= x >> 29
		x *= 0xBF58476D1CE4E5B9
		p[i] = byte(x ^ x>>32)
	}
	f.off += int64(n)
	return n, nil
}

func (f *fileReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += f.off
	case io.SeekEnd:
		offset += f.size
	}
	if offset < 0 {
		return 0, errors.New("zoomtest: negative seek")
	}
	f.off = offset
	return offset, nil
}
