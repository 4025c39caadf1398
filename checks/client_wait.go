package checks

import (
	"context"
	"crypto/tls"
	"errors"
	"strconv"
	"strings"
	"time"
)

// DefaultClientTimeout is how long the clients wait for an answer when
// nothing says otherwise: Claude Code's API_TIMEOUT_MS default and the
// SDKs' default request timeout (docs/clients.md).
const DefaultClientTimeout = 600 * time.Second

// UndiciHeadersTimeout is how long Node's fetch waits for a response's
// headers (undici's default agent, headersTimeout): shorter than the
// Node SDK's own 600 s, so it is the SDK's real limit (docs/clients.md).
const UndiciHeadersTimeout = 300 * time.Second

// clientWait is how long the client itself waits for the API's answer,
// and the setting that says so ("" for the client's default). curl has
// no limit of its own.
func (r *Run) clientWait() (time.Duration, string) {
	p := r.Profile
	if p.TimeoutVar != "" {
		if v := strings.TrimSpace(r.Settings.Get(p.TimeoutVar)); v != "" {
			if ms, err := strconv.Atoi(v); err == nil && ms > 0 {
				return time.Duration(ms) * time.Millisecond, p.TimeoutVar
			}
		}
	}
	return p.Timeout, ""
}

// slowAnswer is the latency from which a working answer is worth a
// warning: a fifth of the tool's own wait for an answer.
func (r *Run) slowAnswer() time.Duration { return r.Env.Timeouts.HTTP / 5 }

// requestBudget is the tool's own limit on one request, all phases.
func (r *Run) requestBudget() time.Duration {
	return r.Env.Timeouts.TCP + r.Env.Timeouts.TLS + r.Env.Timeouts.HTTP
}

// withClientWait bounds an API request by the client's own timeout when
// that is shorter than the tool's: the client gives up there, so must
// the check. gaveUp reports whether that limit is what ended a request.
func (r *Run) withClientWait(ctx context.Context) (context.Context, context.CancelFunc, func() bool) {
	limit, _ := r.clientWait()
	if limit <= 0 || limit >= r.requestBudget() {
		return ctx, func() {}, func() bool { return false }
	}
	wctx, cancel := context.WithTimeout(ctx, limit)
	return wctx, cancel, func() bool {
		return ctx.Err() == nil && errors.Is(wctx.Err(), context.DeadlineExceeded)
	}
}

// waitWords names the client's wait for a summary: "API_TIMEOUT_MS=…" or
// the client's default.
func (r *Run) waitWords() (float64, string) {
	limit, from := r.clientWait()
	if from == "" {
		from = string(r.Profile.Name)
	}
	return limit.Seconds(), from
}

// speaksTLS reports whether the target's port completes a TLS handshake:
// an http:// base URL aimed at an HTTPS port gets a 400 or a closed
// connection that only this tells apart from a middlebox.
func (r *Run) speaksTLS(ctx context.Context) bool {
	tm := &Timing{}
	raw, err := r.dialRoute(ctx, r.Route, r.Target.HostPort(), tm)
	if err != nil {
		return false
	}
	defer raw.Close()
	hctx, cancel := context.WithTimeout(ctx, r.Env.Timeouts.TLS)
	defer cancel()
	// Any certificate will do: the question is only whether TLS answers.
	tc := tls.Client(raw, &tls.Config{ServerName: r.Target.Host, InsecureSkipVerify: true})
	return tc.HandshakeContext(hctx) == nil
}
