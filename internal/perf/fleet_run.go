package perf

import (
	"container/heap"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// agentQueue is the event heap: agents by their next poll.
type agentQueue []*fleetAgent

func (q agentQueue) Len() int           { return len(q) }
func (q agentQueue) Less(i, j int) bool { return q[i].next.Before(q[j].next) }
func (q agentQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = i, j
}
func (q *agentQueue) Push(x any) {
	a := x.(*fleetAgent)
	a.index = len(*q)
	*q = append(*q, a)
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
// plans its first poll with Planner.Resume from what it showed the evening before), then
// runs the polls in time order until End, applying the meeting edits as their time comes.
func (s *fleetSim) run(ctx context.Context) error {
	wake, end := s.o.Day.Add(s.o.Wake), s.o.Day.Add(s.o.End)
	s.clk.set(wake)
	for _, a := range s.agents {
		a.next = a.plan.Resume(wake, a.shown)
		heap.Push(&s.queue, a)
	}
	hour := wake.Add(time.Hour)
	for s.queue.Len() > 0 && s.queue[0].next.Before(end) {
		if err := ctx.Err(); err != nil {
			return err
		}
		a := s.queue[0]
		s.clk.set(a.next)
		s.applyChanges(a.next)
		s.poll(ctx, a)
		heap.Fix(&s.queue, 0)
		if !a.next.After(s.clk.Now()) {
			return fmt.Errorf("agent planned a poll at %v, not after %v", a.next, s.clk.Now())
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

// poll is one poll of the agent's poller: the meetings fetch with the poller's client and
// the planner's next time, after a success or a failure.
func (s *fleetSim) poll(ctx context.Context, a *fleetAgent) {
	now := s.clk.Now()
	s.polls++
	a.quota.Take()
	ms, err := a.api.UpcomingMeetings(ctx)
	if err != nil {
		s.failed++
		a.next = a.plan.Failure(now, err)
		return
	}
	a.shown = ms
	a.next = a.plan.Success(now, ms, a.quota.Take())
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
