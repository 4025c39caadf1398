package checks

import (
	"crypto/x509"
	"path"
	"regexp"
	"strings"

	"apidoctor/i18n"
)

// RootsRule is how a client builds its trust from its CA variables
// (docs/clients.md, "Trust stores").
type RootsRule string

// The clients' rules.
const (
	// RootsClaudeCode: CLAUDE_CODE_CERT_STORE picks bundled and system
	// (OpenSSL's default paths on Linux, which SSL_CERT_FILE and
	// SSL_CERT_DIR replace half by half); NODE_EXTRA_CA_CERTS adds.
	RootsClaudeCode RootsRule = "claude-code"
	// RootsHTTPX: a non-empty SSL_CERT_FILE, else a non-empty
	// SSL_CERT_DIR (a hashed folder), replaces certifi.
	RootsHTTPX RootsRule = "httpx"
	// RootsGo: crypto/x509 on Linux and the BSDs reads a bundle file and
	// certificate folders, which SSL_CERT_FILE and SSL_CERT_DIR replace
	// each on its own; macOS and Windows ask the platform's verifier.
	RootsGo RootsRule = "go"
	// RootsNode: Node's bundled roots, or OpenSSL's store with
	// --use-openssl-ca; NODE_USE_SYSTEM_CA=1 or --use-system-ca adds the
	// system store (OpenSSL's default paths outside macOS and Windows);
	// NODE_EXTRA_CA_CERTS adds.
	RootsNode RootsRule = "node"
	// RootsCurl: the curl tool's CURL_CA_BUNDLE, else SSL_CERT_FILE and
	// SSL_CERT_DIR (both may apply), replace the built-in store; with
	// Schannel (curl.exe on Windows) none applies.
	RootsCurl RootsRule = "curl"
)

// hashedName is the name OpenSSL opens in a hashed folder: <hash>.<n>.
var hashedName = regexp.MustCompile(`^([0-9a-f]{8})\.[0-9]+$`)

// clientRoots builds the client's trust from its rule.
func (r *Run) clientRoots() trustSet {
	ts := trustSet{read: map[string]bool{}}
	switch r.Profile.Roots {
	case RootsClaudeCode:
		r.claudeRoots(&ts)
	case RootsHTTPX:
		r.httpxRoots(&ts)
	case RootsGo:
		if filesStoreOS[r.Env.GOOS] {
			ts.sources = r.splitStore(&ts, false)
		} else {
			ts.sources = append(ts.sources, r.baseSource(TrustSystem))
		}
	case RootsCurl:
		r.curlRoots(&ts)
	case RootsNode:
		r.nodeRoots(&ts)
	default: // no rule of its own: the starting roots, and the files added
		for _, t := range r.Profile.Trust {
			ts.sources = append(ts.sources, r.baseSource(t))
		}
		r.addCAFiles(&ts)
	}
	return ts
}

// setVar returns a CA variable's value, trimmed, and records that the
// client consulted it.
func (r *Run) setVar(ts *trustSet, name string) string {
	ts.read[name] = true
	return strings.TrimSpace(r.Settings.Get(name))
}

// claudeRoots: the stores CLAUDE_CODE_CERT_STORE names, then
// NODE_EXTRA_CA_CERTS whatever the stores. Its "system" store is
// OpenSSL's default paths where the system keeps its roots in files
// (Linux): SSL_CERT_FILE replaces the bundle file and SSL_CERT_DIR the
// hashed folder, each on its own, as Claude Code 2.1.332 does in the lab
// (docs/clients.md); elsewhere SSL_CERT_FILE stands in for the store.
// Node's own trust flags (--use-system-ca, NODE_USE_SYSTEM_CA,
// --use-openssl-ca) change nothing in it.
func (r *Run) claudeRoots(ts *trustSet) {
	ts.read[certStoreVars[r.Profile.Name]] = true
	base, problem := r.baseTrust()
	for i, t := range base {
		var srcs []TrustSource
		switch {
		case t == TrustSystem && filesStoreOS[r.Env.GOOS]:
			srcs = r.splitStore(ts, true)
		case t == TrustSystem:
			ts.read[systemFileVars[r.Profile.Name]] = true
			srcs = []TrustSource{r.storeSource(t)}
		default:
			srcs = []TrustSource{r.storeSource(t)}
		}
		if src := &srcs[0]; i == 0 && problem != "" {
			if !src.problem.IsZero() {
				src.problem = i18n.Msg("raw", i18n.Joined{Items: []i18n.M{src.problem, i18n.Msg("raw", problem)}, Sep: "; "})
			}
			src.Problem = strings.TrimPrefix(src.Problem+"; "+problem, "; ")
		}
		ts.sources = append(ts.sources, srcs...)
	}
	r.addCAFiles(ts)
}

