// Command zoomtray is the resident zoomtray agent: the tray, the session and the local
// API (package agent). The window is the program zoomtray-window beside it, started on
// demand as a child process. Flags: every setting of package config, plus --demo (a
// built-in fake Zoom), --demo-auto-approve EMAIL (with --demo: that fake user approves
// sign-ins at once, for tests and quick looks), --namespace and --log-level. Logs go to
// <state dir>/zoomtray.log.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/zoomtray/zoomtray/agent"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := agent.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
