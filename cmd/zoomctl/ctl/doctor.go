package ctl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/appconfig"
	"github.com/zoomtray/zoomtray/localapi"
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

// check is one line of doctor's report.
type check struct {
	result, name, detail string
}

// fallbackSettings stand in for the documented defaults when the settings do not load.
func fallbackSettings() config.Settings {
	const zoom = "https://zoom.us"
	return config.Settings{ZoomURL: zoom, APIURL: "https://api.zoom.us/v2", RedirectPorts: []int{53682, 53683, 53684}, TokenStore: "keyring"}
}

// doctor checks what zoomtray needs from the desktop and the network, one line each:
// "ok|warn|fail  name  detail". It exits 1 when any check fails.
func (a *app) doctor(args []string) error {
	if err := a.noArgs("doctor", args, nil); err != nil {
		return err
	}
	st, cfgErr := a.settings()
	var secretErr *appconfig.SecretError
	if cfgErr != nil && !errors.As(cfgErr, &secretErr) { // a secret-less st is still valid
		st = fallbackSettings()
	}
	ctx, cancel := context.WithTimeout(a.ctx, 30*time.Second)
	defer cancel()
	bus, busCheck := a.checkBus()
	if bus != nil {
		defer bus.Close()
	}
	checks := []check{
		configCheck(cfgErr),
		busCheck,
		trayCheck(bus),
		a.keyringCheck(ctx, st),
		a.browserCheck(),
		loopbackCheck(st.RedirectPorts),
		clockCheck(ctx, st.ZoomURL),
		proxyCheck(st.ZoomURL, st.APIURL),
		a.agentCheck(ctx),
	}
	failed := false
	for _, c := range checks {
		fmt.Fprintf(a.env.Stdout, "%-4s  %-16s %s\n", c.result, c.name, c.detail)
		failed = failed || c.result == checkFail
	}
	if failed {
		return &exitError{code: ExitError}
	}
	return nil
}

func configCheck(err error) check {
	if err != nil {
		return check{checkFail, "config", oneLine(err.Error())}
	}
	return check{checkOK, "config", "settings are valid"}
}

// checkBus connects to the session bus ($DBUS_SESSION_BUS_ADDRESS), which the tray icon
// (StatusNotifierItem) and the keyring (Secret Service) need.
func (a *app) checkBus() (*dbus.Conn, check) {
	addr := a.env.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" {
		return nil, check{checkWarn, "session bus", "DBUS_SESSION_BUS_ADDRESS is not set: no tray icon and no keyring"}
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, check{checkFail, "session bus", "cannot connect: " + oneLine(err.Error())}
	}
	return conn, check{checkOK, "session bus", "connected"}
}

// trayCheck looks for a StatusNotifierWatcher, the host that shows tray icons (KDE, GNOME
// with the AppIndicator extension, most panels).
func trayCheck(bus *dbus.Conn) check {
	const name = "org.kde.StatusNotifierWatcher"
	if bus == nil {
		return check{checkWarn, "tray host", "no session bus"}
	}
	var owned bool
	if err := bus.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&owned); err != nil {
		return check{checkWarn, "tray host", "cannot ask the bus: " + oneLine(err.Error())}
	}
	if !owned {
		return check{checkWarn, "tray host", name + " is not running: the tray icon will not show (GNOME needs the AppIndicator extension)"}
	}
	return check{checkOK, "tray host", name + " is running"}
}

// keyringCheck probes the Secret Service like tokenstore.Open does.
func (a *app) keyringCheck(ctx context.Context, st config.Settings) check {
	_, err := tokenstore.OpenContext(ctx, tokenstore.KindKeyring, tokenstore.OpenOptions{
		Account: tokenstore.Account(st.ClientID, st.ZoomURL),
	})
	switch {
	case err == nil:
		return check{checkOK, "keyring", "the Secret Service answers"}
	case st.TokenStore != string(tokenstore.KindKeyring):
		return check{checkWarn, "keyring", "not available, not used (token store is " + st.TokenStore + ")"}
	}
	return check{checkFail, "keyring", "not available: " + oneLine(err.Error())}
}

func (a *app) browserCheck() check {
	l := a.launcher()
	if l == "" {
		return check{checkWarn, "browser", "no $BROWSER and no xdg-open on PATH: sign in with the phone/QR code"}
	}
	return check{checkOK, "browser", "launcher " + l}
}

// loopbackCheck binds 127.0.0.1 on the first free registered redirect port (RFC 8252
// §7.3; Zoom matches the redirect URI exactly, so only registered ports work).
func loopbackCheck(ports []int) check {
	for _, p := range ports {
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err == nil {
			ln.Close()
			return check{checkOK, "loopback", fmt.Sprintf("can listen on 127.0.0.1:%d for the sign-in redirect", p)}
		}
	}
	return check{checkFail, "loopback", fmt.Sprintf("none of the redirect ports %v is free on 127.0.0.1", ports)}
}

// clockCheck compares the local clock with the Date header of Zoom's OAuth host.
func clockCheck(ctx context.Context, zoomURL string) check {
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, zoomURL, nil)
	if err != nil {
		return check{checkWarn, "clock", oneLine(err.Error())}
	}
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: http.ProxyFromEnvironment}}
	sent := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return check{checkWarn, "clock", "cannot reach " + zoomURL + ": " + oneLine(err.Error())}
	}
	resp.Body.Close()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return check{checkWarn, "clock", zoomURL + " sent no Date header"}
	}
	local := sent.Add(time.Since(sent) / 2)
	skew := local.Sub(date).Round(time.Second)
	switch {
	case skew > maxSkew:
		return check{checkWarn, "clock", fmt.Sprintf("this computer's clock is %s ahead of Zoom's", skew)}
	case skew < -maxSkew:
		return check{checkWarn, "clock", fmt.Sprintf("this computer's clock is %s behind Zoom's", -skew)}
	}
	return check{checkOK, "clock", fmt.Sprintf("within %s of Zoom's", maxSkew)}
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
			return check{checkFail, "proxy", "invalid proxy setting: " + oneLine(err.Error())}
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
	return check{checkOK, "proxy", detail}
}

// agentCheck says whether an agent answers on the socket.
func (a *app) agentCheck(ctx context.Context) check {
	path, err := a.socketPath()
	if err != nil {
		return check{checkWarn, "agent", oneLine(err.Error())}
	}
	c, err := localapi.Dial(ctx, path)
	if err != nil {
		return check{checkWarn, "agent", "not running (" + path + ")"}
	}
	defer c.Close()
	if _, err := c.Status(ctx); err != nil {
		return check{checkFail, "agent", "the socket answers but the agent does not: " + oneLine(err.Error())}
	}
	return check{checkOK, "agent", "running (" + path + ")"}
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
