package checks

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// caWithSubject is a self-signed CA certificate with the given raw subject.
func caWithSubject(t *testing.T, subject pkix.RDNSequence) *x509.Certificate {
	t.Helper()
	raw, err := asn1.Marshal(subject)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), RawSubject: raw, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func atv(oid asn1.ObjectIdentifier, v string) pkix.AttributeTypeAndValue {
	return pkix.AttributeTypeAndValue{Type: oid, Value: v}
}

var (
	oidCN = asn1.ObjectIdentifier{2, 5, 4, 3}
	oidOU = asn1.ObjectIdentifier{2, 5, 4, 11}
	oidO  = asn1.ObjectIdentifier{2, 5, 4, 10}
)

// TestOpenSSLSubjectHash holds the hash to `openssl x509 -hash` (OpenSSL
// 3.0.19) for subjects that exercise the canonical form: case, runs of
// white space, non-ASCII text, a multi-valued RDN.
func TestOpenSSLSubjectHash(t *testing.T) {
	for want, subject := range map[string]pkix.RDNSequence{
		"d4538290": {{atv(oidO, "Zscaler Inc.")}, {atv(oidCN, "Zscaler Root CA")}},
		"57125edc": {{atv(oidO, "Ünïcode Org")}, {atv(oidCN, "  Lab   ROOT\tCA  ")}},
		"65a2706d": {{atv(oidCN, "b"), atv(oidOU, "A  Z")}, {atv(oidO, "x")}},
	} {
		got, err := OpenSSLSubjectHash(caWithSubject(t, subject))
		if err != nil || got != want {
			t.Errorf("%v: hash %q (%v), want %q", subject, got, err, want)
		}
	}
}

// hashedFolder writes c into folder below root as OpenSSL finds it
// (<hash>.0), and another certificate under a name OpenSSL never opens.
func hashedFolder(t *testing.T, root, folder string, c *x509.Certificate) {
	t.Helper()
	h, err := OpenSSLSubjectHash(c)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, folder)
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, h+".0"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "unhashed.pem"), testCertPEM(t), 0o644); err != nil {
		t.Fatal(err)
	}
}

// modelRun is trustRun on a given OS, with a hashed folder
// /etc/ssl/hashed holding one CA certificate.
func modelRun(t *testing.T, client ClientName, goos string, vars map[string]string) *Run {
	t.Helper()
	r := trustRun(t, client, vars)
	root := r.Env.Files.(RootFS).Root
	hashedFolder(t, root, "etc/ssl/hashed", caWithSubject(t, pkix.RDNSequence{{atv(oidCN, "Folder CA")}}))
	r.Env.GOOS = goos
	return r
}

// TestPythonTrustIsHTTPXs: httpx's create_ssl_context trusts a non-empty
// SSL_CERT_FILE, else a non-empty SSL_CERT_DIR, else certifi;
// REQUESTS_CA_BUNDLE is requests' variable, which httpx never reads.
func TestPythonTrustIsHTTPXs(t *testing.T) {
	const file, dir = "/etc/ssl/corp.pem", "/etc/ssl/hashed"
	for _, c := range []struct {
		name   string
		vars   map[string]string
		want   string
		unread []string
	}{
		{"REQUESTS_CA_BUNDLE is not httpx's", map[string]string{"REQUESTS_CA_BUNDLE": file}, "bundled", []string{"REQUESTS_CA_BUNDLE"}},
		{"SSL_CERT_DIR replaces certifi", map[string]string{"SSL_CERT_DIR": dir}, "SSL_CERT_DIR=" + dir, nil},
		{"SSL_CERT_FILE first", map[string]string{"SSL_CERT_FILE": file, "SSL_CERT_DIR": dir}, "SSL_CERT_FILE=" + file, []string{"SSL_CERT_DIR"}},
		{"an empty SSL_CERT_FILE counts as unset", map[string]string{"SSL_CERT_FILE": "", "SSL_CERT_DIR": dir}, "SSL_CERT_DIR=" + dir, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := modelRun(t, PythonSDK, "linux", c.vars)
			ts := r.trust()
			if got := labels(ts); got != c.want {
				t.Fatalf("trust %q, want %q", got, c.want)
			}
			for _, v := range c.unread {
				if r.readsCAVar(v) {
					t.Errorf("python-sdk should not read %s here", v)
				}
			}
			for _, s := range ts.sources {
				if s.Name == "SSL_CERT_DIR" && (s.Certs != 1 || s.pool == nil || !strings.Contains(s.Problem, "1 certificates in it sit in files not named by their subject hash")) {
					t.Errorf("the hashed folder gives one certificate, and says the unhashed one is never found: %+v", s)
				}
			}
		})
	}
}

