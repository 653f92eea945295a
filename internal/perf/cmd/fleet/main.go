// Command fleet prints the fleet figures of docs/PERFORMANCE.md: N agents of one Zoom
// account (each its own user) through a simulated working day on a virtual clock, with the
// poller's planner and the REST client against the fake Zoom in memory. It prints the
// account's requests per second (p50, p99 and maximum over 1-second windows), the 429s and
// the staleness of meeting edits (from the edit at the fake to the agent showing it).
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
	flag.Uint64Var(&o.Seed, "seed", 1, "random seed")
	verbose := flag.Bool("v", false, "progress on stderr")
	flag.Parse()
	o.Plan = zoomtest.Plan(*plan)
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
