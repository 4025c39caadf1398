package lab

import (
	"path"

	"apidoctor/checks"
)

// modelScenarios are the cases where a client's own source decides the
// verdict (docs/clients.md): which CA variables it reads, which proxy
// schemes it speaks, what it builds when it starts.
func modelScenarios() []Scenario {
	return []Scenario{
		// httpx reads SSL_CERT_FILE, else SSL_CERT_DIR; never REQUESTS_CA_BUNDLE.
		{Name: "python-requests-ca-bundle", Title: "TLS inspection, and the corporate root only in REQUESTS_CA_BUNDLE, which httpx never reads", Client: checks.PythonSDK, Want: checks.CauseTLSUntrusted, Setup: inspected(func(l *Lab, env *checks.Env) error {
			env.Vars["REQUESTS_CA_BUNDLE"] = "/etc/ssl/corp/bundle.pem"
			return l.WriteFile("/etc/ssl/corp/bundle.pem", append(l.PublicCA.PEM(), l.InspectCA.PEM()...))
		})},
		{Name: "python-ssl-cert-dir", Title: "TLS inspection, and the corporate root in a hashed SSL_CERT_DIR", Client: checks.PythonSDK, Want: checks.CauseOK, Setup: inspected(func(l *Lab, env *checks.Env) error {
			env.Vars["SSL_CERT_DIR"] = "/etc/ssl/corp-certs"
			return l.hashedCA("/etc/ssl/corp-certs", l.InspectCA)
		})},
		// Go on Linux: SSL_CERT_FILE replaces the bundle file only; the
		// certificate folders (/etc/ssl/certs) are still read.
		{Name: "go-ssl-cert-file-keeps-folders", Title: "SSL_CERT_FILE holds only a corporate root, and Go still reads the system's certificate folders", Client: checks.GoSDK, Want: checks.CauseOK, Setup: corpRootOnlyFile},
		// curl reads SSL_CERT_DIR (tool_operate.c).
		{Name: "curl-ssl-cert-dir", Title: "TLS inspection, and the corporate root in a hashed SSL_CERT_DIR, for curl", Client: checks.Curl, Want: checks.CauseOK, Setup: inspected(func(l *Lab, env *checks.Env) error {
			env.Vars["SSL_CERT_DIR"] = "/etc/ssl/corp-certs"
			return l.hashedCA("/etc/ssl/corp-certs", l.InspectCA)
		})},
		// Proxy schemes: httpx refuses socks4://; undici and Go send a
		// scheme they do not speak as an HTTP proxy, which a SOCKS-only
		// port does not answer, and a mixed port does.
		{Name: "python-socks4", Title: "ALL_PROXY=socks4:// for the Python SDK, which httpx refuses", Client: checks.PythonSDK, Want: checks.CauseProxyScheme, Setup: socksAs("ALL_PROXY", "socks4")},
		{Name: "node-socks5h", Title: "HTTPS_PROXY=socks5h:// for the Node SDK, which undici sends as an HTTP proxy", Client: checks.NodeSDK, Want: checks.CauseProxyScheme, Setup: socksAs("HTTPS_PROXY", "socks5h")},
		{Name: "go-socks4", Title: "HTTPS_PROXY=socks4:// for the Go SDK, which net/http sends as an HTTP proxy", Client: checks.GoSDK, Want: checks.CauseProxyScheme, Setup: socksAs("HTTPS_PROXY", "socks4")},
		{Name: "node-socks5h-mixed-port", Title: "HTTPS_PROXY=socks5h:// for the Node SDK, on a port that speaks HTTP too (a warning only)", Client: checks.NodeSDK, Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartProxy(ProxyOptions{})
			if err != nil {
				return err
			}
			env.Vars["HTTPS_PROXY"] = "socks5h://" + p.Addr
			env.Vars["NODE_USE_ENV_PROXY"] = "1"
			env.Vars["ANTHROPIC_API_KEY"] = Key
			directBroken(l, o)
			return nil
		}},
		// httpx builds every proxy when the client starts.
		{Name: "python-http-proxy-socks4", Title: "http_proxy=socks4:// stops the Python SDK, though an https request would not use it", Client: checks.PythonSDK, Want: checks.CauseProxyScheme, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			env.Vars["http_proxy"] = "socks4://127.0.0.1:1080"
			env.Vars["ANTHROPIC_API_KEY"] = Key
			return nil
		}},
		// Claude Code 2.1.83 and later: managed-settings.d/*.json, merged
		// in name order on top of managed-settings.json.
		{Name: "settings-managed-dropin", Title: "A dead gateway in a managed-settings.d drop-in beats managed-settings.json and the shell", Want: checks.CauseTCPRefused, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			dead, err := l.Endpoint("gateway.lab.test", true)
			if err != nil {
				return err
			}
			o.BaseURL = ""
			env.Vars["ANTHROPIC_BASE_URL"] = l.BaseURL()
			if err := writeSettingsEnv(l, "/etc/claude-code/managed-settings.json", map[string]string{"ANTHROPIC_BASE_URL": l.BaseURL()}); err != nil {
				return err
			}
			return writeSettingsEnv(l, "/etc/claude-code/managed-settings.d/50-gateway.json", map[string]string{"ANTHROPIC_BASE_URL": dead})
		}},
		// Node's trust flags, in NODE_OPTIONS.
		{Name: "node-use-system-ca", Title: "TLS inspection whose root is in the OS store, and NODE_OPTIONS=--use-system-ca for the Node SDK", Client: checks.NodeSDK, Want: checks.CauseOK, Setup: corpRootInSystemStore(func(l *Lab, env *checks.Env) error {
			env.Vars["NODE_OPTIONS"] = "--use-system-ca"
			env.Vars["NODE_USE_ENV_PROXY"] = "1"
			env.Vars["ANTHROPIC_API_KEY"] = Key
			return nil
		})},
		{Name: "node-use-openssl-ca", Title: "TLS inspection, --use-openssl-ca, and the corporate root in SSL_CERT_FILE, for the Node SDK", Client: checks.NodeSDK, Want: checks.CauseOK, Setup: inspected(func(l *Lab, env *checks.Env) error {
			env.Vars["NODE_OPTIONS"] = "--use-openssl-ca"
			env.Vars["NODE_USE_ENV_PROXY"] = "1"
			env.Vars["SSL_CERT_FILE"] = "/etc/ssl/corp/zscaler-root.pem"
			return l.WriteFile("/etc/ssl/corp/zscaler-root.pem", l.InspectCA.PEM())
		})},
	}
}

