// Command zoomctl is zoomtray's command line: sign in and out, show the status, the
// meetings and the recordings, create and start meetings, download recordings, and check
// the desktop setup (doctor). It talks to the running agent over its local API, or works in
// process on the same stored session when no agent runs. It links no GUI toolkit
// (CGO_ENABLED=0 builds it).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/zoomtray/zoomtray/cmd/zoomctl/ctl"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := ctl.Main(ctx, os.Args[1:], ctl.System())
	stop()
	os.Exit(code)
}
