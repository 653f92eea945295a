// Command agentnet prints the agent's network figures of docs/PERFORMANCE.md: requests
// for a cold start and a warm start, and requests per idle signed-in hour (far from and
// near a meeting), counted at the fake Zoom's GET /_zoomfake/stats while the real
// zoomtray agent runs with its intervals and the fake's token lifetime divided by -scale.
// scripts/perf-network.sh builds zoomtray and runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/zoomtray/zoomtray/internal/perf"
)

func main() {
	var o perf.AgentOptions
	flag.StringVar(&o.Zoomtray, "zoomtray", "", "the built zoomtray binary (required)")
	flag.Float64Var(&o.Scale, "scale", 60, "time scale: 60 simulates an hour in a minute")
	flag.Float64Var(&o.Hours, "hours", 1, "simulated idle hours per scenario")
	flag.Parse()
	if o.Zoomtray == "" {
		fmt.Fprintln(os.Stderr, "agentnet: -zoomtray is required (go build -tags zoomtray_testhooks -o DIR ./cmd/zoomtray)")
		os.Exit(2)
	}
	o.Log = os.Stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := perf.AgentRequests(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "agentnet:", err)
		os.Exit(1)
	}
	rep.Print(os.Stdout)
}
