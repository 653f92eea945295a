package netwatch

import (
	"context"
	"encoding/binary"
	"errors"
	"os/exec"
	"runtime"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// waitFor bounds each wait for a kernel message: a deadline for a stuck test only.
const waitFor = 10 * time.Second

// TestRunSeesAnAddressAdded runs the watcher in a network namespace of its own (so the
// machine's real network is neither touched nor heard) and adds an address to its loopback
// with ip(8), as a DHCP client does when a network comes back. It needs CAP_SYS_ADMIN
// (CI runs as root).
func TestRunSeesAnAddressAdded(t *testing.T) {
	for _, tool := range []string{"ip", "nsenter"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	changes := make(chan struct{}, 16)
	ready := make(chan int, 1) // the watcher thread's id, once its socket listens
	done := make(chan error, 1)
	go func() {
		// The thread keeps the new namespace; it is never unlocked, so Go ends it with the
		// goroutine instead of reusing it elsewhere.
		runtime.LockOSThread()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			done <- err
			return
		}
		tid := unix.Gettid()
		done <- run(ctx, func() { changes <- struct{}{} }, func() { ready <- tid })
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	})
	var tid int
	select {
	case tid = <-ready:
	case err := <-done:
		if errors.Is(err, unix.EPERM) {
			t.Skipf("no new network namespace here: %v", err)
		}
		t.Fatalf("the watcher stopped: %v", err)
	case <-time.After(waitFor):
		t.Fatal("the watcher never listened")
	}
	ns := "/proc/" + strconv.Itoa(unix.Getpid()) + "/task/" + strconv.Itoa(tid) + "/ns/net"
	ip := func(args ...string) {
		t.Helper()
		out, err := exec.Command("nsenter", append([]string{"--net=" + ns, "ip"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("ip %v: %v: %s", args, err, out)
		}
	}
	// A fresh namespace is silent (its loopback is down), so a change can only come from
	// this command.
	ip("addr", "add", "192.0.2.7/24", "dev", "lo")
	select {
	case <-changes:
	case <-time.After(waitFor):
		t.Fatal("address added: no change reported")
	}
}

// message builds one rtnetlink message header of type typ with an empty body.
func message(typ uint16) []byte {
	b := make([]byte, unix.SizeofNlMsghdr)
	binary.NativeEndian.PutUint32(b[0:4], unix.SizeofNlMsghdr)
	binary.NativeEndian.PutUint16(b[4:6], typ)
	return b
}

func TestRelevant(t *testing.T) {
	cat := func(parts ...[]byte) []byte {
		var b []byte
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}
	truncated := message(unix.RTM_DELADDR)
	binary.NativeEndian.PutUint32(truncated[0:4], 100) // longer than the batch
	tests := []struct {
		name string
		b    []byte
		want bool
	}{
		{"address added", message(unix.RTM_NEWADDR), true},
		{"route added", message(unix.RTM_NEWROUTE), true},
		{"link changed", message(unix.RTM_NEWLINK), true},
		{"address removed", message(unix.RTM_DELADDR), false},
		{"route and link removed", cat(message(unix.RTM_DELROUTE), message(unix.RTM_DELLINK)), false},
		{"a removal, then an address", cat(message(unix.RTM_DELADDR), message(unix.RTM_NEWADDR)), true},
		{"truncated", truncated, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := relevant(tt.b); got != tt.want {
				t.Errorf("relevant = %v, want %v", got, tt.want)
			}
		})
	}
}