// socksAs points variable at the lab's SOCKS5 proxy with scheme, the
// direct path broken.
func socksAs(variable, scheme string) func(*Lab, *checks.Env, *checks.Options) error {
	return func(l *Lab, env *checks.Env, o *checks.Options) error {
		p, err := l.StartSOCKS()
		if err != nil {
			return err
		}
		env.Vars[variable] = scheme + "://" + p.Addr
		env.Vars["NODE_USE_ENV_PROXY"] = "1" // read by the Node SDK only
		env.Vars["ANTHROPIC_API_KEY"] = Key
		directBroken(l, o)
		return nil
	}
}

// corpRootOnlyFile points SSL_CERT_FILE at a file holding only the
// inspection root, on a network with no inspection.
func corpRootOnlyFile(l *Lab, env *checks.Env, o *checks.Options) error {
	env.Vars["ANTHROPIC_API_KEY"] = Key
	env.Vars["SSL_CERT_FILE"] = "/etc/ssl/corp/zscaler-root.pem"
	return l.WriteFile("/etc/ssl/corp/zscaler-root.pem", l.InspectCA.PEM())
}

// inspected sends the traffic through a proxy that re-signs it with the
// inspection root, with a key for the SDKs, then applies more.
func inspected(more func(*Lab, *checks.Env) error) func(*Lab, *checks.Env, *checks.Options) error {
	return func(l *Lab, env *checks.Env, o *checks.Options) error {
		p, err := l.StartProxy(ProxyOptions{Resign: l.InspectCA})
		if err != nil {
			return err
		}
		env.Vars["HTTPS_PROXY"] = p.URL("", "")
		env.Vars["ANTHROPIC_API_KEY"] = Key
		return more(l, env)
	}
}

// hashedCA writes a CA into dir under the name OpenSSL looks it up by.
func (l *Lab) hashedCA(dir string, ca *CA) error {
	h, err := checks.OpenSSLSubjectHash(ca.Cert)
	if err != nil {
		return err
	}
	return l.WriteFile(path.Join(dir, h+".0"), ca.PEM())
}
