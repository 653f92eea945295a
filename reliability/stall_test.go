package reliability

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// stallClock measures how long the victims of TestKill9DuringRefresh were ready to run but
// kept off every CPU by other work: a process that got its rotated token 700 ms before the
// kill but sat on a run queue for 600 ms of them had 100 ms to save it, not 700. It adds
// up, across victims, the run-queue wait of the current victim's threads (the second field
// of /proc/<pid>/task/<tid>/schedstat), sampled with the time. Where that cannot be read
// (not Linux) it stays at zero and the test judges by wall time alone.
type stallClock struct {
	mu      sync.Mutex
	pid     int
	base    time.Duration // the victim's run-queue wait when followed
	last    time.Duration // the victim's run-queue wait at the latest sample
	offset  time.Duration // the stall of the earlier victims
	samples []stallSample
}

type stallSample struct {
	at    time.Time
	stall time.Duration // the total stall of all victims so far
}

// follow starts counting the run-queue wait of process pid, the new victim.
func (c *stallClock) follow(pid int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += c.last - c.base
	c.pid = pid
	c.base, _ = runQueueWait(pid)
	c.last = c.base
}

// sample records the stall so far and returns the time of the sample.
func (c *stallClock) sample() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if c.pid == 0 {
		return now
	}
	if d, ok := runQueueWait(c.pid); ok && d >= c.last {
		c.last = d
	}
	c.samples = append(c.samples, stallSample{at: now, stall: c.offset + c.last - c.base})
	return now
}

// between is the stall from the last sample at or before from to the last at or before to.
func (c *stallClock) between(from, to time.Time) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at(to) - c.at(from)
}

// at is the total stall at the last sample taken at or before t.
func (c *stallClock) at(t time.Time) time.Duration {
	var s time.Duration
	for _, x := range c.samples {
		if x.at.After(t) {
			break
		}
		s = x.stall
	}
	return s
}

// runQueueWait is how long the threads of process pid have waited on a run queue in all.
func runQueueWait(pid int) (time.Duration, bool) {
	tasks, err := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "schedstat"))
	if err != nil || len(tasks) == 0 {
		return 0, false
	}
	var total time.Duration
	for _, p := range tasks {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // a thread that just ended
		}
		f := strings.Fields(string(b))
		if len(f) < 2 {
			return 0, false
		}
		ns, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return 0, false
		}
		total += time.Duration(ns)
	}
	return total, true
}

// TestStallClock checks the arithmetic of stallClock on samples of two victims, and that
// this machine's run-queue wait can be read where the kill test relies on it.
func TestStallClock(t *testing.T) {
	if runtime.GOOS == "linux" {
		if _, ok := runQueueWait(os.Getpid()); !ok {
			t.Fatal("cannot read /proc/<pid>/task/*/schedstat: the kill test would judge by wall time alone")
		}
	}
	t0 := time.Now()
	ms := time.Millisecond
	c := stallClock{samples: []stallSample{
		{t0, 0}, {t0.Add(10 * ms), 5 * ms}, {t0.Add(20 * ms), 300 * ms}, {t0.Add(30 * ms), 310 * ms},
	}}
	for _, tc := range []struct {
		from, to time.Duration
		want     time.Duration
	}{
		{0, 30 * ms, 310 * ms},
		{15 * ms, 30 * ms, 305 * ms}, // from the sample at or before 15 ms
		{20 * ms, 25 * ms, 0},
		{-ms, 10 * ms, 5 * ms}, // before the first sample: no stall yet
	} {
		if got := c.between(t0.Add(tc.from), t0.Add(tc.to)); got != tc.want {
			t.Errorf("between(%v, %v) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
	// follow carries the stall of the earlier victim over.
	c = stallClock{pid: 1, base: 100 * ms, last: 150 * ms}
	c.follow(0)
	if c.offset != 50*ms {
		t.Errorf("after follow, offset = %v, want 50ms", c.offset)
	}
}
