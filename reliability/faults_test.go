package reliability

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// matrixFault is one column of the fault matrix.
type matrixFault struct {
	name  string
	fault zoomtest.Fault
}

// matrixFaults are the faults of issue 7: 5xx, reset, timeout (a delay beyond the
// client's timeout), 429 in both forms, malformed JSON, an HTML page with 200, and Zoom's
// 200-with-code denial (docs/zoom-reference.md, "REST: common" and "Rate limits").
func matrixFaults() []matrixFault {
	return []matrixFault{
		{"5xx", zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: http.StatusServiceUnavailable}},
		{"reset", zoomtest.Fault{Kind: zoomtest.FaultReset}},
		{"timeout", zoomtest.Fault{Kind: zoomtest.FaultLatency, Latency: matrixDelay}},
		{"429 qps", zoomtest.Fault{Kind: zoomtest.FaultRateLimitQPS}},
		{"429 daily", zoomtest.Fault{Kind: zoomtest.FaultRateLimitDaily}},
		{"bad json", zoomtest.Fault{Kind: zoomtest.FaultMalformedJSON}},
		{"html 200", zoomtest.Fault{Kind: zoomtest.FaultHTML200}},
		{"code 200", zoomtest.Fault{Kind: zoomtest.FaultCode200}},
	}
}

// cellResult is what one cell of the matrix saw.
type cellResult struct {
	outcome  string
	requests int
}

// TestFaultMatrix injects every fault, without end, into every endpoint the app uses and
// checks each cell: no panic (a panic ends the test binary), a typed error or a recovery,
// and no more requests than the client's retries allow. It logs the matrix as a table.
func TestFaultMatrix(t *testing.T) {
	skipSoakInShort(t)
	var (
		mu      sync.Mutex // guards results
		results = map[[2]string]cellResult{}
	)
	eps, faults := endpoints(), matrixFaults()
	t.Run("cells", func(t *testing.T) {
		for _, ep := range eps {
			for _, mf := range faults {
				t.Run(ep.name+"/"+mf.name, func(t *testing.T) {
					t.Parallel()
					r := runCell(t, ep, mf)
					mu.Lock()
					results[[2]string{ep.name, mf.name}] = r
					mu.Unlock()
				})
			}
		}
	})
	t.Logf("fault matrix (outcome × requests the app sent; the fake saw at most twice as many):\n%s", matrixTable(eps, faults, results))
}

// knownGaps are cells that end in an untyped error today, each a gap to fix in the
// package named; the suite logs them as such and fails once one is fixed, so that the list
// stays true. None is known at present.
var knownGaps = map[[2]string]string{}

// runCell runs one endpoint under one fault and checks the cell.
func runCell(t *testing.T, ep endpoint, mf matrixFault) cellResult {
	t.Helper()
	opts, c := zoomtest.Options{}, &cell{port: freePortNoT()}
	if ep.opts != nil {
		ep.opts(&opts, c)
	}
	c.s = newFake(t, opts)
	sent := &counter{base: http.DefaultTransport, method: ep.method, path: ep.path}
	c.cfg = authConfig(c.s, matrixTimeout)
	c.cfg.HTTPClient.Transport = sent
	call := ep.prepare(t, c)
	before, sentBefore := routeCount(c.s, ep.routes...), sent.count()
	f := mf.fault
	f.Path, f.Method = ep.path, ep.method
	c.s.SetFaults(f)
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	err := call(ctx)
	r := cellResult{outcome: outcome(err), requests: sent.count() - sentBefore}
	answered := routeCount(c.s, ep.routes...) - before
	checkCell(t, ep, mf, r, answered, ctx.Err())
	return r
}

// checkCell fails the cell unless it ended typed (or is a known gap), in time, within
// the request bound. The fake may count up to twice the requests sent: net/http retries
// an idempotent request once, below the app, when a reused connection closes unanswered.
func checkCell(t *testing.T, ep endpoint, mf matrixFault, r cellResult, answered int, ctxErr error) {
	t.Helper()
	key := [2]string{ep.name, mf.name}
	switch gap, known := knownGaps[key]; {
	case !typed(r.outcome) && known:
		t.Logf("KNOWN GAP (%s): %s under %s: %s", gap, ep.name, mf.name, r.outcome)
	case !typed(r.outcome):
		t.Errorf("%s under %s: got %s, want a typed error or success", ep.name, mf.name, r.outcome)
	case known:
		t.Errorf("%s under %s: got %s, a typed outcome: the known gap is fixed, remove it from knownGaps",
			ep.name, mf.name, r.outcome)
	}
	if ctxErr != nil {
		t.Errorf("%s under %s: still running after %s, want an end bounded by the client's timeouts", ep.name, mf.name, waitFor)
	}
	if r.requests < 1 || r.requests > ep.maxRequests || answered > 2*r.requests {
		t.Errorf("%s under %s: got %d requests sent (%d at the fake), want 1..%d sent and at most twice that at the fake",
			ep.name, mf.name, r.requests, answered, ep.maxRequests)
	}
}

// matrixTable renders the results, endpoints as rows and faults as columns.
func matrixTable(eps []endpoint, faults []matrixFault, res map[[2]string]cellResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| %-13s |", "endpoint")
	for _, f := range faults {
		fmt.Fprintf(&b, " %-22s |", f.name)
	}
	b.WriteString("\n")
	for _, ep := range eps {
		fmt.Fprintf(&b, "| %-13s |", ep.name)
		for _, f := range faults {
			r, ok := res[[2]string{ep.name, f.name}]
			cell := "not run"
			if ok {
				cell = fmt.Sprintf("%s ×%d", r.outcome, r.requests)
			}
			fmt.Fprintf(&b, " %-22s |", clip(cell, 22))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// clip shortens s to n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
