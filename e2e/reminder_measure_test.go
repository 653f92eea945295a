package e2e

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/perf"
)

// TestMeasureReminderLatency prints, for ZOOMTRAY_MEASURE_REMINDER runs (unset: skipped),
// the time from a reminder's due instant to its window being viewable (xwininfo
// IsViewable, polled every 5 ms), and the p50 and max: scripts/measure-reminder.sh. It
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
		var seen time.Time
		eventually(t, patient, "the reminder window viewable", func() bool {
			out, _ := tool("xwininfo", "-name", "zoomtray reminder").Output()
			seen = time.Now()
			return strings.Contains(string(out), "IsViewable")
		})
		d := seen.Sub(due)
		lat = append(lat, d)
		fmt.Printf("run %2d: due → viewable %6.3f s\n", i+1, d.Seconds())
		pressKey(t, viewableNamed("^zoomtray reminder$"), "Escape")
		eventually(t, patient, "the reminder window gone", func() bool { return viewableNamed("^zoomtray reminder$") == "" })
	}
	fmt.Printf("reminder window, due → viewable over %d runs: p50 %.3f s, max %.3f s\n",
		runs, lat.Quantile(0.5).Seconds(), lat.Quantile(1).Seconds())
}
