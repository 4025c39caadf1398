package checks

import "apidoctor/i18n"

// SummaryIn is the result's summary in a language (not redacted: that is
// the renderer's job, after translation).
func (r Result) SummaryIn(l i18n.Lang) string {
	if r.Msg.IsZero() {
		return r.Summary
	}
	return l.M(r.Msg)
}

// TitleIn is the check's title in a language.
func (r Result) TitleIn(l i18n.Lang) string {
	if i18n.Has("check." + r.ID) {
		return l.M(TitleMsg(r.ID))
	}
	return r.Title
}

// VerdictText is a verdict's prose in one language.
type VerdictText struct {
	Summary      string
	Action       string
	Evidence     []string
	Alternatives []string
}

// VerdictIn renders the report's verdict in a language: the cause's
// meaning and action, each named check's title and summary, and the open
// alternate routes.
func (rep *Report) VerdictIn(l i18n.Lang) VerdictText {
	v := rep.Verdict
	t := VerdictText{Summary: l.M(v.Cause.Meaning())}
	if v.Status != "ok" {
		t.Action = l.M(v.Cause.Action())
		if !v.ActionMsg.IsZero() {
			t.Action = l.M(v.ActionMsg)
		}
	}
	by := map[string]Result{}
	for _, r := range rep.Checks {
		by[r.ID] = r
	}
	if v.Cause == CauseOK {
		if r, ok := by["auth"]; ok && noKeyTested(r) {
			t.Summary = l.T(verdictOKNoKey)
		}
	}
	for _, id := range v.Checks {
		if r, ok := by[id]; ok {
			t.Evidence = append(t.Evidence, l.T("verdict.evidence", r.TitleIn(l), r.SummaryIn(l)))
		}
	}
	for _, m := range AlternativeMsgs(v, rep.Routes) {
		t.Alternatives = append(t.Alternatives, l.M(m))
	}
	return t
}
