// Package appconfig loads the settings a real run uses: config.Load's sources plus the
// client secret the set-up screen keeps in the system keyring. The agent and zoomctl (when
// no agent runs) share it, so both authenticate as the same kind of Zoom client.
package appconfig

import (
	"context"
	"errors"
	"fmt"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
)

// SecretError says the keyring could not be read for the client secret (locked, absent,
// timed out). The settings returned with it lack the secret, so a caller must show the
// problem rather than run as a public client: a confidential Zoom app sends HTTP Basic
// client_id:client_secret even with PKCE (docs/zoom-reference.md), and without it Zoom answers
// invalid_client an hour later, at the first refresh.
type SecretError struct {
	Err error // the keyring's error
}

// Error describes the failure without any secret.
func (e *SecretError) Error() string {
	return fmt.Sprintf("read the client secret from the keyring: %v", e.Err)
}

// Unwrap returns tokenstore.ErrUnavailable and the keyring's error, so
// errors.Is(err, tokenstore.ErrUnavailable) holds even for an unexpected keyring error.
func (e *SecretError) Unwrap() []error { return []error{tokenstore.ErrUnavailable, e.Err} }

// Load reads the settings from src. When a client ID is set and no source gives a client
// secret, the secret comes from the keyring (tokenstore.LoadClientSecret, bounded by
// tokenstore.DefaultTimeout); none stored means a public PKCE client. A keyring that cannot
// be read returns the settings without the secret and a *SecretError, except with the file
// token store, which needs no keyring (a public client then); invalid settings return
// config.Load's error.
func Load(ctx context.Context, src config.Sources) (config.Settings, error) {
	return load(ctx, src, tokenstore.LoadClientSecret)
}

// load is Load with the keyring read replaceable (tests).
func load(ctx context.Context, src config.Sources, loadSecret func(context.Context, string) (string, error)) (config.Settings, error) {
	st, err := config.Load(src)
	if err != nil {
		return config.Settings{}, err
	}
	if st.ClientID == "" || st.ClientSecret != "" {
		return st, nil
	}
	ctx, cancel := context.WithTimeout(ctx, tokenstore.DefaultTimeout)
	defer cancel()
	secret, err := loadSecret(ctx, st.ClientID)
	switch {
	case errors.Is(err, tokenstore.ErrNotFound):
		return st, nil
	case err != nil && st.TokenStore == string(tokenstore.KindFile):
		// The file token store needs no keyring: a machine without one (headless, a
		// container) runs a public client, or gets a confidential app's secret from
		// --client-secret-file or ZOOMTRAY_CLIENT_SECRET. Asking for the keyring here
		// would send the user round in circles ("use --token-store=file").
		return st, nil
	case err != nil:
		return st, &SecretError{Err: err}
	}
	st.ClientSecret = secret
	return st, nil
}
