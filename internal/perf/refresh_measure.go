package perf

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"
)

// tokenLog is an http.RoundTripper that records when each token endpoint request started
// and ended.
type tokenLog struct {
	base  http.RoundTripper
	mu    sync.Mutex // guards spans
	spans [][2]time.Time
}

// RoundTrip records requests to /oauth/token.
func (l *tokenLog) RoundTrip(r *http.Request) (*http.Response, error) {
	if !strings.HasPrefix(r.URL.Path, "/oauth/token") {
		return l.base.RoundTrip(r)
	}
	start := time.Now()
	resp, err := l.base.RoundTrip(r)
	l.mu.Lock()
	l.spans = append(l.spans, [2]time.Time{start, time.Now()})

	l.mu.Unlock()
	return resp, err
}

// near reports whether [start, end] lies within d of a recorded token request.
func (l *tokenLog) near(start, end time.Time, d time.Duration) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, sp := range l.spans {
		if start.Before(sp[1].Add(d)) && end.After(sp[0].Add(-d)) {
			return true
		}
	}
	return false
}

func (l *tokenLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.spans)
}

// sample is one timed call.
type sample struct {
	start, end time.Time
	err        error
}

// measure runs opts.Callers callers of GET /users/me every opts.Period for opts.Duration
// and splits their latencies into near a token request and away from one.
func measure(ctx context.Context, name string, c *http.Client, api string, tokens *tokenLog, opts RefreshOptions) RefreshSide {
	var (
		mu      sync.Mutex // guards samples
		samples []sample
		wg      sync.WaitGroup
	)
	end := time.Now().Add(opts.Duration)
	for i := range opts.Callers {
		wg.Go(func() {
			phase := time.NewTimer(opts.Period * time.Duration(i) / time.Duration(opts.Callers))
			<-phase.C
			tick := time.NewTicker(opts.Period)
			defer tick.Stop()
			for ; time.Now().Before(end) && ctx.Err() == nil; <-tick.C {
				start := time.Now()
				_, err := call(ctx, c, api)
				mu.Lock()
				samples = append(samples, sample{start, time.Now(), err})
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	side := RefreshSide{Name: name, TokenRequests: tokens.count()}
	for _, sm := range samples {
		switch {
		case sm.err != nil:
			side.Failures++
			if side.FirstFailure == "" {
				side.FirstFailure = sm.err.Error()
			}
		case tokens.near(sm.start, sm.end, opts.Near):
			side.Near = append(side.Near, sm.end.Sub(sm.start))
		default:
			side.Away = append(side.Away, sm.end.Sub(sm.start))
		}
	}
	return side
}
