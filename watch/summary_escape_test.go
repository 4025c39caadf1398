package watch

import (
	"strings"
	"testing"
	"time"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/redact"
)

// TestSafeAndTextEscape: a probe's fields come from the server; Safe masks
// the key in each and escapes control characters, and the lines and the
// summary escape them even for a probe that did not go through Safe.
func TestSafeAndTextEscape(t *testing.T) {
	key := "sk-ant-api03-" + strings.Repeat("Qw3rTy", 15) + "Xy7A"
	p := checks.ProbeResult{Seq: 1, At: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), Outcome: "rate_limited", Status: 429,
		RequestID: key, RetryAfter: "1 \x1b[2J", Error: "429 rate_limit_error: \x1b]0;pwned\x07 " + key[:70] + "…"}
	safe := Safe(redact.New(key), p)
	for name, v := range map[string]string{"request_id": safe.RequestID, "retry_after": safe.RetryAfter, "error": safe.Error} {
		if strings.Contains(v, key[13:30]) || !redact.Safe(v, false) {
			t.Errorf("%s = %q", name, v)
		}
	}
	s := NewStats()
	s.Add(p) // raw: Text and Line must escape all the same
	for _, out := range []string{Line(p, i18n.EN), s.Text(200, i18n.EN)} {
		if !redact.Safe(out, true) {
			t.Errorf("raw control character in %q", out)
		}
	}
}
