package perf

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// DeviceReport is one device sign-in (RFC 8628) against the fake: the polls of the token
// endpoint the client made before and including the one that got the token, against the
// minimum ceil(wait / interval) + 1 of a client polling exactly every interval, and the
// slow_down answers (each costs the user 5 s for good, RFC 8628 §3.5).
type DeviceReport struct {
	Interval, Wait, Elapsed time.Duration
	Polls, Minimum          int
	SlowDown                int
}

// DevicePolls runs the device flow with the fake's polling interval set to interval and
// the user approving after wait.
func DevicePolls(ctx context.Context, interval, wait time.Duration) (*DeviceReport, error) {
	s, err := zoomtest.Start(zoomtest.Options{DeviceInterval: interval})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	cfg := auth.Config{ClientID: "demo-client", ClientSecret: "demo-secret", OAuthURL: s.URL,
		APIURL: s.URL + "/v2", HTTPClient: &http.Client{Timeout: 30 * time.Second}}
	start := time.Now()
	d, err := auth.StartDevice(ctx, cfg, auth.DeviceOptions{})
	if err != nil {
		return nil, fmt.Errorf("start device flow: %w", err)
	}
	approve := time.AfterFunc(wait-time.Since(start), func() { _ = s.ApproveDevice(d.UserCode, "", true) })
	defer approve.Stop()
	if _, err := d.Wait(ctx); err != nil {
		return nil, fmt.Errorf("device flow: %w", err)
	}
	st := s.Stats()
	return &DeviceReport{Interval: interval, Wait: wait, Elapsed: time.Since(start), Polls: st.DevicePolls,
		Minimum: int(math.Ceil(float64(wait)/float64(interval))) + 1, SlowDown: st.SlowDown}, nil
}

// Print writes the report as one line.
func (r *DeviceReport) Print(w io.Writer) {
	fmt.Fprintf(w, "device flow: interval %v, approved after %v: %d polls (minimum %d), %d slow_down, signed in after %v\n",
		r.Interval, r.Wait, r.Polls, r.Minimum, r.SlowDown, r.Elapsed.Round(10*time.Millisecond))
}
