package fixes

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"golang.org/x/crypto/x509roots/fallback/bundle"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/platform"
)

// ChainRoot is the Pick value that trusts the root the proxy sent.
const ChainRoot = "chain-root"

// StoreRoots is the Pick value that trusts the roots the OS's own store
// adds (the macOS keychains), exported to a file.
const StoreRoots = "store-roots"

// Candidate is a CA bundle that could make the handshake pass.
type Candidate struct {
	Path   string `json:"path"`
	Source string `json:"source"` // where it was found
	Certs  int    `json:"certs"`
	// Works is set by TestCandidates: nil not tested, then whether the
	// live handshake passed with it.
	Works *bool  `json:"works,omitempty"`
	Err   string `json:"error,omitempty"`
}

// caFolders are where corporate roots and system bundles usually live.
var caFolders = []string{
	"/usr/local/share/ca-certificates/*.crt", "/usr/local/share/ca-certificates/*/*.crt",
	"/etc/pki/ca-trust/source/anchors/*", "/etc/ssl/certs/ca-certificates.crt",
	"/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem",
}

// systemBundles are whole system stores, to build a bundle for variables
// that replace the client's trust.
var systemBundles = []string{"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"}

// Candidates lists the bundles on the machine worth trying: those named by
// CA variables, corporate roots in the usual folders, certifi copies, the
// system bundles, and the root the proxy sent (as ChainRoot).
func Candidates(c Context) []Candidate {
	seen := map[string]bool{}
	var out []Candidate
	add := func(path, source string) {
		if path == "" || seen[path] {
			return
		}
		data, err := c.FS.ReadFile(path)
		if err != nil {
			return
		}
		n := countCerts(data)
		if n == 0 {
			return
		}
		seen[path] = true
		out = append(out, Candidate{Path: path, Source: source, Certs: n})
	}
	if pem := chainRootPEM(c.Report); pem != nil {
		out = append(out, Candidate{Path: ChainRoot, Source: "chain", Certs: 1})
	}
	if pem, name := storeRoots(c); len(pem) > 0 {
		out = append(out, Candidate{Path: StoreRoots, Source: name, Certs: countCerts(pem)})
	}
	for _, v := range []string{"NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"} {
		if s, ok := setting(c.Report, v); ok {
			add(s.Raw, v)
		}
	}
	for _, g := range caFolders {
		matches, _ := filepath.Glob(c.FS.real(g))
		sort.Strings(matches)
		for _, m := range matches {
			rel := m
			if c.FS.Root != "" {
				rel = "/" + strings.TrimPrefix(filepath.ToSlash(strings.TrimPrefix(m, c.FS.Root)), "/")
			}
			add(rel, "system")
		}
	}
	for _, p := range c.Env.CertifiPaths {
		add(p, "certifi")
	}
	return out
}

func countCerts(data []byte) int {
	n := 0
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return n
		}
		if b.Type == "CERTIFICATE" {
			if _, err := x509.ParseCertificate(b.Bytes); err == nil {
				n++
			}
		}
	}
}

// storeCache is the OS store's roots, read once per context.
type storeCache struct {
	once sync.Once
	pem  []byte
	name string
}

// storeRoots reads the roots the OS's store adds, where it can be listed.
func storeRoots(c Context) ([]byte, string) {
	read := func() ([]byte, string) {
		store := platform.TrustStoreFor(c.Env.GOOS)
		if store == nil {
			return nil, ""
		}
		pem, err := store.Roots(context.Background(), c.Env.Host())
		if err != nil {
			return nil, ""
		}
		return pem, store.Name()
	}
	if c.roots == nil {
		return read()
	}
	c.roots.once.Do(func() { c.roots.pem, c.roots.name = read() })
	return c.roots.pem, c.roots.name
}

// exportHint says how to export the proxy's root from the OS's store
// (the Windows store cannot be listed from here at all), or "".
func exportHint(c Context) string {
	store := platform.TrustStoreFor(c.Env.GOOS)
	if store == nil {
		return ""
	}
	subject := "Root"
	if ev, ok := result(c.Report, "trust").Evidence.(*checks.TrustEvidence); ok && ev.ChainRoot != nil {
		subject = platform.CommonName(ev.ChainRoot.Subject)
	}
	return store.ExportHint(subject, platform.Join(c.Env.GOOS, "$HOME", "corp-root.pem"))
}

func chainRootPEM(rep *checks.Report) []byte {
	if rep == nil {
		return nil
	}
	ev, _ := result(rep, "trust").Evidence.(*checks.TrustEvidence)
	return ev.ChainRootPEM()
}

// caVar is the variable the client reads for extra roots.
func caVar(client checks.ClientName, chosen string) string {
	if chosen != "" {
		return chosen
	}
	p := checks.ProfileOf(client)
	if len(p.AddCAVars) > 0 {
		return p.AddCAVars[0]
	}
	return p.ReplaceCAVars[0]
}

// replacesTrust reports whether a variable replaces the client's roots
// (so it must point at a whole bundle, not just the corporate root).
func replacesTrust(v string) bool {
	return v == "SSL_CERT_FILE" || v == "CURL_CA_BUNDLE"
}

var slug = regexp.MustCompile(`[^A-Za-z0-9]+`)

