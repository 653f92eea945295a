package agent

import (
	"fmt"
	"path/filepath"
	"strings"

	desk "github.com/zoomtray/zoomtray/internal/desktop"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
)

// headlessMessage is the paragraph a run without a session bus (no tray icon) and without
// a display (no window) prints to stderr, since neither can tell the user anything: why
// nothing shows, the agent's state and what to do about it, and that zoomctl works
// against this agent. stateDir holds the log.
func headlessMessage(st service.Status, stateDir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "zoomtray: no tray icon (no D-Bus session bus) and %s.\n", desk.NoDisplayMessage)
	switch {
	case st.LastError != nil:
		what, todo := text.Error(st.LastError)
		fmt.Fprintf(&b, "%s %s\n", what, todo)
	case st.State == service.StateUnconfigured:
		b.WriteString("zoomtray is not set up: set ZOOMTRAY_CLIENT_ID (or pass --client-id) to your " +
			"Zoom app's client ID, and ZOOMTRAY_CLIENT_SECRET or --client-secret-file (a 0600 file, or - for standard input) for a confidential app.\n")
	case st.State.SignedOut():
		b.WriteString("Not signed in to Zoom: sign in with \"zoomctl login\".\n")
	default:
		fmt.Fprintf(&b, "Zoom sign-in state: %s.\n", st.State)
	}
	fmt.Fprintf(&b, "The agent keeps running: zoomctl (status, login, meetings, quit) works against it. Log: %s",
		filepath.Join(stateDir, LogName))
	return b.String()
}
