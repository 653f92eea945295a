package zoomtest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"
)

// memListener is a net.Listener whose connections are in-memory pipes (net.Pipe) made by
// its dial. A fake started with Options.InMemory serves on one, so a test can run the fake
// and its clients inside a testing/synctest bubble: every wait is on a channel of the bubble,
// which lets the bubble's fake clock jump over device-code intervals, token lifetimes and
// backoffs instead of spending them.
type memListener struct {
	conns chan net.Conn
	// closeOnce guards closing done.
	closeOnce sync.Once
	done      chan struct{}
}

func newMemListener() *memListener {
	return &memListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *memListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *memListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return nil
}

func (l *memListener) Addr() net.Addr { return memAddr{} }

// dial connects to the listener: one end of a new pipe goes to Accept, the other to the
// caller.
func (l *memListener) dial(ctx context.Context) (net.Conn, error) {
	server, client := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		return nil, errors.New("zoomtest: in-memory fake is closed")
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// memAddr is the address of an in-memory fake.
type memAddr struct{}

func (memAddr) Network() string { return "memory" }
func (memAddr) String() string  { return inMemoryHost }

// inMemoryHost is the host of an in-memory fake's URL. ".invalid" (RFC 2606) can never
// resolve, so a request that escapes the fake's Transport fails instead of leaving the
// machine.
const inMemoryHost = "zoomfake.invalid"

// Transport returns a transport for requests to this fake. For an in-memory fake it is the
// only way to reach it (each connection is a net.Pipe); for a listening fake it is an
// ordinary transport. Either way it never uses a proxy.
func (s *Server) Transport() *http.Transport {
	tr := &http.Transport{ForceAttemptHTTP2: false, MaxIdleConnsPerHost: 16, IdleConnTimeout: 90 * time.Second}
	if ml, ok := s.ln.(*memListener); ok {
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) { return ml.dial(ctx) }
	} else {
		tr.DialContext = (&net.Dialer{Timeout: 10 * time.Second}).DialContext
	}
	return tr
}

// Client returns an http.Client for this fake (see Transport).
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: s.Transport(), Timeout: 30 * time.Second}
}
