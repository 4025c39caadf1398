package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestReportToStdoutIsAloneThere: with --report -, the standard output
// carries the report alone, so --report - --format json | jq reads one
// document; the run's own output goes to stderr. Before, the text report
// came first and the JSON after it, and no JSON reader took the stream.
func TestReportToStdoutIsAloneThere(t *testing.T) {
	for _, extra := range [][]string{
		{"--report", "-", "--format", "json"},
		{"--report", "-", "--format", "json", "--json"},
		{"--report", "-", "--format", "json", "--plain"},
	} {
		code, out, errb, _, _ := runLab(t, "tls-inspection", extra...)
		if code != exitProblem {
			t.Fatalf("%v: exit %d: %s", extra, code, errb)
		}
		var doc struct{ Schema string }
		dec := json.NewDecoder(strings.NewReader(out))
		if err := dec.Decode(&doc); err != nil || doc.Schema != "apidoctor.session/v1" || dec.More() {
			t.Errorf("%v: stdout is not one session document (%v, %q):\n%.300s", extra, err, doc.Schema, out)
		}
		if !strings.Contains(errb, "tls_untrusted") {
			t.Errorf("%v: the run's own output is not on stderr:\n%.300s", extra, errb)
		}
	}
}
