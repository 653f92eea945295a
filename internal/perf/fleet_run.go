package perf

import (
	"container/heap"
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/zoomtray/zoomtray/internal/pollplan"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// fleetEvent is an agent's next poll, or its sync's next request.
type fleetEvent struct {
	at    time.Time
	agent *fleetAgent
	sync  bool
	index int // in the heap
}

// agentQueue is the event heap: the agents' polls and sync requests by their time.
type agentQueue []*fleetEvent

func (q agentQueue) Len() int           { return len(q) }
func (q agentQueue) Less(i, j int) bool { return q[i].at.Before(q[j].at) }
func (q agentQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = i, j
}
func (q *agentQueue) Push(x any) {
	e := x.(*fleetEvent)
	e.index = len(*q)
	*q = append(*q, e)
}
func (q *agentQueue) Pop() any {
	old := *q
	a := old[len(old)-1]
	*q = old[:len(old)-1]
	return a
}

func sortChanges(cs []fleetChange) {
	slices.SortFunc(cs, func(a, b fleetChange) int { return a.at.Compare(b.at) })
}

// run wakes every agent at Wake, as laptops opened at 9:00 after a night's suspend (each
// plans its first poll with Planner.Resume from what it showed the evening before, and
// begins a pass of its transcript sync), then runs the polls and sync requests in time
// order until End, applying the meeting edits as their time comes.
func (s *fleetSim) run(ctx context.Context) error {
	wake, end := s.o.Day.Add(s.o.Wake), s.o.Day.Add(s.o.End)
	s.clk.set(wake)
	for _, a := range s.agents {
		a.poll.at = a.plan.Resume(wake, a.shown)
		heap.Push(&s.queue, a.poll)
		if a.sync != nil {
			s.beginPass(a, wake)
			heap.Push(&s.queue, a.sync.ev)
		}
	}
	hour := wake.Add(time.Hour)
	for s.queue.Len() > 0 && s.queue[0].at.Before(end) {
		if err := ctx.Err(); err != nil {
			return err
		}
		e := s.queue[0]
		s.clk.set(e.at)
		s.applyChanges(e.at)
		if e.sync {
			s.syncStep(ctx, e.agent)
		} else {
			s.poll(ctx, e.agent)
		}
		heap.Fix(&s.queue, 0)
		if !e.at.After(s.clk.Now()) {
			return fmt.Errorf("agent planned its next request at %v, not after %v", e.at, s.clk.Now())
		}
		if s.clk.Now().After(hour) {
			fmt.Fprintf(s.o.Log, "fleet: %s, %d polls\n", hour.Format("15:04"), s.polls)
			hour = hour.Add(time.Hour)
		}
	}
	return nil
}

// applyChanges makes the edits due by t at the fake and hands each to its agent.
func (s *fleetSim) applyChanges(t time.Time) {
	for len(s.changes) > 0 && !s.changes[0].at.After(t) {
		c := s.changes[0]
		s.changes = s.changes[1:]
		topic := fmt.Sprintf("changed at %s", c.at.Format(time.RFC3339Nano))
		if err := s.fake.SetMeetingTopic(c.id, topic); err != nil {
			continue
		}
		a := s.agents[c.agent]
		a.change = slices.DeleteFunc(a.change, func(p pendingChange) bool {
			if p.id == c.id {
				s.superseded++ // edited again before the agent showed it
			}
			return p.id == c.id
		})
		near := nearCadence(a.shown, c.at)
		a.change = append(a.change, pendingChange{id: c.id, topic: topic, at: c.at, near: near, start: c.start})
	}
}

// nearCadence reports whether ms put an agent on its near cadence at t.
func nearCadence(ms []zoomapi.Meeting, t time.Time) bool {
	for _, m := range ms {
		if !t.Before(m.StartTime.Add(-15*time.Minute)) && t.Before(m.StartTime.Add(time.Duration(m.Duration)*time.Minute)) {
			return true
		}
	}
	return false
}

// poll is one poll of the agent's poller: the meetings fetch with the poller's client (the
// hosted list only when the planner says it is due, as the poller asks) and the planner's
// next time, after a success or a failure.
func (s *fleetSim) poll(ctx context.Context, a *fleetAgent) {
	now := s.clk.Now()
	s.polls++
	a.quota.Take()
	kept := a.hosted
	if kept != nil && a.plan.FetchHosted(now) {
		kept = nil
	}
	ls, err := a.api.MeetingLists(ctx, kept, now)
	if err != nil {
		s.failed++
		a.poll.at = a.plan.Failure(now, err)
		return
	}
	if ls.HostedFetched {
		s.hostedPolls++
	}
	a.shown, a.hosted = ls.Meetings, &ls.Hosted
	a.plan.Fetched(now, ls.HostedFetched)
	a.poll.at = a.plan.Success(now, ls.Meetings, a.quota.Take())
	s.seeChanges(a, now)
}

// seeChanges records the staleness of the agent's pending edits that its list now shows.
func (s *fleetSim) seeChanges(a *fleetAgent, now time.Time) {
	keep := a.change[:0]
	for _, c := range a.change {
		if !shows(a.shown, c.id, c.topic) {
			keep = append(keep, c)
			continue
		}
		s.stale[c.near] = append(s.stale[c.near], now.Sub(c.at))
		if !c.at.After(c.start.Add(-15 * time.Minute)) {
			s.beforeStart[1]++
			if now.Before(c.start) {
				s.beforeStart[0]++
			}
		}
	}
	a.change = keep
}

// shows reports whether ms lists meeting id with topic.
func shows(ms []zoomapi.Meeting, id int64, topic string) bool {
	for _, m := range ms {
		if int64(m.ID) == id && m.Topic == topic {
			return true
		}
	}
	return false
}

// beginPass begins a pass of a's sync at now, as the service's sync loop does after its
// wait: a full one when the last full pass is a week old (or there is none), else the
// last month.
func (s *fleetSim) beginPass(a *fleetAgent, now time.Time) {
	sy := a.sync
	sy.inPass, sy.first = true, true
	sy.full = sy.lastFull.IsZero() || now.Sub(sy.lastFull) >= syncFullAge
	sy.months = syncRecent
	if sy.full {
		sy.months = syncHorizon
	}
	sy.to = now
	sy.pace.Begin()
	sy.ev.at = now.Add(max(s.syncWait(sy), time.Millisecond))
}

// syncWait is the wait before the sync's next request: the service's pace (nobody
// searches), or with SyncFixed the pace before it followed the quota.
func (s *fleetSim) syncWait(sy *agentSync) time.Duration {
	if s.o.SyncFixed {
		if sy.first {
			return 0
		}
		return pollplan.SyncIdleGap
	}
	return sy.pace.Wait(false)
}

// syncStep is the sync's event of agent a: a new pass when none is in progress, else the
// pass's next request (a month listed, or a file downloaded), then the wait for the next.
func (s *fleetSim) syncStep(ctx context.Context, a *fleetAgent) {
	sy := a.sync
	now := s.clk.Now()
	if !sy.inPass {
		s.beginPass(a, now)
		return
	}
	if i := int(s.clk.since(s.tr.origin) / time.Second); i >= 0 && i < len(s.syncSec) {
		s.syncSec[i]++
	}
	var quota pollplan.QuotaWatch
	rctx := pollplan.WithWatch(ctx, &quota)
	var err error
	if sy.months > 0 {
		from := sy.to.AddDate(0, -1, 1)
		var recs []zoomapi.Recording
		if recs, err = a.api.Recordings(rctx, from, sy.to); err == nil {
			s.syncLists++
			sy.months--
			sy.to = from.AddDate(0, 0, -1)
			sy.queue(recs)
		}
	} else {
		f := sy.files[0]
		if err = a.api.Download(rctx, f, io.Discard, 0, nil); err == nil {
			s.syncDownloads++
			sy.indexed[f.Key] = true
			delete(sy.queued, f.Key)
			sy.files = sy.files[1:]
		}
	}
	sy.first = false
	if err != nil {
		// The service ends the pass and begins a new one after the wait.
		sy.fails++
		s.syncFailed++
		if zoomapi.IsRateLimited(err) {
			s.syncLimited++
		}
		sy.inPass, sy.files = false, nil
		clear(sy.queued)
		wait := sy.pace.Failed(now, err)
		if s.o.SyncFixed {
			wait = min(pollplan.SyncBackoffMin<<min(sy.fails-1, 5), pollplan.SyncBackoffMax) // no random part
		}
		sy.ev.at = now.Add(wait)
		return
	}
	sy.fails = 0
	q := quota.Take()
	if q.Crowded() {
		s.syncCrowded++
	}
	if !s.o.SyncFixed {
		sy.pace.Answered(q)
	}
	if sy.months == 0 && len(sy.files) == 0 {
		sy.inPass = false
		if sy.firstPass.IsZero() {
			sy.firstPass = now
		}
		if sy.full {
			sy.lastFull = now
			if sy.done.IsZero() {
				sy.done = now
			}
		}
		wait := sy.pace.Recheck()
		if s.o.SyncFixed {
			wait = pollplan.SyncRecheck
		}
		sy.ev.at = now.Add(wait)
		return
	}
	sy.ev.at = now.Add(max(s.syncWait(sy), time.Millisecond))
}

// queue adds the transcripts and chats of recs that are not indexed or queued yet.
func (sy *agentSync) queue(recs []zoomapi.Recording) {
	for _, r := range recs {
		if r.StartTime.Before(sy.before) {
			continue // indexed before the day
		}
		for _, f := range r.Files {
			if (f.FileType == "TRANSCRIPT" || f.FileType == "CHAT") && f.Ready() && f.Key != "" &&
				!sy.indexed[f.Key] && !sy.queued[f.Key] {
				sy.queued[f.Key] = true
				sy.files = append(sy.files, f)
			}
		}
	}
}
