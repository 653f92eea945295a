package perf

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/zoomtray/zoomtray/internal/pollplan"
)

// FleetReport is what Fleet measured.
type FleetReport struct {
	Options FleetOptions
	// PerSecond is the account's REST requests in each 1-second window from Wake to End,
	// sorted; RateLimited counts the 429s and LimitedSeconds the windows with any.
	PerSecond                   []int
	RateLimited, LimitedSeconds int
	// Medium and Light are the same for the requests of Zoom's Medium category (the
	// meetings and recordings lists) and its Light one (downloads), sorted.
	Medium, Light      []int
	Polls, FailedPolls int
	// HostedPolls counts the successful polls that fetched the hosted list as well as
	// upcoming_meetings (the others reused the agent's last hosted list).
	HostedPolls int
	// PeakAt is the busiest second, with PeakCount requests; LimitedByHour counts the
	// 429s by the hour (UTC) they came in.
	PeakAt        time.Time
	PeakCount     int
	LimitedByHour [24]int
	// Far and Near are the staleness of the edits the agents showed (from the edit at the
	// fake to the poll whose list showed it), by the agent's cadence when the edit was made.
	Far, Near Latencies
	// Unshown counts edits no agent showed by End (their meeting had ended first, or End
	// came); Superseded those edited again before their agent showed them.
	Unshown, Superseded int
	// InTime and Early count the edits made at least 15 minutes before their meeting's
	// start (Early) and those of them shown before the start (InTime).
	InTime, Early int
	// MaxPressure counts agents slowed down at End.
	Pressured int
	// The transcript sync: its successful list requests and downloads, its failed
	// requests (SyncLimited of them 429s), and SyncMode's figure: with SyncFirst, the
	// agents whose first full sync completed by End (SyncDone) and the time from the wake
	// to their completion; with SyncRecheck, the agents that completed a pass (SyncDone).
	SyncLists, SyncDownloads, SyncFailed, SyncLimited int
	SyncDone                                          int
	SyncTimes                                         Latencies
	// SyncCrowded counts the sync's answers that found more than a quarter of the second's
	// quota used (each slowed its agent's sync down).
	SyncCrowded int
	// SyncPerSecond is the sync's own requests in each second, sorted.
	SyncPerSecond []int
	Wall          time.Duration
}

// report gathers the figures of a finished run.
func (s *fleetSim) report() *FleetReport {
	r := &FleetReport{Options: s.o, Polls: s.polls, FailedPolls: s.failed, HostedPolls: s.hostedPolls,
		Far: s.stale[false], Near: s.stale[true], InTime: s.beforeStart[0], Early: s.beforeStart[1],
		Superseded: s.superseded}
	for i, n := range s.tr.perSec {
		r.PerSecond = append(r.PerSecond, int(n))
		r.Medium = append(r.Medium, int(s.tr.medium[i]))
		r.Light = append(r.Light, int(s.tr.light[i]))
		r.SyncPerSecond = append(r.SyncPerSecond, int(s.syncSec[i]))
		if l := int(s.tr.limited[i]); l > 0 {
			r.RateLimited += l
			r.LimitedSeconds++
		}
	}
	for i, n := range s.tr.perSec {
		if int(n) > r.PeakCount {
			r.PeakCount, r.PeakAt = int(n), s.tr.origin.Add(time.Duration(i)*time.Second)
		}
	}
	for i, n := range s.tr.limited {
		if n > 0 {
			h := s.tr.origin.Add(time.Duration(i) * time.Second).Truncate(time.Hour).Hour()
			r.LimitedByHour[h] += int(n)
		}
	}
	slices.Sort(r.PerSecond)
	slices.Sort(r.Medium)
	slices.Sort(r.Light)
	slices.Sort(r.SyncPerSecond)
	r.SyncLists, r.SyncDownloads, r.SyncFailed, r.SyncLimited = s.syncLists, s.syncDownloads, s.syncFailed, s.syncLimited
	r.SyncCrowded = s.syncCrowded
	for _, a := range s.agents {
		r.Unshown += len(a.change)
		if a.plan.Pressure() > 0 {
			r.Pressured++
		}
		if sy := a.sync; sy != nil {
			at := sy.done
			if s.o.Sync == SyncRecheck {
				at = sy.firstPass
			}
			if !at.IsZero() {
				r.SyncDone++
				r.SyncTimes = append(r.SyncTimes, at.Sub(s.o.Day.Add(s.o.Wake)))
			}
		}
	}
	slices.Sort(r.SyncTimes)
	r.Unshown += len(s.changes)
	return r
}

