package lab

import (
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Personality is how the lab's API server behaves.
type Personality string

// The API server's personalities, one per answer the checks classify.
const (
	Healthy       Personality = "healthy"
	KeyInvalid    Personality = "key_invalid"    // 401 authentication_error
	Permission    Personality = "permission"     // 403 permission_error
	Billing       Personality = "billing"        // 400 credit balance too low
	RateLimited   Personality = "rate_limited"   // 429 with retry-after
	Overloaded    Personality = "overloaded"     // 529 overloaded_error
	ServerError   Personality = "server_error"   // 500 api_error
	RegionBlocked Personality = "region_blocked" // Cloudflare-style 403 "Request not allowed"
	Challenge     Personality = "challenge"      // 403 with cf-mitigated: challenge
	Middlebox     Personality = "middlebox"      // 403 HTML, no request-id
	Slow          Personality = "slow"           // never answers HTTP
	EchoKey       Personality = "echo_key"       // 401 whose message quotes the key back, as some gateways do
)

// StatusSummary is what the lab's status page reports for the API.
type StatusSummary string

// Status page states.
const (
	StatusOperational StatusSummary = "operational"
	StatusMajorOutage StatusSummary = "major_outage"
)

// APIServer is a TLS server that plays the API, the platform host, the
// status page, the edge trace and a DoH resolver, told apart by path.
type APIServer struct {
	Addr     string // 127.0.0.1:port
	Port     int
	ln       net.Listener
	srv      *http.Server
	mu       sync.Mutex
	persona  Personality
	loc      string
	status   StatusSummary
	validKey string
	doh      http.HandlerFunc
	// Requests counts requests by path.
	Requests map[string]int
	// LastHeaders holds the headers of the last request to /v1/models.
	LastHeaders http.Header
	// steps, when set, answers the probed endpoints by turns (a flapping
	// server); next is the index of the next step.
	steps []Step
	next  int
	echo  Echo
}

// Echo shapes the EchoKey personality's answer, as a gateway or proxy
// that quotes what it was sent would: "{key}" in any field stands for
// the key the request carried. Empty fields keep the defaults.
type Echo struct {
	Status    int               // 401 by default
	Message   string            // the API error's message ("invalid x-api-key: {key}")
	Body      string            // a raw body in place of the API's JSON error
	RequestID string            // the Request-Id header (a random id by default; none with Body)
	Headers   map[string]string // more response headers
}

// SetEcho changes what the EchoKey personality answers.
func (s *APIServer) SetEcho(e Echo) { s.mu.Lock(); s.echo = e; s.mu.Unlock() }

// Step is one turn of a flapping server.
type Step struct {
	Status     int           // 200, 429, 529, …
	RetryAfter string        // for 429
	Delay      time.Duration // answer after this long
	Reset      bool          // cut the connection with a TCP reset instead
}

// SetSteps makes /api/hello and /v1/models answer by turns, cycling.
func (s *APIServer) SetSteps(steps ...Step) {
	s.mu.Lock()
	s.steps, s.next = steps, 0
	s.mu.Unlock()
}

// serveStep plays the next turn; it reports false when there are none.
func (s *APIServer) serveStep(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	if len(s.steps) == 0 {
		s.mu.Unlock()
		return false
	}
	st := s.steps[s.next%len(s.steps)]
	s.next++
	s.mu.Unlock()
	if st.Delay > 0 {
		select {
		case <-time.After(st.Delay):
		case <-r.Context().Done():
			return true
		}
	}
	switch {
	case st.Reset:
		// Start an answer, then cut it with a TCP reset: a reset before the
		// first byte would be retried by the client's transport unseen.
		if hj, ok := w.(http.Hijacker); ok {
			if c, buf, err := hj.Hijack(); err == nil {
				buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
				buf.Flush()
				if nc, ok := c.(interface{ NetConn() net.Conn }); ok {
					if tc, ok := nc.NetConn().(*net.TCPConn); ok {
						tc.SetLinger(0)
					}
				}
				c.Close()
			}
		}
	case st.Status == http.StatusTooManyRequests:
		if st.RetryAfter != "" {
			w.Header().Set("Retry-After", st.RetryAfter)
		}
		apiError(w, st.Status, "rate_limit_error", "Number of requests has exceeded your rate limit.")
	case st.Status == 529:
		apiError(w, st.Status, "overloaded_error", "Overloaded")
	case st.Status >= 500:
		apiError(w, st.Status, "api_error", "Internal server error")
	default:
		w.Header().Set("Request-Id", requestID())
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"message":"hello","data":[]}`))
	}
	return true
}

// StartAPI serves on 127.0.0.1 with the given certificate.
func StartAPI(cert tls.Certificate, validKey string) (*APIServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &APIServer{ln: ln, persona: Healthy, loc: "US", status: StatusOperational, validKey: validKey, Requests: map[string]int{}}
	s.Addr = ln.Addr().String()
	s.Port = ln.Addr().(*net.TCPAddr).Port
	s.srv = &http.Server{Handler: s, TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}}, ErrorLog: quietLog()}
	go s.srv.ServeTLS(ln, "", "")
	return s, nil
}

// ListenOn also serves the same API on another loopback listener.
func (s *APIServer) ListenOn(ln net.Listener) {
	go s.srv.ServeTLS(ln, "", "")
}

// SetPersonality changes the server's behaviour.
func (s *APIServer) SetPersonality(p Personality) { s.mu.Lock(); s.persona = p; s.mu.Unlock() }

// SetLoc sets the country the edge trace reports.
func (s *APIServer) SetLoc(loc string) { s.mu.Lock(); s.loc = loc; s.mu.Unlock() }

// SetStatus sets what the status page reports.
func (s *APIServer) SetStatus(st StatusSummary) { s.mu.Lock(); s.status = st; s.mu.Unlock() }

// SetDoH serves a DoH resolver on /dns-query.
func (s *APIServer) SetDoH(h http.HandlerFunc) { s.mu.Lock(); s.doh = h; s.mu.Unlock() }

// Close stops the server.
func (s *APIServer) Close() error { return s.srv.Close() }

func requestID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return "req_lab" + hex.EncodeToString(b)
}

func apiError(w http.ResponseWriter, status int, typ, msg string) {
	apiErrorWithID(w, status, typ, msg, requestID())
}

func apiErrorWithID(w http.ResponseWriter, status int, typ, msg, id string) {
	w.Header().Set("Request-Id", id)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"type": "error", "error": map[string]string{"type": typ, "message": msg}, "request_id": id})
}

func (s *APIServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p, loc, status, doh := s.persona, s.loc, s.status, s.doh
	s.Requests[r.URL.Path]++
	if r.URL.Path == "/v1/models" {
		s.LastHeaders = r.Header.Clone()
	}
	s.mu.Unlock()
	switch r.URL.Path {
	case "/api/v2/summary.json":
		writeStatus(w, status)
		return
	case "/dns-query":
		if doh != nil {
			doh(w, r)
			return
		}
	case "/cdn-cgi/trace":
		fmt.Fprintf(w, "fl=1\nh=%s\nip=127.0.0.1\nts=0\nvisit_scheme=https\ncolo=LAB\nloc=%s\ntls=TLSv1.3\n", r.Host, loc)
		return
	}
	switch p {
	case Slow:
		<-r.Context().Done()
		return
	case RegionBlocked:
		w.Header().Set("Server", "cloudflare")
		w.Header().Set("Cf-Ray", "8f00000000000000-LAB")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"error":{"type":"forbidden","message":"Request not allowed"}}`))
		return
	case Challenge:
		w.Header().Set("Cf-Mitigated", "challenge")
		w.Header().Set("Server", "cloudflare")
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("<!DOCTYPE html><title>Just a moment...</title>"))
		return
	case Middlebox:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("<html><body><h1>Access denied by policy</h1></body></html>"))
		return
	}
	if (r.URL.Path == "/api/hello" || r.URL.Path == "/v1/models") && s.serveStep(w, r) {
		return
	}
	switch r.URL.Path {
	case "/api/hello":
		w.Header().Set("Request-Id", requestID())
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"message":"hello"}`))
	case "/v1/oauth/hello":
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"message":"hello"}`))
	case "/v1/models", "/v1/messages":
		s.serveAPI(w, r, p)
	default:
		apiError(w, http.StatusNotFound, "not_found_error", "Not found")
	}
}

