package ctl

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/appconfig"
	"github.com/zoomtray/zoomtray/internal/desktop"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/ui/text"
)

// Results of a doctor check.
const (
	checkOK   = "ok"
	checkWarn = "warn"
	checkFail = "fail"
)

// maxSkew is the clock difference with Zoom above which doctor warns: OAuth tokens carry
// expiry times, and the device flow's expiry is computed locally.
const maxSkew = 30 * time.Second

// check is one line of doctor's report: what was found and, for a warning or a failure,
// the one next step.
type check struct {
	Result string `json:"result"`
	Name   string `json:"name"`
	Detail string `json:"detail"`
	Next   string `json:"next,omitempty"`
}

// fallbackSettings stand in for the documented defaults when the settings do not load.
func fallbackSettings() config.Settings {
	const zoom = "https://zoom.us"
	return config.Settings{ZoomURL: zoom, APIURL: "https://api.zoom.us/v2", RedirectPorts: []int{53682, 53683, 53684}, TokenStore: "keyring"}
}

// doctor checks what zoomtray needs from the desktop and the network, one line each:
// "ok|warn|fail  name  detail", followed for a problem by "      → next step". With
// --json it prints the checks as a JSON array. It exits 1 when any check fails.
func (a *app) doctor(args []string) error {
	var asJSON *bool
	if err := a.noArgs("doctor", args, func(fs *flag.FlagSet) { asJSON = fs.Bool("json", false, "print JSON") }); err != nil {
		return err
	}
	st, cfgErr := a.settings()
	var secretErr *appconfig.SecretError
	if cfgErr != nil && !errors.As(cfgErr, &secretErr) { // a secret-less st is still valid
		st = fallbackSettings()
	}
	ctx, cancel := context.WithTimeout(a.ctx, 30*time.Second)
	defer cancel()
	bus, busCheck := a.checkBus(st.TokenStore)
	if bus != nil {
		defer bus.Close()
	}
	checks := []check{
		configCheck(cfgErr, st),
		busCheck,
		trayCheck(ctx, bus),
		a.keyringCheck(ctx, st),
		a.browserCheck(),
		loopbackCheck(st.RedirectPorts),
		clockCheck(ctx, st.ZoomURL),
		proxyCheck(st.ZoomURL, st.APIURL),
		a.agentCheck(ctx),
	}
	failed := false
	for _, c := range checks {
		failed = failed || c.Result == checkFail
	}
	if *asJSON {
		if err := printJSON(a.env.Stdout, checks); err != nil {
			return err
		}
	} else {
		for _, c := range checks {
			fmt.Fprintf(a.env.Stdout, "%-4s  %-16s %s\n", c.Result, c.Name, c.Detail)
			if c.Next != "" {
				fmt.Fprintf(a.env.Stdout, "%-4s  %-16s → %s\n", "", "", c.Next)
			}
		}
	}
	if failed {
		return &exitError{code: ExitError}
	}
	return nil
}

// configCheck reports invalid settings, and settings without a Zoom app: valid, but
// nothing can sign in until a client ID is set.
func configCheck(err error, st config.Settings) check {
	switch {
	case err != nil:
		return check{checkFail, "config", oneLine(err.Error()), "Fix the setting named above, then run \"zoomctl doctor\" again."}
	case !st.Configured():
		what, todo := text.Error(errNotConfigured)
		return check{checkFail, "config", what, todo}
	}
	return check{checkOK, "config", "settings are valid", ""}
}

// checkBus connects to the session bus ($DBUS_SESSION_BUS_ADDRESS), which the tray icon
// (StatusNotifierItem) and the keyring (Secret Service) need.
func (a *app) checkBus(store string) (*dbus.Conn, check) {
	addr := a.env.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" {
		next := "Run zoomctl in a terminal of your desktop session, or use --token-store=file on a machine without one."
		if store != string(tokenstore.KindKeyring) {
			next = "Nothing to do for zoomctl; for the tray icon, run zoomtray in a desktop session."
		}
		return nil, check{checkWarn, "session bus", "DBUS_SESSION_BUS_ADDRESS is not set: no tray icon and no keyring", next}
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, check{checkFail, "session bus", "cannot connect: " + oneLine(err.Error()), "Check that your desktop session's D-Bus runs, or use --token-store=file."}
	}
	return conn, check{checkOK, "session bus", "connected", ""}
}

// trayCheck looks for a StatusNotifierWatcher, the host that shows tray icons (KDE, GNOME
// with the AppIndicator extension, most panels).
func trayCheck(ctx context.Context, bus *dbus.Conn) check {
	const name = desktop.TrayHostName
	if bus == nil {
		return check{checkWarn, "tray host", "no session bus", "Run zoomtray in a desktop session to get the tray icon; without one it opens its window instead."}
	}
	owned, err := desktop.TrayHost(ctx, bus)
	if err != nil {
		return check{checkWarn, "tray host", "cannot ask the bus: " + oneLine(err.Error()), "Run zoomtray in a desktop session to get the tray icon; without one it opens its window instead."}
	}
	if !owned {
		return check{checkWarn, "tray host", name + " is not running: the tray icon will not show", "Install a tray host (on GNOME, the AppIndicator extension); meanwhile zoomtray opens its window instead."}
	}
	return check{checkOK, "tray host", name + " is running", ""}
}

