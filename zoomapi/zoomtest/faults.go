package zoomtest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// controlPrefix is where the fake's own control API lives; faults never apply to it.
const controlPrefix = "/_zoomfake/"

// SetFaults replaces the injected faults; no arguments clears them. Every matching
// latency fault delays a request, then the first other matching fault applies.
func (s *Server) SetFaults(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append([]Fault(nil), faults...)
}

// Faults returns the faults still active.
func (s *Server) Faults() []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Fault{}, s.faults...)
}

// matches reports whether f applies to r.
func (f Fault) matches(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, f.Path) && (f.Method == "" || strings.EqualFold(f.Method, r.Method))
}

// takeFaults returns the total latency and the first non-latency fault for r, using up
// one of each fault's Count.
func (s *Server) takeFaults(r *http.Request) (delay time.Duration, f Fault, ok bool) {
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		return 0, Fault{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.faults[:0]
	for _, cur := range s.faults {
		use := cur.matches(r) && (cur.Kind == FaultLatency || !ok)
		if use && cur.Kind == FaultLatency {
			delay += cur.Latency
		} else if use {
			f, ok = cur, true
		}
		if use && cur.Count == 1 {
			continue
		}
		if use && cur.Count > 1 {
			cur.Count--
		}
		kept = append(kept, cur)
	}
	s.faults = kept
	return delay, f, ok
}

// loginPage is what Zoom serves with HTTP 200 when a request is not signed in.
const loginPage = `<!DOCTYPE html><html><head><title>Sign In | Zoom</title></head>` +
	`<body><form action="/signin" method="post"><input name="email"><input name="password" type="password"></form></body></html>`

// writeFault answers r as fault f asks (the kinds that do answer).
func (s *Server) writeFault(w http.ResponseWriter, f Fault) {
	switch f.Kind {
	case FaultStatus:
		st := f.Status
		if st == 0 {
			st = http.StatusServiceUnavailable
		}
		writeAPIError(w, st, st, http.StatusText(st))
	case FaultMalformedJSON:
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		_, _ = w.Write([]byte(`{"code":0,"id":"trunc`))
	case FaultHTML200:
		w.Header().Set("Content-Type", "text/html;charset=utf-8")
		_, _ = w.Write([]byte(loginPage))
	case FaultCode200:
		writeAPIError(w, http.StatusOK, 200, "Only available for Paid account.")
	case FaultRateLimitQPS:
		if f.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(f.RetryAfter.Round(time.Second)/time.Second)))
		}
		writeQPSLimit(w, rateLight, planLimits[s.opts.Plan].perSecond[rateLight], s.now())
	case FaultRateLimitDaily:
		writeDailyLimit(w, rateLight, nextMidnightUTC(s.now()), msgDailyLimit)
	}
}

// validKinds are the fault kinds the fake knows.
var validKinds = map[FaultKind]bool{
	FaultLatency: true, FaultStatus: true, FaultReset: true, FaultDropAfterCommit: true,
	FaultMalformedJSON: true, FaultHTML200: true, FaultCode200: true,
	FaultRateLimitQPS: true, FaultRateLimitDaily: true, FaultStallBody: true,
}

// validate reports an unknown kind, a negative count, a latency fault without a delay or
// a status fault with a status that is not an HTTP error.
func (f Fault) validate() error {
	switch {
	case !validKinds[f.Kind]:
		return fmt.Errorf("unknown fault kind %q", f.Kind)
	case f.Count < 0:
		return fmt.Errorf("fault %s: negative count %d", f.Kind, f.Count)
	case (f.Kind == FaultLatency || f.Kind == FaultStallBody) && f.Latency <= 0:
		return fmt.Errorf("fault %s: needs a positive latency", f.Kind)
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("fault %s: status %d is not an HTTP error status", f.Kind, f.Status)
	case f.RetryAfter < 0:
		return fmt.Errorf("fault %s: negative retry_after", f.Kind)
	}
	return nil
}

// ParseFault parses the command-line form "kind[:path[:count[:value]]]", e.g.
// "drop_after_commit:/oauth/token:1". The value is the delay of a latency fault
// ("latency:/v2/:0:100ms") and the stall of a stall_body fault ("stall_body:/rec/:1:30s"), the HTTP status of a status fault ("status:/v2/:2:500") and
// the Retry-After of a rate_limit_qps fault ("rate_limit_qps:/v2/:1:2s").
func ParseFault(spec string) (Fault, error) {
	parts := strings.SplitN(spec, ":", 4)
	f := Fault{Kind: FaultKind(parts[0])}
	if len(parts) > 1 {
		f.Path = parts[1]
	}
	if len(parts) > 2 && parts[2] != "" {
		n, err := strconv.Atoi(parts[2])
		if err != nil {
			return Fault{}, fmt.Errorf("fault %q: bad count: %w", spec, err)
		}
		f.Count = n
	}
	if len(parts) > 3 {
		if err := f.setValue(parts[3]); err != nil {
			return Fault{}, fmt.Errorf("fault %q: %w", spec, err)
		}
	}
	return f, f.validate()
}

// setValue sets the kind-specific value of the command-line form.
func (f *Fault) setValue(v string) error {
	var err error
	switch f.Kind {
	case FaultLatency, FaultStallBody:
		f.Latency, err = time.ParseDuration(v)
	case FaultRateLimitQPS:
		f.RetryAfter, err = time.ParseDuration(v)
	case FaultStatus:
		f.Status, err = strconv.Atoi(v)
	default:
		return fmt.Errorf("kind %s takes no value", f.Kind)
	}
	if err != nil {
		return fmt.Errorf("bad value: %w", err)
	}
	return nil
}
