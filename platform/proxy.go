package platform

import (
	"bufio"
	"context"
	"net"
	"regexp"
	"strconv"
	"strings"
)

// Proxy is a proxy set in the operating system's settings, which shells
// and command-line clients do not see.
type Proxy struct {
	Source string   `json:"source"` // scutil, registry, gsettings, kioslaverc, registry (Windows, from WSL)
	Host   string   `json:"host,omitempty"`
	Port   int      `json:"port,omitempty"`
	PAC    string   `json:"pac_url,omitempty"` // a PAC file, which CLI clients never read
	Auto   bool     `json:"auto_detect,omitempty"`
	Bypass []string `json:"bypass,omitempty"` // the OS's own exceptions
	// ReadError, alone with Source, says the setting could not be read
	// (the command was missing, timed out or failed): nothing is known.
	ReadError *CommandError `json:"read_error,omitempty"`
}

// Addr is host:port of the proxy.
func (p Proxy) Addr() string { return net.JoinHostPort(p.Host, strconv.Itoa(p.Port)) }

// ProxySource reads the proxy one OS (or desktop) keeps in its settings.
type ProxySource interface {
	Name() string
	Read(ctx context.Context, h Host) *Proxy
}

// ProxySources are the places to look on goos, in order; in WSL the
// Windows side's setting comes after Linux's own.
func ProxySources(goos string, wsl bool) []ProxySource {
	switch goos {
	case "darwin":
		return []ProxySource{Scutil{}}
	case "windows":
		return []ProxySource{Registry{}}
	}
	out := []ProxySource{GSettings{}, KDE{}}
	if wsl {
		out = append(out, Registry{FromWSL: true})
	}
	return out
}

// FindProxy returns the first proxy the sources report. When none
// reports one but a source could not be read, it returns that failure
// (a Proxy with only Source and ReadError): "no OS proxy" is not
// claimed where nobody could look.
func FindProxy(ctx context.Context, h Host, sources []ProxySource) *Proxy {
	var unread *Proxy
	for _, s := range sources {
		p := s.Read(ctx, h)
		switch {
		case p == nil:
		case p.ReadError != nil:
			if unread == nil {
				unread = p
			}
		default:
			return p
		}
	}
	return unread
}

// Scutil reads macOS's `scutil --proxy`.
type Scutil struct{}

// Name names the source.
func (Scutil) Name() string { return "scutil" }

// Read runs scutil.
func (Scutil) Read(ctx context.Context, h Host) *Proxy {
	return ParseScutil(h.run(ctx, "scutil", "--proxy"))
}

// ParseScutil reads `scutil --proxy` output: HTTPS first, then HTTP, then
// a PAC file or auto-discovery; ExceptionsList becomes the bypass list.
func ParseScutil(out string) *Proxy {
	kv := map[string]string{}
	var exceptions []string
	inList := false
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		k, v, ok := strings.Cut(line, " : ")
		switch {
		case ok && v == "<array> {":
			inList = k == "ExceptionsList"
		case line == "}":
			inList = false
		case ok && inList:
			exceptions = append(exceptions, v)
		case ok:
			kv[k] = v
		}
	}
	p := &Proxy{Source: "scutil", Bypass: exceptions}
	switch {
	case kv["HTTPSEnable"] == "1" && kv["HTTPSProxy"] != "":
		p.Host, p.Port = kv["HTTPSProxy"], atoi(kv["HTTPSPort"])
	case kv["HTTPEnable"] == "1" && kv["HTTPProxy"] != "":
		p.Host, p.Port = kv["HTTPProxy"], atoi(kv["HTTPPort"])
	case kv["ProxyAutoConfigEnable"] == "1":
		p.PAC = kv["ProxyAutoConfigURLString"]
	case kv["ProxyAutoDiscoveryEnable"] == "1":
		p.Auto = true
	default:
		return nil
	}
	return p
}

// InternetSettings is the registry key Windows keeps the user's proxy in.
const InternetSettings = `HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings`

// Registry reads the Windows proxy from the registry with reg.exe; from
// WSL through the interop, which sees the Windows user's setting.
type Registry struct{ FromWSL bool }

// Name names the source.
func (r Registry) Name() string {
	if r.FromWSL {
		return "registry (Windows, from WSL)"
	}
	return "registry"
}

// Read runs reg query. A reg that is missing, fails or runs out of
// time gives a Proxy with only Source and ReadError.
func (r Registry) Read(ctx context.Context, h Host) *Proxy {
	exe := "reg"
	if r.FromWSL {
		exe = "reg.exe"
	}
	out, err := h.output(ctx, exe, "query", InternetSettings)
	if err != nil {
		return &Proxy{Source: r.Name(), ReadError: err}
	}
	p := ParseRegistry(out)
	if p != nil {
		p.Source = r.Name()
	}
	return p
}

// regValue is one line of `reg query` output: four spaces, the name
// (which may hold spaces), the type, the data.
var regValue = regexp.MustCompile(`^\s+(.+?)\s{4}(REG_[A-Z_]+)(?:\s{4}(.*))?$`)

