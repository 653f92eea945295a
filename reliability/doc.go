// Package reliability holds the reliability suite of zoomtray (issue 7, docs/RELIABILITY.md):
// a fault matrix across every Zoom endpoint the app uses, kill -9 of the refreshing agent
// (and of a bare session), and security checks (loopback listener, Host header, state and
// PKCE, file modes, the local API socket, tokens in the files of zoomctl and the agent). Everything is in its tests; it runs in
// bounded time with go test ./reliability/, and longer with -long or RELIABILITY_LONG=1.
package reliability