func (s *APIServer) serveAPI(w http.ResponseWriter, r *http.Request, p Personality) {
	key := r.Header.Get("X-Api-Key")
	bearer := false
	if key == "" {
		key, bearer = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), true
	}
	if r.Header.Get("Anthropic-Version") == "" {
		apiError(w, http.StatusBadRequest, "invalid_request_error", "anthropic-version header is required")
		return
	}
	if p == EchoKey {
		s.serveEcho(w, key)
		return
	}
	if host, _, _ := net.SplitHostPort(r.Host); bearer && key == s.validKey && strings.EqualFold(host, APIHost) {
		// Like the API: a console key is not a Bearer credential. A gateway
		// (any other host name here) may take it so.
		apiError(w, http.StatusUnauthorized, "authentication_error", "OAuth authentication is currently not supported.")
		return
	}
	if key == "" || key != s.validKey || p == KeyInvalid {
		apiError(w, http.StatusUnauthorized, "authentication_error", "invalid x-api-key")
		return
	}
	switch p {
	case Permission:
		apiError(w, http.StatusForbidden, "permission_error", "Your API key does not have permission to use the specified resource.")
		return
	case Billing:
		apiError(w, http.StatusBadRequest, "invalid_request_error", "Your credit balance is too low to access the Anthropic API.")
		return
	case RateLimited:
		w.Header().Set("Retry-After", "17")
		w.Header().Set("Anthropic-Ratelimit-Requests-Remaining", "0")
		apiError(w, http.StatusTooManyRequests, "rate_limit_error", "Number of requests has exceeded your rate limit.")
		return
	case Overloaded:
		apiError(w, 529, "overloaded_error", "Overloaded")
		return
	case ServerError:
		apiError(w, http.StatusInternalServerError, "api_error", "Internal server error")
		return
	}
	w.Header().Set("Request-Id", requestID())
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/v1/messages" {
		w.Write([]byte(`{"id":"msg_lab","type":"message","role":"assistant","content":[{"type":"text","text":"Hi"}],"stop_reason":"max_tokens","usage":{"input_tokens":8,"output_tokens":1}}`))
		return
	}
	w.Write([]byte(`{"data":[{"id":"claude-lab-haiku","type":"model"},{"id":"claude-lab-sonnet","type":"model"}],"has_more":false}`))
}

