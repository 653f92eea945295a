package service

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/internal/pollplan"
	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// The pace of the transcript sync is pollplan.Pacer's: background work on the account's
// shared rate limits (docs/zoom-reference.md, "Rate limits"), one request every 20 s at
// most while nobody searches, every 2 s for searchActiveFor after a search, slower when
// the account's quota runs low, and each pass begun at a random instant. A complete pass
// is followed by a pass over the last searchRecentMonths about every hour, and by a full
// one (searchHorizonMonths back) every searchFullEvery. A recheck lists one month, one
// request: a new recording is of a recent meeting, and the weekly full pass finds any
// other (10,000 agents of one account recheck with about 3 requests a second, not 6).
const (
	searchActiveFor = 10 * time.Minute
	searchDemoGap   = 60 * time.Millisecond // demo mode: the built-in fake Zoom, within its limits
	// searchScaledFloor bounds the pace when a simulation speeds the agent's time up
	// (Options.TimeScale, test builds only): the fake Zoom's per-second limits run in real
	// time, and a sync at 600 times its pace would take the account's Medium quota from
	// the meetings' polls.
	searchScaledFloor   = 100 * time.Millisecond
	searchFullEvery     = 7 * 24 * time.Hour
	searchHorizonMonths = 24
	searchRecentMonths  = 1
	searchMaxFile       = 32 << 20 // a 10-hour transcript is about 600 KB
	timerSearch         = "search"
	metaFullPass        = "full_pass" // Unix time of the last complete full pass
)

// syncFile is a transcript or chat file not yet in the index.
type syncFile struct {
	rec  transcripts.Recording
	file zoomapi.RecordingFile
	kind transcripts.Kind
}

// searchLoop keeps the transcript index of the signed-in account up to date until ctx is
// done: a pass, then a wait (about an hour, or a growing backoff after a failure; the
// index keeps what was done, so a pass after a restart or a network loss goes on where
// the last one stopped).
func (s *Service) searchLoop(ctx context.Context) {
	pace := pollplan.NewPacer(s.opts.jitter)
	for {
		wait := time.Duration(-1) // until kicked
		if acc := s.searchAccount(); acc != "" {
			s.log.Debug("service: transcript sync pass")
			err := s.searchPass(ctx, pace, acc)
			switch {
			case ctx.Err() != nil:
				return
			case err != nil:
				wait = pace.Failed(s.clk.Now(), err)
				s.log.Info("service: transcript sync paused", "err", Describe(err).Message, "retry_in", wait.Round(time.Second))
			default:
				wait = pace.Recheck()
			}
		}
		if s.searchSleep(ctx, wait) != nil {
			return
		}
	}
}

