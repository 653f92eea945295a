package auth

import (
	"errors"
	"log/slog"
	"net"
	"sync/atomic"
)

// errForeignPeer is why a loopback connection was refused: another local user's process
// opened it. Every local user can reach 127.0.0.1, so without this check another user who
// learned the authorize URL could approve it with their own Zoom account and complete this
// user's sign-in into that account, or end it with error=.
var errForeignPeer = errors.New("connection from another local user")

// peerListener accepts only connections that check allows; it closes the others before
// a byte is read, so a refused peer never reaches the callback handler.
type peerListener struct {
	net.Listener
	check   func(net.Conn) error
	log     *slog.Logger
	refused *atomic.Int32 // connections refused, for the sign-in's timeout error
}

// Accept returns the next allowed connection.
func (l *peerListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if err := l.check(c); err != nil {
			l.log.Warn("browser sign-in: refused a connection to the listener", "err", err)
			l.refused.Add(1)
			_ = c.Close()
			continue
		}
		return c, nil
	}
}
