package checks

import (
	"context"
	"time"

	"apidoctor/platform"
)

// OSProxy is a proxy set in the operating system's settings, which shells
// and CLI clients do not see.
type OSProxy = platform.Proxy

// osProxyTimeout bounds each settings command.
const osProxyTimeout = 2 * time.Second

// Host is env as the platform code sees it (commands time out after 2 s).
func (e *Env) Host() platform.Host {
	var run platform.Runner
	if e.Run != nil {
		run = func(ctx context.Context, name string, args ...string) ([]byte, error) {
			c, cancel := context.WithTimeout(ctx, osProxyTimeout)
			defer cancel()
			return e.Run(c, name, args...)
		}
	}
	return platform.Host{GOOS: e.GOOS, Home: e.Home, Vars: e.Vars, Files: e.Files, Run: run}
}

// detectOSProxy asks this OS (and desktop) for its proxy setting. The
// Windows side's setting, seen from WSL, is the wsl check's business.
func detectOSProxy(ctx context.Context, env *Env) *OSProxy {
	return platform.FindProxy(ctx, env.Host(), platform.ProxySources(env.GOOS, false))
}