// serveEcho answers as the EchoKey personality: the key comes back.
func (s *APIServer) serveEcho(w http.ResponseWriter, key string) {
	s.mu.Lock()
	e := s.echo
	s.mu.Unlock()
	fill := func(v string) string { return strings.ReplaceAll(v, "{key}", key) }
	if e.Status == 0 {
		e.Status = http.StatusUnauthorized
	}
	if e.Message == "" {
		e.Message = "invalid x-api-key: {key}"
	}
	w.Header().Set("Via", "1.1 gateway (x-api-key "+key+")")
	for k, v := range e.Headers {
		w.Header().Set(k, fill(v))
	}
	if e.Body != "" {
		if e.RequestID != "" {
			w.Header().Set("Request-Id", fill(e.RequestID))
		}
		w.WriteHeader(e.Status)
		io.WriteString(w, fill(e.Body))
		return
	}
	id := requestID()
	if e.RequestID != "" {
		id = fill(e.RequestID)
	}
	apiErrorWithID(w, e.Status, "authentication_error", fill(e.Message), id)
}

func writeStatus(w http.ResponseWriter, st StatusSummary) {
	indicator, desc := "none", "All Systems Operational"
	incidents := []map[string]string{}
	if st != StatusOperational {
		indicator, desc = "major", "Major System Outage"
		incidents = append(incidents, map[string]string{"name": "Elevated errors on the Claude API", "status": "investigating"})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"status": map[string]string{"indicator": indicator, "description": desc},
		"components": []map[string]string{
			{"name": "Claude API (api.anthropic.com)", "status": string(st)},
			{"name": "Claude Code", "status": "operational"},
			{"name": "claude.ai", "status": "operational"},
		},
		"incidents": incidents,
	})
}
