package checks_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"apidoctor/checks"
	"apidoctor/lab"
)

// TestSilentConnectIsNotASchemeProof: Node sends a socks5h:// proxy as an
// HTTP proxy. When that port is a real HTTP proxy whose way to the API
// hangs, its CONNECT is unanswered just as a SOCKS-only port's would be:
// the scheme is not to blame, and the proxy check names what is.
func TestSilentConnectIsNotASchemeProof(t *testing.T) {
	s, _ := lab.Find("healthy")
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	addr, closer, err := lab.Blackhole()
	if errors.Is(err, lab.ErrNotHere) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer closer()
	_, port, _ := net.SplitHostPort(addr)
	opts.BaseURL = fmt.Sprintf("https://%s:%s", lab.APIHost, port)
	opts.Client = checks.NodeSDK
	p, err := l.StartProxy(lab.ProxyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	env.Vars["HTTPS_PROXY"] = "socks5h://" + p.Addr
	env.Vars["NODE_USE_ENV_PROXY"] = "1"
	rep, err := checks.Execute(context.Background(), env, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Checks {
		if r.ID == "config.proxy" && r.Status == checks.Fail {
			t.Errorf("config.proxy fails (%s): %s", r.Cause, r.Summary)
		}
	}
	if rep.Verdict.Cause == checks.CauseProxyScheme {
		t.Errorf("verdict %s: an HTTP proxy that answers HTTP was called a SOCKS-only port", rep.Verdict.Cause)
	}
}
