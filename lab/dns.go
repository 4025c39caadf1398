package lab

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"

	"golang.org/x/net/dns/dnsmessage"
)

// DNSMode is how the DNS server treats a name.
type DNSMode int

// DNS behaviours.
const (
	DNSAnswer   DNSMode = iota // answer with the records set (none: NOERROR, empty)
	DNSNXDomain                // the name does not exist
	DNSServFail                // the server fails
	DNSSilent                  // never answer: the client times out
)

// DNSServer is an authoritative-looking DNS server on a loopback UDP port.
type DNSServer struct {
	Addr  netip.AddrPort
	conn  net.PacketConn
	mu    sync.Mutex
	names map[string][]netip.Addr
	modes map[string]DNSMode
	// Queries counts the questions received, by name.
	Queries map[string]int
}

// StartDNS starts a DNS server on 127.0.0.1. Unknown names get NXDOMAIN.
func StartDNS() (*DNSServer, error) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &DNSServer{conn: pc, names: map[string][]netip.Addr{}, modes: map[string]DNSMode{}, Queries: map[string]int{}}
	s.Addr = netip.MustParseAddrPort(pc.LocalAddr().String())
	go s.serve()
	return s, nil
}

// Set gives a name its addresses (A and AAAA by family).
func (s *DNSServer) Set(name string, addrs ...netip.Addr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.names[canon(name)] = addrs
	s.modes[canon(name)] = DNSAnswer
}

// SetMode changes how a name is answered.
func (s *DNSServer) SetMode(name string, m DNSMode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.modes[canon(name)] = m
}

// Close stops the server.
func (s *DNSServer) Close() error { return s.conn.Close() }

// Resolver returns a Go resolver that asks this server only.
func (s *DNSServer) Resolver() *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", s.Addr.String())
	}}
}

func canon(name string) string { return strings.ToLower(strings.TrimSuffix(name, ".")) }

func (s *DNSServer) serve() {
	buf := make([]byte, 1500)
	for {
		n, from, err := s.conn.ReadFrom(buf)
		if err != nil {
			return
		}
		if reply := s.answer(buf[:n]); reply != nil {
			s.conn.WriteTo(reply, from)
		}
	}
}

// answer builds the reply to one query, or nil to stay silent.
func (s *DNSServer) answer(q []byte) []byte {
	var msg dnsmessage.Message
	if err := msg.Unpack(q); err != nil || len(msg.Questions) == 0 {
		return nil
	}
	question := msg.Questions[0]
	name := canon(question.Name.String())
	s.mu.Lock()
	s.Queries[name]++
	mode, known := s.modes[name]
	addrs := s.names[name]
	s.mu.Unlock()
	reply := dnsmessage.Message{
		Header:    dnsmessage.Header{ID: msg.ID, Response: true, Authoritative: true, RecursionDesired: msg.RecursionDesired, RecursionAvailable: true},
		Questions: msg.Questions,
	}
	switch {
	case !known || mode == DNSNXDomain:
		reply.RCode = dnsmessage.RCodeNameError
	case mode == DNSServFail:
		reply.RCode = dnsmessage.RCodeServerFailure
	case mode == DNSSilent:
		return nil
	default:
		for _, a := range addrs {
			hdr := dnsmessage.ResourceHeader{Name: question.Name, Class: dnsmessage.ClassINET, TTL: 60}
			switch {
			case a.Is4() && question.Type == dnsmessage.TypeA:
				hdr.Type = dnsmessage.TypeA
				reply.Answers = append(reply.Answers, dnsmessage.Resource{Header: hdr, Body: &dnsmessage.AResource{A: a.As4()}})
			case a.Is6() && question.Type == dnsmessage.TypeAAAA:
				hdr.Type = dnsmessage.TypeAAAA
				reply.Answers = append(reply.Answers, dnsmessage.Resource{Header: hdr, Body: &dnsmessage.AAAAResource{AAAA: a.As16()}})
			}
		}
	}
	b, err := reply.Pack()
	if err != nil {
		return nil
	}
	return b
}

// ServeDoH answers RFC 8484 POST queries with the same records.
func (s *DNSServer) ServeDoH(w http.ResponseWriter, r *http.Request) {
	q, err := io.ReadAll(io.LimitReader(r.Body, 4096))
	if err != nil || r.Method != http.MethodPost {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	reply := s.answer(q)
	if reply == nil {
		<-r.Context().Done() // silent: hold the request until the client gives up
		return
	}
	w.Header().Set("Content-Type", "application/dns-message")
	w.Write(reply)
}
