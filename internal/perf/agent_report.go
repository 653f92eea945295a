package perf

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Print writes the agent's network figures as docs/PERFORMANCE.md quotes them.
func (r *AgentReport) Print(w io.Writer) {
	o := r.Options
	fmt.Fprintf(w, "agent requests: time scale %g (access tokens %s, polls every 10 min / %g), %g simulated hour(s) per scenario\n",
		o.Scale, "3599s / scale", o.Scale, o.Hours)
	fmt.Fprintf(w, "cold start (stored session, empty cache): %d requests until meetings listed, the transcript sync's apart [%s]\n", r.Cold, routeList(r.ColdRoutes))
	fmt.Fprintf(w, "warm start (cache of the previous run, REST answers after %s): meetings listed from the cache at the first answer: %v; %d requests until its start-up poll fetched them anew, the transcript sync's apart [%s]\n",
		restLatency, r.WarmFromCache, r.Warm, routeList(r.WarmRoutes))
	for _, h := range []IdleHour{r.Far, r.Near} {
		fmt.Fprintf(w, "requests per idle signed-in hour, %s (meeting in %s): %.1f, the transcript sync's apart [%s] (measured %s)\n",
			h.Name, h.MeetingIn, h.Requests, routeRates(h.Routes), h.Measured)
	}
}

// routeList formats per-route counts, sorted by route.
func routeList(m map[string]int) string {
	var parts []string
	for _, r := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", r, m[r]))
	}
	return strings.Join(parts, ", ")
}

// routeRates formats per-route rates, sorted by route.
func routeRates(m map[string]float64) string {
	var parts []string
	for _, r := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %.1f", r, m[r]))
	}
	return strings.Join(parts, ", ")
}
