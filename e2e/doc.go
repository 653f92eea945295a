// Package e2e holds zoomtray's end-to-end tests (issue "The zoomtray window"): they build
// the real zoomtray and zoomtray-window binaries (testenv.Binary), start it in demo mode inside scripts/testenv.sh (a D-Bus
// session with a real gnome-keyring, Xvfb, headless Chromium as the browser), open the
// window through the tray's Activate over D-Bus, and sign in by the browser and by the
// device flow as a person would. The package has no code besides its tests.
package e2e
