package clipboard

import (
	"context"
	"crypto/sha256"
	"sync"
)

// Guard writes the clipboard and remembers what it wrote, as a SHA-256 only (the text is a
// join link with its passcode), so that a sign-out can take the text back: Clear empties
// the clipboard only while it still holds exactly that text, never what the person copied
// since. The zero Guard uses Write and Read.
type Guard struct {
	// write and read replace Write and Read in tests.
	write func(ctx context.Context, text string) error
	read  func(ctx context.Context) (string, error)

	mu    sync.Mutex // guards wrote and sum
	wrote bool
	sum   [sha256.Size]byte
}

// Write puts text on the clipboard and remembers it.
func (g *Guard) Write(ctx context.Context, text string) error {
	write := g.write
	if write == nil {
		write = Write
	}
	g.mu.Lock()
	defer g.mu.Unlock() // a Clear waits: it must see this write
	if err := write(ctx, text); err != nil {
		return err
	}
	g.wrote, g.sum = true, sha256.Sum256([]byte(text))
	return nil
}

// Clear empties the clipboard when it still holds the text Write last put there, and
// forgets it either way. It reports whether it emptied the clipboard. A clipboard that
// cannot be read (no tool, no text, Windows) is left alone.
func (g *Guard) Clear(ctx context.Context) (bool, error) {
	read, write := g.read, g.write
	if read == nil {
		read = Read
	}
	if write == nil {
		write = Write
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.wrote {
		return false, nil
	}
	g.wrote = false
	now, err := read(ctx)
	if err != nil || sha256.Sum256([]byte(now)) != g.sum {
		return false, nil // not ours (or not there): the person's own copy stays
	}
	if err := write(ctx, ""); err != nil {
		return false, err
	}
	return true, nil
}
