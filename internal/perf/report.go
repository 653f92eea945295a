package perf

import (
	"fmt"
	"io"
	"time"
)

// Print writes the report as the lines docs/PERFORMANCE.md quotes.
func (r *RefreshReport) Print(w io.Writer) {
	o := r.Options
	fmt.Fprintf(w, "token refresh: %v run, %v access tokens, %v token endpoint latency, %d callers/client every %v, near = within %v of a token request\n",
		o.Duration, o.Lifetime, o.TokenLatency, o.Callers, o.Period, o.Near)
	fmt.Fprintf(w, "%-36s %6s %6s %9s %9s %9s %9s %10s %10s %5s %4s\n", "client", "n near", "n away",
		"p50 near", "p99 near", "p50 away", "p99 away", "p50 ratio", "p99 ratio", "token", "fail")
	for _, s := range []RefreshSide{r.Background, r.OnDemand} {
		p50n, p99n, p50a, p99a := s.Near.Quantile(.5), s.Near.Quantile(.99), s.Away.Quantile(.5), s.Away.Quantile(.99)
		fmt.Fprintf(w, "%-36s %6d %6d %9s %9s %9s %9s %10.2f %10.2f %5d %4d\n", s.Name, len(s.Near), len(s.Away),
			ms(p50n), ms(p99n), ms(p50a), ms(p99a), Ratio(p50n, p50a), Ratio(p99n, p99a), s.TokenRequests, s.Failures)
	}
	fmt.Fprintf(w, "p99 near expiry, on demand / background: %.1f\n",
		Ratio(r.OnDemand.Near.Quantile(.99), r.Background.Near.Quantile(.99)))
	for _, s := range []RefreshSide{r.Background, r.OnDemand} {
		if s.Failures > 0 {
			fmt.Fprintf(w, "%s: first failure: %s\n", s.Name, s.FirstFailure)
		}
	}
	fmt.Fprintf(w, "fake: %d refreshes, %d invalid_grant\n", r.Refreshes, r.InvalidGrant)
}

// ms formats d in milliseconds with one decimal.
func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }
