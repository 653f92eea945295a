// Command zoomfake runs the fake Zoom of package zoomtest as a standalone server, for
// demos and for trying zoomtray or curl against Zoom's OAuth and REST behaviour
// (docs/zoomfake.md). It only wires flags to zoomtest.Options.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "zoomfake:", err)
		os.Exit(2)
	}
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// config is the command line.
type config struct {
	o                    zoomtest.Options
	id, secret, publicID string
	plan                 string
	redirects, faults    listFlag
	noDevice, messy      bool
	latency              time.Duration
}

func (c *config) register(fs *flag.FlagSet) {
	fs.StringVar(&c.o.Addr, "addr", "127.0.0.1:9010", "listen address")
	fs.StringVar(&c.id, "client-id", "demo-client", "confidential client ID")
	fs.StringVar(&c.secret, "client-secret", "demo-secret", "confidential client secret")
	fs.StringVar(&c.publicID, "public-client-id", "demo-public", "public (PKCE-only) client ID")
	fs.Var(&c.redirects, "redirect-uri", "registered redirect URI, repeatable (default the three loopback ones)")
	fs.BoolVar(&c.noDevice, "no-device-grant", false, "disable the device grant for both clients")
	fs.DurationVar(&c.o.AccessTokenTTL, "access-ttl", 3599*time.Second, "access token lifetime")
	fs.DurationVar(&c.o.RefreshTokenTTL, "refresh-ttl", 90*24*time.Hour, "refresh token lifetime")
	fs.DurationVar(&c.o.RefreshGrace, "refresh-grace", 0, "reuse window of a rotated-out refresh token")
	fs.DurationVar(&c.o.CodeTTL, "code-ttl", 5*time.Minute, "authorization code lifetime")
	fs.DurationVar(&c.o.DeviceCodeTTL, "device-ttl", 900*time.Second, "device code lifetime")
	fs.DurationVar(&c.o.DeviceInterval, "device-interval", 5*time.Second, "device polling interval")
	fs.StringVar(&c.plan, "plan", "pro", "account plan for rate limits: free, pro, business")
	fs.BoolVar(&c.messy, "messy", false, "send every response shape of real Zoom accounts (recurring occurrences, a recording in progress, files without id, null times, ...)")
	fs.BoolVar(&c.o.RecordingRangeReject, "recording-range-reject", false, "answer 400 to recordings ranges over a month")
	fs.BoolVar(&c.o.RateLimitHeaders, "rate-limit-headers", false, "X-RateLimit-Limit and -Remaining (this second) on successful REST answers too")
	fs.StringVar(&c.o.AutoApprove, "auto-approve", "", "email of a user who approves every sign-in at once")
	fs.BoolVar(&c.o.AutoDeny, "auto-deny", false, "every sign-in page declines at once (access_denied)")
	fs.Var(&c.faults, "fault", "inject a fault kind[:path[:count[:value]]], repeatable (value: latency 100ms, status 500, rate_limit_qps Retry-After 2s)")
	fs.DurationVar(&c.latency, "latency", 0, "delay every answer by this much")
	fs.IntVar(&c.o.TranscriptRecordings, "transcript-recordings", 0, "add this many one-hour recordings with a transcript and a chat (the search benchmark's load)")
}

// options turns the command line into the server's options and initial faults.
func (c *config) options(log io.Writer) (zoomtest.Options, []zoomtest.Fault, error) {
	o := c.o
	o.Plan = zoomtest.Plan(c.plan)
	if c.messy {
		o.Shapes = zoomtest.MessyShapes()
	}
	redirects := []string(c.redirects)
	if len(redirects) == 0 {
		redirects = zoomtest.DefaultRedirectURIs
	}
	o.Clients = []zoomtest.Client{
		{ID: c.id, Secret: c.secret, RedirectURIs: redirects, DeviceGrant: !c.noDevice},
		{ID: c.publicID, RedirectURIs: redirects, DeviceGrant: !c.noDevice},
		{ID: "nodevice-client", Secret: "nodevice-secret", RedirectURIs: redirects},
	}
	o.Logger = slog.New(slog.NewTextHandler(log, nil))
	var fl []zoomtest.Fault
	if c.latency > 0 {
		fl = append(fl, zoomtest.Fault{Kind: zoomtest.FaultLatency, Latency: c.latency})
	}
	for _, spec := range c.faults {
		f, err := zoomtest.ParseFault(spec)
		if err != nil {
			return o, nil, err
		}
		fl = append(fl, f)
	}
	return o, fl, nil
}

// run parses args, serves until ctx ends, then shuts down.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("zoomfake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	o, faults, err := c.options(stderr)
	if err != nil {
		return err
	}
	s, err := zoomtest.Start(o)
	if err != nil {
		return err
	}
	s.SetFaults(faults...)
	fmt.Fprintf(stdout, "zoomfake listening on %s\n", s.URL)
	<-ctx.Done()
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.Shutdown(shutCtx)
}
