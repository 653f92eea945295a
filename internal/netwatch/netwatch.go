// Package netwatch tells when the computer's network may have come back: an address was
// added, a route appeared or a link changed state. It costs nothing while nothing
// happens: on Linux it blocks on a netlink socket the kernel writes to only on a change
// (no polling, and no NetworkManager or other daemon needed). Other systems have no
// watcher here yet: Run returns ErrUnsupported at once and callers keep their own
// backoff.
package netwatch

import "errors"

// ErrUnsupported means this system has no network-change watcher here.
var ErrUnsupported = errors.New("netwatch: no network-change watcher on this system")
