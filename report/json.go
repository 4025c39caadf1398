package report

import (
	"apidoctor/checks"
	"apidoctor/redact"
)

// JSON renders a report as the apidoctor.check/v1 document. Every string
// in it is redacted and escaped (redact.Redactor.JSON) before it is
// encoded: a control character from the network is the text \x1b in the
// decoded value too, so `jq -r` never prints it raw.
func JSON(rep *checks.Report) (string, error) {
	b, err := redact.New(rep.Secrets()...).Marshal(rep, "  ")
	if err != nil {
		return "", err
	}
	return string(b) + "\n", nil
}

// evidenceJSON is a check's evidence, indented, each string redacted and
// escaped with red.
func evidenceJSON(red *redact.Redactor, r checks.Result) (string, error) {
	if r.Evidence == nil {
		return "", nil
	}
	b, err := red.Marshal(r.Evidence, "  ")
	return string(b), err
}
