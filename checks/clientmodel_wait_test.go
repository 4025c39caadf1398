package checks_test

import (
	"strings"
	"testing"

	"apidoctor/checks"
	"apidoctor/i18n"
	"apidoctor/lab"
)

// TestNodeWaitsForUndicisHeadersTimeout: the Node SDK's own 600 s never
// comes into play, since Node's fetch gives up on a response whose
// headers have not come within undici's 300 s; the other clients keep
// their own limits.
func TestNodeWaitsForUndicisHeadersTimeout(t *testing.T) {
	s, _ := lab.Find("slow")
	for client, want := range map[checks.ClientName]string{
		checks.NodeSDK:   "would wait up to 300 s (node-sdk)",
		checks.PythonSDK: "would wait up to 600 s (python-sdk)",
		checks.GoSDK:     "would wait up to 600 s (go-sdk)",
	} {
		t.Run(string(client), func(t *testing.T) {
			rep, _ := runCell(t, cell{scenario: s, condition: lab.Conditions()[0], client: client})
			hello := resultOf(rep, "http.hello")
			if got := hello.SummaryIn(i18n.EN); !strings.Contains(got, want) {
				t.Fatalf("http.hello says %q, want %q", got, want)
			}
		})
	}
}
