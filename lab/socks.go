package lab

import (
	"bufio"
	"context"
	"encoding/binary"
	"io"
	"net"
	"net/netip"
	"strconv"
)

// SOCKS is a SOCKS5 proxy (no authentication, CONNECT only) on a loopback
// port, like the socks side of v2rayN or Clash's mixed port.
type SOCKS struct {
	Addr    string
	ln      net.Listener
	resolve func(string) (netip.Addr, bool)
}

// StartSOCKS starts a SOCKS5 proxy that resolves the lab's names.
func (l *Lab) StartSOCKS() (*SOCKS, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &SOCKS{Addr: ln.Addr().String(), ln: ln, resolve: l.lookupTruth}
	l.defer_(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.handle(c)
		}
	}()
	return s, nil
}

func (s *SOCKS) handle(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	// Greeting: VER NMETHODS METHODS...
	head := make([]byte, 2)
	if _, err := io.ReadFull(br, head); err != nil || head[0] != 5 {
		return
	}
	if _, err := io.ReadFull(br, make([]byte, head[1])); err != nil {
		return
	}
	c.Write([]byte{5, 0}) // no authentication
	// Request: VER CMD RSV ATYP ADDR PORT
	req := make([]byte, 4)
	if _, err := io.ReadFull(br, req); err != nil || req[1] != 1 {
		c.Write([]byte{5, 7, 0, 1, 0, 0, 0, 0, 0, 0})
		return
	}
	var host string
	switch req[3] {
	case 1:
		b := make([]byte, 4)
		io.ReadFull(br, b)
		host = netip.AddrFrom4([4]byte(b)).String()
	case 3:
		n, _ := br.ReadByte()
		b := make([]byte, n)
		io.ReadFull(br, b)
		host = string(b)
	case 4:
		b := make([]byte, 16)
		io.ReadFull(br, b)
		host = netip.AddrFrom16([16]byte(b)).String()
	}
	pb := make([]byte, 2)
	if _, err := io.ReadFull(br, pb); err != nil {
		return
	}
	port := binary.BigEndian.Uint16(pb)
	target := host
	if a, ok := s.resolve(host); ok {
		target = a.String()
	}
	up, err := Dial(context.Background(), "tcp", net.JoinHostPort(target, strconv.Itoa(int(port))))
	if err != nil {
		c.Write([]byte{5, 5, 0, 1, 0, 0, 0, 0, 0, 0}) // connection refused
		return
	}
	defer up.Close()
	c.Write([]byte{5, 0, 0, 1, 127, 0, 0, 1, 0, 0})
	pipe(c, br, up)
}
