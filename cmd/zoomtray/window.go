package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/zoomtray/zoomtray/internal/desktop"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/ui"
)

// runWindow is `zoomtray window --socket PATH [--namespace NS]`: the Fyne window as the
// agent's child process, talking to the agent over its socket. It runs on the main
// goroutine, as Fyne's driver needs.
func runWindow(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("zoomtray window", flag.ContinueOnError)
	ns := fs.String("namespace", config.DefaultNamespace, "data namespace")
	socket := fs.String("socket", "", "the agent's socket (default <runtime dir>/<namespace>/agent.sock)")
	reminder := fs.Bool("reminder", false, "show the reminder window of the meeting given as JSON on standard input")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !desktop.HasDisplay() {
		fmt.Fprintln(os.Stderr, "zoomtray window:", desktop.NoDisplayMessage)
		return 1
	}
	var err error
	if *socket == "" {
		if *socket, err = localapi.SocketPath(*ns); err != nil {
			fmt.Fprintln(os.Stderr, "zoomtray window:", err)
			return 1
		}
	}
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	c, err := localapi.Dial(dctx, *socket)
	if err != nil {
		fmt.Fprintln(os.Stderr, "zoomtray window:", err)
		return 1
	}
	defer c.Close()
	st, err := c.Status(dctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "zoomtray window:", err)
		return 1
	}
	// ZOOMTRAY_UI_DUMP is the end-to-end tests' hook: the window writes what it shows there.
	opts := ui.Options{Namespace: *ns, Kiosk: st.Kiosk, DumpFile: os.Getenv("ZOOMTRAY_UI_DUMP")}
	if *reminder {
		// A reminder can open while the main window is open: its dump has a file of its own.
		if opts.DumpFile != "" {
			opts.DumpFile += ".reminder"
		}
		return runReminder(ctx, c, opts)
	}
	if err := ui.RunWindow(ctx, c, opts); err != nil {
		fmt.Fprintln(os.Stderr, "zoomtray window:", err)
		return 1
	}
	return 0
}

// runReminder shows the reminder window of the meeting the agent wrote on standard input
// and returns service.ExitSnooze when the user snoozed it, else 0.
func runReminder(ctx context.Context, c *localapi.Client, opts ui.Options) int {
	var m zoomapi.Meeting
	data, err := io.ReadAll(io.LimitReader(os.Stdin, 1<<20))
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "zoomtray window: reminder: reading the meeting:", err)
		return 1
	}
	snoozed, err := ui.RunReminder(ctx, c, m, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "zoomtray window:", err)
		return 1
	}
	if snoozed {
		return service.ExitSnooze
	}
	return 0
}
