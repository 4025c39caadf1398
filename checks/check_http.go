package checks

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"time"

	"apidoctor/i18n"

	"apidoctor/redact"
)

// Answer headers worth keeping as evidence.
var keptHeaders = []string{
	"Request-Id", "Cf-Ray", "Cf-Mitigated", "Server", "Retry-After", "Retry-After-Ms", "X-Should-Retry",
	"Content-Type", "Date", "Via", "X-Squid-Error", "Location",
}

// HTTPEvidence is one request and its answer.
type HTTPEvidence struct {
	Method       string            `json:"method"`
	URL          string            `json:"url"`
	Route        string            `json:"route"`
	Status       int               `json:"status,omitempty"`
	Headers      map[string]string `json:"headers,omitempty"`
	Body         string            `json:"body,omitempty"`
	ErrorType    string            `json:"error_type,omitempty"`
	ErrorMessage string            `json:"error_message,omitempty"`
	RequestID    string            `json:"request_id,omitempty"`
	Phase        Phase             `json:"failed_phase,omitempty"`
	Timing       *TimingMS         `json:"timing,omitempty"`
	Reused       bool              `json:"reused_connection,omitempty"`
	date         time.Time
	received     time.Time
	body         []byte
}

// routeFor is the client's route to any URL (NO_PROXY may differ per host).
func (r *Run) routeFor(u *url.URL) Route {
	if r.Target.URL != nil && u.Host == r.Target.URL.Host {
		return r.Route
	}
	return r.Profile.RouteFor(r.Settings, u)
}

type timingKey struct{}

// withTiming carries a request's Timing to the transport's dial functions
// (net/http keeps context values on its dials), so one transport can serve
// many requests, each timed on its own.
func withTiming(ctx context.Context, tm *Timing) context.Context {
	return context.WithValue(ctx, timingKey{}, tm)
}

func timingOf(ctx context.Context) *Timing {
	if tm, ok := ctx.Value(timingKey{}).(*Timing); ok {
		return tm
	}
	return &Timing{}
}

// transport sends requests the way the client would: along route, with
// the client's trust. Without keepAlive every request gets a fresh
// connection, so timings show every phase.
func (r *Run) transport(parent context.Context, route Route, keepAlive bool) *http.Transport {
	return r.transportVia(parent, func(ctx context.Context, addr string, tm *Timing) (net.Conn, error) {
		return r.dialRoute(ctx, route, addr, tm)
	}, keepAlive)
}

// rawDial opens a TCP stream to host:port, by some route.
type rawDial func(ctx context.Context, hostport string, tm *Timing) (net.Conn, error)

// transportVia is transport over any raw dial (a route, a pinned address).
// Dials end with parent: net/http detaches them from the request, which
// would leave them running after a cancel.
func (r *Run) transportVia(parent context.Context, dial rawDial, keepAlive bool) *http.Transport {
	bind := func(ctx context.Context) (context.Context, func()) {
		ctx, cancel := context.WithCancel(ctx)
		stop := context.AfterFunc(parent, cancel)
		return ctx, func() { stop(); cancel() }
	}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			tm := timingOf(ctx)
			ctx, done := bind(ctx)
			defer done()
			c, err := dial(ctx, addr, tm)
			if err == nil {
				tm.enter(PhaseHTTP)
			}
			return c, err
		},
		TLSHandshakeTimeout:    r.Env.Timeouts.TLS,
		ResponseHeaderTimeout:  r.Env.Timeouts.HTTP,
		DisableKeepAlives:      !keepAlive,
		MaxIdleConnsPerHost:    1,
		MaxResponseHeaderBytes: 64 << 10,
	}
	tr.DialTLSContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		tm := timingOf(ctx)
		ctx, done := bind(ctx)
		defer done()
		raw, err := dial(ctx, addr, tm)
		if err != nil {
			return nil, err
		}
		host := hostOf(addr)
		tc := tls.Client(raw, r.tlsConfig(host))
		hctx, cancel := context.WithTimeout(ctx, r.Env.Timeouts.TLS)
		defer cancel()
		tm.enter(PhaseTLS)
		t0 := time.Now()
		err = tc.HandshakeContext(hctx)
		tm.add(&tm.TLS, time.Since(t0))
		if err != nil {
			raw.Close()
			return nil, &PhaseError{PhaseTLS, err}
		}
		tm.enter(PhaseHTTP)
		return tc, nil
	}
	return tr
}

