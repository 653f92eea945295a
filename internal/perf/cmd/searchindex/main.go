// Command searchindex prints the transcript search figures of docs/PERFORMANCE.md: the
// real zoomtray agent indexes the transcripts and chats of a fake Zoom with N one-hour
// recordings (wall time, requests, peak RSS, index size, CPU during and after), then 100
// searches are timed through its local API. The sync's pace is divided by -scale.
// scripts/perf-search.sh builds zoomtray and runs it.
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
	var o perf.SearchOptions
	flag.StringVar(&o.Zoomtray, "zoomtray", "", "the built zoomtray binary (required)")
	flag.IntVar(&o.Recordings, "recordings", 1000, "one-hour recordings with a transcript and a chat")
	flag.Float64Var(&o.Scale, "scale", 300, "time scale of the agent: 300 makes the sync's 20 s pace 67 ms (a sped-up agent keeps at least 100 ms)")
	flag.IntVar(&o.Queries, "queries", 100, "timed searches")
	flag.DurationVar(&o.After, "after", 0, "how long the agent's CPU is measured after the sync (default 30s)")
	flag.Parse()
	if o.Zoomtray == "" {
		fmt.Fprintln(os.Stderr, "searchindex: -zoomtray is required (go build -tags zoomtray_testhooks -o DIR ./cmd/zoomtray)")
		os.Exit(2)
	}
	o.Log = os.Stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := perf.SearchIndex(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "searchindex:", err)
		os.Exit(1)
	}
	rep.Print(os.Stdout)
}
