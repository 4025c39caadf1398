package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func waterfallOf(t *testing.T, js string) string {
	t.Helper()
	tree, err := decodeOrdered([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	m := New(fixtureConfig(t))
	return ansi.Strip(m.waterfall(tree, 80))
}

func rowOf(s, label string) (string, bool) {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), label) {
			return l, true
		}
	}
	return "", false
}

// TestCraftWaterfallDrawsOnlyPhasesThatHappened: a reused connection has
// no DNS, connect or TLS row; a proxied one has no DNS or connect to the
// API (its rows are the proxy's).
func TestCraftWaterfallDrawsOnlyPhasesThatHappened(t *testing.T) {
	reused := waterfallOf(t, `{"dns_ms":0,"connect_ms":0,"tls_ms":0,"first_byte_ms":40,"total_ms":41}`)
	for _, no := range []string{"DNS", "Connect", "TLS"} {
		if l, ok := rowOf(reused, no); ok {
			t.Errorf("reused connection draws %s: %q\n%s", no, l, reused)
		}
	}
	if _, ok := rowOf(reused, "First byte"); !ok {
		t.Errorf("no first byte row:\n%s", reused)
	}
	proxied := waterfallOf(t, `{"dns_ms":2,"connect_ms":4,"proxy_connect_ms":30,"tls_ms":20,"first_byte_ms":40,"total_ms":96}`)
	for _, no := range []string{"DNS", "Connect"} {
		if l, ok := rowOf(proxied, no); ok {
			t.Errorf("proxied request draws %s to the API: %q\n%s", no, l, proxied)
		}
	}
	for _, want := range []string{"Proxy DNS", "Proxy connect", "Proxy CONNECT", "TLS"} {
		if _, ok := rowOf(proxied, want); !ok {
			t.Errorf("proxied request lacks %s:\n%s", want, proxied)
		}
	}
}

// TestCraftWaterfallLabelsBoundariesAndTheRest: each row ends with the
// time at its boundary, and the time no phase accounts for is a row.
func TestCraftWaterfallLabelsBoundariesAndTheRest(t *testing.T) {
	s := waterfallOf(t, `{"dns_ms":10,"connect_ms":20,"tls_ms":30,"first_byte_ms":40,"total_ms":130}`)
	for label, at := range map[string]string{"DNS": "→ 10.0 ms", "Connect": "→ 30.0 ms", "TLS": "→ 60.0 ms", "First byte": "→ 100.0 ms", "Unaccounted": "→ 130.0 ms"} {
		l, ok := rowOf(s, label)
		if !ok || !strings.HasSuffix(strings.TrimSpace(l), at) {
			t.Errorf("%s row %q, want it to end at %q\n%s", label, l, at, s)
		}
	}
	if l, _ := rowOf(s, "Unaccounted"); !strings.Contains(l, "30.0 ms") || !strings.Contains(l, "█") {
		t.Errorf("unaccounted row %q", l)
	}
	// Every row fits.
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("row %d wide: %q", w, l)
		}
	}
	// Phases that add up leave no such row.
	if l, ok := rowOf(waterfallOf(t, `{"dns_ms":10,"connect_ms":20,"tls_ms":30,"first_byte_ms":40,"total_ms":100}`), "Unaccounted"); ok {
		t.Errorf("an unaccounted row of nothing: %q", l)
	}
}
