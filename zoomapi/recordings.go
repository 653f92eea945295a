package zoomapi

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// dateLayout is the form of the from and to parameters of GET /users/me/recordings.
const dateLayout = "2006-01-02"

// window is one request's date range, both ends inclusive, as calendar dates.
type window struct{ from, to time.Time }

// monthWindows splits the calendar dates from..to (inclusive, taken in each time's own
// location) into consecutive windows that each span less than one calendar month, because
// Zoom answers at most one month per recordings call. A window starting on day d ends the
// day before day d of the next month, clamped to that month's end: Jan 31 → Feb 27 (not
// Mar 2, as time.AddDate would normalise Feb 31). An empty range (to before from) has no
// windows.
func monthWindows(from, to time.Time) []window {
	start, end := dateOf(from), dateOf(to)
	var ws []window
	for !start.After(end) {
		last := addMonthClamped(start).AddDate(0, 0, -1)
		if last.After(end) {
			last = end
		}
		ws = append(ws, window{start, last})
		start = last.AddDate(0, 0, 1)
	}
	return ws
}

// MonthEndingOn returns the earliest UTC date from which one request of Recordings, given
// UTC times, reaches to's UTC date: a month back, as Zoom counts it (Jan 31 to Feb 27 is
// one month, as Feb 28 is the same day of the next month, clamped), so from Feb 1 for a
// Feb 28, from Mar 1 for a Mar 31, from Feb 16 for a Mar 15 (28 days in February). A date
// one day earlier would need a second request.
func MonthEndingOn(to time.Time) time.Time {
	end := dateOf(to.UTC())
	from := end.AddDate(0, 0, -31)
	for addMonthClamped(from).AddDate(0, 0, -1).Before(end) {
		from = from.AddDate(0, 0, 1)
	}
	return from
}

// dateOf returns t's calendar date as midnight UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// addMonthClamped returns the same day of the next month, or that month's last day when it
// is shorter (Jan 31 → Feb 28 or 29).
func addMonthClamped(t time.Time) time.Time {
	y, m, d := t.Date()
	firstNext := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)
	lastDay := firstNext.AddDate(0, 1, -1).Day()
	return time.Date(y, m+1, min(d, lastDay), 0, 0, 0, 0, time.UTC)
}

// recordingPage is one page of GET /users/me/recordings (its from, to and total_records
// are not used).
type recordingPage = listPage[Recording]

