// Package testhooks holds the knobs that only tests and measurement scripts turn: a
// window's dump of what it shows, simulated time. They are environment variables read
// only by binaries built with -tags zoomtray_testhooks (testenv.Binary, the scripts that
// measure or take screenshots); a release build reads none of them, so nothing in a
// user's environment can change what it does.
package testhooks

// The knobs.
const (
	// UIDump names a file the window writes what it shows to (the end-to-end tests).
	UIDump = "ZOOMTRAY_UI_DUMP"
	// TimeScale, a number from 1 to 3600, makes the agent's polls and refreshes that
	// many times faster (perf/cmd/agentnet counts an hour of requests in a minute).
	TimeScale = "ZOOMTRAY_TIME_SCALE"
)

// Env returns getenv restricted to what this build may read: getenv itself in a test
// build; in a release build, a function that finds no knob set.
func Env(getenv func(string) string) func(string) string {
	if !Enabled {
		return func(string) string { return "" }
	}
	return getenv
}