// TestGoTrustIsCryptoX509s: on Linux and the BSDs Go reads a bundle file
// and certificate folders (root_unix.go): SSL_CERT_FILE replaces the
// file, SSL_CERT_DIR the folders, each alone, and every file of a folder
// counts. macOS and Windows ask the platform and read neither.
func TestGoTrustIsCryptoX509s(t *testing.T) {
	const file, dir = "SSL_CERT_FILE=/etc/ssl/corp.pem", "SSL_CERT_DIR=/etc/ssl/hashed"
	both := map[string]string{"SSL_CERT_FILE": "/etc/ssl/corp.pem", "SSL_CERT_DIR": "/etc/ssl/hashed"}
	for _, c := range []struct {
		goos, name string
		vars       map[string]string
		want       string
		parts      string // each source's Part, in order
		reads      bool
	}{
		{"linux", "nothing set", nil, "system", "", true},
		{"linux", "the file keeps the folders", map[string]string{"SSL_CERT_FILE": "/etc/ssl/corp.pem"}, file + " + system", "file,folders", true},
		{"linux", "the folders keep the file", map[string]string{"SSL_CERT_DIR": "/etc/ssl/hashed"}, "system + " + dir, "file,folders", true},
		{"linux", "both replace both", both, file + " + " + dir, "file,folders", true},
		{"freebsd", "the BSDs too", map[string]string{"SSL_CERT_FILE": "/etc/ssl/corp.pem"}, file + " + system", "file,folders", true},
		{"darwin", "macOS reads neither", both, "system", "", false},
		{"windows", "Windows reads neither", both, "system", "", false},
	} {
		t.Run(c.goos+"/"+c.name, func(t *testing.T) {
			r := modelRun(t, GoSDK, c.goos, c.vars)
			ts := r.trust()
			if got := labels(ts); got != c.want {
				t.Fatalf("trust %q, want %q", got, c.want)
			}
			var parts []string
			for _, s := range ts.sources {
				if s.Part != "" {
					parts = append(parts, s.Part)
				}
				if s.Name == "SSL_CERT_DIR" && (s.Certs != 2 || s.Problem != "") {
					t.Errorf("Go reads every file of the folder, hashed or not: %+v", s)
				}
			}
			if got := strings.Join(parts, ","); got != c.parts {
				t.Errorf("parts %q, want %q", got, c.parts)
			}
			if r.readsCAVar("SSL_CERT_FILE") != c.reads || r.readsCAVar("SSL_CERT_DIR") != c.reads {
				t.Errorf("go-sdk on %s reads SSL_CERT_FILE: %v, SSL_CERT_DIR: %v; want %v", c.goos, r.readsCAVar("SSL_CERT_FILE"), r.readsCAVar("SSL_CERT_DIR"), c.reads)
			}
		})
	}
}

// TestCurlTrustIsTheToolsCacertpaths: the curl tool takes CURL_CA_BUNDLE;
// when that is unset, SSL_CERT_DIR and SSL_CERT_FILE, both if both are
// set (tool_operate.c, cacertpaths); each replaces the built-in store.
// With Schannel (curl.exe on Windows) none applies.
func TestCurlTrustIsTheToolsCacertpaths(t *testing.T) {
	const bundle, file, dir = "CURL_CA_BUNDLE=/etc/ssl/corp.pem", "SSL_CERT_FILE=/etc/ssl/corp.pem", "SSL_CERT_DIR=/etc/ssl/hashed"
	all := map[string]string{"CURL_CA_BUNDLE": "/etc/ssl/corp.pem", "SSL_CERT_FILE": "/etc/ssl/corp.pem", "SSL_CERT_DIR": "/etc/ssl/hashed"}
	for _, c := range []struct {
		goos, name string
		vars       map[string]string
		want       string
		unread     []string
	}{
		{"linux", "nothing set", nil, "system", nil},
		{"linux", "CURL_CA_BUNDLE alone", all, bundle, []string{"SSL_CERT_FILE", "SSL_CERT_DIR"}},
		{"linux", "SSL_CERT_DIR", map[string]string{"SSL_CERT_DIR": "/etc/ssl/hashed"}, dir, nil},
		{"linux", "both", map[string]string{"SSL_CERT_FILE": "/etc/ssl/corp.pem", "SSL_CERT_DIR": "/etc/ssl/hashed"}, file + " + " + dir, nil},
		{"windows", "Schannel reads none", all, "system", []string{"CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR"}},
	} {
		t.Run(c.goos+"/"+c.name, func(t *testing.T) {
			r := modelRun(t, Curl, c.goos, c.vars)
			if got := labels(r.trust()); got != c.want {
				t.Fatalf("trust %q, want %q", got, c.want)
			}
			for _, v := range c.unread {
				if r.readsCAVar(v) {
					t.Errorf("curl should not read %s here", v)
				}
			}
			for _, s := range r.trust().sources {
				if s.Name == "SSL_CERT_DIR" && s.Certs != 1 {
					t.Errorf("curl's OpenSSL finds only the hashed certificate: %+v", s)
				}
			}
		})
	}
}

