package tokenstore

import (
	"context"
	"sync"

	"golang.org/x/oauth2"
)

// memory keeps the token in process memory only: it is gone when the process exits.
type memory struct {
	mu  sync.Mutex    // guards tok
	tok *oauth2.Token // nil when empty; never shared with callers
}

// NewMemory returns a Store that keeps the token in memory. Load and Save copy the token,
// so callers never share it.
func NewMemory() Store { return &memory{} }

func (m *memory) Load(ctx context.Context) (*oauth2.Token, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tok == nil {
		return nil, ErrNotFound
	}
	return clone(m.tok), nil
}

func (m *memory) Save(ctx context.Context, t *oauth2.Token) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if t == nil {
		return errNilToken
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tok = clone(t)
	return nil
}

func (m *memory) Delete(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tok = nil
	return nil
}

func (m *memory) Kind() Kind { return KindMemory }

func (m *memory) Location() string { return "memory only" }