// httpxRoots is create_ssl_context (httpx 0.28.1 _config.py): the file,
// else the folder, else certifi. Either replaces certifi.
func (r *Run) httpxRoots(ts *trustSet) {
	if file := r.setVar(ts, "SSL_CERT_FILE"); file != "" {
		src := r.fileSource("SSL_CERT_FILE", file)
		src.Replaces = string(TrustBundled)
		ts.sources = append(ts.sources, src)
		return
	}
	if dir := r.setVar(ts, "SSL_CERT_DIR"); dir != "" {
		src := r.folderSource("SSL_CERT_DIR", dir, true)
		src.Replaces = string(TrustBundled)
		ts.sources = append(ts.sources, src)
		return
	}
	for _, t := range r.Profile.Trust {
		ts.sources = append(ts.sources, r.baseSource(t))
	}
}

// nodeRoots follows Node's trust flags (cli.html): in NODE_OPTIONS, or
// NODE_USE_SYSTEM_CA=1. OpenSSL's store honours SSL_CERT_FILE and
// SSL_CERT_DIR; the system store is that store except on macOS and
// Windows, where it is the platform's and reads neither.
func (r *Run) nodeRoots(ts *trustSet) {
	p := r.Profile
	options := r.Settings.Get("NODE_OPTIONS")
	openssl := hasFlag(options, "--use-openssl-ca")
	system := r.setVar(ts, p.SystemCAVar) == "1" || hasFlag(options, "--use-system-ca")
	platformStore := r.Env.GOOS == "darwin" || r.Env.GOOS == "windows"
	if openssl {
		ts.sources = append(ts.sources, r.splitStore(ts, true)...)
	} else {
		for _, t := range p.Trust {
			ts.sources = append(ts.sources, r.baseSource(t))
		}
	}
	switch {
	case !system:
	case platformStore:
		ts.sources = append(ts.sources, r.baseSource(TrustSystem))
	case !openssl: // with it, OpenSSL's store is already there
		ts.sources = append(ts.sources, r.splitStore(ts, true)...)
	}
	r.addCAFiles(ts)
}

// curlRoots is cacertpaths (curl 8.21 tool_operate.c).
func (r *Run) curlRoots(ts *trustSet) {
	if r.Env.GOOS == "windows" {
		ts.sources = append(ts.sources, r.baseSource(TrustSystem))
		return
	}
	if bundle := r.setVar(ts, "CURL_CA_BUNDLE"); bundle != "" {
		src := r.fileSource("CURL_CA_BUNDLE", bundle)
		src.Replaces = string(TrustSystem)
		ts.sources = append(ts.sources, src)
		return
	}
	if file := r.setVar(ts, "SSL_CERT_FILE"); file != "" {
		src := r.fileSource("SSL_CERT_FILE", file)
		src.Replaces = string(TrustSystem)
		ts.sources = append(ts.sources, src)
	}
	if dir := r.setVar(ts, "SSL_CERT_DIR"); dir != "" {
		src := r.folderSource("SSL_CERT_DIR", dir, true)
		src.Replaces = string(TrustSystem)
		ts.sources = append(ts.sources, src)
	}
	if len(ts.sources) == 0 {
		ts.sources = append(ts.sources, r.baseSource(TrustSystem))
	}
}

// filesStoreOS are the systems whose store Go reads from files
// (root_unix.go's build constraint; android and illumos imply linux and
// solaris).
var filesStoreOS = map[string]bool{
	"linux": true, "android": true, "freebsd": true, "openbsd": true, "netbsd": true,
	"dragonfly": true, "solaris": true, "illumos": true, "aix": true,
}

// splitStore is a system store read from a bundle file and certificate
// folders (Go's crypto/x509 on Linux and the BSDs, OpenSSL's default
// paths): SSL_CERT_FILE replaces the file and SSL_CERT_DIR the folders,
// each on its own. The machine's store stands in for a half that no
// variable replaces: on Linux distributions either half holds the whole
// store (/etc/ssl/certs/ca-certificates.crt and its folder).
func (r *Run) splitStore(ts *trustSet, hashed bool) []TrustSource {
	file, dir := r.setVar(ts, "SSL_CERT_FILE"), r.setVar(ts, "SSL_CERT_DIR")
	if file == "" && dir == "" {
		return []TrustSource{r.baseSource(TrustSystem)}
	}
	var fileHalf, dirHalf TrustSource
	if file != "" {
		fileHalf = r.fileSource("SSL_CERT_FILE", file)
		fileHalf.Replaces = string(TrustSystem)
	} else {
		fileHalf = r.baseSource(TrustSystem)
	}
	if dir != "" {
		dirHalf = r.folderSource("SSL_CERT_DIR", dir, hashed)
		dirHalf.Replaces = string(TrustSystem)
	} else {
		dirHalf = r.baseSource(TrustSystem)
	}
	fileHalf.Part, dirHalf.Part = "file", "folders"
	return []TrustSource{fileHalf, dirHalf}
}

