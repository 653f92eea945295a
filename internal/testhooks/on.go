//go:build zoomtray_testhooks

package testhooks

// Enabled reports a test build (-tags zoomtray_testhooks), which reads the knobs.
const Enabled = true
