package checks

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	"apidoctor/i18n"
)

// TrustSource is one set of roots a client trusts or could trust.
type TrustSource struct {
	Name  string `json:"name"`           // system, bundled, or the variable or flag
	Path  string `json:"path,omitempty"` // the file, for file sources
	Certs int    `json:"certs,omitempty"`
	// Problem says why a file source is unusable or suspect, or why the
	// stores are not the ones a variable asked for.
	Problem string `json:"problem,omitempty"`
	// Replaces names the store a file or folder stands in for
	// (SSL_CERT_FILE is Claude Code's "system" store when set, httpx's
	// certifi bundle).
	Replaces string `json:"replaces,omitempty"`
	// Part is the half of a system store read from a bundle file and
	// certificate folders that this source stands for, "file" or
	// "folders", when a variable replaced the other half (Go on Linux,
	// OpenSSL's default paths).
	Part string `json:"part,omitempty"`
	pool *x509.CertPool
	// problem is Problem as a message, shown in the reader's language
	// (Problem, in English, is for the JSON); zero when Problem has none.
	problem i18n.M
}

// problemMsg is the source's problem in the reader's language when it
// has a message, else its text as is.
func (s TrustSource) problemMsg() i18n.M {
	if !s.problem.IsZero() {
		return s.problem
	}
	return i18n.Msg("raw", s.Problem)
}

// trustSet is the client's effective trust: a chain is accepted when any
// source verifies it, as with a union of stores.
type trustSet struct {
	sources []TrustSource
	// read names the CA variables the client consulted to build it.
	read map[string]bool
}

var errNoTrust = errors.New("no trust source")

type trustCache struct {
	once sync.Once
	set  trustSet
}

// trust builds the client's trust once per run.
func (r *Run) trust() *trustSet {
	r.trustOnce.once.Do(func() { r.trustOnce.set = r.buildTrust() })
	return &r.trustOnce.set
}

func (r *Run) buildTrust() trustSet {
	ts := r.clientRoots()
	if r.extraCA != nil {
		ts.sources = append(ts.sources, TrustSource{Name: "--ca-bundle", Path: r.Opts.CABundle, pool: r.extraCA})
	}
	return ts
}

// certStoreVars name, per client, the variable that picks its base stores
// (Claude Code's CLAUDE_CODE_CERT_STORE: a comma list of bundled and system).
var certStoreVars = map[ClientName]string{ClaudeCode: "CLAUDE_CODE_CERT_STORE"}

// systemFileVars name, per client, a file that stands in for the OS store
// when set: Claude Code's "system" store honours SSL_CERT_FILE.
var systemFileVars = map[ClientName]string{ClaudeCode: "SSL_CERT_FILE"}

// readsCAVar reports whether the client consults a CA variable, as it
// is set here, so that the config.ca check lists only the ones it ignores.
func (r *Run) readsCAVar(name string) bool { return r.trust().read[name] }

// baseTrust is the set of stores the client starts from: its profile's,
// or those its store variable names. A value naming no known store is
// read as the default, and the returned problem says so.
func (r *Run) baseTrust() ([]Trust, string) {
	def := r.Profile.Trust
	v := certStoreVars[r.Profile.Name]
	if v == "" {
		return def, ""
	}
	raw, set := r.Settings.Lookup(v)
	if !set || strings.TrimSpace(raw.Raw) == "" {
		return def, ""
	}
	stores, unknown := parseCertStore(raw.Raw)
	if len(unknown) > 0 || len(stores) == 0 {
		return def, fmt.Sprintf("%s=%q is not a list of known stores (bundled, system): read as the default, %s",
			v, raw.Raw, trustList(def))
	}
	return stores, ""
}

// parseCertStore splits a comma list of stores, in order, without repeats.
func parseCertStore(s string) (stores []Trust, unknown []string) {
	seen := map[Trust]bool{}
	for _, part := range strings.Split(s, ",") {
		// Compared as written: the documented names are lower-case.
		t := Trust(strings.TrimSpace(part))
		switch {
		case t == "":
		case t != TrustBundled && t != TrustSystem:
			unknown = append(unknown, strings.TrimSpace(part))
		case !seen[t]:
			seen[t] = true
			stores = append(stores, t)
		}
	}
	return stores, unknown
}

func trustList(ts []Trust) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = string(t)
	}
	return strings.Join(names, ",")
}

// storeSource is one base store as the client reads it: the OS store is
// replaced by the client's system file variable when that is set.
func (r *Run) storeSource(t Trust) TrustSource {
	if v := systemFileVars[r.Profile.Name]; t == TrustSystem && v != "" {
		if path := strings.TrimSpace(r.Settings.Get(v)); path != "" {
			src := r.fileSource(v, path)
			src.Replaces = string(TrustSystem)
			return src
		}
	}
	return r.baseSource(t)
}

func (r *Run) baseSource(t Trust) TrustSource {
	src := TrustSource{Name: string(t)}
	switch t {
	case TrustSystem:
		if r.Env.SystemRoots != nil {
			pool, err := r.Env.SystemRoots()
			if err != nil {
				src.Problem = err.Error()
			}
			src.pool = pool
		}
	case TrustBundled:
		if r.Env.BundledRoots != nil {
			src.pool = r.Env.BundledRoots()
		}
	}
	return src
}

