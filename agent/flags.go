package agent

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/programs"
	"github.com/zoomtray/zoomtray/internal/testhooks"
)

// Options are the agent's command line: every config flag (config.Flags) plus the agent's
// own.
type Options struct {
	// Settings holds the config flags the user set, keyed by flag name, for config.Load.
	Settings map[string]string
	// Demo runs against an in-process fake Zoom (zoomtest) in config.DemoNamespace with a
	// token store of its own (the keyring service "zoomtray-demo", else memory): it never
	// touches real tokens or settings.
	Demo bool
	// DemoAutoApprove (demo only) is the email of a fake Zoom user who approves every
	// sign-in at once, as a browser or phone already signed in to Zoom would: for tests
	// and quick looks without clicking through the consent page.
	DemoAutoApprove string
	// Namespace names the data directories and the socket; default config.DefaultNamespace
	// (env ZOOMTRAY_NAMESPACE), forced to config.DemoNamespace by Demo.
	Namespace string
	// LogLevel is the level of <state dir>/zoomtray.log; default info.
	LogLevel slog.Level
	// OpenWindow opens the window at start (the demo started from "Try the demo").
	OpenWindow bool
	// DemoIfUnconfigured turns on Demo when the settings name no Zoom app (no client ID):
	// the README's first command (scripts/run.sh) runs the demo until one is configured.
	DemoIfUnconfigured bool
	// TimeScale is the simulation knob of env ZOOMTRAY_TIME_SCALE, read only by a test
	// build (timescale.go, service.Options.TimeScale); 0 is real time.
	TimeScale float64
}

// parseArgs reads the command line. getenv supplies ZOOMTRAY_NAMESPACE.
func parseArgs(args []string, getenv func(string) string, stderr io.Writer) (Options, error) {
	o := Options{Settings: map[string]string{}, Namespace: getenv("ZOOMTRAY_NAMESPACE")}
	fs := flag.NewFlagSet("zoomtray", flag.ContinueOnError)
	fs.SetOutput(stderr)
	config.RegisterFlags(fs, o.Settings, os.Stdin)
	fs.BoolVar(&o.Demo, "demo", false, "run against a built-in fake Zoom (namespace "+config.DemoNamespace+", tokens in memory)")
	fs.StringVar(&o.DemoAutoApprove, "demo-auto-approve", "", "with --demo: this fake user (e.g. alex@example.com) approves every sign-in at once")
	fs.StringVar(&o.Namespace, "namespace", o.Namespace, "data namespace (env ZOOMTRAY_NAMESPACE)")
	level := fs.String("log-level", "info", "log level: debug, info, warn, error")
	fs.BoolVar(&o.OpenWindow, "open-window", false, "open the window at start")
	fs.BoolVar(&o.DemoIfUnconfigured, "demo-if-unconfigured", false, "run --demo when no Zoom app (client ID) is configured")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	var err error
	if o.TimeScale, err = timeScale(testhooks.Env(getenv)); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q (the window is the program %s)", fs.Arg(0), programs.Window)
	}
	if err := o.LogLevel.UnmarshalText([]byte(strings.ToUpper(*level))); err != nil {
		return o, fmt.Errorf("--log-level: %w", err)
	}
	if o.DemoAutoApprove != "" && !o.Demo {
		return o, fmt.Errorf("--demo-auto-approve needs --demo")
	}
	if o.Demo {
		o.Namespace = config.DemoNamespace
	}
	if o.Namespace == "" {
		o.Namespace = config.DefaultNamespace
	}
	return o, nil
}