// addCAFiles adds the files of AddCAVars (NODE_EXTRA_CA_CERTS).
func (r *Run) addCAFiles(ts *trustSet) {
	for _, v := range r.Profile.AddCAVars {
		if file := r.setVar(ts, v); file != "" {
			ts.sources = append(ts.sources, r.fileSource(v, file))
		}
	}
}

// listSeparator splits SSL_CERT_DIR: ":" as OpenSSL and Go read it, ";"
// on Windows.
func (r *Run) listSeparator() string {
	if r.Env.GOOS == "windows" {
		return ";"
	}
	return ":"
}

// maxCertDirs bounds how many folders of a list are read: a variable
// listing more is a mistake, and each folder may be large.
const maxCertDirs = 16

// certFileName is a name that says it holds certificates: read in a
// hashed folder only to tell which certificates OpenSSL never finds.
var certFileName = regexp.MustCompile(`(?i)\.(pem|crt|cer)$`)

// folderSource loads the certificates of the folders a variable lists
// (the first maxCertDirs). OpenSSL (hashed) opens a file only by the
// subject hash of the certificate it looks for, so a certificate counts
// only from a file named <its hash>.<n>, and no other file is read but
// those named as certificates (.pem, .crt, .cer), for the note on what
// OpenSSL never finds: a folder such as /usr/lib is not read whole. Go
// reads every file.
func (r *Run) folderSource(name, list string, hashed bool) TrustSource {
	src := TrustSource{Name: name, Path: list}
	pool := x509.NewCertPool()
	found := map[string]bool{}
	var aside []*x509.Certificate // in files OpenSSL never opens
	var problems []i18n.M
	var dirs []string
	for _, dir := range strings.Split(list, r.listSeparator()) {
		if dir = strings.TrimSpace(dir); dir != "" {
			dirs = append(dirs, dir)
		}
	}
	skipped := max(len(dirs)-maxCertDirs, 0)
	dirs = dirs[:len(dirs)-skipped]
	for _, dir := range dirs {
		entries, err := r.Env.readDir(dir)
		if err != nil {
			problems = append(problems, cannotRead(dir, err))
			continue
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			m := hashedName.FindStringSubmatch(e.Name())
			if hashed && m == nil && !certFileName.MatchString(e.Name()) {
				continue // OpenSSL never opens it, and it holds no certificate by its name
			}
			data, err := r.Env.readFile(joinPath(r.Env.GOOS, dir, e.Name()))
			if err != nil {
				continue // Go and OpenSSL pass over a file they cannot read
			}
			certs, _ := parsePEMCerts(data, r.Env.Now())
			for _, c := range certs {
				if hashed {
					if h, err := OpenSSLSubjectHash(c); m == nil || err != nil || h != m[1] {
						aside = append(aside, c)
						continue
					}
				}
				if !found[string(c.Raw)] {
					found[string(c.Raw)] = true
					pool.AddCert(c)
					src.Certs++
				}
			}
		}
	}
	if src.Certs > 0 {
		src.pool = pool
	}
	// A certificate only in a file not named by its hash is never found
	// (/etc/ssl/certs holds each .pem twice: as itself and as its link).
	missed := 0
	for _, c := range aside {
		if !found[string(c.Raw)] {
			found[string(c.Raw)] = true
			missed++
		}
	}
	switch {
	case len(problems) > 0:
	case missed > 0:
		problems = append(problems, i18n.Msg("trustdir.unhashed", missed))
	case src.Certs == 0:
		problems = append(problems, i18n.Msg("trustdir.no_certs"))
	}
	if skipped > 0 {
		problems = append(problems, i18n.Msg("trustdir.more_folders", skipped, maxCertDirs))
	}
	if len(problems) > 0 {
		src.problem = i18n.Msg("raw", i18n.Joined{Items: problems, Sep: "; "})
		src.Problem = src.problem.String()
	}
	return src
}

// joinPath joins a folder and a name the way the OS writes paths.
func joinPath(goos, dir, name string) string {
	if goos == "windows" {
		return strings.TrimRight(dir, `\/`) + `\` + name
	}
	return path.Join(dir, name)
}
