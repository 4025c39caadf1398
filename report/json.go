package report

import (
	"encoding/json"

	"apidoctor/checks"
)

// JSON renders a report as the apidoctor.check/v1 document.
func JSON(rep *checks.Report) (string, error) {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return "", err
	}
	return string(b) + "\n", nil
}

// evidenceJSON is a check's evidence, indented.
func evidenceJSON(r checks.Result) (string, error) {
	if r.Evidence == nil {
		return "", nil
	}
	b, err := json.MarshalIndent(r.Evidence, "", "  ")
	return string(b), err
}
