//go:build !linux

package auth

import "net"

// samePeerUser allows every connection where the owner of a loopback peer socket cannot
// be read the way Linux lists it in /proc/net/tcp. There the state and the PKCE challenge,
// which never appear on a command line, are what keep another local user out.
func samePeerUser(net.Conn) error { return nil }
