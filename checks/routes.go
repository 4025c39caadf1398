package checks

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"apidoctor/i18n"
)

// RouteEndpoint is another way to reach Claude from this machine.
type RouteEndpoint struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"` // api, gateway, bedrock, vertex
	Region string `json:"region,omitempty"`
	URL    string `json:"url"`
	// Use is what to set to take this route, as one types it.
	Use string `json:"use,omitempty"`
}

// UseMsg is Use with what it leaves out: Bedrock also needs AWS credentials.
func (e RouteEndpoint) UseMsg() i18n.M {
	if e.Kind == "bedrock" {
		return msg("routes.use_bedrock", e.Use)
	}
	return raw(e.Use)
}

// Default regions for the alternate routes (the --bedrock-regions and
// --vertex-regions flags change them).
var (
	DefaultBedrockRegions = []string{"us-east-1", "us-west-2", "eu-central-1"}
	DefaultVertexRegions  = []string{"global", "us-east5", "europe-west1"}
)

// DefaultEndpoints lists the routes to test: the direct API, the
// configured gateway, and Bedrock and Vertex in the given regions.
func DefaultEndpoints(t Target, bedrock, vertex []string) []RouteEndpoint {
	eps := []RouteEndpoint{{Name: "Claude API", Kind: "api", URL: DefaultBaseURL, Use: "unset ANTHROPIC_BASE_URL CLAUDE_CODE_USE_BEDROCK CLAUDE_CODE_USE_VERTEX"}}
	if t.URL != nil && !strings.EqualFold(t.Host, "api.anthropic.com") {
		eps = append(eps, RouteEndpoint{Name: "gateway " + t.Host, Kind: "gateway", URL: originOf(t.URL), Use: "ANTHROPIC_BASE_URL=" + originOf(t.URL)})
	}
	for _, r := range bedrock {
		eps = append(eps, RouteEndpoint{Name: "Amazon Bedrock " + r, Kind: "bedrock", Region: r,
			URL: "https://bedrock-runtime." + r + ".amazonaws.com", Use: "CLAUDE_CODE_USE_BEDROCK=1 AWS_REGION=" + r})
	}
	for _, r := range vertex {
		host := r + "-aiplatform.googleapis.com"
		if r == "global" {
			host = "aiplatform.googleapis.com"
		}
		eps = append(eps, RouteEndpoint{Name: "Google Vertex AI " + r, Kind: "vertex", Region: r,
			URL: "https://" + host, Use: "CLAUDE_CODE_USE_VERTEX=1 CLOUD_ML_REGION=" + r + " ANTHROPIC_VERTEX_PROJECT_ID=<project>"})
	}
	return eps
}

// RouteResult is one endpoint tried one way.
type RouteResult struct {
	Endpoint RouteEndpoint `json:"endpoint"`
	Via      string        `json:"via"` // direct, or the proxy (masked)
	Open     bool          `json:"open"`
	Cause    Cause         `json:"cause,omitempty"`
	MS       float64       `json:"ms"`
	Error    string        `json:"error,omitempty"`
}

// routeTimeout bounds one route's TCP and TLS together.
func (r *Run) routeTimeout() time.Duration { return r.Env.Timeouts.TCP + r.Env.Timeouts.TLS }

// TestRoutes tries every endpoint directly and, when a proxy is set,
// through it too: TCP and a verified TLS handshake, nothing more. They
// run side by side.
func (r *Run) TestRoutes(ctx context.Context, eps []RouteEndpoint) []RouteResult {
	type job struct {
		ep    RouteEndpoint
		route Route
		via   string
	}
	var jobs []job
	for _, ep := range eps {
		jobs = append(jobs, job{ep, Route{}, "direct"})
		if u, err := url.Parse(ep.URL); err == nil {
			if rt := r.Profile.RouteFor(r.Settings, u); rt.Proxy != nil {
				jobs = append(jobs, job{ep, rt, rt.ProxyDisplay})
			} else if rt.Configured != nil && rt.Err == nil {
				// Bypassed or ignored by this client: still worth knowing.
				jobs = append(jobs, job{ep, Route{Proxy: rt.Configured, ProxyDisplay: displayURL(rt.Configured)}, displayURL(rt.Configured)})
			}
		}
	}
	out := make([]RouteResult, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = r.tryRoute(ctx, j.ep, j.route, j.via)
		}()
	}
	wg.Wait()
	return out
}

func (r *Run) tryRoute(ctx context.Context, ep RouteEndpoint, route Route, via string) RouteResult {
	res := RouteResult{Endpoint: ep, Via: via}
	u, err := url.Parse(ep.URL)
	if err != nil || u.Hostname() == "" {
		res.Cause, res.Error = CauseBaseURLInvalid, fmt.Sprintf("bad endpoint URL %q", ep.URL)
		return res
	}
	port := u.Port()
	if port == "" {
		port = "443"
	}
	ctx, cancel := context.WithTimeout(ctx, r.routeTimeout())
	defer cancel()
	tm := &Timing{}
	t0 := time.Now()
	raw, err := r.dialRoute(ctx, route, net.JoinHostPort(u.Hostname(), port), tm)
	if err == nil {
		tc := tls.Client(raw, r.tlsConfig(u.Hostname()))
		err = tc.HandshakeContext(ctx)
		if err != nil {
			err = &PhaseError{PhaseTLS, err}
		}
		raw.Close()
	}
	res.MS = float64(time.Since(t0).Microseconds()) / 1000
	if err != nil {
		phase := phaseOf(err)
		if phase == "" {
			phase = PhaseConnect
		}
		res.Cause, res.Error = Classify(err, phase, r.Env.Now()), r.Redactor.String(err.Error())
		if pe := asProxyError(err); pe != nil || phase == PhaseProxy {
			res.Cause = CauseProxyUnreachable
			if pe != nil && (pe.Status == 407 || pe.Status == 401) {
				res.Cause = CauseProxyAuthRequired
			} else if pe != nil {
				res.Cause = CauseProxyRefusedTarget
			}
		}
		return res
	}
	res.Open = true
	return res
}

// AlternativeMsgs names the open routes to use when the client's own
// route to the API is closed: what is open, and what to set.
func AlternativeMsgs(v Verdict, routes []RouteResult) []i18n.M {
	if v.Status != "problem" || len(routes) == 0 {
		return nil
	}
	var out []i18n.M
	seen := map[string]bool{}
	for _, rr := range routes {
		if !rr.Open || rr.Endpoint.Kind == "api" || seen[rr.Endpoint.Name] {
			continue
		}
		seen[rr.Endpoint.Name] = true
		out = append(out, msg("routes.alt", rr.Endpoint.Name, rr.Via, rr.Endpoint.UseMsg()))
	}
	return out
}

// Alternatives is AlternativeMsgs in English (for JSON).
func Alternatives(v Verdict, routes []RouteResult) []string {
	var out []string
	for _, m := range AlternativeMsgs(v, routes) {
		out = append(out, m.String())
	}
	return out
}
