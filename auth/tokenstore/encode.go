package tokenstore

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/oauth2"
)

// MaxItemBytes bounds every keyring item this package writes. Windows' Credential Manager
// refuses secrets over 2,560 bytes and go-keyring's macOS backend refuses a base64-encoded
// command over 4,096 bytes (about 3,000 bytes of secret); 2,000 leaves room for both.
// Zoom's access and refresh tokens are JWT-shaped, about 700 characters each, so they go
// in separate items.
const MaxItemBytes = 2000

// mainItem is the keyring item holding what must survive: the refresh token. Short JSON
// keys keep it compact.
type mainItem struct {
	Version      int    `json:"v"`
	RefreshToken string `json:"r,omitempty"`
	Expiry       int64  `json:"e,omitempty"` // Unix seconds of the access token's expiry
	TokenType    string `json:"t,omitempty"`
	APIURL       string `json:"u,omitempty"`
	// AccessHash pairs the two items: a prefix of the SHA-256 of the access token stored
	// in the access item. If a save stopped between the two writes, they differ and Load
	// drops the stale access token, so the session refreshes.
	AccessHash string `json:"h,omitempty"`
}

// accessItem is the keyring item holding the short-lived access token and granted scope.
type accessItem struct {
	AccessToken string `json:"a"`
	Scope       string `json:"s,omitempty"`
}

// accessHash returns the pairing tag of an access token (not enough of it to be secret).
func accessHash(access string) string {
	if access == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(access))
	return hex.EncodeToString(sum[:6])
}

// encodeItems returns the two keyring values of t; access is empty when t has no access
// token. It fails when an item would exceed MaxItemBytes.
func encodeItems(t *oauth2.Token) (main, access string, err error) {
	m := mainItem{Version: 1, RefreshToken: t.RefreshToken, TokenType: t.TokenType,
		APIURL: extraString(t, ExtraAPIURL), AccessHash: accessHash(t.AccessToken)}
	if !t.Expiry.IsZero() {
		m.Expiry = t.Expiry.Unix()
	}
	mb, err := json.Marshal(m)
	if err != nil {
		return "", "", fmt.Errorf("encode token: %w", err)
	}
	if t.AccessToken != "" {
		ab, err := json.Marshal(accessItem{AccessToken: t.AccessToken, Scope: extraString(t, ExtraScope)})
		if err != nil {
			return "", "", fmt.Errorf("encode token: %w", err)
		}
		access = string(ab)
	}
	for _, item := range []string{string(mb), access} {
		if len(item) > MaxItemBytes {
			return "", "", fmt.Errorf("token too large for the system keyring (%d bytes, limit %d); "+
				"choose file storage with --token-store=file", len(item), MaxItemBytes)
		}
	}
	return string(mb), access, nil
}

// decodeItems rebuilds a token from the two keyring values; access may be empty (missing).
func decodeItems(main, access string) (*oauth2.Token, error) {
	var m mainItem
	if err := json.Unmarshal([]byte(main), &m); err != nil || m.Version != 1 {
		return nil, fmt.Errorf("keyring item: %w (version %d, %v): sign in again", ErrCorrupt, m.Version, err)
	}
	t := &oauth2.Token{RefreshToken: m.RefreshToken, TokenType: m.TokenType}
	var a accessItem
	if access != "" {
		if err := json.Unmarshal([]byte(access), &a); err != nil {
			a = accessItem{} // a damaged access item costs only a refresh
		}
	}
	if a.AccessToken == "" || accessHash(a.AccessToken) != m.AccessHash {
		return withExtras(t, m.APIURL, ""), nil
	}
	t.AccessToken = a.AccessToken
	if m.Expiry != 0 {
		t.Expiry = time.Unix(m.Expiry, 0)
	}
	return withExtras(t, m.APIURL, a.Scope), nil
}
