package lab

import (
	"crypto/x509"
	"encoding/json"

	"apidoctor/checks"
)

// clientScenarios are the cases where one client's own rules decide the
// verdict: which variable wins, which settings source, which trust store;
// then those the clients' source code decides (modelScenarios).
func clientScenarios() []Scenario {
	return append([]Scenario{
		// Claude Code 2.x: a settings env block wins over the shell.
		{Name: "settings-url-wins", Title: "A dead gateway in ~/.claude/settings.json beats the shell's working URL", Want: checks.CauseTCPRefused, Setup: deadGatewayInSettings},
		{Name: "settings-url-sdk", Title: "The same for the Python SDK, which never reads Claude Code's settings", Client: checks.PythonSDK, Want: checks.CauseOK, Setup: deadGatewayInSettings},
		{Name: "settings-proxy-wins", Title: "A working proxy in the settings beats a dead one in the shell", Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			env.Vars["ANTHROPIC_API_KEY"] = Key
			return deadShellProxyLiveInSettings(l, env, o, "HTTPS_PROXY")
		}},
		// The env block overrides only the names it sets: a stale lower-case
		// https_proxy in the shell is read before HTTPS_PROXY from the file.
		{Name: "settings-proxy-lowercase-shell", Title: "A dead https_proxy in the shell beats HTTPS_PROXY in the settings", Want: checks.CauseProxyUnreachable, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			return deadShellProxyLiveInSettings(l, env, o, "https_proxy")
		}},

		// Claude Code's CLAUDE_CODE_CERT_STORE: the inspection root sits in
		// the OS store only, as an IT department installs it.
		{Name: "cert-store-default", Title: "TLS inspection whose root is in the OS store (default stores)", Want: checks.CauseOK, Setup: corpRootInSystemStore(nil)},
		{Name: "cert-store-bundled", Title: "CLAUDE_CODE_CERT_STORE=bundled leaves out the OS store's corporate root", Want: checks.CauseTLSUntrusted, Setup: corpRootInSystemStore(func(l *Lab, env *checks.Env) error {
			env.Vars["CLAUDE_CODE_CERT_STORE"] = "bundled"
			return nil
		})},
		{Name: "cert-store-bundled-extra", Title: "CLAUDE_CODE_CERT_STORE=bundled plus NODE_EXTRA_CA_CERTS with the corporate root", Want: checks.CauseOK, Setup: corpRootInSystemStore(func(l *Lab, env *checks.Env) error {
			env.Vars["CLAUDE_CODE_CERT_STORE"] = "bundled"
			env.Vars["NODE_EXTRA_CA_CERTS"] = "/etc/ssl/corp/zscaler-root.pem"
			return l.WriteFile("/etc/ssl/corp/zscaler-root.pem", l.InspectCA.PEM())
		})},
		{Name: "cert-store-ssl-cert-file", Title: "Claude Code's system store read from SSL_CERT_FILE", Want: checks.CauseOK, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			p, err := l.StartProxy(ProxyOptions{Resign: l.InspectCA})
			if err != nil {
				return err
			}
			env.Vars["HTTPS_PROXY"] = p.URL("", "")
			env.Vars["CLAUDE_CODE_CERT_STORE"] = "system"
			env.Vars["SSL_CERT_FILE"] = "/etc/ssl/corp/bundle.pem"
			return l.WriteFile("/etc/ssl/corp/bundle.pem", append(l.PublicCA.PEM(), l.InspectCA.PEM()...))
		}},

		// The key's shape is judged before the server's 401.
		{Name: "key-cut", Title: "A console key cut short in the copy", Want: checks.CauseKeyMalformed, Setup: withKey(Key[:53])},
		{Name: "key-console-as-bearer", Title: "A console key in ANTHROPIC_AUTH_TOKEN, sent as Bearer", Want: checks.CauseKeyWrongHeader, Setup: func(l *Lab, env *checks.Env, o *checks.Options) error {
			env.Vars["ANTHROPIC_AUTH_TOKEN"] = Key
			return nil
		}},
		{Name: "key-console-as-bearer-gateway", Title: "A console key sent as Bearer to a gateway that answers 401", Want: checks.CauseKeyWrongHeader, Setup: gatewayBearer(FakeKey("api03", "GW", 88, "gwAA"))},
		{Name: "key-console-as-bearer-gateway-ok", Title: "A console key sent as Bearer to a gateway that takes it (a warning only)", Want: checks.CauseOK, Setup: gatewayBearer(Key)},
	}, modelScenarios()...)
}

// deadGatewayInSettings puts a gateway where nothing listens in the user
// settings' env block and the lab's working URL in the shell.
func deadGatewayInSettings(l *Lab, env *checks.Env, o *checks.Options) error {
	dead, err := l.Endpoint("gateway.lab.test", true)
	if err != nil {
		return err
	}
	o.BaseURL = ""
	env.Vars["ANTHROPIC_BASE_URL"] = l.BaseURL()
	env.Vars["ANTHROPIC_API_KEY"] = Key
	return writeSettingsEnv(l, Home+"/.claude/settings.json", map[string]string{"ANTHROPIC_BASE_URL": dead})
}

// corpRootInSystemStore sends the traffic through a re-signing proxy whose
// root is in the OS store (and not in the bundled roots), then applies more.
func corpRootInSystemStore(more func(*Lab, *checks.Env) error) func(*Lab, *checks.Env, *checks.Options) error {
	return func(l *Lab, env *checks.Env, o *checks.Options) error {
		p, err := l.StartProxy(ProxyOptions{Resign: l.InspectCA})
		if err != nil {
			return err
		}
		env.Vars["HTTPS_PROXY"] = p.URL("", "")
		system := l.PublicCA.Pool()
		system.AddCert(l.InspectCA.Cert)
		env.SystemRoots = func() (*x509.CertPool, error) { return system, nil }
		if more != nil {
			return more(l, env)
		}
		return nil
	}
}

// gatewayBearer points Claude Code at a company gateway with key in
// ANTHROPIC_AUTH_TOKEN.
func gatewayBearer(key string) func(*Lab, *checks.Env, *checks.Options) error {
	return func(l *Lab, env *checks.Env, o *checks.Options) error {
		gw, err := l.Endpoint("gateway.lab.test", false)
		if err != nil {
			return err
		}
		// Set in the environment, as people do; Anthropic's published
		// ranges do not apply to a gateway (see Lab.Gateway).
		o.BaseURL, o.Expected = "", nil
		env.Vars["ANTHROPIC_BASE_URL"] = gw
		env.Vars["ANTHROPIC_AUTH_TOKEN"] = key
		return nil
	}
}

// writeSettingsEnv writes a Claude Code settings file with an env block.
func writeSettingsEnv(l *Lab, path string, vars map[string]string) error {
	b, err := json.MarshalIndent(map[string]any{"env": vars}, "", "  ")
	if err != nil {
		return err
	}
	return l.WriteFile(path, b)
}

// deadShellProxyLiveInSettings sets the shell's variable name to a proxy
// that refuses, and HTTPS_PROXY in ~/.claude/settings.json to one that
// works, with the direct path broken: which one the client uses decides.
func deadShellProxyLiveInSettings(l *Lab, env *checks.Env, o *checks.Options, name string) error {
	p, err := l.StartProxy(ProxyOptions{})
	if err != nil {
		return err
	}
	dead, err := Refused("127.0.0.1")
	if err != nil {
		return err
	}
	env.Vars[name] = "http://" + dead
	directBroken(l, o)
	return writeSettingsEnv(l, Home+"/.claude/settings.json", map[string]string{"HTTPS_PROXY": p.URL("", "")})
}
