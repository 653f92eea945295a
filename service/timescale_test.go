package service

import (
	"testing"
	"time"
)

// TestScaled checks Options.TimeScale, the simulation knob: above 1 it divides
// durations, otherwise they are real time.
func TestScaled(t *testing.T) {
	for _, tc := range []struct {
		scale float64
		in    time.Duration
		want  time.Duration
	}{
		{0, pollFar, pollFar},
		{1, pollFar, pollFar},
		{0.5, pollFar, pollFar},
		{60, pollFar, 10 * time.Second},
		{60, refreshAhead, 5 * time.Second},
		{600, pollNear, 200 * time.Millisecond},
	} {
		if got := (Options{TimeScale: tc.scale}).scaled(tc.in); got != tc.want {
			t.Errorf("scale %v: scaled(%v): got %v, want %v", tc.scale, tc.in, got, tc.want)
		}
	}
}
