package agent

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/appconfig"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// Demo client of the fake Zoom (zoomtest's default confidential client).
const (
	demoClientID     = "demo-client"
	demoClientSecret = "demo-secret"
)

// loadSettings reads the real settings (flags, environment, user file, managed file) and,
// when only a client ID is set, the client secret the set-up screen saved in the keyring
// (appconfig.Load, shared with zoomctl). A keyring that cannot be read returns the settings
// with an *appconfig.SecretError: build shows it as the stand-in's LastError.
func loadSettings(ctx context.Context, o Options, log *slog.Logger) (config.Settings, error) {
	src, err := config.SystemSources(o.Settings, o.Namespace)
	if err != nil {
		return config.Settings{}, err
	}
	st, err := appconfig.Load(ctx, src)
	if err == nil && st.ClientID != "" && st.ClientSecret == "" {
		log.Info("agent: no client secret stored; using the app as a public PKCE client")
	}
	return st, err
}

// demoUnlessConfigured returns o switched to demo mode when the system's settings name no
// client ID (--demo-if-unconfigured). Invalid settings keep o as it is, so the real agent
// starts and reports them.
func demoUnlessConfigured(o Options) Options {
	src, err := config.SystemSources(o.Settings, o.Namespace)
	if err != nil {
		return o
	}
	if st, err := config.Load(src); err != nil || st.ClientID != "" {
		return o
	}
	o.Demo, o.Namespace = true, config.DemoNamespace
	return o
}

// The demo keeps its tokens in the real keyring under its own service, never the real
// one (tokenstore.DefaultService), so a demo cannot read or replace a real sign-in.
const (
	demoKeyringService = "zoomtray-demo"
	demoKeyringAccount = "demo"
)

// demoStore returns the demo's token store: ks (the keyring item of demoKeyringService),
// emptied first (each run's fake Zoom is new, so an earlier run's tokens mean nothing), or,
// when the keyring cannot be used, memory. Only the demo falls back; a real agent's
// unavailable keyring is an error (service.Options.Store). The fallback is logged and
// shows in Status.StoreLocation.
func demoStore(ks tokenstore.Store, log *slog.Logger) tokenstore.Store {
	ctx, cancel := context.WithTimeout(context.Background(), tokenstore.DefaultTimeout)
	defer cancel()
	err := ks.Delete(ctx)
	if err == nil {
		return ks
	}
	log.Warn("agent: demo: the keyring is unavailable; demo tokens stay in memory", "err", err)
	return fallbackStore{Store: tokenstore.NewMemory()}
}

// fallbackStore is the demo's memory store standing in for an unavailable keyring; its
// Location says so.
type fallbackStore struct{ tokenstore.Store }

// Location tells status displays why the demo's tokens are only in memory.
func (fallbackStore) Location() string {
	return "memory only (demo: the keyring is unavailable)"
}

// demo is the in-process fake Zoom of --demo.
type demo struct {
	fake *zoomtest.Server
}

// startDemo starts the fake Zoom on 127.0.0.1:0 and returns settings pointing at it with
// the demo client (the token store is demoStore's). No environment, user file or managed file is
// read, so a demo never touches a real user's settings.
func startDemo(o Options, log *slog.Logger) (*demo, config.Settings, error) {
	load := func(zoomURL string) (config.Settings, error) {
		flags := map[string]string{
			"client-id": demoClientID, "client-secret": demoClientSecret,
			"zoom-url": zoomURL, "token-store": string(tokenstore.KindMemory),
		}
		for k, v := range o.Settings { // e.g. --notify-minutes, --kiosk, --redirect-ports
			if _, fixed := flags[k]; !fixed {
				flags[k] = v
			}
		}
		return config.Load(config.Sources{Flags: flags, Namespace: config.DemoNamespace})
	}
	// The fake registers the redirect ports the settings name (--redirect-ports), so a demo
	// can run beside another zoomtray that holds the default ports.
	pre, err := load("http://127.0.0.1")
	if err != nil {
		return nil, config.Settings{}, err
	}
	fake, err := zoomtest.Start(zoomtest.Options{Addr: "127.0.0.1:0", AutoApprove: o.DemoAutoApprove, Logger: log,
		Clients: demoClients(pre.RedirectPorts)})
	if err != nil {
		return nil, config.Settings{}, fmt.Errorf("demo: start the fake Zoom: %w", err)
	}
	st, err := load(fake.URL)
	if err != nil {
		fake.Close()
		return nil, config.Settings{}, err
	}
	return &demo{fake: fake}, st, nil
}

// demoClients are the fake's clients, with the loopback redirect URIs of ports.
func demoClients(ports []int) []zoomtest.Client {
	uris := make([]string, len(ports))
	for i, p := range ports {
		uris[i] = fmt.Sprintf("http://127.0.0.1:%d/callback", p)
	}
	clients := zoomtest.DefaultClients()
	for i := range clients {
		clients[i].RedirectURIs = uris
	}
	return clients
}

// Close stops the fake Zoom.
func (d *demo) Close() {
	if d == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = d.fake.Shutdown(ctx)
}
