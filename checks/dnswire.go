package checks

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"golang.org/x/net/dns/dnsmessage"
)

// buildQuery packs one recursive question for name and type.
func buildQuery(name string, qtype dnsmessage.Type) (uint16, []byte, error) {
	var idb [2]byte
	rand.Read(idb[:])
	id := binary.BigEndian.Uint16(idb[:])
	n, err := dnsmessage.NewName(dotted(name))
	if err != nil {
		return 0, nil, err
	}
	msg := dnsmessage.Message{
		Header:    dnsmessage.Header{ID: id, RecursionDesired: true},
		Questions: []dnsmessage.Question{{Name: n, Type: qtype, Class: dnsmessage.ClassINET}},
	}
	b, err := msg.Pack()
	return id, b, err
}

func dotted(name string) string {
	if strings.HasSuffix(name, ".") {
		return name
	}
	return name + "."
}

// parseAnswer reads the addresses of a reply, turning an error rcode into
// a *net.DNSError so the classifier treats it like the system resolver's.
func parseAnswer(name string, id uint16, b []byte, server string) ([]netip.Addr, error) {
	var msg dnsmessage.Message
	if err := msg.Unpack(b); err != nil {
		return nil, &net.DNSError{Err: "malformed reply: " + err.Error(), Name: name, Server: server}
	}
	if id != 0 && msg.ID != id {
		return nil, &net.DNSError{Err: "reply ID mismatch", Name: name, Server: server}
	}
	switch msg.RCode {
	case dnsmessage.RCodeSuccess:
	case dnsmessage.RCodeNameError:
		return nil, &net.DNSError{Err: "no such host", Name: name, Server: server, IsNotFound: true}
	default:
		return nil, &net.DNSError{Err: "server answered " + msg.RCode.String(), Name: name, Server: server}
	}
	var out []netip.Addr
	for _, a := range msg.Answers {
		switch body := a.Body.(type) {
		case *dnsmessage.AResource:
			out = append(out, netip.AddrFrom4(body.A))
		case *dnsmessage.AAAAResource:
			out = append(out, netip.AddrFrom16(body.AAAA))
		}
	}
	return out, nil
}

// lookupUDP asks a plain DNS server over UDP.
func (r *Run) lookupUDP(ctx context.Context, server, name string, qtype dnsmessage.Type) ([]netip.Addr, error) {
	id, q, err := buildQuery(name, qtype)
	if err != nil {
		return nil, err
	}
	ap, err := netip.ParseAddrPort(server)
	if err != nil {
		addrs, rerr := r.resolve(ctx, "ip", hostOf(server))
		if rerr != nil || len(addrs) == 0 {
			return nil, fmt.Errorf("reference resolver %s: %w", server, rerr)
		}
		_, port, _ := net.SplitHostPort(server)
		p, _ := parsePort(port)
		ap = netip.AddrPortFrom(addrs[0], p)
	}
	c, err := r.Env.Dial(ctx, "udp", ap.String())
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if d, ok := ctx.Deadline(); ok {
		c.SetDeadline(d)
	}
	if _, err := c.Write(q); err != nil {
		return nil, err
	}
	buf := make([]byte, 1500)
	for {
		n, err := c.Read(buf)
		if err != nil {
			if isTimeout(err) {
				return nil, &net.DNSError{Err: "timed out", Name: name, Server: server, IsTimeout: true}
			}
			return nil, err
		}
		addrs, perr := parseAnswer(name, id, buf[:n], server)
		var de *net.DNSError
		if errors.As(perr, &de) && de.Err == "reply ID mismatch" {
			continue // a late reply to someone else; keep waiting
		}
		return addrs, perr
	}
}

// lookupDoH asks a DNS-over-HTTPS server (RFC 8484, POST), straight from
// this machine: the point is a second opinion that bypasses local DNS.
func (r *Run) lookupDoH(ctx context.Context, endpoint, name string, qtype dnsmessage.Type) ([]netip.Addr, error) {
	_, q, err := buildQuery(name, qtype)
	if err != nil {
		return nil, err
	}
	binary.BigEndian.PutUint16(q, 0) // RFC 8484 asks for ID 0, cache friendly
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, err
	}
	client := r.httpClient(ctx, Route{})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(q))
	req.Header.Set("Content-Type", "application/dns-message")
	req.Header.Set("Accept", "application/dns-message")
	resp, err := client.Do(req)
	if err != nil {
		if isTimeout(err) {
			return nil, &net.DNSError{Err: "timed out", Name: name, Server: u.Host, IsTimeout: true}
		}
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &net.DNSError{Err: fmt.Sprintf("DoH server answered HTTP %d", resp.StatusCode), Name: name, Server: u.Host}
	}
	return parseAnswer(name, 0, body, u.Host)
}

func hostOf(hostport string) string {
	h, _, err := net.SplitHostPort(hostport)
	if err != nil {
		return hostport
	}
	return h
}
