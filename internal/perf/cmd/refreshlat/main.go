// Command refreshlat prints the token refresh figure of docs/PERFORMANCE.md: the latency
// of API calls at the access token's expiry boundary with zoomtray's background refresh
// against on-demand refresh by oauth2.ReuseTokenSource, measured in the same run against
// the fake Zoom. Run it with scripts/perf-refresh.sh.
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
	var o perf.RefreshOptions
	flag.DurationVar(&o.Duration, "duration", 0, "how long to call the API (default 60s)")
	flag.DurationVar(&o.Lifetime, "lifetime", 0, "access token lifetime (default 20s)")
	flag.DurationVar(&o.TokenLatency, "token-latency", 0, "latency of the token endpoint (default 100ms)")
	flag.DurationVar(&o.Period, "period", 0, "time between calls of each caller (default 100ms)")
	flag.IntVar(&o.Callers, "callers", 0, "callers per client (default 2)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := perf.RefreshLatency(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "refreshlat:", err)
		os.Exit(1)
	}
	rep.Print(os.Stdout)
}
