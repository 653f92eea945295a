package perf

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// AgentOptions configures AgentRequests. Zero fields take the defaults documented on them.
type AgentOptions struct {
	// Zoomtray is the built zoomtray binary (required).
	Zoomtray string
	// Scale divides the agent's poll intervals and refresh margin (its hidden env
	// ZOOMTRAY_TIME_SCALE) and the fake's access token lifetime alike; default 60, so a
	// simulated hour takes a minute.
	Scale float64
	// Hours is how many simulated idle hours each scenario is measured for; default 1.
	Hours float64
	// Log receives progress lines; nil discards.
	Log io.Writer
}

func (o AgentOptions) withDefaults() AgentOptions {
	if o.Scale <= 0 {
		o.Scale = 60
	}
	if o.Hours <= 0 {
		o.Hours = 1
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o
}

// IdleHour is one scenario's idle traffic, scaled back to one real hour.
type IdleHour struct {
	Name      string
	MeetingIn time.Duration // the account's only meeting starts this long after the start
	Measured  time.Duration // wall time measured
	Requests  float64       // requests per simulated hour
	Routes    map[string]float64
}

// AgentReport holds the agent's network figures, counted at the fake's GET
// /_zoomfake/stats.
type AgentReport struct {
	Options AgentOptions
	// Cold counts the requests from the agent's start until it lists meetings, with a
	// stored session and an empty cache; ColdRoutes by route.
	Cold       int
	ColdRoutes map[string]int
	// WarmFromCache reports whether a restarted agent's first local API answer listed the
	// previous run's meetings (from its disk cache, before any request); Warm counts the
	// requests from its start until its start-up poll fetched the list anew.
	WarmFromCache bool
	Warm          int
	WarmRoutes    map[string]int
	// Far is an idle signed-in hour with no meeting within 15 minutes; Near one with a
	// meeting about to start (the 2-minute cadence throughout).
	Far, Near IdleHour
}

// AgentRequests runs the real zoomtray agent (a separate process) against an in-process
// fake Zoom whose stats it reads over HTTP, and counts the requests of a cold start, a
// warm start and idle signed-in hours, simulated o.Scale times faster.
func AgentRequests(ctx context.Context, o AgentOptions) (*AgentReport, error) {
	o = o.withDefaults()
	rep := &AgentReport{Options: o}
	// 1. Far: cold start, an idle hour, then a warm start from the cache.
	fake, a, err := agentScenario(ctx, o, 3*time.Hour)
	if err != nil {
		return nil, err
	}
	defer fake.Close()
	defer a.Close()
	before, err := fakeRequests(ctx, fake.URL)
	if err != nil {
		return nil, err
	}
	c, err := a.start(ctx)
	if err != nil {
		return nil, err
	}
	if rep.ColdRoutes, rep.Cold, err = untilListed(ctx, c, fake.URL, before, time.Time{}); err != nil {
		return nil, fmt.Errorf("cold start: %w", err)
	}
	fmt.Fprintf(o.Log, "cold start: %d requests; measuring an idle hour, no meeting near...\n", rep.Cold)
	if rep.Far, err = idleHours(ctx, o, fake.URL, "idle, no meeting within 15 min", 3*time.Hour); err != nil {
		return nil, err
	}
	c.Close()
	a.stop()
	if err := warmStart(ctx, a, fake.URL, time.Now(), rep); err != nil {
		return nil, err
	}
	a.stop()
	// 2. Near: a meeting starts in 5 minutes.
	fmt.Fprintf(o.Log, "warm start: %d requests; measuring an hour near a meeting...\n", rep.Warm)
	rep.Near, err = nearHour(ctx, o)
	return rep, err
}

// restLatency delays the fake's REST answers during the warm start.
const restLatency = time.Second

// agentScenario starts a fake Zoom whose access tokens live Zoom's hour divided by the
// scale, with one meeting of agentUser starting after in, and a scratch agent user.
func agentScenario(ctx context.Context, o AgentOptions, in time.Duration) (*zoomtest.Server, *agentRun, error) {
	fake := zoomtest.NewServer(zoomtest.Options{AccessTokenTTL: time.Duration(float64(zoomAccessTTL) / o.Scale)})
	start := time.Now().Add(in).Truncate(time.Minute)
	if _, err := fake.AddMeeting(agentUser, zoomtest.Meeting{Topic: "Perf check", Type: 2, Start: start, Duration: 60}); err != nil {
		fake.Close()
		return nil, nil, err
	}
	a, err := newAgentRun(ctx, fake, o.Zoomtray, o.Scale)
	if err != nil {
		fake.Close()
		return nil, nil, err
	}
	return fake, a, nil
}

// untilListed waits until the agent lists meetings fetched after since and returns the
// requests the fake counted since before.
func untilListed(ctx context.Context, c *localapi.Client, url string, before map[string]int, since time.Time) (map[string]int, int, error) {
	err := poll(ctx, "meetings listed", func() (bool, error) {
		ml, err := c.Meetings(ctx, false)
		return err == nil && len(ml.Meetings) > 0 && ml.FetchedAt.After(since), nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %v (agent: %s)", errNoMeetings, err, statusOf(ctx, c))
	}
	after, err := fakeRequests(ctx, url)
	if err != nil {
		return nil, 0, err
	}
	routes, n := delta(before, after)
	return routes, n, nil
}

// warmStart restarts the agent, stopped at stopped, on its cache and reports whether
// its first answer lists the cached meetings, and the requests until its start-up poll
// has fetched them anew.
func warmStart(ctx context.Context, a *agentRun, url string, stopped time.Time, rep *AgentReport) error {
	// A round trip of restLatency, as over a real network, so that the first answer
	// comes before the start-up poll's.
	a.fake.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultLatency, Path: "/v2/", Latency: restLatency})
	defer a.fake.SetFaults()
	before, err := fakeRequests(ctx, url)
	if err != nil {
		return err
	}
	c, err := a.start(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	// The cache is loaded before the socket exists: the first answer lists it, unless the
	// start-up poll has already replaced it (fetched after stopped).
	ml, err := c.Meetings(ctx, false)
	if err != nil {
		return fmt.Errorf("warm start: %w", err)
	}
	rep.WarmFromCache = len(ml.Meetings) > 0 && ml.FetchedAt.Before(stopped)
	rep.WarmRoutes, rep.Warm, err = untilListed(ctx, c, url, before, stopped)
	if err != nil {
		return fmt.Errorf("warm start: %w", err)
	}
	return nil
}

// nearHour measures an idle hour of a new agent whose only meeting starts in 5 minutes.
func nearHour(ctx context.Context, o AgentOptions) (IdleHour, error) {
	in := 5 * time.Minute
	fake, a, err := agentScenario(ctx, o, in)
	if err != nil {
		return IdleHour{}, err
	}
	defer fake.Close()
	defer a.Close()
	c, err := a.start(ctx)
	if err != nil {
		return IdleHour{}, err
	}
	defer c.Close()
	if _, _, err := untilListed(ctx, c, fake.URL, nil, time.Time{}); err != nil {
		return IdleHour{}, err
	}
	return idleHours(ctx, o, fake.URL, "idle, a meeting within 15 min", in)
}

// idleHours counts the requests of o.Hours simulated hours (o.Hours × 1 h / o.Scale of
// wall time) and scales them to one hour. It starts 5 simulated minutes after a poll,
// half-way between two polls (far: every 10 minutes; near: 2.5 polls of 2 minutes), so
// that no poll falls on the window's edges.
func idleHours(ctx context.Context, o AgentOptions, url, name string, in time.Duration) (IdleHour, error) {
	wall := time.Duration(o.Hours * float64(time.Hour) / o.Scale)
	if err := wait(ctx, time.Duration(float64(5*time.Minute)/o.Scale)); err != nil {
		return IdleHour{}, err
	}
	before, err := fakeRequests(ctx, url)
	if err != nil {
		return IdleHour{}, err
	}
	if err := wait(ctx, wall); err != nil {
		return IdleHour{}, err
	}
	after, err := fakeRequests(ctx, url)
	if err != nil {
		return IdleHour{}, err
	}
	routes, n := delta(before, after)
	h := IdleHour{Name: name, MeetingIn: in, Measured: wall, Requests: float64(n) / o.Hours, Routes: map[string]float64{}}
	for r, k := range routes {
		h.Routes[r] = float64(k) / o.Hours
	}
	return h, nil
}

// statusOf is a short status line of the agent, for errors.
func statusOf(ctx context.Context, c *localapi.Client) string {
	st, err := c.Status(ctx)
	if err != nil {
		return err.Error()
	}
	if st.LastError != nil {
		return string(st.State) + ": " + st.LastError.Message
	}
	return string(st.State)
}

// wait waits d, or until ctx is done.
func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
