package zoomapi

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Errors of Download.
var (
	// ErrStalled is returned when no byte of a download arrived for the client's Timeout.
	ErrStalled = errors.New("zoomapi: download stalled")
	// ErrNoDownloadURL is returned for a file without a download_url (still processing).
	ErrNoDownloadURL = errors.New("zoomapi: recording file has no download URL")
)

// Download writes the bytes of f from offset on to w, calling progress (if not nil) with
// the bytes done so far, offset included, and the file's total size (-1 if unknown).
// It sends GET download_url through the authenticated client, because Zoom requires the
// bearer token there, with "Range: bytes=<offset>-" when offset > 0: a 206 answer resumes,
// a 200 (server ignored the range) is read from the start with the first offset bytes
// discarded. A 200 with an HTML page (Zoom's login page), or with JSON for a file that is
// not a JSON file, is an *Error, not file content. A download has no overall deadline, since recordings run to gigabytes; it
// fails with ErrStalled when no byte arrives for the client's Timeout (DefaultTimeout if
// none). After a failure, call again with the offset of the bytes w received.
func (c *Client) Download(ctx context.Context, f RecordingFile, w io.Writer, offset int64, progress func(done, total int64)) error {
	err := c.download(ctx, f, w, offset, progress)
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return fmt.Errorf("download recording file: %w", err)
}

func (c *Client) download(ctx context.Context, f RecordingFile, w io.Writer, offset int64, progress func(done, total int64)) error {
	if f.DownloadURL == "" {
		return ErrNoDownloadURL
	}
	if offset < 0 {
		return errors.New("negative offset")
	}
	stall := cmp.Or(c.http.Timeout, DefaultTimeout)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	watchdog := time.AfterFunc(stall+c.maxRetryWait, func() { cancel(ErrStalled) })
	defer watchdog.Stop()
	resp, err := c.openDownload(ctx, f.DownloadURL, offset)
	if err != nil {
		return stallCause(ctx, err)
	}
	defer resp.Body.Close()
	skip, total, err := c.checkDownload(resp, f, offset)
	if err != nil {
		return err
	}
	if skip < 0 { // already complete
		if progress != nil {
			progress(offset, total)
		}
		return nil
	}
	declared := total
	if total < 0 && f.FileSize > 0 {
		total = int64(f.FileSize) // for progress only: the listing's size may be stale
	}
	body := &watchedReader{r: resp.Body, watchdog: watchdog, stall: stall}
	if _, err := io.CopyN(io.Discard, body, skip); err != nil {
		return stallCause(ctx, fmt.Errorf("skip to offset: %w", err))
	}
	pw := &progressWriter{w: w, done: offset, total: total, progress: progress}
	if _, err := io.Copy(pw, body); err != nil {
		return stallCause(ctx, err)
	}
	if declared >= 0 && pw.done != declared {
		return fmt.Errorf("got %d of %d bytes: %w", pw.done, declared, io.ErrUnexpectedEOF)
	}
	return nil
}

// openDownload sends the GET, retried like any GET, through a copy of the client without
// Timeout (the watchdog bounds stalls instead).
func (c *Client) openDownload(ctx context.Context, rawURL string, offset int64) (*http.Response, error) {
	hc := *c.http
	hc.Timeout = 0
	r := request{method: http.MethodGet, url: rawURL, idempotent: true, client: &hc, header: http.Header{"Accept": {"*/*"}}}
	if offset > 0 {
		r.header.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-")
	}
	return c.send(ctx, r)
}

// checkDownload validates the answer to a download request. It returns how many bytes of
// the body to discard before offset is reached, and the file's total size (-1 if unknown);
// skip is -1 when the file is already complete (416 for a range starting at its end).
func (c *Client) checkDownload(resp *http.Response, f RecordingFile, offset int64) (skip, total int64, err error) {
	switch {
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && offset > 0:
		if _, _, size, ok := contentRange(resp.Header.Get("Content-Range")); ok && size == offset {
			return -1, size, nil
		}
	case resp.StatusCode == http.StatusPartialContent:
		start, _, size, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok || start != offset {
			return 0, 0, fmt.Errorf("partial content does not start at offset %d", offset)
		}
		return 0, size, notFile(resp, f)
	case resp.StatusCode == http.StatusOK:
		total = -1
		if resp.ContentLength >= 0 {
			total = resp.ContentLength
		}
		return offset, total, notFile(resp, f)
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return 0, 0, newError(resp.StatusCode, resp.Header, data, c.now())
}

// notFile returns an *Error when a 2xx download answer is an HTML page, or JSON for a
// file that is not itself JSON (TIMELINE and SUMMARY files are): Zoom answers a failing
// download with its login page, or with {"code","message"}.
func notFile(resp *http.Response, f RecordingFile) error {
	jsonFile := strings.EqualFold(f.FileExtension, "JSON")
	if !isHTML(resp.Header, nil) && (!isJSON(resp.Header) || jsonFile) {
		return nil
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	e := newError(resp.StatusCode, resp.Header, data, time.Time{})
	if e.Code == 0 && e.Message == strings.ToLower(http.StatusText(resp.StatusCode)) {
		e.Message = "unexpected JSON response"
	}
	return e
}

// contentRange parses "bytes <start>-<end>/<size>" or "bytes */<size>" (RFC 9110 §14.4);
// size is -1 when given as "*".
func contentRange(v string) (start, end, size int64, ok bool) {
	rest, found := strings.CutPrefix(v, "bytes ")
	rng, sz, found2 := strings.Cut(rest, "/")
	if !found || !found2 {
		return 0, 0, 0, false
	}
	size = -1
	if sz != "*" {
		var err error
		if size, err = strconv.ParseInt(sz, 10, 64); err != nil {
			return 0, 0, 0, false
		}
	}
	if rng == "*" {
		return 0, 0, size, true
	}
	a, b, found := strings.Cut(rng, "-")
	start, err1 := strconv.ParseInt(a, 10, 64)
	end, err2 := strconv.ParseInt(b, 10, 64)
	if !found || err1 != nil || err2 != nil {
		return 0, 0, 0, false
	}
	return start, end, size, true
}

// stallCause turns the cancellation caused by the watchdog into ErrStalled.
func stallCause(ctx context.Context, err error) error {
	if errors.Is(context.Cause(ctx), ErrStalled) {
		return ErrStalled
	}
	return err
}

// watchedReader resets the stall watchdog whenever bytes arrive.
type watchedReader struct {
	r        io.Reader
	watchdog *time.Timer
	stall    time.Duration
}

func (wr *watchedReader) Read(p []byte) (int, error) {
	n, err := wr.r.Read(p)
	if n > 0 {
		wr.watchdog.Reset(wr.stall)
	}
	return n, err
}

// progressWriter counts the bytes written to w and reports them.
type progressWriter struct {
	w           io.Writer
	done, total int64
	progress    func(done, total int64)
}

func (pw *progressWriter) Write(p []byte) (int, error) {
	n, err := pw.w.Write(p)
	pw.done += int64(n)
	if pw.progress != nil && n > 0 {
		pw.progress(pw.done, pw.total)
	}
	return n, err
}
