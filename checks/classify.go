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
// errors, errno values (each OS's own: Windows' WSAECONNREFUSED is not
// syscall.ECONNREFUSED there), x509 and TLS error types, timeouts. It
// never looks at English error text.
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
	kind := errnoNone
	var errno syscall.Errno
	if errors.As(err, &errno) {
		kind = errnoKind(errno)
	}
	if kind == errnoNone && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) {
		kind = errnoReset
	}
	switch kind {
	case errnoRefused:
		if phase == PhaseProxy {
			return CauseProxyUnreachable
		}
		return CauseTCPRefused
	case errnoUnreachable:
		if phase == PhaseProxy {
			return CauseProxyUnreachable
		}
		return CauseNetUnreachable
	case errnoReset:
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

// errnoClass is what an errno says about a connection; each OS maps its
// own numbers to it (errnoKind, in classify_windows.go and
// classify_other.go), since Windows' socket errors are not Go's Unix-like
// syscall constants.
type errnoClass int

// The classes of errno.
const (
	errnoNone        errnoClass = iota // says nothing the classifier uses
	errnoRefused                       // nothing listens: the peer answered with RST to the SYN
	errnoUnreachable                   // no route, or no usable local address
	errnoReset                         // an open connection was reset or aborted
	errnoTimeout                       // the OS itself gave up waiting
)

func isTimeout(err error) bool {
	var errno syscall.Errno
	if errors.As(err, &errno) && errnoKind(errno) == errnoTimeout {
		return true
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
