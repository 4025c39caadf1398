package checks

import (
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"apidoctor/i18n"
	"apidoctor/redact"
)

// DefaultBaseURL is the API's origin.
const DefaultBaseURL = "https://api.anthropic.com"

// Defaults for the other endpoints the checks use.
const (
	DefaultPlatformURL  = "https://platform.claude.com/v1/oauth/hello"
	DefaultStatusURL    = "https://status.claude.com"
	FallbackStatusURL   = "https://anthropic.statuspage.io"
	DefaultReferenceDNS = "https://1.1.1.1/dns-query"
)

// APIRanges are the published address ranges of api.anthropic.com
// (docs/facts.md; a newer list adds 153.61.224.0/22). Data, easy to update.
var APIRanges = []netip.Prefix{
	netip.MustParsePrefix("160.79.104.0/23"),
	netip.MustParsePrefix("153.61.224.0/22"),
	netip.MustParsePrefix("2607:6bc0::/48"),
}

// FakeIPRange is where Clash-style "fake-ip" resolvers answer from.
var FakeIPRange = netip.MustParsePrefix("198.18.0.0/15")

// Options are the command-line choices shared by every subcommand.
type Options struct {
	Client        ClientName
	BaseURL       string // --base-url; "" means from the environment
	ReferenceDNS  string // host:port, https:// URL, or "none"
	StatusURL     string // "" default, "none" skips
	PlatformURL   string // "" default, "none" skips
	TraceURL      string // "" means <base>/cdn-cgi/trace, "none" skips
	CABundle      string // --ca-bundle
	ProbeMessages bool
	Timeout       time.Duration // scales every phase; 0 keeps the defaults
	// Routes also tests the other ways to reach Claude (check --routes);
	// Endpoints overrides the list (the lab's), else the defaults for the
	// regions given.
	Routes         bool
	Endpoints      []RouteEndpoint
	BedrockRegions []string
	VertexRegions  []string
	// Only, when set, runs just these checks and the ones they need; the
	// others report na (a re-check after a fix, a live test of a candidate).
	Only []string
	// Expected overrides the expected address ranges of the target host
	// (the lab uses it; the API's published ranges apply otherwise).
	Expected []netip.Prefix
}

// Target is what the run tries to reach.
type Target struct {
	Raw      Value    `json:"base_url"`
	URL      *url.URL `json:"-"`
	Host     string   `json:"host"`
	Port     string   `json:"port"`
	ParseErr string   `json:"parse_error,omitempty"`
	Expected []string `json:"expected_ranges,omitempty"`
	expected []netip.Prefix
	Platform string `json:"platform_url,omitempty"`
	Status   string `json:"status_url,omitempty"`
	Trace    string `json:"trace_url,omitempty"`
	RefDNS   string `json:"reference_dns,omitempty"`
}

// HostPort is the target's host:port.
func (t Target) HostPort() string { return net.JoinHostPort(t.Host, t.Port) }

// resolveTarget picks the base URL by precedence and parses it leniently:
// the lint check reports what is wrong, but the network checks still try
// the host, since that is what the client would do.
func resolveTarget(s *Settings, o Options) Target {
	v, ok := s.Lookup("ANTHROPIC_BASE_URL")
	if !ok || strings.TrimSpace(v.Raw) == "" {
		v = Value{Name: "ANTHROPIC_BASE_URL", Raw: DefaultBaseURL, Source: SourceDefault}
	}
	t := Target{Raw: v}
	u, err := url.Parse(strings.TrimSpace(v.Raw))
	switch {
	case err != nil:
		t.ParseErr = redact.URL(err.Error())
	case u.Host == "":
		t.ParseErr = fmt.Sprintf("%q has no host", redact.URL(v.Raw))
	default:
		t.URL = u
		t.Host = u.Hostname()
		t.Port = u.Port()
		if t.Port == "" {
			t.Port = "443"
			if u.Scheme == "http" {
				t.Port = "80"
			}
		}
	}
	switch {
	case o.Expected != nil:
		t.expected = o.Expected
	case strings.EqualFold(t.Host, "api.anthropic.com"):
		t.expected = APIRanges
	}
	for _, p := range t.expected {
		t.Expected = append(t.Expected, p.String())
	}
	t.Platform = pick(o.PlatformURL, DefaultPlatformURL)
	t.Status = pick(o.StatusURL, DefaultStatusURL)
	t.RefDNS = pick(o.ReferenceDNS, DefaultReferenceDNS)
	switch {
	case o.TraceURL == "none":
	case o.TraceURL != "":
		t.Trace = o.TraceURL
	case t.URL != nil:
		t.Trace = strings.TrimRight(originOf(t.URL), "/") + "/cdn-cgi/trace"
	}
	return t
}

// pick returns v, the default when v is empty, or "" when v is "none".
func pick(v, def string) string {
	switch v {
	case "none":
		return ""
	case "":
		return def
	}
	return v
}

// originOf is scheme://host[:port] of u.
func originOf(u *url.URL) string { return u.Scheme + "://" + u.Host }

// ValidateOptions rejects flag values that cannot mean anything, before
// any network is touched (exit code 2 territory), including a --ca-bundle
// that is unreadable or holds no certificate.
func ValidateOptions(o Options) error {
	if err := validateFlags(o); err != nil {
		return err
	}
	if o.CABundle != "" {
		if _, err := loadCABundle(o.CABundle); err != nil {
			return err
		}
	}
	return nil
}

// validateFlags checks the options that need no I/O.
func validateFlags(o Options) error {
	if _, err := ParseClient(string(o.Client)); err != nil {
		return err
	}
	if r := o.ReferenceDNS; r != "" && r != "none" {
		if strings.HasPrefix(r, "https://") {
			if _, err := url.Parse(r); err != nil {
				return i18n.Errorf("err.flag", "--reference-dns", err)
			}
		} else if _, _, err := net.SplitHostPort(r); err != nil {
			return i18n.Errorf("err.reference_dns", r)
		}
	}
	for name, v := range map[string]string{"--status-url": o.StatusURL, "--platform-url": o.PlatformURL, "--trace-url": o.TraceURL} {
		if v == "" || v == "none" {
			continue
		}
		if u, err := url.Parse(v); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return i18n.Errorf("err.url_flag", name, v)
		}
	}
	if o.Timeout < 0 {
		return i18n.Errorf("err.positive", "--timeout")
	}
	return nil
}

// loadCABundle reads the --ca-bundle file into a pool: a regular file of
// at most KindCA's size (a named pipe, /dev/zero or a huge file is
// refused at once, with what it is).
func loadCABundle(path string) (*x509.CertPool, error) {
	data, err := ReadRegularFile(context.Background(), path, KindCA)
	if err != nil {
		return nil, &i18n.Error{M: i18n.Msg("err.flag", "--ca-bundle", cannotRead(path, err)), Wrapped: err}
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, i18n.Errorf("err.ca_bundle_empty", path)
	}
	return pool, nil
}