func buildCA(c Context, p Params) (*Plan, error) {
	v := caVar(c.Report.Client, p.Var)
	switch v {
	// Not REQUESTS_CA_BUNDLE: requests reads it, httpx (the Python SDK)
	// never does (docs/clients.md).
	case "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "CURL_CA_BUNDLE":
	default:
		return nil, i18n.Errorf("fixerr.ca_var", v)
	}
	pick := p.Pick
	if pick == "" {
		for _, cand := range Candidates(c) {
			if cand.Works != nil && *cand.Works || cand.Path == ChainRoot {
				pick = cand.Path
				break
			}
		}
	}
	if pick == "" {
		if hint := exportHint(c); hint != "" {
			return nil, i18n.Errorf("fixerr.no_ca_export", hint)
		}
		return nil, i18n.Errorf("fixerr.no_ca")
	}
	plan := &Plan{Fix: checks.FixCABundle, Title: Title(checks.FixCABundle), Target: p.Target, Only: []string{"config.ca", "tls", "trust"}}
	certs, label := []byte(nil), pick
	if pick == StoreRoots {
		certs, label = storeRoots(c)
		if len(certs) == 0 {
			return nil, i18n.Errorf("fixerr.no_store_roots")
		}
	} else if pick == ChainRoot {
		certs = chainRootPEM(c.Report)
		if certs == nil {
			return nil, i18n.Errorf("fixerr.no_chain_root")
		}
		ev := result(c.Report, "trust").Evidence.(*checks.TrustEvidence)
		label = ev.ChainRoot.Subject
		plan.NoteMsgs = append(plan.NoteMsgs, i18n.Msg("fixnote.confirm_root", ev.ChainRoot.Subject, ev.ChainRoot.SHA256))
	} else {
		data, err := c.FS.ReadFile(pick)
		if err != nil {
			return nil, i18n.Errorf("fixerr.read", pick, err)
		}
		if countCerts(data) == 0 {
			return nil, i18n.Errorf("fixerr.no_pem", pick)
		}
		certs = data
	}
	path := pick
	certDir := filepath.Join(c.Store.Dir, "certs")
	switch {
	case replacesTrust(v):
		// A replacing variable needs the whole store plus the extra root:
		// the proxy's root alone breaks every host it does not intercept.
		bundle, note := wholeBundle(c, v)
		plan.NoteMsgs = append(plan.NoteMsgs, note)
		bundle = append(append(bundle, '\n'), certs...)
		path = filepath.Join(certDir, "apidoctor-bundle.pem")
		if err := c.editFile(plan, path, func([]byte) ([]byte, error) { return bundle, nil }); err != nil {
			return nil, err
		}
	case pick == ChainRoot || pick == StoreRoots:
		path = filepath.Join(certDir, strings.Trim(slug.ReplaceAllString(strings.ToLower(label), "-"), "-")+".pem")
		if err := c.editFile(plan, path, func([]byte) ([]byte, error) { return certs, nil }); err != nil {
			return nil, err
		}
	}
	vars := map[string]*string{v: &path}
	if s, ok := setting(c.Report, "NODE_TLS_REJECT_UNAUTHORIZED"); ok && s.Raw == "0" {
		if _, given := p.Set["NODE_TLS_REJECT_UNAUTHORIZED"]; !given {
			vars["NODE_TLS_REJECT_UNAUTHORIZED"] = nil
			plan.NoteMsgs = append(plan.NoteMsgs, i18n.Msg("fixnote.reject_unauthorized"))
		}
	}
	// What the person set wins over what the fix chose.
	vars = overrides(vars, p.Set)
	plan.WhyMsg = i18n.Msg("fixwhy.ca", v, label)
	if err := c.setVars(plan, vars); err != nil {
		return nil, err
	}
	return plan, nil
}

// wholeBundle is the public roots a variable that replaces the client's
// trust must keep: the first system bundle, else the first certifi copy
// (there is no system bundle file on Windows), else the Mozilla roots
// built into apidoctor; with the note saying which.
func wholeBundle(c Context, v string) ([]byte, i18n.M) {
	var paths []string
	if c.Env.GOOS != "windows" {
		paths = systemBundles
	}
	for _, p := range append(append([]string(nil), paths...), c.Env.CertifiPaths...) {
		if b, err := c.FS.ReadFile(p); err == nil && countCerts(b) > 0 {
			return b, i18n.Msg("fixnote.whole_bundle", v, p)
		}
	}
	b, n := mozillaPEM()
	return b, i18n.Msg("fixnote.whole_bundle_mozilla", v, n)
}

// mozillaPEM is the Mozilla root store that checks.MozillaRoots reads, as
// PEM, and how many roots it holds. Roots with a constraint (distrusted
// after a date) are left out: PEM cannot carry the constraint.
func mozillaPEM() ([]byte, int) {
	var out []byte
	n := 0
	for r := range bundle.Roots() {
		if r.Constraint != nil {
			continue
		}
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: r.Certificate})...)
		n++
	}
	return out, n
}

// TestCandidates tries the live handshake with each candidate, side by
// side, and marks the ones that make it pass.
func TestCandidates(ctx context.Context, c Context, cands []Candidate, variable string) []Candidate {
	out := append([]Candidate(nil), cands...)
	var wg sync.WaitGroup
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			plan, err := buildCA(c, Params{Pick: out[i].Path, Var: variable, Target: TargetPrint})
			if err != nil {
				out[i].Err = err.Error()
				return
			}
			rep, err := plan.Test(ctx, c)
			if err != nil {
				out[i].Err = err.Error()
				return
			}
			tls := result(rep, "tls")
			ok := tls.Status == checks.Pass
			out[i].Works = &ok
			if !ok {
				out[i].Err = tls.Summary
			}
		}()
	}
	wg.Wait()
	return out
}