// searchAccount returns the ID of the signed-in account, "" when there is none.
func (s *Service) searchAccount() string {
	switch s.sess.State().Kind {
	case auth.SignedOut, auth.NeedsSignIn, auth.SigningIn:
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.account == nil {
		return ""
	}
	return s.account.ID
}

// searchSleep waits d (scaled; negative: no timer) or until kicked.
func (s *Service) searchSleep(ctx context.Context, d time.Duration) error {
	var fire <-chan time.Time
	if d >= 0 {
		ch, stop := s.clk.Timer(timerSearch, s.clk.Now().Add(s.opts.scaled(d)))
		defer stop()
		fire = ch
	}
	select {
	case <-fire:
	case <-s.search.kick:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// searchPace waits for the pace's next request after last (the pass's start before its
// first request). A search during the wait shortens it.
func (s *Service) searchPace(ctx context.Context, pace *pollplan.Pacer, last time.Time) error {
	for {
		si := s.search
		si.mu.Lock()
		active := s.clk.Now().Before(si.active)
		si.mu.Unlock()
		wait := s.opts.scaled(pace.Wait(active))
		if s.opts.Demo {
			wait = searchDemoGap
		}
		if s.opts.TimeScale > 1 {
			wait = max(wait, searchScaledFloor)
		}
		at := last.Add(wait)
		if !s.clk.Now().Before(at) {
			return nil
		}
		ch, stop := s.clk.Timer(timerSearch, at)
		select {
		case <-ch:
			return nil
		case <-si.kick:
			stop()
		case <-ctx.Done():
			stop()
			return ctx.Err()
		}
	}
}

// searchRequest sends one request of the sync after its pace, with a context whose
// answers report the account's quota to the pace.
func (s *Service) searchRequest(ctx context.Context, pace *pollplan.Pacer, last *time.Time, do func(context.Context) error) error {
	if err := s.searchPace(ctx, pace, *last); err != nil {
		return err
	}
	*last = s.clk.Now()
	var quota pollplan.QuotaWatch
	if err := do(pollplan.WithWatch(ctx, &quota)); err != nil {
		return err
	}
	pace.Answered(quota.Take())
	return nil
}

// searchPass lists the recordings month by month, newest first, then fetches and indexes
// each transcript and chat not in the index yet, one request per pace.
func (s *Service) searchPass(ctx context.Context, pace *pollplan.Pacer, account string) error {
	si := s.search
	x, gen, err := si.open(ctx, account)
	if err != nil {
		return err
	}
	err = s.searchPassWith(ctx, pace, x, gen)
	if errors.Is(err, transcripts.ErrCorrupt) {
		si.damaged(x)
	}
	si.setProgress(gen, func(p *SearchProgress) { p.Syncing = false })
	s.publish()
	return err
}

func (s *Service) searchPassWith(ctx context.Context, pace *pollplan.Pacer, x *transcripts.Index, gen int) error {
	si := s.search
	indexed, err := x.Indexed(ctx)
	if err != nil {
		return err
	}
	months, full := searchRecentMonths, false
	if v, _ := x.Meta(ctx, metaFullPass); !s.recentFullPass(v) {
		months, full = cmp.Or(s.opts.searchMonths, searchHorizonMonths), true
	}
	si.setProgress(gen, func(p *SearchProgress) { p.Syncing = true })
	s.publish()
	pace.Begin()
	last := s.clk.Now()
	todo, err := s.searchList(ctx, pace, x, gen, months, indexed, &last)
	if err != nil {
		return err
	}
	left := map[string]int{} // recording uuid -> files to go
	for _, p := range todo {
		left[p.rec.UUID]++
	}
	for _, p := range todo {
		if err := s.searchRequest(ctx, pace, &last, func(ctx context.Context) error { return s.searchFetch(ctx, x, p) }); err != nil {
			return err
		}
		if left[p.rec.UUID]--; left[p.rec.UUID] == 0 {
			si.setProgress(gen, func(p *SearchProgress) { p.Indexed++ })
			s.publish()
		}
	}
	now := s.clk.Now()
	if full {
		if err := x.SetMeta(ctx, metaFullPass, strconv.FormatInt(now.Unix(), 10)); err != nil {
			return err
		}
	}
	si.setProgress(gen, func(p *SearchProgress) { p.LastSync = now })
	return nil
}

// recentFullPass reports whether the stored time of the last full pass is recent.
func (s *Service) recentFullPass(v string) bool {
	t, err := strconv.ParseInt(v, 10, 64)
	return err == nil && s.clk.Now().Sub(time.Unix(t, 0)) < searchFullEvery
}

// searchList lists months of recordings, newest first, and returns the files to fetch;
// it sets the progress (the index's recordings plus the new ones listed).
func (s *Service) searchList(ctx context.Context, pace *pollplan.Pacer, x *transcripts.Index, gen, months int, indexed map[string]bool, last *time.Time) ([]syncFile, error) {
	have, err := x.RecordingCount(ctx)
	if err != nil {
		return nil, err
	}
	var todo []syncFile
	pending, fresh := map[string]bool{}, 0
	// UTC months: Zoom reads the list's from and to as UTC dates, so a month of local
	// dates needs the UTC dates around it, 31 or 32 of them, and zoomapi asks for those in
	// two requests (anywhere but UTC). The index does not care which calendar a month is
	// of, so each month is one request (a month as zoomapi splits them: one that ends on
	// Feb 28 begins on Feb 1, not Jan 29, which would take two).
	to := s.clk.Now().UTC()
	for range months {
		from := zoomapi.MonthEndingOn(to)
		var recs []zoomapi.Recording
		err := s.searchRequest(ctx, pace, last, func(ctx context.Context) (err error) {
			recs, err = s.rest().poll.Recordings(ctx, from, to)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("service: list recordings for search: %w", err)
		}
		for _, r := range recs {
			files, known := searchFiles(r, indexed)
			if len(files) > 0 && !pending[r.UUID] {
				pending[r.UUID] = true
				if !known {
					fresh++
				}
				todo = append(todo, files...)
			}
		}
		total := have + fresh
		s.search.setProgress(gen, func(p *SearchProgress) { p.Total, p.Indexed = total, total-len(pending) })
		s.publish()
		to = from.AddDate(0, 0, -1)
	}
	return todo, nil
}

// searchFiles returns r's transcripts and chats not in indexed, and whether any of its
// files is in the index already.
func searchFiles(r zoomapi.Recording, indexed map[string]bool) (todo []syncFile, known bool) {
	rec := transcripts.Recording{UUID: r.UUID, MeetingID: int64(r.ID), Topic: r.Topic, Start: r.StartTime, ShareURL: r.ShareURL}
	for _, f := range r.Files {
		if f.PlayURL != "" && (rec.PlayURL == "" || f.FileType == "MP4") {
			rec.PlayURL = f.PlayURL
		}
	}
	for _, f := range r.Files {
		kind := map[string]transcripts.Kind{"TRANSCRIPT": transcripts.KindTranscript, "CHAT": transcripts.KindChat}[f.FileType]
		switch {
		case kind == "" || !f.Ready() || f.Key == "":
		case indexed[f.Key]:
			known = true
		default:
			todo = append(todo, syncFile{rec: rec, file: f, kind: kind})
		}
	}
	return todo, known
}

// searchFetch downloads one file, parses it and adds its lines to the index. A file
// that does not parse is indexed without lines, so it is not fetched again and again.
func (s *Service) searchFetch(ctx context.Context, x *transcripts.Index, p syncFile) error {
	var buf bytes.Buffer
	if err := s.rest().poll.Download(ctx, p.file, &limitWriter{w: &buf, n: searchMaxFile}, 0, nil); err != nil {
		return fmt.Errorf("service: fetch a transcript: %w", err)
	}
	parse := transcripts.ParseChat
	if p.kind == transcripts.KindTranscript {
		parse = transcripts.ParseVTT
	}
	lines, err := parse(&buf)
	if err != nil {
		s.log.Warn("service: a recording file does not parse; it is left out of search", "file", p.file.Key, "err", err)
	}
	return x.Add(ctx, p.rec, transcripts.File{Key: p.file.Key, Kind: p.kind}, lines)
}

// limitWriter fails once more than n bytes are written.
type limitWriter struct {
	w interface{ Write([]byte) (int, error) }
	n int64
}

var errFileTooLarge = errors.New("service: transcript larger than 32 MB")

func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.n {
		return 0, errFileTooLarge
	}
	l.n -= int64(len(p))
	return l.w.Write(p)
}
