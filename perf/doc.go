// Package perf measures the figures of docs/PERFORMANCE.md (issue 7) against the fake
// Zoom (zoomapi/zoomtest): API latency at the access token's expiry boundary with the
// session's background refresh against on-demand refresh, and the device flow's polls.
// The figures are printed by the mains under perf/cmd and by scripts/perf-*.sh; nothing
// here asserts a figure.
package perf
