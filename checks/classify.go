package checks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"syscall"
	"time"
)

// Phase is a step of a connection, used to read a timeout correctly.
type Phase string

// The phases of a request, in order.
const (
	PhaseDNS     Phase = "dns"
	PhaseConnect Phase = "connect"
	PhaseProxy   Phase = "proxy"
	PhaseTLS     Phase = "tls"
	PhaseHTTP    Phase = "http"
)

// Classify maps an error from the given phase to a cause, by type: DNS
// errors, errno values, x509 and TLS error types, timeouts. It never looks
// at English error text.
func Classify(err error, phase Phase, now time.Time) Cause {
	if err == nil {
		return ""
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		switch {
		case dnsErr.IsNotFound:
			return CauseDNSNXDomain
		case dnsErr.IsTimeout:
			return CauseDNSTimeout
		default:
			return CauseDNSFailure
		}
	}
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var hostErr x509.HostnameError
	var recErr tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case errors.As(err, &unknown):
		return CauseTLSUntrusted
	case errors.As(err, &hostErr):
		return CauseTLSHostnameMismatch
	case errors.As(err, &invalid):
		if invalid.Reason == x509.Expired {
			if invalid.Cert != nil && now.Before(invalid.Cert.NotBefore) {
				return CauseTLSNotYetValid
			}
			return CauseTLSExpired
		}
		return CauseTLSUntrusted
	case errors.As(err, &recErr):
		return CauseTLSProtocol
	case errors.As(err, &alert):
		return CauseTLSProtocol
	}
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		if phase == PhaseProxy {
			return CauseProxyUnreachable
		}
		return CauseTCPRefused
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.EADDRNOTAVAIL):
		if phase == PhaseProxy {
			return CauseProxyUnreachable
		}
		return CauseNetUnreachable
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.EPIPE):
		switch phase {
		case PhaseTLS:
			return CauseTLSReset
		case PhaseProxy:
			return CauseProxyUnreachable
		case PhaseConnect:
			return CauseTCPRefused
		}
		return CauseMiddleboxResponse
	}
	if isTimeout(err) {
		switch phase {
		case PhaseDNS:
			return CauseDNSTimeout
		case PhaseConnect:
			return CauseTCPTimeout
		case PhaseProxy:
			return CauseProxyUnreachable
		case PhaseTLS:
			return CauseTLSTimeout
		}
		return CauseTimeout
	}
	switch phase {
	case PhaseDNS:
		return CauseDNSFailure
	case PhaseConnect:
		return CauseNetUnreachable
	case PhaseProxy:
		return CauseProxyUnreachable
	case PhaseTLS:
		return CauseTLSProtocol
	}
	return CauseMiddleboxResponse
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
