// Package perf measures the figures of docs/PERFORMANCE.md (issue 7) against the fake
// Zoom (zoomapi/zoomtest): API latency at the access token's expiry boundary with the
// session's background refresh against on-demand refresh, the device flow's polls, and
// the real agent's requests for a cold and a warm start and per idle signed-in hour
// (AgentRequests, simulated faster with the agent's hidden ZOOMTRAY_TIME_SCALE).
// The figures are printed by the mains under perf/cmd and by scripts/perf-*.sh; nothing
// here asserts a figure.
package perf
