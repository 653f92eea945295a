package agent

import (
	"fmt"
	"strconv"

	"github.com/zoomtray/zoomtray/internal/testhooks"
)

// timeScaleEnv is the agent's simulation knob: a number above 1 divides the poller's
// intervals and the session's refresh margin (service.Options.TimeScale), so that
// internal/perf/cmd/agentnet can count an hour of idle requests in a minute. It is not a setting:
// no flag, no config file, and only a test build reads it (testhooks).
const timeScaleEnv = testhooks.TimeScale

// timeScale reads timeScaleEnv: 0 when unset, else a number from 1 to 3600. parseArgs
// passes a getenv that finds it only in a test build.
func timeScale(getenv func(string) string) (float64, error) {
	v := getenv(timeScaleEnv)
	if v == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 1 || f > 3600 {
		return 0, fmt.Errorf("%s=%q: want a number from 1 to 3600", timeScaleEnv, v)
	}
	return f, nil
}