// ParseRegistry reads `reg query …\Internet Settings` output: ProxyEnable
// and ProxyServer ("host:port" or "http=h:p;https=h:p;socks=h:p"),
// ProxyOverride as the bypass list, AutoConfigURL as a PAC file.
func ParseRegistry(out string) *Proxy {
	vals := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if m := regValue.FindStringSubmatch(strings.TrimRight(sc.Text(), "\r")); m != nil {
			vals[m[1]] = strings.TrimSpace(m[3])
		}
	}
	p := &Proxy{Source: "registry", PAC: vals["AutoConfigURL"]}
	if o := vals["ProxyOverride"]; o != "" {
		p.Bypass = strings.Split(o, ";")
	}
	if en := vals["ProxyEnable"]; en == "0x1" || en == "1" {
		server := vals["ProxyServer"]
		if strings.Contains(server, "=") {
			parts := map[string]string{}
			for _, kv := range strings.Split(server, ";") {
				if k, v, ok := strings.Cut(kv, "="); ok {
					parts[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
				}
			}
			server = parts["https"]
			if server == "" {
				server = parts["http"]
			}
		}
		p.Host, p.Port = hostPort(server)
	}
	if p.Host == "" && p.PAC == "" {
		return nil
	}
	return p
}

// GSettings reads GNOME's proxy settings.
type GSettings struct{}

// Name names the source.
func (GSettings) Name() string { return "gsettings" }

// Read runs gsettings for each key.
func (GSettings) Read(ctx context.Context, h Host) *Proxy {
	get := func(schema, key string) string { return h.run(ctx, "gsettings", "get", schema, key) }
	mode := get("org.gnome.system.proxy", "mode")
	if unquote(mode) == "" || unquote(mode) == "none" {
		return nil
	}
	return ParseGSettings(GnomeValues{
		Mode: mode, HTTPSHost: get("org.gnome.system.proxy.https", "host"), HTTPSPort: get("org.gnome.system.proxy.https", "port"),
		HTTPHost: get("org.gnome.system.proxy.http", "host"), HTTPPort: get("org.gnome.system.proxy.http", "port"),
		AutoconfigURL: get("org.gnome.system.proxy", "autoconfig-url"), IgnoreHosts: get("org.gnome.system.proxy", "ignore-hosts"),
	})
}

// GnomeValues are the gsettings keys, as `gsettings get` prints them.
type GnomeValues struct {
	Mode, HTTPSHost, HTTPSPort, HTTPHost, HTTPPort, AutoconfigURL, IgnoreHosts string
}

// ParseGSettings reads the GNOME proxy keys: mode manual (HTTPS, then
// HTTP) or auto (a PAC file, or WPAD when the URL is empty).
func ParseGSettings(v GnomeValues) *Proxy {
	p := &Proxy{Source: "gsettings", Bypass: gvariantList(v.IgnoreHosts)}
	switch unquote(v.Mode) {
	case "manual":
		p.Host, p.Port = unquote(v.HTTPSHost), gvariantUint(v.HTTPSPort)
		if p.Host == "" || p.Port == 0 {
			p.Host, p.Port = unquote(v.HTTPHost), gvariantUint(v.HTTPPort)
		}
		if p.Host == "" || p.Port == 0 {
			return nil
		}
	case "auto":
		p.PAC = unquote(v.AutoconfigURL)
		p.Auto = p.PAC == ""
	default:
		return nil
	}
	return p
}

// KDE reads Plasma's ~/.config/kioslaverc.
type KDE struct{}

// Name names the source.
func (KDE) Name() string { return "kioslaverc" }

// Read reads the file.
func (KDE) Read(_ context.Context, h Host) *Proxy {
	dir := h.Vars["XDG_CONFIG_HOME"]
	if dir == "" {
		dir = Join(h.GOOS, h.Home, ".config")
	}
	return ParseKioslaverc(h.read(Join(h.GOOS, dir, "kioslaverc")))
}

// ParseKioslaverc reads the [Proxy Settings] group: ProxyType 1 is manual
// (httpsProxy, then httpProxy, written "http://host port" or with a
// colon), 2 a PAC file, 3 WPAD; 0 and 4 (use the environment) are none.
func ParseKioslaverc(text string) *Proxy {
	kv := map[string]string{}
	group := ""
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			group = strings.Trim(line, "[]")
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok && group == "Proxy Settings" {
			kv[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	p := &Proxy{Source: "kioslaverc"}
	if np := kv["NoProxyFor"]; np != "" {
		p.Bypass = strings.Split(np, ",")
	}
	switch kv["ProxyType"] {
	case "1":
		server := kv["httpsProxy"]
		if server == "" {
			server = kv["httpProxy"]
		}
		if h, port, ok := strings.Cut(strings.TrimSpace(server), " "); ok {
			server = strings.TrimSuffix(h, "/") + ":" + strings.TrimSpace(port)
		}
		p.Host, p.Port = hostPort(server)
		if p.Host == "" {
			return nil
		}
	case "2":
		p.PAC = kv["Proxy Config Script"]
	case "3":
		p.Auto = true
	default:
		return nil
	}
	return p
}

// hostPort splits "scheme://host:port" or "host:port".
func hostPort(s string) (string, int) {
	s = strings.TrimSpace(s)
	if _, rest, ok := strings.Cut(s, "://"); ok {
		s = rest
	}
	s = strings.TrimSuffix(s, "/")
	h, p, err := net.SplitHostPort(s)
	if err != nil {
		return "", 0
	}
	return h, atoi(p)
}

func atoi(s string) int { n, _ := strconv.Atoi(strings.TrimSpace(s)); return n }

func unquote(s string) string { return strings.Trim(strings.TrimSpace(s), "'\"") }

// gvariantUint reads "7890" or "uint32 7890".
func gvariantUint(s string) int {
	return atoi(strings.TrimPrefix(strings.TrimSpace(s), "uint32 "))
}

// gvariantList reads "['localhost', '127.0.0.0/8']" (or "@as []").
func gvariantList(s string) []string {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "@as"))
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = unquote(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}
