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
	// WarmShown counts the requests until a restarted agent lists meetings (from its
	// cache); Warm adds its start-up poll, until the list is fetched anew.
	WarmShown, Warm int
	WarmRoutes      map[string]int
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
	c, err := a.start(ctx)
	if err != nil {
		return nil, err
	}
	if rep.ColdRoutes, rep.Cold, err = untilListed(ctx, c, fake.URL, time.Time{}); err != nil {
		return nil, fmt.Errorf("cold start: %w", err)
	}
	fmt.Fprintf(o.Log, "cold start: %d requests; measuring an idle hour, no meeting near...\n", rep.Cold)
	if rep.Far, err = idleHours(ctx, o, fake.URL, "idle, no meeting within 15 min", 3*time.Hour); err != nil {
		return nil, err
	}
	fetched, err := listedAt(ctx, c)
	c.Close()
	if err != nil {
		return nil, err
	}
	a.stop()
	if err := warmStart(ctx, a, fake.URL, fetched, rep); err != nil {
		return nil, err
	}
	a.stop()
	// 2. Near: a meeting starts in 5 minutes.
	fmt.Fprintf(o.Log, "warm start: %d requests until listed, %d with its start-up poll; measuring an hour near a meeting...\n", rep.WarmShown, rep.Warm)
	rep.Near, err = nearHour(ctx, o)
	return rep, err
}

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

// untilListed waits until the agent lists meetings fetched after since (the cached list
// counts when since is zero) and returns the requests the fake counted meanwhile. The
// count starts at the call: call it right after start.
func untilListed(ctx context.Context, c *localapi.Client, url string, since time.Time) (map[string]int, int, error) {
	before, err := fakeRequests(ctx, url)
	if err != nil {
		return nil, 0, err
	}
	err = poll(ctx, "meetings listed", func() (bool, error) {
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

// listedAt returns when the agent last fetched its meetings.
func listedAt(ctx context.Context, c *localapi.Client) (time.Time, error) {
	ml, err := c.Meetings(ctx, false)
	return ml.FetchedAt, err
}

// warmStart restarts the agent on its cache and counts the requests until it lists the
// meetings, then until its start-up poll has fetched them anew.
func warmStart(ctx context.Context, a *agentRun, url string, fetched time.Time, rep *AgentReport) error {
	before, err := fakeRequests(ctx, url)
	if err != nil {
		return err
	}
	c, err := a.start(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	shown, err := fakeRequests(ctx, url)
	if err == nil {
		err = poll(ctx, "cached meetings listed", func() (bool, error) {
			ml, err := c.Meetings(ctx, false)
			return err == nil && len(ml.Meetings) > 0, nil
		})
	}
	if err != nil {
		return fmt.Errorf("warm start: %w", err)
	}
	_, rep.WarmShown = delta(before, shown)
	if _, _, err := untilListed(ctx, c, url, fetched); err != nil {
		return fmt.Errorf("warm start: %w", err)
	}
	after, err := fakeRequests(ctx, url)
	rep.WarmRoutes, rep.Warm = delta(before, after)
	return err
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
	if _, _, err := untilListed(ctx, c, fake.URL, time.Time{}); err != nil {
		return IdleHour{}, err
	}
	return idleHours(ctx, o, fake.URL, "idle, a meeting within 15 min", in)
}

// idleHours counts the requests of o.Hours simulated hours (o.Hours × 1 h / o.Scale of
// wall time) and scales them to one hour.
func idleHours(ctx context.Context, o AgentOptions, url, name string, in time.Duration) (IdleHour, error) {
	wall := time.Duration(o.Hours * float64(time.Hour) / o.Scale)
	before, err := fakeRequests(ctx, url)
	if err != nil {
		return IdleHour{}, err
	}
	t := time.NewTimer(wall)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return IdleHour{}, ctx.Err()
	case <-t.C:
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
		return st.State + ": " + st.LastError.Message
	}
	return st.State
}
