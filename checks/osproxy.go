package checks

import (
	"context"
	"strconv"
	"time"

	"apidoctor/i18n"
	"apidoctor/platform"
)

// OSProxy is a proxy set in the operating system's settings, which shells
// and CLI clients do not see. ReadError set means the setting could not
// be read at all.
type OSProxy = platform.Proxy

// osProxyTimeout bounds each settings command.
const osProxyTimeout = 2 * time.Second

// Host is env as the platform code sees it. Each command times out after
// osProxyTimeout unless its caller set a deadline of its own (the
// platform code always does: 2 s for settings, longer where it waits for
// PowerShell on purpose).
func (e *Env) Host() platform.Host {
	var run platform.Runner
	if e.Run != nil {
		run = func(ctx context.Context, name string, args ...string) ([]byte, error) {
			if _, ok := ctx.Deadline(); !ok {
				c, cancel := context.WithTimeout(ctx, osProxyTimeout)
				defer cancel()
				ctx = c
			}
			return e.Run(ctx, name, args...)
		}
	}
	return platform.Host{GOOS: e.GOOS, Home: e.Home, Vars: e.Vars, Files: e.Files, Run: run, Timeout: osProxyTimeout}
}

// detectOSProxy asks this OS (and desktop) for its proxy setting. The
// Windows side's setting, seen from WSL, is the wsl check's business.
func detectOSProxy(ctx context.Context, env *Env) *OSProxy {
	return platform.FindProxy(ctx, env.Host(), platform.ProxySources(env.GOOS, false))
}

// unreadMsg says in words why an OS proxy setting could not be read, or
// is zero when it was read.
func unreadMsg(p *OSProxy) i18n.M {
	if p == nil || p.ReadError == nil {
		return i18n.M{}
	}
	e := p.ReadError
	what := msg("osproxy.source_other", p.Source)
	if key := "osproxy.source." + p.Source; i18n.Has(key) {
		what = msg(key)
	}
	switch e.Reason {
	case platform.ReasonTimeout:
		return msg("osproxy.unread_timeout", what, strconv.FormatFloat(float64(e.LimitMS)/1000, 'g', -1, 64), e.Command)
	case platform.ReasonMissing:
		return msg("osproxy.unread_missing", what, e.Command)
	case platform.ReasonExit:
		return msg("osproxy.unread_exit", what, e.Command, e.ExitCode)
	}
	return msg("osproxy.unread_failed", what, e.Command, raw(e.Detail))
}

// noneMsg is the summary of a local-proxy check that found no proxy: it
// says so, or that the OS's setting could not be read (which is not the
// same as no setting).
func (e *LocalProxyEvidence) noneMsg() i18n.M {
	if m := unreadMsg(e.OS); !m.IsZero() {
		return msg("local.none_os_unread", m)
	}
	return msg("local.none")
}
