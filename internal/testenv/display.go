package testenv

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// OwnDisplay requires an X display (see Display) and gives the test one of its own: a fresh
// Xvfb whose DISPLAY it sets for the test, stopped at cleanup. Tests of shared X state (the
// clipboard) use it, since the packages of one run share the session's display and another
// package's test may write that state meanwhile.
func OwnDisplay(t testing.TB) {
	t.Helper()
	Display(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// Xvfb picks a free display number itself and writes it to fd 3 (-displayfd); -noreset
	// keeps it from resetting (and refusing connections meanwhile) whenever its last
	// client disconnects, as scripts/testenv.sh explains.
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "640x480x24", "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			t.Fatal("Xvfb gave no display number")
		}
		t.Setenv("DISPLAY", ":"+n)
	case <-exited:
		t.Fatal("Xvfb exited before it gave its display number")
	case <-time.After(2 * time.Minute):
		t.Fatal("Xvfb gave no display number within 2 minutes")
	}
}
