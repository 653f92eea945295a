package auth

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
)

// samePeerUser allows a loopback connection only when the socket at its other end belongs
// to this process's user. Linux lists every TCP socket of the network namespace with its
// owner's uid in /proc/net/tcp and /proc/net/tcp6; the peer's socket is the entry whose
// local address is the connection's remote address and whose remote address is ours. An
// entry that cannot be found refuses the connection.
func samePeerUser(c net.Conn) error {
	local, ok1 := addrPort(c.LocalAddr())
	remote, ok2 := addrPort(c.RemoteAddr())
	if !ok1 || !ok2 {
		return fmt.Errorf("%w: not a TCP connection", errForeignPeer)
	}
	want := os.Geteuid()
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		uid, found, err := socketOwner(table, remote, local)
		if err != nil || !found {
			continue
		}
		if uid != want {
			return fmt.Errorf("%w (uid %d)", errForeignPeer, uid)
		}
		return nil
	}
	return fmt.Errorf("%w: its socket is not listed in /proc/net", errForeignPeer)
}

func addrPort(a net.Addr) (netip.AddrPort, bool) {
	ta, ok := a.(*net.TCPAddr)
	if !ok {
		return netip.AddrPort{}, false
	}
	return ta.AddrPort(), true
}

// socketOwner finds the socket with local address local and remote address remote in a
// /proc/net/tcp{,6} table and returns its owner's uid.
func socketOwner(table string, local, remote netip.AddrPort) (uid int, found bool, err error) {
	f, err := os.Open(table)
	if err != nil {
		return 0, false, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid ...
		fields := strings.Fields(sc.Text())
		if len(fields) < 8 {
			continue
		}
		l, okL := procAddr(fields[1])
		r, okR := procAddr(fields[2])
		if !okL || !okR || !sameAddr(l, local) || !sameAddr(r, remote) {
			continue
		}
		uid, err := strconv.Atoi(fields[7])
		if err != nil {
			return 0, false, fmt.Errorf("%s: uid %q: %w", table, fields[7], err)
		}
		return uid, true, nil
	}
	return 0, false, sc.Err()
}

// sameAddr compares addresses with IPv4-mapped IPv6 addresses unmapped: a dual-stack
// client socket lists 127.0.0.1 as ::ffff:127.0.0.1 in /proc/net/tcp6.
func sameAddr(a, b netip.AddrPort) bool {
	return a.Port() == b.Port() && a.Addr().Unmap() == b.Addr().Unmap()
}

// procAddr parses "0100007F:1F90": the address as the kernel's 32-bit words in host byte
// order, then the port in hex.
func procAddr(s string) (netip.AddrPort, bool) {
	h, p, ok := strings.Cut(s, ":")
	if !ok {
		return netip.AddrPort{}, false
	}
	raw, err := hex.DecodeString(h)
	if err != nil || (len(raw) != 4 && len(raw) != 16) {
		return netip.AddrPort{}, false
	}
	for i := 0; i < len(raw); i += 4 {
		binary.NativeEndian.PutUint32(raw[i:], binary.BigEndian.Uint32(raw[i:]))
	}
	port, err := strconv.ParseUint(p, 16, 16)
	if err != nil {
		return netip.AddrPort{}, false
	}
	addr, _ := netip.AddrFromSlice(raw)
	return netip.AddrPortFrom(addr, uint16(port)), true
}
