package netwatch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// groups are the rtnetlink multicast groups Run listens to: links, addresses and routes,
// IPv4 and IPv6 (rtnetlink(7)).
const groups = unix.RTMGRP_LINK | unix.RTMGRP_IPV4_IFADDR | unix.RTMGRP_IPV6_IFADDR |
	unix.RTMGRP_IPV4_ROUTE | unix.RTMGRP_IPV6_ROUTE

// Run calls changed after each batch of kernel messages that may mean the network came
// back (a link, an address or a route added or changed; removals are not: they cannot
// bring a network back), until ctx is done; it then returns ctx.Err(). The socket belongs
// to the network namespace of the calling thread. changed runs on Run's goroutine and
// should return quickly.
func Run(ctx context.Context, changed func()) error {
	return run(ctx, changed, nil)
}

// run is Run; ready, when set, is called once the socket listens (tests).
func run(ctx context.Context, changed, ready func()) error {
	f, err := open()
	if err != nil {
		return err
	}
	if ready != nil {
		ready()
	}
	done := make(chan error, 1)
	go func() { done <- read(f, changed) }()
	select {
	case <-ctx.Done():
		_ = f.Close() // a pollable file: Close ends the Read in flight
		<-done
		return ctx.Err()
	case err := <-done:
		_ = f.Close()
		return err
	}
}

// open binds a non-blocking rtnetlink socket to groups, as a file Go's poller waits on.
func open() (*os.File, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, unix.NETLINK_ROUTE)
	if err != nil {
		return nil, fmt.Errorf("netwatch: netlink socket: %w", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Groups: groups}); err != nil {
		_ = unix.Close(fd)
		return nil, fmt.Errorf("netwatch: netlink bind: %w", err)
	}
	return os.NewFile(uintptr(fd), "rtnetlink"), nil
}

// read reads messages until the file is closed.
func read(f *os.File, changed func()) error {
	buf := make([]byte, 1<<16)
	for {
		n, err := f.Read(buf)
		switch {
		case errors.Is(err, os.ErrClosed):
			return nil
		case errors.Is(err, unix.ENOBUFS):
			// The kernel dropped messages it could not queue: something changed.
			changed()
			continue
		case err != nil:
			return fmt.Errorf("netwatch: netlink read: %w", err)
		}
		if relevant(buf[:n]) {
			changed()
		}
	}
}

// relevant reports whether a batch of rtnetlink messages holds one that may mean the
// network came back: RTM_NEWLINK, RTM_NEWADDR or RTM_NEWROUTE. A batch that does not parse
// counts as a change: a missed retry costs more than a spare one.
func relevant(b []byte) bool {
	msgs, err := syscall.ParseNetlinkMessage(b)
	if err != nil {
		return true
	}
	for _, m := range msgs {
		switch m.Header.Type {
		case unix.RTM_NEWLINK, unix.RTM_NEWADDR, unix.RTM_NEWROUTE:
			return true
		}
	}
	return false
}
