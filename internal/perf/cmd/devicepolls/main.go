// Command devicepolls prints the device-flow figure of docs/PERFORMANCE.md: how many times
// zoomtray polls Zoom's token endpoint while the user approves on a phone, against the
// minimum ceil(wait / interval) + 1, and the slow_down answers (wanted: 0). It runs against
// the fake Zoom; scripts/perf-network.sh runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/zoomtray/zoomtray/internal/perf"
)

func main() {
	interval := flag.Duration("interval", time.Second, "the fake's device polling interval")
	wait := flag.Duration("wait", 5*time.Second, "how long after the start the user approves")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := perf.DevicePolls(ctx, *interval, *wait)
	if err != nil {
		fmt.Fprintln(os.Stderr, "devicepolls:", err)
		os.Exit(1)
	}
	rep.Print(os.Stdout)
}
