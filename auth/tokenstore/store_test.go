package tokenstore

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// jwtLike returns a random JWT-shaped string of n characters, like Zoom's tokens.
func jwtLike(t testing.TB, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	s := "eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIiwidiI6IjIuMCIsImtpZCI6I." + base64.RawURLEncoding.EncodeToString(b)
	s = s[:n-44] + "." + base64.RawURLEncoding.EncodeToString(b[:32])[:43]
	return s
}

// zoomToken returns a token shaped like Zoom's token response, with realistic sizes.
func zoomToken(t testing.TB) *oauth2.Token {
	t.Helper()
	tok := &oauth2.Token{
		AccessToken:  jwtLike(t, 800),
		TokenType:    "bearer",
		RefreshToken: jwtLike(t, 800),
		Expiry:       time.Now().Add(3599 * time.Second).Truncate(time.Second),
	}
	return tok.WithExtra(map[string]any{
		ExtraAPIURL: "https://api.zoom.us",
		ExtraScope: "meeting:read:list_meetings meeting:read:list_upcoming_meetings meeting:write:meeting " +
			"user:read:user user:read:token user:read:zak cloud_recording:read:list_user_recordings",
		"ignored": "not kept",
	})
}

// sameToken fails t unless got carries want's fields and kept extras.
func sameToken(t *testing.T, got, want *oauth2.Token) {
	t.Helper()
	if got.AccessToken != want.AccessToken || got.RefreshToken != want.RefreshToken {
		t.Errorf("got tokens of lengths %d/%d, want the saved ones (%d/%d)",
			len(got.AccessToken), len(got.RefreshToken), len(want.AccessToken), len(want.RefreshToken))
	}
	if got.TokenType != want.TokenType || !got.Expiry.Equal(want.Expiry) {
		t.Errorf("got type %q expiry %v, want %q %v", got.TokenType, got.Expiry, want.TokenType, want.Expiry)
	}
	for _, k := range []string{ExtraAPIURL, ExtraScope} {
		if g, w := got.Extra(k), want.Extra(k); g != w {
			t.Errorf("got Extra(%q) = %v, want %v", k, g, w)
		}
	}
	if g := got.Extra("ignored"); g != nil {
		t.Errorf("got Extra(ignored) = %v, want nil (only api_url and scope are kept)", g)
	}
}

// testStore runs the behaviour every Store must have.
func testStore(t *testing.T, s Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Load(ctx); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Load of empty store: got err %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx); err != nil {
		t.Fatalf("Delete of empty store: got %v, want nil", err)
	}
	want := zoomToken(t)
	for i := range 2 { // the second Save replaces the first
		if i == 1 {
			want = zoomToken(t)
		}
		if err := s.Save(ctx, want); err != nil {
			t.Fatalf("Save: %v", err)
		}
		got, err := s.Load(ctx)
		if err != nil {
			t.Fatalf("Load after Save: %v", err)
		}
		sameToken(t, got, want)
	}
	if err := s.Delete(ctx); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Load(ctx); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Load after Delete: got err %v, want ErrNotFound", err)
	}
}

func TestStores(t *testing.T) {
	tests := []struct {
		name string
		new  func(t *testing.T) Store
	}{
		{"memory", func(t *testing.T) Store { return NewMemory() }},
		{"file", func(t *testing.T) Store { return NewFile(t.TempDir() + "/sub/tokens.json") }},
		{"keyring-fake", func(t *testing.T) Store {
			return newKeyring(OpenOptions{Account: "a@zoom.us", backend: newFakeBackend()})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { testStore(t, tt.new(t)) })
	}
}

func TestMemoryCopies(t *testing.T) {
	ctx := context.Background()
	s := NewMemory()
	tok := zoomToken(t)
	want := tok.AccessToken
	if err := s.Save(ctx, tok); err != nil {
		t.Fatal(err)
	}
	tok.AccessToken = "changed after save"
	got, _ := s.Load(ctx)
	got.AccessToken = "changed after load"
	again, _ := s.Load(ctx)
	if again.AccessToken != want {
		t.Errorf("got access token %q after caller edits, want the saved one", again.AccessToken[:10])
	}
}

func TestKindAndLocation(t *testing.T) {
	tests := []struct {
		s        Store
		kind     Kind
		location string
	}{
		{NewMemory(), KindMemory, "memory only"},
		{NewFile("/home/u/.local/state/zoomtray/tokens.json"), KindFile,
			"/home/u/.local/state/zoomtray/tokens.json (0600)"},
		{NewKeyring("zoomtray", "demo-client@zoom.us"), KindKeyring,
			keyringName() + " (service zoomtray, account demo-client@zoom.us)"},
	}
	for _, tt := range tests {
		if got := tt.s.Kind(); got != tt.kind {
			t.Errorf("got Kind %q, want %q", got, tt.kind)
		}
		if got := tt.s.Location(); got != tt.location {
			t.Errorf("got Location %q, want %q", got, tt.location)
		}
	}
}

func TestParseKindAndAccount(t *testing.T) {
	for _, k := range Kinds() {
		if got, err := ParseKind(string(k)); got != k || err != nil {
			t.Errorf("ParseKind(%q) = %q, %v; want %q, nil", k, got, err, k)
		}
	}
	if _, err := ParseKind("wallet"); err == nil {
		t.Error("ParseKind(wallet): got nil error, want an error")
	}
	if _, err := Open("wallet", OpenOptions{}); err == nil {
		t.Error("Open(wallet): got nil error, want an error")
	}
	tests := []struct{ id, url, want string }{
		{"demo-client", "https://zoom.us", "demo-client@zoom.us"},
		{"demo-client", "https://ZoomGov.com/", "demo-client@zoomgov.com"},
		{"demo-public", "http://127.0.0.1:4321", "demo-public@127.0.0.1:4321"},
	}
	for _, tt := range tests {
		if got := Account(tt.id, tt.url); got != tt.want {
			t.Errorf("Account(%q, %q) = %q, want %q", tt.id, tt.url, got, tt.want)
		}
	}
}
