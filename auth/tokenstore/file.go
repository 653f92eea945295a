package tokenstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/internal/atomicfile"
)

// fileFormat is the JSON document of a token file. Version 1 is the only one so far.
type fileFormat struct {
	Version      int       `json:"version"`
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	APIURL       string    `json:"api_url,omitempty"`
	Scope        string    `json:"scope,omitempty"`
}

// file keeps the token in a JSON file readable only by its owner.
type file struct {
	path string

	mu sync.Mutex // serializes writers of this process, so temp files never race

	// beforeRename, when set, runs after the temp file is written and synced and before it
	// replaces the token file (tests use it to fail a save midway).
	beforeRename func() error
}

// NewFile returns a Store that keeps the token in the JSON file at path. The file is
// created with mode 0600 (its directory 0700 when created) and replaced atomically: a
// temporary file in the same directory is written, synced and renamed over it, so a crash
// leaves either the old or the new token, never a mix. Load refuses a file that others
// can read, since the refresh token grants access to the user's Zoom account.
func NewFile(path string) Store { return &file{path: path} }

func (f *file) Kind() Kind { return KindFile }

func (f *file) Location() string { return f.path + " (0600)" }

func (f *file) Load(ctx context.Context) (*oauth2.Token, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fi, err := os.Stat(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read token file: %w", err)
	}
	if err := checkMode(f.path, fi); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(f.path)
	if err != nil {
		return nil, fmt.Errorf("read token file: %w", err)
	}
	return decodeFile(f.path, b)
}

// checkMode refuses a token file that its group or others may access. Windows has no
// such mode bits; there the file lives in the user's profile.
func checkMode(path string, fi fs.FileInfo) error {
	if runtime.GOOS == "windows" || fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	return fmt.Errorf("token file %s has mode %04o and others may read it: run \"chmod 600 %s\", "+
		"or delete it and sign in again", path, fi.Mode().Perm(), path)
}

// ErrCorrupt means a token file or keyring item could not be decoded. Signing in again
// replaces it.
var ErrCorrupt = errors.New("stored token is corrupted")

func decodeFile(path string, b []byte) (*oauth2.Token, error) {
	var v fileFormat
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("token file %s: %w (%v): delete it and sign in again", path, ErrCorrupt, err)
	}
	if v.Version != 1 || (v.AccessToken == "" && v.RefreshToken == "") {
		return nil, fmt.Errorf("token file %s: %w (version %d, no token): delete it and sign in again",
			path, ErrCorrupt, v.Version)
	}
	t := &oauth2.Token{AccessToken: v.AccessToken, TokenType: v.TokenType,
		RefreshToken: v.RefreshToken, Expiry: v.Expiry}
	return withExtras(t, v.APIURL, v.Scope), nil
}

func (f *file) Save(ctx context.Context, t *oauth2.Token) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if t == nil {
		return errNilToken
	}
	b, err := json.MarshalIndent(fileFormat{Version: 1, AccessToken: t.AccessToken,
		TokenType: t.TokenType, RefreshToken: t.RefreshToken, Expiry: t.Expiry,
		APIURL: extraString(t, ExtraAPIURL), Scope: extraString(t, ExtraScope)}, "", "  ")
	if err != nil {
		return fmt.Errorf("encode token: %w", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := atomicfile.Write(f.path, append(b, '\n'), f.beforeRename); err != nil {
		return fmt.Errorf("save token file: %w", err)
	}
	return nil
}

func (f *file) Delete(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete token file: %w", err)
	}
	return nil
}

var errNilToken = errors.New("save token: nil token")