// keyringCheck probes the Secret Service like tokenstore.Open does.
func (a *app) keyringCheck(ctx context.Context, st config.Settings) check {
	_, err := tokenstore.OpenContext(ctx, tokenstore.KindKeyring, tokenstore.OpenOptions{
		Account: tokenstore.Account(st.ClientID, st.ZoomURL),
	})
	switch {
	case err == nil:
		return check{checkOK, "keyring", "the Secret Service answers", ""}
	case st.TokenStore != string(tokenstore.KindKeyring):
		return check{checkWarn, "keyring", "not available, not used (token store is " + st.TokenStore + ")", ""}
	}
	return check{checkFail, "keyring", "not available: " + oneLine(err.Error()), "Unlock or install a keyring (Secret Service), or run with --token-store=file."}
}

func (a *app) browserCheck() check {
	l := a.desktop().Launcher()
	if l == "" {
		return check{checkWarn, "browser", "no $BROWSER and no xdg-open on PATH: sign in with the phone/QR code", "Sign in with \"zoomctl login --device\" (phone/QR code), or install xdg-utils."}
	}
	return check{checkOK, "browser", "launcher " + l, ""}
}

// loopbackCheck binds 127.0.0.1 on the first free registered redirect port (RFC 8252
// §7.3; Zoom matches the redirect URI exactly, so only registered ports work).
func loopbackCheck(ports []int) check {
	for _, p := range ports {
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err == nil {
			ln.Close()
			return check{checkOK, "loopback", fmt.Sprintf("can listen on 127.0.0.1:%d for the sign-in redirect", p), ""}
		}
	}
	return check{checkFail, "loopback", fmt.Sprintf("none of the redirect ports %v is free on 127.0.0.1", ports), "Close the program using them, or register another http://127.0.0.1:PORT/callback in the Zoom app and add it to --redirect-ports."}
}

// clockCheck compares the local clock with the Date header of Zoom's OAuth host.
func clockCheck(ctx context.Context, zoomURL string) check {
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, zoomURL, nil)
	if err != nil {
		return check{checkWarn, "clock", oneLine(err.Error()), "Check --zoom-url."}
	}
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: http.ProxyFromEnvironment}}
	sent := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return check{checkWarn, "clock", "cannot reach " + zoomURL + ": " + oneLine(err.Error()), "Check your internet connection or proxy settings (HTTPS_PROXY, NO_PROXY)."}
	}
	resp.Body.Close()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return check{checkWarn, "clock", zoomURL + " sent no Date header", "Nothing to do unless sign-ins fail; then check the proxy in between."}
	}
	local := sent.Add(time.Since(sent) / 2)
	skew := local.Sub(date).Round(time.Second)
	switch {
	case skew > maxSkew:
		return check{checkWarn, "clock", fmt.Sprintf("this computer's clock is %s ahead of Zoom's", skew), "Turn on network time (NTP) on this computer."}
	case skew < -maxSkew:
		return check{checkWarn, "clock", fmt.Sprintf("this computer's clock is %s behind Zoom's", -skew), "Turn on network time (NTP) on this computer."}
	}
	return check{checkOK, "clock", fmt.Sprintf("within %s of Zoom's", maxSkew), ""}
}

// proxyCheck says how Go reaches the Zoom hosts: HTTP(S)_PROXY and NO_PROXY as
// http.ProxyFromEnvironment reads them.
func proxyCheck(urls ...string) check {
	detail := ""
	for _, u := range urls {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			continue
		}
		p, err := http.ProxyFromEnvironment(req)
		if err != nil {
			return check{checkFail, "proxy", "invalid proxy setting: " + oneLine(err.Error()), "Fix HTTPS_PROXY / HTTP_PROXY / NO_PROXY in your environment."}
		}
		via := "direct"
		if p != nil {
			via = "via " + p.Redacted()
		}
		if detail != "" {
			detail += "; "
		}
		detail += req.URL.Host + " " + via
	}
	return check{checkOK, "proxy", detail, ""}
}

// agentCheck says whether an agent answers on the socket.
func (a *app) agentCheck(ctx context.Context) check {
	path, err := a.socketPath()
	if err != nil {
		return check{checkWarn, "agent", oneLine(err.Error()), "Check XDG_RUNTIME_DIR, or pass --socket."}
	}
	c, err := localapi.Dial(ctx, path)
	if err != nil {
		return check{checkWarn, "agent", "not running (" + path + ")", "Start zoomtray for the tray and notifications; zoomctl works without it."}
	}
	defer c.Close()
	if _, err := c.Status(ctx); err != nil {
		return check{checkFail, "agent", "the socket answers but the agent does not: " + oneLine(err.Error()), "Run \"zoomctl quit\", then start zoomtray again."}
	}
	return check{checkOK, "agent", "running (" + path + ")", ""}
}

// oneLine keeps the first line of a message.
func oneLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}
