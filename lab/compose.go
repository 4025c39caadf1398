package lab

import (
	"context"
	"net"
	"strconv"

	"apidoctor/checks"
)

// Condition is a second thing true on the machine, laid over a
// scenario's fault: real machines have several at once.
type Condition struct {
	Name  string
	Title string
	// Apply changes the scenario's setup; it returns the address of the
	// alternative path it adds (a proxy), or "" when it adds none.
	Apply func(l *Lab, env *checks.Env, o *checks.Options) (alt string, err error)
}

// Conditions lists what the composed matrix lays over every scenario.
func Conditions() []Condition {
	return []Condition{
		{Name: "alone", Title: "the fault alone", Apply: func(*Lab, *checks.Env, *checks.Options) (string, error) { return "", nil }},
		{Name: "clash", Title: "a working local proxy on a Clash-like port, never exported", Apply: func(l *Lab, env *checks.Env, _ *checks.Options) (string, error) {
			p, err := l.StartProxy(ProxyOptions{})
			if err != nil {
				return "", err
			}
			_, port, _ := net.SplitHostPort(p.Addr)
			n, _ := strconv.Atoi(port)
			env.LocalProxyPorts = append(env.LocalProxyPorts, n)
			return p.Addr, nil
		}},
		{Name: "os-proxy", Title: "a working proxy set in the OS (GNOME), which shells never see", Apply: func(l *Lab, env *checks.Env, _ *checks.Options) (string, error) {
			p, err := l.StartProxy(ProxyOptions{})
			if err != nil {
				return "", err
			}
			host, port, _ := net.SplitHostPort(p.Addr)
			env.Run = chainRunner(fakeGSettings(host, port), env.Run)
			return p.Addr, nil
		}},
		{Name: "loopback-dns", Title: "the API's name resolving to loopback, as for a local gateway, with the published ranges in force", Apply: func(_ *Lab, _ *checks.Env, o *checks.Options) (string, error) {
			o.Expected = nil
			return "", nil
		}},
	}
}

// chainRunner answers with first, and asks next what first does not know.
func chainRunner(first, next checks.CommandRunner) checks.CommandRunner {
	return func(ctx context.Context, name string, args ...string) ([]byte, error) {
		out, err := first(ctx, name, args...)
		if err == nil || next == nil {
			return out, err
		}
		return next(ctx, name, args...)
	}
}