// Recordings returns the cloud recordings of meetings that started on the local calendar
// dates from..to (inclusive, in the times' own locations), newest first, one per uuid.
// Zoom reads the from and to of its list as UTC dates, so the client asks for the UTC
// dates that cover the local range and keeps the recordings that started within it
// (and those whose start is unknown). Zoom answers at most one month per call, so the range
// is split into one-month windows that are fetched concurrently (WithConcurrency, default
// DefaultConcurrency), each read to its last page of 300.
//
// When some windows fail and others work, Recordings returns what arrived together with a
// *PartialError that names the failed windows; when every window fails it returns the
// first error alone. A rejected token (401) fails the whole list at once, since no other
// window can work. ctx's cancellation ends every window and returns ctx.Err().
func (c *Client) Recordings(ctx context.Context, from, to time.Time) ([]Recording, error) {
	lo, hi := localDayBounds(from, to)
	ws := monthWindows(lo.UTC(), hi.Add(-time.Nanosecond).UTC())
	results := make([][]Recording, len(ws))
	errs := make([]error, len(ws))
	inner, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sem := make(chan struct{}, c.concurrency)
	var wg sync.WaitGroup
	for i, w := range ws {
		select {
		case sem <- struct{}{}:
		case <-inner.Done():
		}
		if inner.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			results[i], errs[i] = c.recordingWindow(inner, w)
			if IsTokenInvalid(errs[i]) {
				cancel(errs[i])
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := context.Cause(inner); err != nil {
		return nil, err
	}
	recs := inRange(mergeRecordings(results), lo, hi)
	return recs, partial(ws, errs)
}

// localDayBounds returns the instants that bound the calendar dates from..to in their own
// locations: the midnight that starts from's date and the one that ends to's date.
func localDayBounds(from, to time.Time) (lo, hi time.Time) {
	y, m, d := from.Date()
	lo = time.Date(y, m, d, 0, 0, 0, 0, from.Location())
	y, m, d = to.Date()
	hi = time.Date(y, m, d+1, 0, 0, 0, 0, to.Location())
	return lo, hi
}

// inRange keeps the recordings that started in [lo, hi), and those whose start is unknown.
func inRange(recs []Recording, lo, hi time.Time) []Recording {
	out := recs[:0]
	for _, r := range recs {
		if r.StartTime.IsZero() || !r.StartTime.Before(lo) && r.StartTime.Before(hi) {
			out = append(out, r)
		}
	}
	return out
}

// partial turns the windows' errors into nil, a *PartialError when some windows worked,
// or the first error when none did.
func partial(ws []window, errs []error) error {
	var pe PartialError
	for i, err := range errs {
		if err != nil {
			pe.Failed = append(pe.Failed, FailedRange{From: ws[i].from, To: ws[i].to, Err: err})
		}
	}
	switch len(pe.Failed) {
	case 0:
		return nil
	case len(ws):
		return pe.Failed[0].Err
	}
	return &pe
}

// PartialError is returned by Recordings with the recordings that arrived when some of its
// one-month windows failed: one month that fails must not hide the others.
type PartialError struct {
	// Failed are the windows that failed, in date order.
	Failed []FailedRange
}

// FailedRange is one window of Recordings that failed: the UTC dates From..To (both
// inclusive, as midnight UTC) and why.
type FailedRange struct {
	From, To time.Time
	Err      error
}

// Error names the failed date ranges and the first cause.
func (e *PartialError) Error() string {
	var b strings.Builder
	b.WriteString("zoomapi: some recordings are missing: ")
	for i, f := range e.Failed {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.From.Format(dateLayout) + ".." + f.To.Format(dateLayout))
	}
	if len(e.Failed) > 0 {
		b.WriteString(": " + e.Failed[0].Err.Error())
	}
	return b.String()
}

// Unwrap returns the causes, so errors.Is and errors.As see them.
func (e *PartialError) Unwrap() []error {
	out := make([]error, 0, len(e.Failed))
	for _, f := range e.Failed {
		out = append(out, f.Err)
	}
	return out
}

// recordingWindow reads every page of one window.
func (c *Client) recordingWindow(ctx context.Context, w window) ([]Recording, error) {
	q := url.Values{
		"from":      {w.from.Format(dateLayout)},
		"to":        {w.to.Format(dateLayout)},
		"page_size": {itoa(PageSize)},
	}
	return allPages[Recording](ctx, c, "/users/me/recordings", q)
}

// mergeRecordings flattens the windows' results, keeps the first recording of each uuid,
// sets each file's Key and sorts newest first.
func mergeRecordings(parts [][]Recording) []Recording {
	seen := make(map[string]bool)
	var out []Recording
	for _, part := range parts {
		for _, r := range part {
			if seen[r.UUID] {
				continue
			}
			seen[r.UUID] = true
			for i, f := range r.Files {
				r.Files[i].Key = r.FileKey(f)
			}
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b Recording) int { return b.StartTime.Compare(a.StartTime) })
	return out
}

// meetingRecordings is the part of GET /meetings/{meetingId}/recordings that
// RecordingPasscode reads.
type meetingRecordings struct {
	UUID                  string `json:"uuid"`
	RecordingPlayPasscode string `json:"recording_play_passcode"`
}

// RecordingPasscode returns the play passcode of the recording of the meeting with uuid
// (GET /meetings/{uuid}/recordings, where Zoom documents recording_play_passcode; the
// user's list does not always carry it). It returns "" without error when the recording
// has no passcode.
func (c *Client) RecordingPasscode(ctx context.Context, uuid string) (string, error) {
	var mr meetingRecordings
	cl := call{method: http.MethodGet, path: "/meetings/" + meetingPathID(uuid) + "/recordings", want: "uuid"}
	if err := c.do(ctx, cl, &mr); err != nil {
		return "", err
	}
	return mr.RecordingPlayPasscode, nil
}

// meetingPathID escapes a meeting uuid for a path. Zoom requires a uuid that starts with
// "/" or contains "//" to be encoded twice; others are encoded once.
func meetingPathID(uuid string) string {
	if strings.HasPrefix(uuid, "/") || strings.Contains(uuid, "//") {
		return url.PathEscape(url.PathEscape(uuid))
	}
	return url.PathEscape(uuid)
}
