package testenv

import (
	"net"
	"runtime"
	"strconv"
	"testing"
	"time"
)

func TestEventually(t *testing.T) {
	tests := []struct {
		name     string
		holdsAt  int // the call of cond that first returns true; 0 never
		timeout  time.Duration
		wantFail bool
	}{
		{name: "holds at once", holdsAt: 1, timeout: time.Minute},
		{name: "holds later", holdsAt: 3, timeout: time.Minute},
		{name: "never holds", timeout: 50 * time.Millisecond, wantFail: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			ft := &fatalRecorder{TB: t}
			done := make(chan struct{})
			go func() { // Fatalf ends the goroutine that calls it
				defer close(done)
				Eventually(ft, tt.timeout, "cond", func() bool {
					calls++
					return calls == tt.holdsAt
				})
			}()
			<-done
			if ft.failed != tt.wantFail {
				t.Errorf("got failed %v, want %v", ft.failed, tt.wantFail)
			}
			if !tt.wantFail && calls != tt.holdsAt {
				t.Errorf("got %d calls of cond, want %d", calls, tt.holdsAt)
			}
		})
	}
}

// fatalRecorder records Fatalf instead of failing the test.
type fatalRecorder struct {
	testing.TB
	failed bool
}

func (f *fatalRecorder) Helper() {}

func (f *fatalRecorder) Fatalf(string, ...any) {
	f.failed = true
	runtime.Goexit()
}

func TestFreePort(t *testing.T) {
	port := FreePort(t)
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatalf("got %v listening on the free port %d, want nil", err, port)
	}
	l.Close()
}
