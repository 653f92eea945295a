// Command zoomtray-window is zoomtray's window: `zoomtray-window --socket PATH
// [--namespace NS]`, the Fyne window the agent (zoomtray) starts on demand as a child
// process, talking to it over its socket. It is a program of its own, installed beside
// zoomtray, so that the resident agent does not link Fyne's GL driver: the larger binary
// alone, mapped in, cost the agent about 9 MB of resident memory (docs/PERFORMANCE.md).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/desktop"
	"github.com/zoomtray/zoomtray/internal/testhooks"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui"
	"github.com/zoomtray/zoomtray/zoomapi"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := runWindow(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// runWindow runs the window on the main goroutine, as Fyne's driver needs.
func runWindow(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("zoomtray-window", flag.ContinueOnError)
	ns := fs.String("namespace", config.DefaultNamespace, "data namespace")
	socket := fs.String("socket", "", "the agent's socket (default <runtime dir>/<namespace>/agent.sock)")
	reminder := fs.Bool("reminder", false, "show the reminder window of the meeting given as JSON on standard input")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !desktop.HasDisplay() {
		fmt.Fprintln(os.Stderr, "zoomtray-window:", desktop.NoDisplayMessage)
		return 1
	}
	var err error
	if *socket == "" {
		if *socket, err = localapi.SocketPath(*ns); err != nil {
			fmt.Fprintln(os.Stderr, "zoomtray-window:", err)
			return 1
		}
	}
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	c, err := localapi.Dial(dctx, *socket)
	if err != nil {
		fmt.Fprintln(os.Stderr, "zoomtray-window:", err)
		return 1
	}
	defer c.Close()
	st, err := c.Status(dctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "zoomtray-window:", err)
		return 1
	}
	// The end-to-end tests' hook, in a test build only: the window writes what it shows there.
	opts := ui.Options{Namespace: *ns, Kiosk: st.Kiosk, DumpFile: testhooks.Env(os.Getenv)(testhooks.UIDump)}
	if *reminder {
		// A reminder can open while the main window is open: its dump has a file of its own.
		if opts.DumpFile != "" {
			opts.DumpFile += ".reminder"
		}
		return runReminder(ctx, c, opts)
	}
	if err := ui.RunWindow(ctx, c, opts); err != nil {
		fmt.Fprintln(os.Stderr, "zoomtray-window:", err)
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
		fmt.Fprintln(os.Stderr, "zoomtray-window: reminder: reading the meeting:", err)
		return 1
	}
	snoozed, err := ui.RunReminder(ctx, c, m, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "zoomtray-window:", err)
		return 1
	}
	if snoozed {
		return service.ExitSnooze
	}
	return 0
}
