// Command fleet prints the fleet figures of docs/PERFORMANCE.md: N agents of one Zoom
// account (each its own user) through a simulated working day on a virtual clock, with the
// poller's planner and the REST client against the fake Zoom in memory. It prints the
// account's requests per second (p50, p99 and maximum over 1-second windows), the 429s and
// the staleness of meeting edits (from the edit at the fake to the agent showing it), and
// what the agents' transcript syncs did on the same account.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/zoomtray/zoomtray/internal/perf"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

func main() {
	var o perf.FleetOptions
	flag.IntVar(&o.Agents, "agents", 1000, "simulated agents (users of one account)")
	plan := flag.String("plan", "business", "the account's plan: free, pro or business")
	flag.BoolVar(&o.NoJitter, "no-jitter", false, "phase 0, no jitter, wake polls at once (the poller before)")
	flag.DurationVar(&o.Wake, "wake", 9*time.Hour, "when every agent wakes, from midnight UTC")
	flag.DurationVar(&o.End, "end", 18*time.Hour, "end of the simulated day, from midnight UTC")
	flag.Float64Var(&o.MeetingsPerDay, "meetings", 3, "mean 30-minute meetings per agent per day, at :00 and :30")
	flag.IntVar(&o.Changes, "changes", 2000, "meeting edits whose staleness is measured")
	sync := flag.String("sync", "recheck", "the transcript sync: recheck (indexes complete, the wake begins a recheck), first (every agent's first full sync begins at the wake) or off")
	flag.IntVar(&o.Recordings, "recordings", 10, "recordings with a transcript and a chat per agent, over the 24 months before the day")
	flag.BoolVar(&o.SyncFixed, "sync-fixed", false, "pace the sync as before it followed the account's quota (a request every 20 s)")
	flag.Uint64Var(&o.Seed, "seed", 1, "random seed")
	verbose := flag.Bool("v", false, "progress on stderr")
	flag.Parse()
	o.Plan = zoomtest.Plan(*plan)
	o.Sync = perf.SyncMode(*sync)
	switch o.Sync {
	case perf.SyncRecheck, perf.SyncFirst, perf.SyncOff:
	default:
		fmt.Fprintf(os.Stderr, "fleet: -sync %q: want recheck, first or off\n", *sync)
		os.Exit(2)
	}
	if *verbose {
		o.Log = os.Stderr
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := perf.Fleet(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fleet:", err)
		os.Exit(1)
	}
	rep.Print(os.Stdout)
}
