package checks_test

import (
	"context"
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/lab"
)

// TestRoutesNameTheOpenOne: the API resets after the ClientHello (SNI
// filtering), a Bedrock endpoint answers, a Vertex one is closed; the
// verdict keeps its cause and names Bedrock as the way out.
func TestRoutesNameTheOpenOne(t *testing.T) {
	s, _ := lab.Find("sni-filtered")
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	bedrock, _ := l.Endpoint("bedrock-runtime.us-east-1.amazonaws.com", false)
	vertex, _ := l.Endpoint("us-east5-aiplatform.googleapis.com", true)
	opts.Routes = true
	opts.Endpoints = []checks.RouteEndpoint{
		{Name: "Claude API", Kind: "api", URL: opts.BaseURL},
		{Name: "Amazon Bedrock us-east-1", Kind: "bedrock", URL: bedrock, Use: "CLAUDE_CODE_USE_BEDROCK=1 AWS_REGION=us-east-1"},
		{Name: "Google Vertex AI us-east5", Kind: "vertex", URL: vertex, Use: "CLAUDE_CODE_USE_VERTEX=1"},
	}
	rep, err := checks.Execute(context.Background(), env, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verdict.Cause != checks.CauseTLSReset {
		t.Fatalf("verdict %s", rep.Verdict.Cause)
	}
	got := map[string]checks.RouteResult{}
	for _, r := range rep.Routes {
		got[r.Endpoint.Kind] = r
	}
	if got["api"].Open || got["api"].Cause != checks.CauseTLSReset || !got["bedrock"].Open || got["vertex"].Open || got["vertex"].Cause != checks.CauseTCPRefused {
		t.Fatalf("routes %+v", rep.Routes)
	}
	if len(rep.Verdict.Alternatives) != 1 || !strings.Contains(rep.Verdict.Alternatives[0], "CLAUDE_CODE_USE_BEDROCK=1") {
		t.Fatalf("alternatives %v", rep.Verdict.Alternatives)
	}
}

// TestRoutesThroughTheProxyToo: with a proxy set, each endpoint is tried
// both ways.
func TestRoutesThroughTheProxyToo(t *testing.T) {
	s, _ := lab.Find("healthy-proxy")
	l, env, opts, err := lab.Prepare(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	bedrock, _ := l.Endpoint("bedrock-runtime.us-west-2.amazonaws.com", false)
	r, err := checks.New(env, opts)
	if err != nil {
		t.Fatal(err)
	}
	results := r.TestRoutes(context.Background(), []checks.RouteEndpoint{{Name: "Claude API", Kind: "api", URL: opts.BaseURL}, {Name: "Bedrock", Kind: "bedrock", URL: bedrock}})
	if len(results) != 4 {
		t.Fatalf("want each endpoint direct and via the proxy: %+v", results)
	}
	for _, rr := range results {
		direct := rr.Via == "direct"
		// The lab breaks the direct path to the API only.
		wantOpen := !(direct && rr.Endpoint.Kind == "api")
		if rr.Open != wantOpen {
			t.Errorf("%s via %s: open=%v (%s)", rr.Endpoint.Name, rr.Via, rr.Open, rr.Error)
		}
		if !direct && strings.Contains(rr.Via, "s3cret") {
			t.Error("the proxy password is shown")
		}
	}
	if alts := checks.Alternatives(checks.Verdict{Status: "ok"}, results); alts != nil {
		t.Error("a working route needs no alternative")
	}
}

func TestDefaultEndpoints(t *testing.T) {
	eps := checks.DefaultEndpoints(checks.Target{}, []string{"us-east-1"}, []string{"global", "us-east5"})
	var urls []string
	for _, e := range eps {
		urls = append(urls, e.URL)
	}
	want := "https://api.anthropic.com https://bedrock-runtime.us-east-1.amazonaws.com https://aiplatform.googleapis.com https://us-east5-aiplatform.googleapis.com"
	if strings.Join(urls, " ") != want {
		t.Fatalf("endpoints %v", urls)
	}
}
