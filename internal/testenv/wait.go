package testenv

import (
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
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
	EventuallyEvery(t, timeout, pollInterval, what, cond)
}

// EventuallyEvery is Eventually checking every interval: for a condition that runs a
// program (xwininfo, import), which every 10 ms would load a busy machine and its X server.
func EventuallyEvery(t testing.TB, timeout, interval time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(interval)
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
// It is picked at random below the kernel's ephemeral range (ip_local_port_range), so no
// outgoing connection of a busy machine can take it before the listener binds it, as one
// could take a port the kernel handed out for ":0".
func FreePort(t testing.TB) int {
	t.Helper()
	low := ephemeralLow()
	for range 200 {
		port := freePortFloor + rand.IntN(low-freePortFloor)
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			continue // taken: try another
		}
		l.Close()
		return port
	}
	t.Fatal("testenv: no free loopback port below the ephemeral range")
	return 0
}

// freePortFloor is the lowest port FreePort picks: above the well-known and most
// registered service ports.
const freePortFloor = 20000

// ephemeralLow returns the first port of the kernel's ephemeral range, or 32768 (Linux's
// default; other systems' ranges start higher) when it cannot be read.
func ephemeralLow() int {
	const fallback = 32768
	data, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return fallback
	}
	f := strings.Fields(string(data))
	if len(f) != 2 {
		return fallback
	}
	low, err := strconv.Atoi(f[0])
	if err != nil || low <= freePortFloor+1000 {
		return fallback
	}
	return low
}
