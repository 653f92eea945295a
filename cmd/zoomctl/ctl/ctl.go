// Package ctl is zoomctl: the command line of zoomtray. It parses the global flags (every
// config flag, --namespace, --socket), reaches the service (the agent's local API, or an
// in-process service.Service on the same stored session), runs one subcommand and turns
// errors into the sentences of ui/text.
package ctl

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// Env is the process environment zoomctl runs in; System returns the real one.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	LookPath       func(string) (string, error)
	// IsTerminal reports whether w is a terminal (progress bar, QR code).
	IsTerminal func(w io.Writer) bool
}

// System returns the environment of the running process.
func System() Env {
	return Env{
		Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, LookPath: lookPath,
		IsTerminal: isTerminal,
	}
}

// isTerminal reports whether w is a character device (a terminal), without cgo or x/term.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// usageError is a command-line mistake: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// exitError carries an exit code with nothing more to print (doctor's failures).
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// command is one subcommand.
type command struct {
	name, args, help string
	run              func(a *app, args []string) error
}

func commands() []command {
	return []command{
		{"login", "[--device|--browser] [--no-open] [--json]", "sign in to Zoom", (*app).login},
		{"logout", "", "sign out and revoke the sign-in at Zoom", (*app).logout},
		{"status", "[--json]", "show the account, the token store and the token's refresh times", (*app).status},
		{"meetings", "[--refresh] [--json]", "list upcoming meetings", (*app).meetings},
		{"recordings", "[--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]", "list cloud recordings (default: the last 30 days)", (*app).recordings},
		{"search", "PHRASE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N] [--json]", "find a phrase in what was said and typed in your cloud recordings", (*app).search},
		{"new", "[--topic T] [--open] [--json]", "create an instant meeting", (*app).newMeeting},
		{"start", "MEETING_ID [--print]", "start a meeting as host (open or print the start link)", (*app).start},
		{"join", "MEETING_ID [--print]", "join a meeting (open or print the join link)", (*app).join},
		{"download", "FILE_ID [--out PATH]", "download a recording file, resuming PATH.part", (*app).download},
		{"doctor", "[--json]", "check the setup, naming the next step for each problem", (*app).doctor},
		{"quit", "", "stop the running zoomtray agent", (*app).quit},
	}
}

// Main runs zoomctl with args (without the program name) and returns the exit code.
func Main(ctx context.Context, args []string, env Env) int {
	a := &app{ctx: ctx, env: env, flags: newGlobals(env.Getenv)}
	err := a.main(args)
	var ue *usageError
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "zoomctl: %s\nRun \"zoomctl help\" for usage.\n", ue.msg)
		return ExitUsage
	case errors.As(err, &ee):
		return ee.code
	}
	printError(env.Stderr, err)
	return ExitError
}

// printError writes err as what happened and what to do (ui/text).
func printError(w io.Writer, err error) {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(w, "zoomctl: cancelled.")
		return
	}
	what, todo := text.Error(service.Describe(err))
	fmt.Fprintf(w, "zoomctl: %s\n", what)
	if todo != "" {
		fmt.Fprintf(w, "%s\n", todo)
	}
}

func (a *app) main(args []string) error {
	fs := a.flagSet("zoomctl")
	if err := fs.Parse(args); err != nil {
		return a.parseErr(fs, err)
	}
	if fs.NArg() == 0 {
		a.usage(a.env.Stderr, fs)
		return &usageError{msg: "no command given"}
	}
	name, rest := fs.Arg(0), fs.Args()[1:]
	if name == "help" {
		a.usage(a.env.Stdout, fs)
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			defer a.close()
			return c.run(a, rest)
		}
	}
	return usagef("unknown command %q", name)
}

// parseErr turns a flag parsing error into a usage error. Help (-h, --help) is not an
// error: the usage of fs's command goes to stdout, and zoomctl exits 0.
func (a *app) parseErr(fs *flag.FlagSet, err error) error {
	if errors.Is(err, flag.ErrHelp) {
		if fs.Name() == "zoomctl" {
			a.usage(a.env.Stdout, fs)
		} else {
			a.commandUsage(fs.Name())
		}
		return err
	}
	return &usageError{msg: err.Error()}
}

// flagSet returns a FlagSet with the global flags registered, so they may come before or
// after the subcommand.
func (a *app) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // parseErr prints usage for help; errors say how to get it
	a.flags.register(fs)
	return fs
}

// subFlags parses a subcommand's flags and returns its positional arguments. Flags may
// follow the positional arguments ("start 123 --print").
func (a *app) subFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, a.parseErr(fs, err)
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// commandUsage prints one subcommand's synopsis on stdout (asked for with --help).
func (a *app) commandUsage(name string) {
	for _, c := range commands() {
		if c.name == name {
			fmt.Fprintf(a.env.Stdout, "Usage: zoomctl %s %s\n  %s\nRun \"zoomctl help\" for the global flags.\n", c.name, c.args, c.help)
		}
	}
}

// usage prints the commands and global flags to w: stdout when asked for, stderr after a
// mistake.
func (a *app) usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "Usage: zoomctl [global flags] COMMAND [flags]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n             %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintln(w, "\nGlobal flags:")
	var lines []string
	fs.VisitAll(func(f *flag.Flag) { lines = append(lines, fmt.Sprintf("  --%-22s %s", f.Name, f.Usage)) })
	sort.Strings(lines)
	fmt.Fprintln(w, strings.Join(lines, "\n"))
	fmt.Fprintln(w, "\nExit status: 0 ok, 1 error, 2 usage.")
}
