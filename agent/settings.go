package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// Demo client of the fake Zoom (zoomtest's default confidential client).
const (
	demoClientID     = "demo-client"
	demoClientSecret = "demo-secret"
)

// loadSettings reads the real settings (flags, environment, user file, managed file). When
// no source gives a client secret and a client ID is set, the secret comes from the
// keyring, where the set-up screen saves it (tokenstore.SaveClientSecret).
func loadSettings(ctx context.Context, o Options, log *slog.Logger) (config.Settings, error) {
	src, err := config.SystemSources(o.Settings, o.Namespace)
	if err != nil {
		return config.Settings{}, err
	}
	st, err := config.Load(src)
	if err != nil {
		return config.Settings{}, err
	}
	if st.ClientID == "" || st.ClientSecret != "" {
		return st, nil
	}
	ctx, cancel := context.WithTimeout(ctx, tokenstore.DefaultTimeout)
	defer cancel()
	secret, err := tokenstore.LoadClientSecret(ctx, st.ClientID)
	switch {
	case errors.Is(err, tokenstore.ErrNotFound):
		log.Info("agent: no client secret stored; using the app as a public PKCE client")
	case err != nil:
		log.Warn("agent: reading the client secret from the keyring failed", "err", err)
	default:
		st.ClientSecret = secret
	}
	return st, nil
}

// demo is the in-process fake Zoom of --demo.
type demo struct {
	fake *zoomtest.Server
}

// startDemo starts the fake Zoom on 127.0.0.1:0 and returns settings pointing at it with
// the demo client and a memory token store. No environment, user file or managed file is
// read, so a demo never touches a real user's settings.
func startDemo(o Options, log *slog.Logger) (*demo, config.Settings, error) {
	fake, err := zoomtest.Start(zoomtest.Options{Addr: "127.0.0.1:0", AutoApprove: o.DemoAutoApprove, Logger: log})
	if err != nil {
		return nil, config.Settings{}, fmt.Errorf("demo: start the fake Zoom: %w", err)
	}
	flags := map[string]string{
		"client-id": demoClientID, "client-secret": demoClientSecret,
		"zoom-url": fake.URL, "token-store": string(tokenstore.KindMemory),
	}
	for k, v := range o.Settings { // e.g. --notify-minutes, --kiosk
		if _, fixed := flags[k]; !fixed {
			flags[k] = v
		}
	}
	st, err := config.Load(config.Sources{Flags: flags, Namespace: config.DemoNamespace})
	if err != nil {
		fake.Close()
		return nil, config.Settings{}, err
	}
	return &demo{fake: fake}, st, nil
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