// client wraps a transport with the run's overall limit and no redirects.
func (r *Run) client(tr *http.Transport) *http.Client {
	return &http.Client{
		Transport:     tr,
		Timeout:       r.Env.Timeouts.TCP + r.Env.Timeouts.TLS + r.Env.Timeouts.HTTP,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// httpClient is a client with a fresh connection for every request.
func (r *Run) httpClient(parent context.Context, route Route) *http.Client {
	return r.client(r.transport(parent, route, false))
}

// do sends one request along the client's route on a fresh connection
// and records the answer.
func (r *Run) do(ctx context.Context, method, rawURL string, body []byte, header http.Header) (*HTTPEvidence, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return &HTTPEvidence{Method: method, URL: rawURL}, err
	}
	route := r.routeFor(u)
	if route.Err != nil {
		return &HTTPEvidence{Method: method, URL: rawURL, Route: route.String()}, route.Err
	}
	return r.doWith(ctx, r.httpClient(ctx, route), route, method, rawURL, body, header)
}

// doWith sends one request with a given client (a watch reuses one).
func (r *Run) doWith(ctx context.Context, client *http.Client, route Route, method, rawURL string, body []byte, header http.Header) (*HTTPEvidence, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return &HTTPEvidence{Method: method, URL: rawURL}, err
	}
	ev := &HTTPEvidence{Method: method, URL: rawURL, Route: route.String()}
	tm := &Timing{}
	t0 := time.Now()
	// The trace runs on the transport's goroutines, maybe after Do returns.
	trace := &httptrace.ClientTrace{
		GotFirstResponseByte: func() { tm.add(&tm.FirstByte, time.Since(t0)) },
		GotConn: func(info httptrace.GotConnInfo) {
			tm.setReused(info.Reused)
			if info.Reused {
				tm.enter(PhaseHTTP) // no dial: a failure from here is the request's
			}
		},
	}
	req, err := http.NewRequestWithContext(withTiming(httptrace.WithClientTrace(ctx, trace), tm), method, rawURL, bytes.NewReader(body))
	if err != nil {
		return ev, err
	}
	req.Header = header.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header.Set("User-Agent", "apidoctor")
	if u.Scheme == "http" {
		tm.enter(PhaseConnect)
	}
	r.Note(ctx, "note.http", method, u.Host)
	resp, err := client.Do(req)
	defer func() {
		tm.finish(time.Since(t0))
		ev.Timing = tm.MS()
		ev.Reused = tm.wasReused()
	}()
	if err != nil {
		ev.Phase = tm.Reached()
		if p := phaseOf(err); p != "" {
			ev.Phase = p
		}
		if ev.Phase == "" {
			ev.Phase = PhaseConnect
		}
		return ev, err
	}
	defer resp.Body.Close()
	ev.received = time.Now()
	ev.Status = resp.StatusCode
	// Everything the answer says is recorded redacted and escaped: a
	// gateway may quote the key back in any header, id or message, and a
	// hostile one may send terminal escapes. The raw body stays in
	// ev.body, for the checks that parse it.
	red := r.Redactor
	ev.Headers = map[string]string{}
	for _, h := range keptHeaders {
		if v := resp.Header.Get(h); v != "" {
			ev.Headers[strings.ToLower(h)] = red.Display(v)
		}
	}
	for k, v := range resp.Header {
		if strings.HasPrefix(strings.ToLower(k), "anthropic-ratelimit-") {
			ev.Headers[redact.Escape(strings.ToLower(k))] = red.Display(strings.Join(v, ","))
		}
	}
	ev.RequestID = red.Display(resp.Header.Get("Request-Id"))
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		ev.date = d
	}
	ev.body, _ = io.ReadAll(io.LimitReader(resp.Body, 256<<10))
	ev.Body = snippet(red, ev.body)
	var apiErr struct {
		Type  string `json:"type"`
		Error struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"error"`
		RequestID string `json:"request_id"`
	}
	if json.Unmarshal(ev.body, &apiErr) == nil {
		ev.ErrorType, ev.ErrorMessage = red.Display(apiErr.Error.Type), red.Display(apiErr.Error.Message)
		if ev.RequestID == "" {
			ev.RequestID = red.Display(apiErr.RequestID)
		}
		if apiErr.Type != "error" && ev.ErrorType != "" {
			ev.ErrorType = "edge:" + ev.ErrorType // no top-level type: not the API's own shape
		}
	}
	return ev, nil
}

// failedRequest turns a transport error into a result, by phase.
func (r *Run) failedRequest(ev *HTTPEvidence, err error, what i18n.M) Result {
	if phaseOf(err) == PhaseProxy || phaseOf(err) == PhaseProxyTLS {
		pev := &ProxyEvidence{Proxy: strings.TrimPrefix(ev.Route, "via ")}
		res := r.proxyFailure(err, pev)
		res.Evidence = ev
		return res
	}
	cause := Classify(err, ev.Phase, r.Env.Now())
	return fail(cause, msg("http.failed_in", what, string(ev.Phase), causeShort(cause)), ev, err)
}

// slowOrFailed explains a failed API request; a wait that ran out is
// told against the client's own timeout, which decides what it does.
func (r *Run) slowOrFailed(ev *HTTPEvidence, err error, gaveUp bool, what string) Result {
	res := r.failedRequest(ev, err, raw(what))
	wait, from := r.waitWords()
	switch {
	case gaveUp:
		return fail(CauseTimeout, msg("http.client_gave_up", what, wait, from), ev, err)
	case res.Cause == CauseTimeout && wait == 0:
		res.Msg = msg("http.no_answer_no_limit", what, r.Env.Timeouts.HTTP.Seconds(), from)
		res.Advice = msg("advice.no_answer_yet")
	case res.Cause == CauseTimeout && wait > r.Env.Timeouts.HTTP.Seconds():
		res.Msg = msg("http.no_answer_yet", what, r.Env.Timeouts.HTTP.Seconds(), wait, from)
		res.Advice = msg("advice.no_answer_yet")
	}
	return res
}

// hostWord stands for the host in a reason about another host.
var hostWord = msg("word.the_host")

func causeShort(c Cause) i18n.M {
	switch c {
	case CauseTimeout:
		return msg("http.reason.timeout")
	case CauseDNSNXDomain, CauseDNSTimeout, CauseDNSFailure:
		return dnsReason(c)
	case CauseTCPRefused, CauseTCPTimeout, CauseNetUnreachable:
		return connectReason(c)
	case CauseTLSUntrusted, CauseTLSExpired, CauseTLSNotYetValid, CauseTLSHostnameMismatch, CauseTLSReset, CauseTLSTimeout, CauseTLSProtocol:
		return tlsReason(c, hostWord)
	}
	return c.Meaning()
}

// classifyAnswer judges an HTTP answer by status, error.type and the
// headers that show who answered.
func classifyAnswer(ev *HTTPEvidence, official bool) (Status, Cause, i18n.M) {
	html := strings.Contains(strings.ToLower(ev.Headers["content-type"]), "text/html")
	switch {
	case ev.Status < 300:
		if official && ev.RequestID == "" && ev.Status != 0 {
			return Warn, CauseMiddleboxResponse, msg("http.no_request_id_ok", ev.Status)
		}
		return Pass, "", msg("raw", fmt.Sprint(ev.Status))
	case ev.Headers["cf-mitigated"] == "challenge":
		return Fail, CauseEdgeChallenge, msg("http.challenge", ev.Status)
	case ev.Status == 403 && ev.ErrorType == "edge:forbidden":
		return Fail, CauseRegionBlocked, msg("http.region", ev.ErrorMessage)
	case ev.Status == 407:
		return Fail, CauseProxyAuthRequired, msg("http.407")
	case ev.RequestID == "" || html:
		if html {
			return Fail, CauseMiddleboxResponse, msg("http.middlebox_html", ev.Status)
		}
		return Fail, CauseMiddleboxResponse, msg("http.middlebox", ev.Status)
	}
	m := msg("http.api_error", ev.Status, ev.ErrorType)
	if ev.ErrorMessage != "" {
		m = msg("http.api_error_msg", ev.Status, ev.ErrorType, ev.ErrorMessage)
	}
	switch {
	case ev.Status == 401 || ev.ErrorType == "authentication_error":
		return Fail, CauseKeyInvalid, m
	case ev.Status == 402 || ev.ErrorType == "billing_error":
		return Fail, CauseBilling, m
	case ev.Status == 400 && strings.Contains(strings.ToLower(ev.ErrorMessage), "credit balance"):
		return Fail, CauseBilling, m
	case ev.Status == 403 || ev.ErrorType == "permission_error":
		return Fail, CausePermissionDenied, m
	case ev.Status == 404:
		return Fail, CauseBaseURLInvalid, m
	case ev.Status == 429 || ev.ErrorType == "rate_limit_error":
		if ra := ev.Headers["retry-after"]; ra != "" {
			m = msg("http.retry_after", m, ra)
		}
		return Fail, CauseRateLimited, m
	case ev.Status == 529 || ev.ErrorType == "overloaded_error":
		return Fail, CauseOverloaded, m
	case ev.Status >= 500:
		return Fail, CauseServerError, m
	}
	return Fail, CauseMiddleboxResponse, m
}

func (r *Run) official() bool { return strings.EqualFold(r.Target.Host, "api.anthropic.com") }

func apiHeaders() http.Header {
	return http.Header{"Anthropic-Version": {"2023-06-01"}, "Accept": {"application/json"}}
}

func (r *Run) baseURL(path string) string {
	return strings.TrimRight(r.Target.URL.String(), "/") + path
}

func checkHello(ctx context.Context, r *Run) Result {
	if r.Target.URL == nil {
		return skip(msg("common.no_base_url"))
	}
	if tlsRes := r.Await(ctx, "http.hello", "tls"); !tlsRes.OK() && tlsRes.Status != NA {
		return skip(msg("common.tls_failed"))
	}
	wctx, cancel, gaveUp := r.withClientWait(ctx)
	defer cancel()
	ev, err := r.do(wctx, http.MethodGet, r.baseURL("/api/hello"), nil, apiHeaders())
	plain := r.Target.URL.Scheme == "http"
	if err != nil {
		if plain && r.Route.Direct() && r.speaksTLS(ctx) {
			return fail(CauseBaseURLInvalid, msg("hello.http_to_tls", r.Target.HostPort()), ev, err)
		}
		return r.slowOrFailed(ev, err, gaveUp(), "GET /api/hello")
	}
	if plain && r.Route.Direct() && ev.Status == http.StatusBadRequest && ev.RequestID == "" && r.speaksTLS(ctx) {
		// The server's own "plain HTTP to an HTTPS port": the scheme is wrong.
		return fail(CauseBaseURLInvalid, msg("hello.http_to_tls", r.Target.HostPort()), ev, nil)
	}
	st, cause, m := classifyAnswer(ev, r.official())
	switch {
	case st == Pass && !strings.Contains(string(ev.body), "hello"):
		return warn(CauseMiddleboxResponse, msg("hello.not_hello", ev.Status), ev)
	case st == Pass && time.Duration(ev.Timing.FirstByte*float64(time.Millisecond)) > r.slowAnswer():
		// The wait for the answer once connected: a slow path's own latency.
		wait, from := r.waitWords()
		if wait == 0 {
			return warn("", msg("hello.slow_no_limit", ev.Status, ev.Timing.FirstByte/1000, from), ev)
		}
		return warn("", msg("hello.slow", ev.Status, ev.Timing.FirstByte/1000, wait, from), ev)
	case st == Pass:
		return pass(msg("hello.ok", ev.Status, ev.Timing.Total), ev)
	case cause == CauseBaseURLInvalid && !r.official():
		return warn(cause, msg("hello.gateway"), ev)
	}
	return problem(st, cause, msg("http.request_answer", "GET /api/hello", m), ev, nil)
}

func checkPlatform(ctx context.Context, r *Run) Result {
	if !r.Profile.FirstRunProbe {
		return na(msg("platform.na", string(r.Profile.Name)))
	}
	if r.Target.Platform == "" {
		return na(msg("common.skipped_flag", "--platform-url none"))
	}
	ev, err := r.do(ctx, http.MethodGet, r.Target.Platform, nil, http.Header{})
	if err != nil {
		return r.failedRequest(ev, err, raw("GET "+r.Target.Platform))
	}
	if ev.Status == 200 {
		return pass(msg("platform.ok", r.Target.Platform, ev.Timing.Total), ev)
	}
	st, cause, m := classifyAnswer(ev, true)
	return problem(st, cause, msg("http.request_answer", "GET "+r.Target.Platform, m), ev, nil)
}

// AuthEvidence adds the probe of the Messages API to the models request.
type AuthEvidence struct {
	Models   *HTTPEvidence `json:"models"`
	Messages *HTTPEvidence `json:"messages,omitempty"`
	Header   string        `json:"auth_header"`
	Count    int           `json:"models_listed,omitempty"`
}

func checkAuth(ctx context.Context, r *Run) Result {
	const id = "auth"
	key := r.Await(ctx, id, "config.key")
	if key.Status == NA {
		return na(key.Msg)
	}
	cred, ok := r.credentialOf()
	if !ok {
		return skip(msg("auth.no_key"))
	}
	if strings.ContainsAny(cred.Value.Raw, "\r\n") {
		// No client can put a line break in a header: nothing to send.
		return skip(msg("auth.malformed"))
	}
	if hello := r.Await(ctx, id, "http.hello"); !hello.OK() {
		return skip(msg("auth.unreachable"))
	}
	h := apiHeaders()
	name, value := cred.headerValue()
	h.Set(name, value)
	ev := &AuthEvidence{Header: strings.ToLower(name)}
	wctx, cancel, gaveUp := r.withClientWait(ctx)
	defer cancel()
	mev, err := r.do(wctx, http.MethodGet, r.baseURL("/v1/models"), nil, h)
	ev.Models = mev
	if err != nil {
		res := r.slowOrFailed(mev, err, gaveUp(), "GET /v1/models")
		res.Evidence = ev
		return res
	}
	st, cause, m := classifyAnswer(mev, r.official())
	if st != Pass {
		return problem(st, cause, msg("http.request_answer", "GET /v1/models", m), ev, nil)
	}
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	json.Unmarshal(mev.body, &list)
	ev.Count = len(list.Data)
	summary := msg("auth.ok", ev.Count, orDash(mev.RequestID))
	if r.Opts.ProbeMessages && len(list.Data) > 0 {
		model := list.Data[0].ID
		for _, m := range list.Data {
			if strings.Contains(m.ID, "haiku") {
				model = m.ID
				break
			}
		}
		body, _ := json.Marshal(map[string]any{"model": model, "max_tokens": 1, "messages": []map[string]string{{"role": "user", "content": "hi"}}})
		h.Set("Content-Type", "application/json")
		pev, err := r.do(ctx, http.MethodPost, r.baseURL("/v1/messages"), body, h)
		ev.Messages = pev
		if err != nil {
			res := r.failedRequest(pev, err, raw("POST /v1/messages"))
			res.Evidence = ev
			return res
		}
		if st, cause, m := classifyAnswer(pev, r.official()); st != Pass {
			return problem(st, cause, msg("http.request_answer", "POST /v1/messages", m), ev, nil)
		}
		summary = msg("auth.ok_message", summary, model)
	}
	return pass(summary, ev)
}

// ClockEvidence compares the local clock with a server's Date header.
type ClockEvidence struct {
	Local   time.Time `json:"local"`
	Server  time.Time `json:"server"`
	From    string    `json:"from"`
	SkewSec float64   `json:"skew_seconds"`
}

// ClockSkewLimit is how far the local clock may drift before it is named.
const ClockSkewLimit = 2 * time.Minute

func checkClock(ctx context.Context, r *Run) Result {
	for _, id := range []string{"http.hello", "http.platform", "status_page", "tls"} {
		res := r.Await(ctx, "clock", id)
		var from string
		var date, at time.Time
		switch e := res.Evidence.(type) {
		case *HTTPEvidence:
			from, date, at = e.URL, e.date, e.received
		case *StatusEvidence:
			if e.HTTP != nil {
				from, date, at = e.HTTP.URL, e.HTTP.date, e.HTTP.received
			}
		case *TLSEvidence:
			from, date, at = "https://"+e.ServerName, e.ServerDate, e.dateAt
		}
		if date.IsZero() {
			continue
		}
		// The local clock at the moment the answer arrived, on the injected clock.
		local := r.Env.Now().Add(-time.Since(at))
		skew := local.Sub(date)
		cev := &ClockEvidence{Local: local.UTC(), Server: date.UTC(), From: from, SkewSec: skew.Round(time.Second).Seconds()}
		if skew > ClockSkewLimit || skew < -ClockSkewLimit {
			if skew > 0 {
				return warn(CauseClockSkew, msg("clock.ahead", absDur(skew).Round(time.Second).String()), cev)
			}
			return warn(CauseClockSkew, msg("clock.behind", absDur(skew).Round(time.Second).String()), cev)
		}
		return pass(msg("clock.ok", absDur(skew).Round(time.Second).String(), hostOfURL(from)), cev)
	}
	return skip(msg("clock.no_date"))
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func hostOfURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	return u.Host
}

// StatusEvidence is what the status page reports.
type StatusEvidence struct {
	HTTP       *HTTPEvidence     `json:"http"`
	Indicator  string            `json:"indicator,omitempty"`
	Components map[string]string `json:"components,omitempty"`
	Incidents  []string          `json:"incidents,omitempty"`
}

// APIDown reports whether the status page says the API is degraded or down.
func (e *StatusEvidence) APIDown() bool {
	for name, st := range e.Components {
		if strings.Contains(name, "API") && (st == "partial_outage" || st == "major_outage" || st == "degraded_performance") {
			return true
		}
	}
	return false
}

func checkStatusPage(ctx context.Context, r *Run) Result {
	if r.Target.Status == "" {
		return na(msg("common.skipped_flag", "--status-url none"))
	}
	urls := []string{r.Target.Status}
	if r.Target.Status == DefaultStatusURL {
		urls = append(urls, FallbackStatusURL)
	}
	var last Result
	for _, base := range urls {
		ev, err := r.do(ctx, http.MethodGet, strings.TrimRight(base, "/")+"/api/v2/summary.json", nil, http.Header{"Accept": {"application/json"}})
		sev := &StatusEvidence{HTTP: ev}
		if err != nil {
			last = r.failedRequest(ev, err, msg("status.what"))
			last.Status, last.Evidence = Warn, sev
			continue
		}
		var doc struct {
			Status struct {
				Indicator   string `json:"indicator"`
				Description string `json:"description"`
			} `json:"status"`
			Components []struct {
				Name   string `json:"name"`
				Status string `json:"status"`
			} `json:"components"`
			Incidents []struct {
				Name   string `json:"name"`
				Status string `json:"status"`
			} `json:"incidents"`
		}
		if ev.Status != 200 || json.Unmarshal(ev.body, &doc) != nil {
			last = warn(CauseMiddleboxResponse, msg("status.no_summary", ev.Status), sev)
			continue
		}
		sev.Indicator = doc.Status.Indicator
		sev.Components = map[string]string{}
		for _, c := range doc.Components {
			if strings.Contains(c.Name, "API") || strings.Contains(c.Name, "Claude Code") || strings.Contains(c.Name, "claude.ai") {
				sev.Components[c.Name] = c.Status
			}
		}
		for _, in := range doc.Incidents {
			sev.Incidents = append(sev.Incidents, in.Name+" ("+in.Status+")")
		}
		if sev.APIDown() {
			return warn(CauseServiceOutage, msg("status.degraded", strings.Join(sev.Incidents, "; ")), sev)
		}
		if len(sev.Incidents) > 0 {
			return warn(CauseServiceOutage, msg("status.incidents", strings.Join(sev.Incidents, "; ")), sev)
		}
		return pass(msg("status.ok", orDash(doc.Status.Description), sev.Indicator), sev)
	}
	return last
}

// RegionEvidence is what the API's edge says about this machine's egress.
type RegionEvidence struct {
	HTTP      *HTTPEvidence `json:"http"`
	Loc       string        `json:"loc,omitempty"`
	Colo      string        `json:"colo,omitempty"`
	IP        string        `json:"ip,omitempty"`
	Supported *bool         `json:"supported,omitempty"`
}

// UnsupportedCountries are egress countries the API does not serve, as of
// the date below (docs/facts.md, plus countries under comprehensive US
// sanctions). Anthropic's list of supported countries is the authority.
var UnsupportedCountries = map[string]string{
	"CN": "mainland China", "HK": "Hong Kong", "MO": "Macau", "RU": "Russia",
	"BY": "Belarus", "IR": "Iran", "KP": "North Korea", "SY": "Syria", "CU": "Cuba",
}

// UnsupportedCountriesAsOf dates UnsupportedCountries.
const UnsupportedCountriesAsOf = "2026-11"

func checkRegion(ctx context.Context, r *Run) Result {
	if r.Target.Trace == "" {
		return na(msg("common.skipped_flag", "--trace-url none"))
	}
	if tlsRes := r.Await(ctx, "region", "tls"); !tlsRes.OK() && tlsRes.Status != NA {
		return skip(msg("common.tls_failed"))
	}
	ev, err := r.do(ctx, http.MethodGet, r.Target.Trace, nil, http.Header{})
	rev := &RegionEvidence{HTTP: ev}
	if err != nil {
		res := r.failedRequest(ev, err, msg("region.what"))
		res.Status, res.Evidence = Warn, rev
		return res
	}
	if ev.Status != 200 {
		return na(msg("region.no_trace", ev.Status))
	}
	for _, line := range strings.Split(string(ev.body), "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		switch k {
		case "loc":
			rev.Loc = v
		case "colo":
			rev.Colo = v
		case "ip":
			rev.IP = v
		}
	}
	if rev.Loc == "" {
		return na(msg("region.no_loc"))
	}
	name, blocked := UnsupportedCountries[rev.Loc]
	ok := !blocked
	rev.Supported = &ok
	if blocked {
		return warn(CauseRegionBlocked, msg("region.blocked", rev.Loc, name), rev)
	}
	return pass(msg("region.ok", rev.Loc), rev)
}
