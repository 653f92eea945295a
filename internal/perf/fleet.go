package perf

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/internal/pollplan"
	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// FleetOptions configures Fleet. The zero value of a field means its documented default.
type FleetOptions struct {
	// Agents is the number of simulated agents, each its own user of one account. Default 1000.
	Agents int
	// Plan is the account's plan. Default zoomtest.PlanBusiness.
	Plan zoomtest.Plan
	// NoJitter gives every agent a random source that always says 0: phase 0 and no
	// per-poll jitter (polls on the clock's 10- and 2-minute marks), a wake that polls at
	// once, and sync passes whose first request goes at once and whose gaps have no random
	// part: the poller before its polls were spread.
	NoJitter bool
	// Day is the simulated day (its date in UTC). Default Monday 2026-11-30.
	Day time.Time
	// Wake and End bound the simulated working day, from the day's midnight UTC. Every
	// agent wakes at Wake (laptops opened at 9:00). Defaults 9h and 18h.
	Wake, End time.Duration
	// MeetingsPerDay is the mean number of 30-minute meetings each agent hosts, at :00 or
	// :30 between Wake and End. Default 3.
	MeetingsPerDay float64
	// Changes is the number of meeting edits at the fake (a topic change at a random time
	// to a random agent's meeting still ahead) whose staleness is measured. Default 2000.
	Changes int
	// Sync is what the agents' transcript sync does during the day: SyncRecheck (the
	// default) or SyncFirst; SyncOff leaves it out.
	Sync SyncMode
	// Recordings is the number of recordings with a transcript and a chat that each agent's
	// user has, spread over the 24 months before the day. Default 10.
	Recordings int
	// SyncFixed paces the sync as it was before it followed the account's quota: a request
	// every 20 s, a pass's first at once, an hour between passes, no reaction to the quota.
	SyncFixed bool
	// Seed makes a run repeatable. Default 1.
	Seed uint64
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// SyncMode is what the transcript sync does in a fleet run.
type SyncMode string

// The sync modes.
const (
	// SyncRecheck: every index is complete at the wake (the sync ran the days before). The
	// night's suspend let every agent's hourly recheck come due, so every agent begins a
	// pass over the last month at the wake; those whose weekly full pass came due in the
	// night (about 1 in 10) list 24 months. Then a recheck about every hour.
	SyncRecheck SyncMode = "recheck"
	// SyncFirst: no agent has an index (the first day after a deployment): every agent
	// begins its first full sync at the wake, 24 months listed and every transcript and
	// chat downloaded.
	SyncFirst SyncMode = "first"
	// SyncOff leaves the sync out: the meetings' polls alone.
	SyncOff SyncMode = "off"
)

func (o FleetOptions) withDefaults() FleetOptions {
	if o.Agents <= 0 {
		o.Agents = 1000
	}
	if o.Plan == "" {
		o.Plan = zoomtest.PlanBusiness
	}
	if o.Day.IsZero() {
		o.Day = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	}
	if o.Wake == 0 {
		o.Wake = 9 * time.Hour
	}
	if o.End == 0 {
		o.End = 18 * time.Hour
	}
	if o.MeetingsPerDay == 0 {
		o.MeetingsPerDay = 3
	}
	if o.Changes == 0 {
		o.Changes = 2000
	}
	if o.Sync == "" {
		o.Sync = SyncRecheck
	}
	if o.Recordings == 0 {
		o.Recordings = 10
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o
}

// virtualClock is the simulation's time: the fake reads it, the event loop sets it.
type virtualClock struct{ ns atomic.Int64 }

func (c *virtualClock) Now() time.Time                  { return time.Unix(0, c.ns.Load()).UTC() }
func (c *virtualClock) set(t time.Time)                 { c.ns.Store(t.UnixNano()) }
func (c *virtualClock) since(t time.Time) time.Duration { return c.Now().Sub(t) }

// memTransport serves requests with the fake's handler in memory (no sockets: 10,000 agents
// would need as many connections), counting them per virtual second.
type memTransport struct {
	h       http.Handler
	clk     *virtualClock
	origin  time.Time // second 0 of the counters
	perSec  []int32   // requests per second since origin
	limited []int32   // 429s per second since origin
	medium  []int32   // of perSec, the requests of Zoom's Medium category (lists)
	light   []int32   // of perSec, the Light ones (downloads)
}

func (t *memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	if i := int(t.clk.since(t.origin) / time.Second); i >= 0 && i < len(t.perSec) {
		atomic.AddInt32(&t.perSec[i], 1)
		switch rec.Header().Get("X-RateLimit-Category") {
		case "Medium":
			atomic.AddInt32(&t.medium[i], 1)
		case "Light":
			atomic.AddInt32(&t.light[i], 1)
		}
		if rec.Code == http.StatusTooManyRequests {
			atomic.AddInt32(&t.limited[i], 1)
		}
	}
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// fleetAgent is one simulated agent: its planner, its REST client (the poller's: no
// retries), what it shows, and the quota its answers reported.
type fleetAgent struct {
	plan   *pollplan.Planner
	api    *zoomapi.Client
	quota  *pollplan.QuotaWatch
	shown  []zoomapi.Meeting
	hosted *zoomapi.HostedList // the last hosted list, for the polls that skip it
	poll   *fleetEvent
	sync   *agentSync // nil with SyncOff
	change []pendingChange
}

// agentSync is one simulated agent's transcript sync: its pace (pollplan.Pacer, the
// service's) and the pass in progress, which makes the requests of the service's pass: the
// months listed newest first, then one download per transcript or chat not indexed yet.
type agentSync struct {
	pace      *pollplan.Pacer
	ev        *fleetEvent
	inPass    bool
	first     bool      // no request of this pass was made yet
	fails     int       // consecutive failed requests
	full      bool      // this pass lists searchHorizon months
	months    int       // months still to list in this pass
	to        time.Time // the last day of the next month to list
	files     []zoomapi.RecordingFile
	queued    map[string]bool // file keys in files
	indexed   map[string]bool // file keys in the index
	before    time.Time       // recordings before it count as indexed (SyncRecheck: the wake)
	lastFull  time.Time       // the last complete full pass
	done      time.Time       // when the first full pass of the day completed
	firstPass time.Time       // when the first pass of the day completed
}

// pendingChange is a meeting edit the agent has not shown yet.
type pendingChange struct {
	id    int64
	topic string
	at    time.Time // when the fake changed it
	near  bool      // the agent was on its near cadence then
	start time.Time // the meeting's start
}

// Fleet simulates o.Agents agents of one account through a working day on a virtual
// clock: each agent runs the poller's planner (internal/pollplan) and the zoomapi client
// against the fake's handler in memory. It returns what the fake and the agents saw.
func Fleet(ctx context.Context, o FleetOptions) (*FleetReport, error) {
	o = o.withDefaults()
	wallStart := time.Now()
	sim, err := newFleetSim(o)
	if err != nil {
		return nil, err
	}
	defer sim.fake.Close()
	fmt.Fprintf(o.Log, "fleet: %d agents set up in %v; simulating...\n", o.Agents, time.Since(wallStart).Round(time.Millisecond))
	if err := sim.run(ctx); err != nil {
		return nil, err
	}
	rep := sim.report()
	rep.Wall = time.Since(wallStart)
	return rep, nil
}

// fleetSim is one simulation's state; only its event loop's goroutine uses it.
type fleetSim struct {
	o       FleetOptions
	clk     *virtualClock
	fake    *zoomtest.Server
	tr      *memTransport
	rng     *rand.Rand
	agents  []*fleetAgent
	queue   agentQueue
	changes []fleetChange // sorted by time
	owners  map[int64]int // meeting ID -> agent

	polls, failed int
	syncLists     int                      // successful list requests of the sync
	syncDownloads int                      // successful downloads of the sync
	syncFailed    int                      // failed requests of the sync
	syncLimited   int                      // of them, 429s
	syncCrowded   int                      // answers to the sync that found the quota crowded
	syncSec       []int32                  // the sync's requests per second since the wake
	hostedPolls   int                      // successful polls that fetched the hosted list too
	superseded    int                      // edits edited again before their agent showed them
	stale         map[bool][]time.Duration // by near cadence: staleness of shown changes
	beforeStart   [2]int                   // changes made before the near window: shown in time, all
}

// fleetChange is one planned meeting edit.
type fleetChange struct {
	at    time.Time
	agent int
	id    int64
	start time.Time
}

func newFleetSim(o FleetOptions) (*fleetSim, error) {
	clk := &virtualClock{}
	wake := o.Day.Add(o.Wake)
	clk.set(wake.Add(-12 * time.Hour)) // the agents signed in the evening before
	fake, err := zoomtest.Start(zoomtest.Options{Plan: o.Plan, Now: clk.Now, RateLimitHeaders: true,
		AccessTokenTTL: 48 * time.Hour})
	if err != nil {
		return nil, err
	}
	secs := int((o.End - o.Wake) / time.Second)
	sim := &fleetSim{o: o, clk: clk, fake: fake, rng: rand.New(rand.NewPCG(o.Seed, o.Seed^0x5eed)),
		tr: &memTransport{h: fake.Handler(), clk: clk, origin: wake, perSec: make([]int32, secs), limited: make([]int32, secs),
			medium: make([]int32, secs), light: make([]int32, secs)},
		syncSec: make([]int32, secs),
		owners:  map[int64]int{}, stale: map[bool][]time.Duration{}}
	for i := range o.Agents {
		a, err := sim.newAgent(i)
		if err != nil {
			fake.Close()
			return nil, err
		}
		sim.agents = append(sim.agents, a)
	}
	sim.planChanges()
	return sim, nil
}

// random is the agents' random source in [0, d), or 0 with NoJitter.
func (s *fleetSim) random(d time.Duration) time.Duration {
	if s.o.NoJitter || d <= 0 {
		return 0
	}
	return time.Duration(s.rng.Int64N(int64(d)))
}

// newAgent adds user i to the account with its meetings and signs it in.
func (s *fleetSim) newAgent(i int) (*fleetAgent, error) {
	email := fmt.Sprintf("agent%05d@example.com", i)
	if err := s.fake.AddUser(zoomtest.User{Email: email}); err != nil {
		return nil, err
	}
	a := &fleetAgent{plan: pollplan.New(s.random, 0), quota: &pollplan.QuotaWatch{}}
	slots := int((s.o.End - s.o.Wake) / (30 * time.Minute))
	for k := range slots {
		if s.rng.Float64() >= s.o.MeetingsPerDay/float64(slots) {
			continue
		}
		start := s.o.Day.Add(s.o.Wake + time.Duration(k)*30*time.Minute)
		id, err := s.fake.AddMeeting(email, zoomtest.Meeting{Topic: "m", Type: 2, Start: start, Duration: 30})
		if err != nil {
			return nil, err
		}
		s.owners[id] = i
		// What its cache holds from the evening before: the day's meetings.
		a.shown = append(a.shown, zoomapi.Meeting{ID: zoomapi.FlexInt64(id), Topic: "m", StartTime: start, Duration: 30})
	}
	// Its poller kept the evening's hosted list through the night's suspend.
	a.hosted = &zoomapi.HostedList{Meetings: slices.Clone(a.shown), At: s.clk.Now()}
	a.poll = &fleetEvent{agent: a}
	if err := s.newSync(a, email); err != nil {
		return nil, err
	}
	access, _, err := s.fake.IssueToken("demo-client", email)
	if err != nil {
		return nil, err
	}
	hc := &http.Client{Timeout: time.Minute, Transport: a.quota.Transport(&oauth2.Transport{
		Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access, TokenType: "bearer"}), Base: s.tr})}
	a.api = zoomapi.NewClient(hc, s.fake.URL+"/v2", zoomapi.WithRetries(0, 0))
	return a, nil
}

// syncHorizon is how many months back a full pass of the sync lists (the service's
// searchHorizonMonths); syncRecent those of a recheck (searchRecentMonths).
const (
	syncHorizon = 24
	syncRecent  = 1
	syncFullAge = 7 * 24 * time.Hour
)

// newSync gives agent a (user email) its recordings and its sync, unless the sync is off.
func (s *fleetSim) newSync(a *fleetAgent, email string) error {
	if s.o.Sync == SyncOff {
		return nil
	}
	wake := s.o.Day.Add(s.o.Wake)
	horizon := wake.Sub(wake.AddDate(0, -syncHorizon, 0))
	for k := range s.o.Recordings {
		// One-minute recordings: their transcripts are short, so that 100,000 of them
		// fit in memory; the sync makes one request per file whatever its length.
		start := wake.Add(-time.Duration(s.rng.Int64N(int64(horizon)))).Truncate(time.Minute)
		if _, err := s.fake.AddTranscriptRecording(email, fmt.Sprintf("recording %d", k), start, time.Minute); err != nil {
			return err
		}
	}
	a.sync = &agentSync{pace: pollplan.NewPacer(s.random), queued: map[string]bool{}, indexed: map[string]bool{}}
	a.sync.ev = &fleetEvent{agent: a, sync: true}
	if s.o.Sync == SyncRecheck {
		night := 16 * time.Hour // since the last recheck of the evening before
		a.sync.before = wake
		a.sync.lastFull = wake.Add(-night - time.Duration(s.rng.Int64N(int64(syncFullAge))))
	}
	return nil
}

// planChanges picks o.Changes edits: a random time of the day, a random agent's meeting
// that starts after it.
func (s *fleetSim) planChanges() {
	wake, end := s.o.Day.Add(s.o.Wake), s.o.Day.Add(s.o.End)
	for len(s.changes) < s.o.Changes {
		at := wake.Add(time.Duration(s.rng.Int64N(int64(end.Sub(wake)))))
		i := s.rng.IntN(len(s.agents))
		var ahead []zoomapi.Meeting
		for _, m := range s.agents[i].shown {
			if m.StartTime.After(at) {
				ahead = append(ahead, m)
			}
		}
		if len(ahead) == 0 {
			continue
		}
		m := ahead[s.rng.IntN(len(ahead))]
		s.changes = append(s.changes, fleetChange{at: at, agent: i, id: int64(m.ID), start: m.StartTime})
	}
	sortChanges(s.changes)
}
