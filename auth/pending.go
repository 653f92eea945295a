package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
)

// PendingRevocation is a signed-out grant whose revocation Zoom has not confirmed: it still
// works at Zoom until it expires. It keeps the token in this process's memory only, to
// retry; nothing of it is written anywhere but TokenHash, unless SaveTo keeps it for a
// later run.
type PendingRevocation struct {
	s    *Session
	hash string

	mu  sync.Mutex    // guards tok
	tok *oauth2.Token // nil once revoked or dropped
}

func newPendingRevocation(s *Session, tok *oauth2.Token) *PendingRevocation {
	sum := sha256.Sum256([]byte(tok.RefreshToken + "\x00" + tok.AccessToken))
	return &PendingRevocation{s: s, hash: hex.EncodeToString(sum[:]), tok: tok}
}

// TokenHash identifies the grant without revealing it: the SHA-256 of its tokens.
func (p *PendingRevocation) TokenHash() string { return p.hash }

// Retry asks Zoom again to revoke the grant. On success the token is forgotten and later
// calls return nil at once.
func (p *PendingRevocation) Retry(ctx context.Context) error {
	p.mu.Lock()
	tok := p.tok
	p.mu.Unlock()
	if tok == nil {
		return nil
	}
	if err := p.s.revoke(ctx, tok); err != nil {
		return err
	}
	p.Drop()
	p.s.log.Info("signed-out grant revoked on retry")
	return nil
}

// Drop forgets the token without revoking it (the process is about to exit).
func (p *PendingRevocation) Drop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tok = nil
}

// ResumePendingRevocation is the pending revocation of tok, kept from an earlier run (see
// SaveTo), to retry through sess's configuration.
func ResumePendingRevocation(sess *Session, tok *oauth2.Token) *PendingRevocation {
	return newPendingRevocation(sess, tok)
}

// SaveTo keeps the token in store so that a later run can retry the revocation. The store
// must be at least as safe as the one the grant was kept in before the sign-out (the
// keyring for a keyring session, a 0600 file beside the token file for a file session): a
// file anyone else can read would hand out a live grant.
func (p *PendingRevocation) SaveTo(ctx context.Context, store tokenstore.Store) error {
	p.mu.Lock()
	tok := p.tok
	p.mu.Unlock()
	if tok == nil {
		return nil
	}
	return store.Save(ctx, tok)
}
