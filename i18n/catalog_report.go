// The messages of the reports, the verdict and the routes.

package i18n

func init() {
	add(map[string]entry{
		"cause.incomplete.action":  {"Run apidoctor again and let it finish.", "重新运行 apidoctor，并等它运行完毕。"},
		"cause.incomplete.meaning": {"The run was interrupted before every check finished, so it proves nothing either way.", "检查未全部完成就被中断，因此得不出任何结论。"},
		"md.unfinished":            {"Did not finish:", "未完成的检查："},
		"md.verdict_incomplete":    {"Verdict: incomplete.", "结论：未完成。"},
		"report.incomplete":        {"INCOMPLETE", "未完成"},
		"report.interrupted_after": {"interrupted after %s", "%s 后中断"},
		"report.unfinished":        {"Did not finish: %s", "未完成的检查：%s"},
		"report.another_way":       {"Another way in: %s", "另一条路：%s"},
		"report.finished":          {"finished in %s", "用时 %s"},
		"report.guided_fix":        {"Guided fix: %s", "引导修复：%s"},
		"report.hidden":            {"(%d more checks passed, were skipped or did not apply)", "（另有 %d 项检查通过、被跳过或不适用）"},
		"report.ok":                {"OK", "正常"},
		"report.problem":           {"PROBLEM", "问题"},
		"report.route_open":        {"open in %.0f ms", "可用，%.0f 毫秒"},
		"report.routes":            {"Routes to Claude:", "通往 Claude 的路线："},
		"report.warnings":          {" · %d warning(s)", " · %d 个警告"},
		"report.what_to_do":        {"What to do: %s", "怎么办：%s"},
		"route.direct":             {"direct", "直连"},
		"route.via":                {"via %s", "经 %s"},
		"routes.alt":               {"%s is open (%s): set %s", "%s 可用（%s）：设置 %s"},
		"verdict.evidence":         {"%s: %s", "%s：%s"},
		"verdict.ok_no_key":        {"The client can reach the Claude API (no key was set, so authentication was not tested).", "客户端可以连到 Claude API（未设置密钥，因此没有测试认证）。"},
	})
}
