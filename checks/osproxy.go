package checks

import (
	"bufio"
	"context"
	"net"
	"strconv"
	"strings"
	"time"
)

// OSProxy is a proxy set in the operating system's settings, which shells
// and CLI clients do not see.
type OSProxy struct {
	Source string `json:"source"` // gsettings, scutil, registry
	Host   string `json:"host,omitempty"`
	Port   int    `json:"port,omitempty"`
	PAC    string `json:"pac_url,omitempty"`
}

// Addr is host:port of the proxy.
func (p OSProxy) Addr() string { return net.JoinHostPort(p.Host, strconv.Itoa(p.Port)) }

// osProxyTimeout bounds each settings command.
const osProxyTimeout = 2 * time.Second

// detectOSProxy asks the OS for its proxy settings with the injected runner.
func detectOSProxy(ctx context.Context, env *Env) *OSProxy {
	if env.Run == nil {
		return nil
	}
	run := func(name string, args ...string) string {
		c, cancel := context.WithTimeout(ctx, osProxyTimeout)
		defer cancel()
		out, err := env.Run(c, name, args...)
		if err != nil {
			return ""
		}
		return string(out)
	}
	switch env.GOOS {
	case "darwin":
		return ParseScutil(run("scutil", "--proxy"))
	case "windows":
		return ParseWindowsRegistry(run("reg", "query", `HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings`))
	case "linux":
		mode := run("gsettings", "get", "org.gnome.system.proxy", "mode")
		if strings.Trim(strings.TrimSpace(mode), "'") == "" {
			return nil
		}
		return ParseGSettings(mode,
			run("gsettings", "get", "org.gnome.system.proxy.https", "host"),
			run("gsettings", "get", "org.gnome.system.proxy.https", "port"),
			run("gsettings", "get", "org.gnome.system.proxy", "autoconfig-url"))
	}
	return nil
}

// ParseScutil reads `scutil --proxy` output (macOS).
func ParseScutil(out string) *OSProxy {
	kv := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), " : "); ok {
			kv[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	if kv["HTTPSEnable"] == "1" && kv["HTTPSProxy"] != "" {
		port, _ := strconv.Atoi(kv["HTTPSPort"])
		return &OSProxy{Source: "scutil", Host: kv["HTTPSProxy"], Port: port}
	}
	if kv["HTTPEnable"] == "1" && kv["HTTPProxy"] != "" {
		port, _ := strconv.Atoi(kv["HTTPPort"])
		return &OSProxy{Source: "scutil", Host: kv["HTTPProxy"], Port: port}
	}
	if kv["ProxyAutoConfigEnable"] == "1" {
		return &OSProxy{Source: "scutil", PAC: kv["ProxyAutoConfigURLString"]}
	}
	return nil
}

// ParseWindowsRegistry reads `reg query …\Internet Settings` output.
func ParseWindowsRegistry(out string) *OSProxy {
	vals := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 3 && strings.HasPrefix(f[1], "REG_") {
			vals[f[0]] = strings.Join(f[2:], " ")
		}
	}
	p := &OSProxy{Source: "registry", PAC: vals["AutoConfigURL"]}
	if en := vals["ProxyEnable"]; en == "0x1" || en == "1" {
		server := vals["ProxyServer"]
		// "host:port" or "http=h:p;https=h:p;socks=h:p"
		if strings.Contains(server, "=") {
			parts := map[string]string{}
			for _, kv := range strings.Split(server, ";") {
				if k, v, ok := strings.Cut(kv, "="); ok {
					parts[strings.ToLower(k)] = v
				}
			}
			server = parts["https"]
			if server == "" {
				server = parts["http"]
			}
		}
		server = strings.TrimPrefix(strings.TrimPrefix(server, "http://"), "https://")
		if h, portS, err := net.SplitHostPort(server); err == nil {
			p.Host = h
			p.Port, _ = strconv.Atoi(portS)
		}
	}
	if p.Host == "" && p.PAC == "" {
		return nil
	}
	return p
}

// ParseGSettings reads the GNOME proxy keys (values as gsettings prints them).
func ParseGSettings(mode, host, port, pac string) *OSProxy {
	unq := func(s string) string { return strings.Trim(strings.TrimSpace(s), "'") }
	switch unq(mode) {
	case "manual":
		n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(port), "uint32 ")))
		if unq(host) == "" || n == 0 {
			return nil
		}
		return &OSProxy{Source: "gsettings", Host: unq(host), Port: n}
	case "auto":
		return &OSProxy{Source: "gsettings", PAC: unq(pac)}
	}
	return nil
}
