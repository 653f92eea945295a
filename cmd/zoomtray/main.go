// Command zoomtray is the resident zoomtray agent: with no subcommand it runs the tray,
// the session and the local API (package agent); `zoomtray window --socket PATH` is the
// window, started by the agent on demand as a child process. Flags: every setting of
// package config, plus --demo (a built-in fake Zoom), --demo-auto-approve EMAIL (with
// --demo: that fake user approves sign-ins at once, for tests and quick looks),
// --namespace and --log-level. Logs go to <state dir>/zoomtray.log.
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
	if len(os.Args) > 1 && os.Args[1] == "window" {
		code := runWindow(ctx, os.Args[2:])
		stop()
		os.Exit(code)
	}
	code := agent.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