// TestNodeTrustFollowsItsFlags: Node starts from its bundled roots;
// NODE_USE_SYSTEM_CA=1 or --use-system-ca adds the system store (on
// Linux OpenSSL's default file and folders, which SSL_CERT_FILE and
// SSL_CERT_DIR replace); --use-openssl-ca uses OpenSSL's store instead
// of the bundled roots; NODE_EXTRA_CA_CERTS adds to any of them. Claude
// Code's documentation says nothing of these flags: they change nothing.
func TestNodeTrustFollowsItsFlags(t *testing.T) {
	const file, dir, extra = "SSL_CERT_FILE=/etc/ssl/corp.pem", "SSL_CERT_DIR=/etc/ssl/hashed", "NODE_EXTRA_CA_CERTS=/etc/ssl/corp.pem"
	sslFile := map[string]string{"SSL_CERT_FILE": "/etc/ssl/corp.pem"}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	for _, c := range []struct {
		client     ClientName
		goos, name string
		vars       map[string]string
		want       string
		readsFile  bool
	}{
		{NodeSDK, "linux", "bundled only", sslFile, "bundled", false},
		{NodeSDK, "linux", "NODE_USE_SYSTEM_CA=1", map[string]string{"NODE_USE_SYSTEM_CA": "1"}, "bundled + system", true},
		{NodeSDK, "linux", "--use-system-ca", map[string]string{"NODE_OPTIONS": "--max-old-space-size=4096 --use-system-ca"}, "bundled + system", true},
		{NodeSDK, "linux", "the system store honours SSL_CERT_FILE", with(sslFile, "NODE_USE_SYSTEM_CA", "1"), "bundled + " + file + " + system", true},
		{NodeSDK, "linux", "and SSL_CERT_DIR", map[string]string{"NODE_USE_SYSTEM_CA": "1", "SSL_CERT_DIR": "/etc/ssl/hashed"}, "bundled + system + " + dir, true},
		{NodeSDK, "darwin", "the keychain reads no variable", with(sslFile, "NODE_USE_SYSTEM_CA", "1"), "bundled + system", false},
		{NodeSDK, "linux", "--use-openssl-ca", map[string]string{"NODE_OPTIONS": "--use-openssl-ca"}, "system", true},
		{NodeSDK, "linux", "--use-openssl-ca with SSL_CERT_FILE", with(sslFile, "NODE_OPTIONS", "--use-openssl-ca"), file + " + system", true},
		{NodeSDK, "linux", "--use-openssl-ca and extra", map[string]string{"NODE_OPTIONS": "--use-openssl-ca", "NODE_EXTRA_CA_CERTS": "/etc/ssl/corp.pem"}, "system + " + extra, true},
		{NodeSDK, "linux", "both flags: OpenSSL's store once", map[string]string{"NODE_OPTIONS": "--use-openssl-ca --use-system-ca"}, "system", true},
		{ClaudeCode, "linux", "Claude Code: no such flags", map[string]string{"NODE_OPTIONS": "--use-openssl-ca", "CLAUDE_CODE_CERT_STORE": "bundled"}, "bundled", false},
	} {
		t.Run(string(c.client)+"/"+c.name, func(t *testing.T) {
			r := modelRun(t, c.client, c.goos, c.vars)
			if got := labels(r.trust()); got != c.want {
				t.Fatalf("trust %q, want %q", got, c.want)
			}
			if r.readsCAVar("SSL_CERT_FILE") != c.readsFile {
				t.Errorf("reads SSL_CERT_FILE: %v, want %v", r.readsCAVar("SSL_CERT_FILE"), c.readsFile)
			}
		})
	}
}
