package ctl

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/skip2/go-qrcode"

	"github.com/zoomtray/zoomtray/internal/desktop"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
)

// login signs in: the browser flow (RFC 8252 loopback with PKCE) or the device flow
// (RFC 8628) with the code, the URL and a QR code of verification_uri_complete in the
// terminal. --json prints each service.LoginEvent as one JSON object per line.
func (a *app) login(args []string) error {
	fs := a.flagSet("login")
	device := fs.Bool("device", false, "sign in with a code on another device (QR)")
	browser := fs.Bool("browser", false, "sign in with the browser on this computer")
	noOpen := fs.Bool("no-open", false, "print the sign-in URL instead of opening the browser")
	asJSON := fs.Bool("json", false, "print one JSON object per event")
	if pos, err := a.subFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("login takes no arguments")
	}
	if *device && *browser {
		return usagef("choose one of --device and --browser")
	}
	out := a.loginPrinter(*asJSON)
	req := service.LoginRequest{NoOpen: *noOpen}
	switch {
	case *device:
		req.Method = service.MethodDevice
	case *browser:
		req.Method = service.MethodBrowser
	default:
		// Without a browser where zoomctl runs (ssh), the device flow, though the agent's
		// desktop may have one.
		if method, notice := service.AutoMethod(a.desktop()); method == service.MethodDevice {
			req.Method = method
			out(service.LoginEvent{Event: service.EventNotice, Message: notice})
		}
	}
	api, err := a.service()
	if err != nil {
		return err
	}
	return api.Login(a.ctx, req, out)
}

// desktop is the desktop of zoomctl's environment.
func (a *app) desktop() desktop.Env {
	return desktop.Env{GOOS: runtime.GOOS, Getenv: a.env.Getenv, LookPath: a.env.LookPath}
}

// loginPrinter returns the event handler of login: JSON lines, or words and a QR code.
func (a *app) loginPrinter(asJSON bool) func(service.LoginEvent) {
	if asJSON {
		enc := json.NewEncoder(a.env.Stdout)
		return func(ev service.LoginEvent) { enc.Encode(ev) }
	}
	return func(ev service.LoginEvent) { printEvent(a.env.Stdout, a.env.Stderr, ev) }
}

// printEvent writes one sign-in step for people. Errors are left to Main, which prints
// the returned error once.
func printEvent(out, errw io.Writer, ev service.LoginEvent) {
	switch ev.Event {
	case service.EventAuthorizeURL:
		fmt.Fprintf(out, "To sign in, open this page in your browser:\n\n  %s\n\n%s\n", ev.URL, waitingFor(ev))
	case service.EventDeviceCode, service.EventDeviceCodeRenewed:
		printDeviceCode(out, ev)
	case service.EventDeviceUnavailable:
		what, todo := text.Error(ev.Error)
		fmt.Fprintf(errw, "%s %s\n", what, todo)
	case service.EventNotice:
		fmt.Fprintf(errw, "zoomctl: %s.\n", strings.TrimSuffix(ev.Message, "."))
	case service.EventSignedIn:
		fmt.Fprintf(out, "Signed in as %s.\n", accountName(ev.Account))
	}
}

// printDeviceCode shows the user code, the verification URL and a QR code of
// verification_uri_complete, which a phone signed in to Zoom approves in one step.
func printDeviceCode(out io.Writer, ev service.LoginEvent) {
	if ev.Event == service.EventDeviceCodeRenewed {
		fmt.Fprintln(out, "The code expired; here is a new one.")
	}
	fmt.Fprintf(out, "To sign in, open %s on your phone or another computer and enter the code:\n\n    %s\n\n",
		ev.VerificationURI, ev.UserCode)
	if ev.VerificationURIComplete != "" {
		if qr, err := qrcode.New(ev.VerificationURIComplete, qrcode.Low); err == nil {
			fmt.Fprintf(out, "Or scan this code with your phone:\n\n%s\n", qr.ToSmallString(false))
		}
	}
	if ev.ExpiresIn > 0 {
		fmt.Fprintf(out, "The code works for %d minutes. Waiting for you to approve…\n", (ev.ExpiresIn+59)/60)
	}
}

// accountName is "Name <email>", or what is known.
func accountName(acc *service.Account) string {
	switch {
	case acc == nil:
		return "an unknown account"
	case acc.Name != "" && acc.Email != "":
		return fmt.Sprintf("%s <%s>", acc.Name, acc.Email)
	case acc.Email != "":
		return acc.Email
	}
	return acc.Name
}

// waitingFor says how long the browser sign-in waits: "Waiting for you to approve (until
// 14:05, 15 minutes)…", or without the time when the agent did not send it.
func waitingFor(ev service.LoginEvent) string {
	if ev.ExpiresAt.IsZero() || ev.ExpiresIn <= 0 {
		return "Waiting for you to approve…"
	}
	mins := (ev.ExpiresIn + 30) / 60
	return fmt.Sprintf("Waiting for you to approve (until %s, %d minutes)…", ev.ExpiresAt.Local().Format("15:04"), mins)
}
