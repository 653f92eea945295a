package testenv

import (
	"net"
	"testing"
	"time"
)

// pollInterval is how often Eventually checks its condition.
const pollInterval = 10 * time.Millisecond

// Eventually polls cond every 10 ms until it holds, and fails the test naming what when it
// still does not hold after timeout. The timeout is a deadline for a stuck test, not a
// timing assertion: keep it generous.
func Eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			t.Fatalf("%s: not reached within %v", what, timeout)
		case <-tick.C:
		}
	}
}

// FreePort returns a loopback TCP port that was free a moment ago, for a listener that
// must be named before it starts (a registered OAuth redirect URI, RFC 8252 section 7.3).
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
