package clipboard

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"time"
)

// settlePoll is how often Write and Clear read the clipboard back while they wait for it to
// show their change (at most timeout): the X11 tools return before the process they fork
// has taken the selection, so the clipboard still shows the old text for a moment.
const settlePoll = 10 * time.Millisecond

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

// Write puts text on the clipboard and remembers it. It returns once the clipboard shows
// the text (or after timeout, or at once where the clipboard cannot be read), so that a
// Clear that follows sees it: a Clear that read the old text would leave the link to
// appear afterwards.
func (g *Guard) Write(ctx context.Context, text string) error {
	read, write := g.tools()
	g.mu.Lock()
	defer g.mu.Unlock() // a Clear waits: it must see this write
	if err := write(ctx, text); err != nil {
		return err
	}
	g.wrote, g.sum = true, sha256.Sum256([]byte(text))
	settle(ctx, read, func(now string, err error) bool {
		return err == nil && now == text || errors.Is(err, ErrUnavailable)
	})
	return nil
}

// Clear empties the clipboard when it still holds the text Write last put there, and
// forgets it either way. It reports whether it emptied the clipboard, and returns only
// once the clipboard no longer shows the text (an error if it still does after timeout).
// A clipboard that cannot be read (no tool, no text, Windows) is left alone.
func (g *Guard) Clear(ctx context.Context) (bool, error) {
	read, write := g.tools()
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
	gone := settle(ctx, read, func(now string, err error) bool {
		return err != nil || sha256.Sum256([]byte(now)) != g.sum
	})
	if !gone {
		return false, fmt.Errorf("clipboard: the text is still on the clipboard %v after emptying it", timeout)
	}
	return true, nil
}

// tools returns the read and write functions: the test seams, else Read and Write.
func (g *Guard) tools() (read func(context.Context) (string, error), write func(context.Context, string) error) {
	read, write = g.read, g.write
	if read == nil {
		read = Read
	}
	if write == nil {
		write = Write
	}
	return read, write
}

// settle reads the clipboard every settlePoll until shown reports that it shows the
// change just written, and reports whether it did before ctx ended or timeout passed.
func settle(ctx context.Context, read func(context.Context) (string, error), shown func(string, error) bool) bool {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(settlePoll)
	defer tick.Stop()
	for {
		now, err := read(ctx)
		if ctx.Err() != nil {
			return false // a read cut short says nothing about the clipboard
		}
		if shown(now, err) {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
		}
	}
}
