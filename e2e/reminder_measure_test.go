package e2e

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/perf"
	"github.com/zoomtray/zoomtray/internal/testenv"
)

// TestMeasureReminderLatency prints, for ZOOMTRAY_MEASURE_REMINDER runs (unset: skipped),
// the time from a reminder's due instant to its window being viewable (xwininfo
// IsViewable, polled every 10 ms once the window's dump names the meeting), and the p50 and max: scripts/measure-reminder.sh. It
// asserts nothing about the figures.
func TestMeasureReminderLatency(t *testing.T) {
	runs, _ := strconv.Atoi(os.Getenv("ZOOMTRAY_MEASURE_REMINDER"))
	if runs <= 0 {
		t.Skip("a measurement: set ZOOMTRAY_MEASURE_REMINDER=RUNS (scripts/measure-reminder.sh)")
	}
	requireDesktop(t)
	r := startReminderAgent(t)
	var lat perf.Latencies
	for i := range runs {
		topic := fmt.Sprintf("Measured reminder %d", i+1)
		due := r.addMeeting(t, topic, 3*time.Second)
		// The dump first (a file, cheap to poll), then X: asking the X server 200 times a
		// second from the start would crowd it while the new window connects.
		pollEvery(t, 5*time.Millisecond, "the reminder window started", func() bool {
			data, err := os.ReadFile(r.dump())
			return err == nil && strings.Contains(string(data), "\n"+topic+"\n")
		})
		var seen time.Time
		pollEvery(t, 10*time.Millisecond, "the reminder window viewable", func() bool {
			out, _ := tool("xwininfo", "-name", "zoomtray reminder").Output()
			seen = time.Now()
			return strings.Contains(string(out), "IsViewable")
		})
		d := seen.Sub(due)
		lat = append(lat, d)
		fmt.Printf("run %2d: due → viewable %6.3f s\n", i+1, d.Seconds())
		pressKey(t, viewableNamed("^zoomtray reminder$"), "Escape")
		testenv.Eventually(t, patient, "the reminder window gone", func() bool { return viewableNamed("^zoomtray reminder$") == "" })
	}
	fmt.Printf("reminder window, due → viewable over %d runs: p50 %.3f s, max %.3f s\n",
		runs, lat.Quantile(0.5).Seconds(), lat.Quantile(1).Seconds())
}

// pollEvery is eventually (patient) with a finer tick, for a measurement's resolution.
func pollEvery(t *testing.T, every time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(patient)
	defer deadline.Stop()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			t.Fatalf("%s: not within %v", what, patient)
		case <-tick.C:
		}
	}
}
