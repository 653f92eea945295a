// Package tokenstore keeps the OAuth token of one Zoom account between runs: in the system
// keyring (Secret Service, macOS Keychain, Windows Credential Manager), in a 0600 file, or
// in memory. A Store never falls back from one kind to another on its own: the user chooses
// (--token-store), and an unavailable keyring is reported as ErrUnavailable.
package tokenstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Store loads and saves the token of one account. Implementations are safe for concurrent
// use by the goroutines of one process; coordination across processes (a lock file with a
// re-read after acquiring it) is the session's job.
type Store interface {
	// Load returns the stored token, or an error wrapping ErrNotFound when nothing is
	// stored. The token's Extra keeps the fields "api_url" and "scope".
	Load(ctx context.Context) (*oauth2.Token, error)
	// Save replaces the stored token with t.
	Save(ctx context.Context, t *oauth2.Token) error
	// Delete removes the stored token. Deleting nothing is not an error.
	Delete(ctx context.Context) error
	// Kind reports where the token lives.
	Kind() Kind
	// Location describes the place for status displays, e.g. "memory only".
	Location() string
}

// Kind names a kind of Store, as given to --token-store.
type Kind string

// The kinds of Store.
const (
	KindKeyring Kind = "keyring"
	KindFile    Kind = "file"
	KindMemory  Kind = "memory"
)

// Kinds lists every kind, default first.
func Kinds() []Kind { return []Kind{KindKeyring, KindFile, KindMemory} }

// ParseKind returns the Kind named s, or an error listing the valid kinds.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds() {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown token store %q (want keyring, file or memory)", s)
}

var (
	// ErrNotFound means the store holds no token: the user has to sign in.
	ErrNotFound = errors.New("no token stored")
	// ErrUnavailable means the store cannot be used at all (for the keyring: no Secret
	// Service, a locked keyring, or no answer in time). Errors wrapping it say what to do.
	ErrUnavailable = errors.New("token store unavailable")
)

// Extra field names kept with a token, as in Zoom's token response.
const (
	ExtraAPIURL = "api_url"
	ExtraScope  = "scope"
)

// OpenOptions say where each kind of store keeps its token. Zero values: Service
// "zoomtray", Timeout 5 s. Path is required for KindFile, Account for KindKeyring.
type OpenOptions struct {
	// Service is the keyring service name.
	Service string
	// Account is the keyring account key; see Account.
	Account string
	// Path is the token file for KindFile.
	Path string
	// Timeout bounds each keyring call (the context's deadline wins when shorter).
	Timeout time.Duration

	// backend replaces the system keyring in tests.
	backend backend
}

// DefaultService is the keyring service name used when OpenOptions.Service is empty.
const DefaultService = "zoomtray"

// DefaultTimeout bounds each keyring call when OpenOptions.Timeout is zero.
const DefaultTimeout = 5 * time.Second

// Open returns the store of the given kind. For KindKeyring it first probes the keyring
// (a lookup of an item that does not exist, bounded by opts.Timeout) and returns an error
// wrapping ErrUnavailable when the keyring does not work; it never falls back to another
// kind.
func Open(kind Kind, opts OpenOptions) (Store, error) {
	return OpenContext(context.Background(), kind, opts)
}

// OpenContext is Open with a context bounding the keyring probe.
func OpenContext(ctx context.Context, kind Kind, opts OpenOptions) (Store, error) {
	switch kind {
	case KindMemory:
		return NewMemory(), nil
	case KindFile:
		if opts.Path == "" {
			return nil, errors.New("open token file: no path given")
		}
		return NewFile(opts.Path), nil
	case KindKeyring:
		if opts.Account == "" {
			return nil, errors.New("open keyring: no account given")
		}
		k := newKeyring(opts)
		if err := k.probe(ctx); err != nil {
			return nil, err
		}
		return k, nil
	}
	_, err := ParseKind(string(kind))
	return nil, err
}

// Account derives the keyring account key of a Zoom app from its client ID and OAuth host,
// e.g. "demo-client@zoom.us", so that tokens of different apps or Zoom clouds (zoom.us,
// zoomgov.com, a fake) never overwrite each other.
func Account(clientID, oauthURL string) string {
	host := oauthURL
	if u, err := url.Parse(oauthURL); err == nil && u.Host != "" {
		host = u.Host
	}
	return clientID + "@" + strings.ToLower(host)
}

// clone returns a deep copy of t that keeps only the Extra fields api_url and scope.
func clone(t *oauth2.Token) *oauth2.Token {
	c := &oauth2.Token{
		AccessToken:  t.AccessToken,
		TokenType:    t.TokenType,
		RefreshToken: t.RefreshToken,
		Expiry:       t.Expiry,
		ExpiresIn:    t.ExpiresIn,
	}
	return c.WithExtra(extras(t))
}

// extras returns the kept Extra fields of t that are set.
func extras(t *oauth2.Token) map[string]any {
	m := map[string]any{}
	for _, k := range []string{ExtraAPIURL, ExtraScope} {
		if s, ok := t.Extra(k).(string); ok && s != "" {
			m[k] = s
		}
	}
	return m
}

// extraString returns the Extra field k of t as a string.
func extraString(t *oauth2.Token, k string) string {
	s, _ := t.Extra(k).(string)
	return s
}

// withExtras returns t carrying api_url and scope when they are non-empty.
func withExtras(t *oauth2.Token, apiURL, scope string) *oauth2.Token {
	m := map[string]any{}
	if apiURL != "" {
		m[ExtraAPIURL] = apiURL
	}
	if scope != "" {
		m[ExtraScope] = scope
	}
	return t.WithExtra(m)
}
