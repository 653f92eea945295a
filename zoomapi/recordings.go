package zoomapi

import (
	"context"
	"errors"
	"net/url"
	"slices"
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

// Recordings returns the cloud recordings of meetings that started on the calendar dates
// from..to (inclusive, in the times' own locations), newest first, one per uuid. Zoom
// answers at most one month per call, so the range is split into one-month windows that are
// fetched concurrently (WithConcurrency, default DefaultConcurrency), each read to its last page of 300. The
// first failure cancels the other windows; so does ctx.
func (c *Client) Recordings(ctx context.Context, from, to time.Time) ([]Recording, error) {
	ws := monthWindows(from, to)
	results := make([][]Recording, len(ws))
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
			recs, err := c.recordingWindow(inner, w)
			if err != nil {
				cancel(err)
			}
			results[i] = recs
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := context.Cause(inner); err != nil && !errors.Is(err, context.Canceled) {
		return nil, err
	}
	return mergeRecordings(results), nil
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

// mergeRecordings flattens the windows' results, keeps the first recording of each uuid
// and sorts newest first.
func mergeRecordings(parts [][]Recording) []Recording {
	seen := make(map[string]bool)
	var out []Recording
	for _, part := range parts {
		for _, r := range part {
			if seen[r.UUID] {
				continue
			}
			seen[r.UUID] = true
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b Recording) int { return b.StartTime.Compare(a.StartTime) })
	return out
}
