package localapi

import (
	"log/slog"
	"net"
)

// peerListener drops connections whose peer is another user, before any byte is read.
type peerListener struct {
	net.Listener
	allow func(uid int) bool
	log   *slog.Logger
}

// Accept returns the next connection from an allowed peer.
func (l *peerListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		uid, err := peerUID(c)
		if err == nil && l.allow(uid) {
			return c, nil
		}
		l.log.Warn("local API connection refused", "peer_uid", uid, "err", err)
		c.Close()
	}
}
