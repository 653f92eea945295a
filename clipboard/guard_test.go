package clipboard

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// fakeBoard is a clipboard in memory.
type fakeBoard struct {
	text string
	err  error // Read's error
}

func (b *fakeBoard) guard() *Guard {
	return &Guard{
		write: func(_ context.Context, s string) error { b.text = s; return nil },
		read:  func(context.Context) (string, error) { return b.text, b.err },
	}
}

func TestGuardClear(t *testing.T) {
	const link = "https://zoom.us/j/123456789?pwd=abc"
	tests := []struct {
		name     string
		write    bool   // the guard wrote link
		then     string // what is on the clipboard at Clear ("" with write: still link)
		readErr  error
		want     string
		wantDone bool
	}{
		{name: "still ours", write: true, want: "", wantDone: true},
		{name: "the person copied something since", write: true, then: "my own notes", want: "my own notes"},
		{name: "nothing written", then: "my own notes", want: "my own notes"},
		{name: "unreadable", write: true, readErr: errors.New("no text"), want: link},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &fakeBoard{}
			g := b.guard()
			if tt.write {
				if err := g.Write(context.Background(), link); err != nil {
					t.Fatal(err)
				}
			}
			if tt.then != "" {
				b.text = tt.then
			}
			b.err = tt.readErr // unreadable at the Clear (Write reads its text back)
			done, err := g.Clear(context.Background())
			if err != nil || done != tt.wantDone || b.text != tt.want {
				t.Errorf("Clear = %v, %v, clipboard %q; want %v, nil, %q", done, err, b.text, tt.wantDone, tt.want)
			}
		})
	}
}

// TestGuardClearX11 runs Guard on the test display's real clipboard (xclip): a link the
// guard wrote is taken back, and text another program copied after it is left alone.
func TestGuardClearX11(t *testing.T) {
	testenv.OwnDisplay(t)
	if _, err := exec.LookPath("xclip"); err != nil {
		t.Fatal("xclip is missing: apt-get install xclip (scripts/setup.sh installs it)")
	}
	const link = "https://zoom.us/j/123456789?pwd=abc"
	read := func() string {
		t.Helper()
		out, err := exec.Command("xclip", "-selection", "clipboard", "-o").Output()
		if err != nil {
			return ""
		}
		return string(out)
	}
	ctx := context.Background()
	var g Guard
	// xclip serves the selection from a process it forks, which takes the selection after
	// xclip itself has returned. Guard waits for the new owner itself: the link is there
	// when Write returns, and gone when Clear returns (a sign-out must not leave it for the
	// next person to paste).
	if err := g.Write(ctx, link); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != link {
		t.Fatalf("clipboard after Write: %q, want %q", got, link)
	}
	if done, err := g.Clear(ctx); err != nil || !done {
		t.Fatalf("Clear of our link = %v, %v; want true, nil", done, err)
	}
	if got := read(); strings.Contains(got, "pwd=") {
		t.Fatalf("clipboard after Clear: %q, want the link gone", got)
	}

	if err := g.Write(ctx, link); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != link {
		t.Fatalf("clipboard after the second Write: %q, want %q", got, link)
	}
	other := exec.Command("xclip", "-selection", "clipboard") // another program copies
	other.Stdin = strings.NewReader("the person's own text")
	if err := other.Run(); err != nil {
		t.Fatal(err)
	}
	// The other program's xclip is plain: wait for its fork to own the selection.
	testenv.Eventually(t, waitFor, "the other program's text on the clipboard", func() bool {
		return read() == "the person's own text"
	})
	if done, err := g.Clear(ctx); err != nil || done {
		t.Fatalf("Clear after another copy = %v, %v; want false, nil", done, err)
	}
	if got, want := read(), "the person's own text"; got != want {
		t.Errorf("clipboard: got %q, want %q", got, want)
	}
}