// fileSource loads a PEM bundle named by a variable, recording what is
// wrong with it instead of failing.
func (r *Run) fileSource(name, path string) TrustSource {
	src := TrustSource{Name: name, Path: path}
	data, err := r.Env.readFile(path)
	if err != nil {
		src.problem = cannotRead(path, err)
		src.Problem = src.problem.String()
		return src
	}
	certs, problem := parsePEMCerts(data, r.Env.Now())
	src.Certs, src.Problem = len(certs), problem
	if len(certs) > 0 {
		src.pool = x509.NewCertPool()
		for _, c := range certs {
			src.pool.AddCert(c)
		}
	}
	return src
}

// cannotRead says a file could not be read, and why, as a message: the
// reason of a *fs.PathError is given without its path (said once), and
// translated when it is a message itself (a named pipe, a file too large).
func cannotRead(path string, err error) i18n.M {
	return i18n.Msg("file.cannot_read", path, readReason(err))
}

// readReason is why a read failed, without the path a *fs.PathError adds.
func readReason(err error) i18n.M {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Err != nil {
		return i18n.ErrMsg(pe.Err)
	}
	return i18n.ErrMsg(err)
}

// parsePEMCerts returns the certificates of a PEM file and what is wrong
// with it: no PEM at all, no certificate, or only expired ones.
func parsePEMCerts(data []byte, now time.Time) ([]*x509.Certificate, string) {
	var certs []*x509.Certificate
	blocks := 0
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		blocks++
		if b.Type != "CERTIFICATE" {
			continue
		}
		if c, err := x509.ParseCertificate(b.Bytes); err == nil {
			certs = append(certs, c)
		}
	}
	switch {
	case blocks == 0:
		return nil, "not a PEM file"
	case len(certs) == 0:
		return nil, "no certificate in the PEM file"
	}
	expired := 0
	for _, c := range certs {
		if now.After(c.NotAfter) {
			expired++
		}
	}
	// A bundle with a few expired roots is normal; one with nothing valid is not.
	if expired == len(certs) {
		return certs, fmt.Sprintf("every certificate in it has expired (%d)", expired)
	}
	return certs, ""
}

// verifyChain checks a presented chain against one pool.
func verifyChain(pool *x509.CertPool, chain []*x509.Certificate, host string, now time.Time) error {
	if len(chain) == 0 {
		return errors.New("no certificate presented")
	}
	if pool == nil {
		return errNoTrust
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	_, err := chain[0].Verify(x509.VerifyOptions{DNSName: host, Roots: pool, Intermediates: inter, CurrentTime: now})
	return err
}

// verify accepts the chain when any source does; otherwise it returns the
// error the first usable source gave, which keeps its x509 type.
func (ts *trustSet) verify(chain []*x509.Certificate, host string, now time.Time) error {
	var first error
	for _, s := range ts.sources {
		if s.pool == nil {
			continue
		}
		err := verifyChain(s.pool, chain, host, now)
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	if first == nil {
		first = x509.UnknownAuthorityError{}
	}
	return first
}

// tlsConfig is the client side of a handshake: verification is done by
// the client's own trust set, so that a failure keeps its typed error and
// the chain is recorded either way.
func (r *Run) tlsConfig(host string, alpn ...string) *tls.Config {
	if len(alpn) == 0 {
		alpn = []string{"http/1.1"}
	}
	return &tls.Config{
		ServerName:         host,
		InsecureSkipVerify: true, // verified below, against the client's trust
		NextProtos:         alpn,
		Time:               r.Env.Now,
		VerifyConnection: func(cs tls.ConnectionState) error {
			return r.trust().verify(cs.PeerCertificates, host, r.Env.Now())
		},
	}
}

// CertInfo describes one certificate of a presented chain.
type CertInfo struct {
	Subject   string    `json:"subject"`
	Issuer    string    `json:"issuer"`
	SANs      []string  `json:"sans,omitempty"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
	SHA256    string    `json:"sha256"`
	IsCA      bool      `json:"is_ca,omitempty"`
}

func certInfo(c *x509.Certificate) CertInfo {
	sum := sha256.Sum256(c.Raw)
	info := CertInfo{
		Subject:   c.Subject.String(),
		Issuer:    c.Issuer.String(),
		NotBefore: c.NotBefore.UTC(),
		NotAfter:  c.NotAfter.UTC(),
		SHA256:    strings.ToUpper(hex.EncodeToString(sum[:])),
		IsCA:      c.IsCA,
	}
	info.SANs = append(info.SANs, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		info.SANs = append(info.SANs, ip.String())
	}
	return info
}

// Interceptors are names found in the issuers of TLS-inspection products'
// certificates. Data, easy to extend.
var Interceptors = []string{
	"Zscaler", "Netskope", "Fortinet", "FortiGate", "Palo Alto", "Cisco Umbrella", "Cisco", "Sophos",
	"Kaspersky", "ESET", "Avast", "AVG", "Bitdefender", "Blue Coat", "Forcepoint", "Check Point",
	"McAfee", "Skyhigh", "Barracuda", "WatchGuard", "SonicWall", "Cloudflare Gateway", "mitmproxy",
	"Charles Proxy", "Fiddler", "Proxyman", "Burp",
}

// interceptorOf names the inspection product that issued a chain, if any.
func interceptorOf(chain []*x509.Certificate) string {
	for _, c := range chain {
		for _, n := range append(append([]string{c.Issuer.CommonName}, c.Issuer.Organization...), c.Issuer.OrganizationalUnit...) {
			for _, known := range Interceptors {
				if strings.Contains(strings.ToLower(n), strings.ToLower(known)) {
					return known
				}
			}
		}
	}
	return ""
}