// quantile returns the q-quantile of sorted counts by the nearest-rank method.
func quantile(sorted []int, q float64) int {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// Print writes the report.
func (r *FleetReport) Print(w io.Writer) {
	o := r.Options
	jitter := "on"
	if o.NoJitter {
		jitter = "off"
	}
	day := o.Day.Add(o.Wake)
	fmt.Fprintf(w, "fleet: %d agents, one %s account, jitter %s; %s %s-%s UTC, all wake at %s; %.1f meetings/agent at :00/:30; %d edits\n",
		o.Agents, o.Plan, jitter, day.Format("Mon 2006-01-02"), day.Format("15:04"), o.Day.Add(o.End).Format("15:04"),
		day.Format("15:04"), o.MeetingsPerDay, o.Changes)
	var sum int
	for _, n := range r.PerSecond {
		sum += n
	}
	mean := float64(sum) / float64(max(len(r.PerSecond), 1))
	fmt.Fprintf(w, "requests/s over %d 1-second windows: mean %.1f  p50 %d  p99 %d  max %d; Medium (lists) p99 %d max %d; Light (downloads) p99 %d max %d\n",
		len(r.PerSecond), mean, quantile(r.PerSecond, 0.5), quantile(r.PerSecond, 0.99), quantile(r.PerSecond, 1),
		quantile(r.Medium, 0.99), quantile(r.Medium, 1), quantile(r.Light, 0.99), quantile(r.Light, 1))
	fmt.Fprintf(w, "busiest second %s (%d requests); 429: %d (in %d seconds)%s; polls %d (%d with the hosted list), failed %d; agents slowed down at the end %d\n",
		r.PeakAt.Format("15:04:05"), r.PeakCount, r.RateLimited, r.LimitedSeconds, byHour(r.LimitedByHour), r.Polls, r.HostedPolls, r.FailedPolls, r.Pressured)
	all := append(append(Latencies{}, r.Far...), r.Near...)
	fmt.Fprintf(w, "staleness p95: all %v (n=%d); far cadence %v (n=%d, interval %v); near cadence %v (n=%d, interval %v); max %v\n",
		all.Quantile(0.95).Round(time.Second), len(all), r.Far.Quantile(0.95).Round(time.Second), len(r.Far), pollplan.Far,
		r.Near.Quantile(0.95).Round(time.Second), len(r.Near), pollplan.Near, all.Quantile(1).Round(time.Second))
	fmt.Fprintf(w, "edits made 15+ min before the start shown before it: %d of %d; never shown: %d; edited again first: %d\n",
		r.InTime, r.Early, r.Unshown, r.Superseded)
	if o.Sync != SyncOff {
		pace := "the account's quota"
		if o.SyncFixed {
			pace = "fixed (20 s, no quota)"
		}
		what := "first full sync completed"
		if o.Sync == SyncRecheck {
			what = "first pass of the day completed"
		}
		fmt.Fprintf(w, "transcript sync (%s, %d recordings/agent, pace %s): %d lists, %d downloads (per second p99 %d, max %d), %d failed (%d × 429); %s by the end: %d of %d agents, p50 %v, p95 %v after the wake; answers that slowed the sync (over a quarter of the second's quota used): %d\n",
			o.Sync, o.Recordings, pace, r.SyncLists, r.SyncDownloads, quantile(r.SyncPerSecond, 0.99), quantile(r.SyncPerSecond, 1), r.SyncFailed, r.SyncLimited, what, r.SyncDone, o.Agents,
			r.SyncTimes.Quantile(0.5).Round(time.Second), r.SyncTimes.Quantile(0.95).Round(time.Second), r.SyncCrowded)
	}
	fmt.Fprintf(w, "wall time %v\n", r.Wall.Round(100*time.Millisecond))
}

// byHour lists the non-zero hours of counts, " by hour: 09h 12, 10h 3", or "".
func byHour(counts [24]int) string {
	var b strings.Builder
	for h, n := range counts {
		if n > 0 {
			if b.Len() == 0 {
				b.WriteString(" by hour:")
			}
			fmt.Fprintf(&b, " %02dh %d", h, n)
		}
	}
	return b.String()
}
