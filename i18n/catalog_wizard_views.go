// The wizard's views: the findings list, the verdict box, the watch panel
// and the advisor's reading of a path where nothing got through.

package i18n

func init() {
	add(map[string]entry{
		"advice.retries_hopeless": {"every probe failed: retries cannot help; fix the path first (the findings say what is wrong)", "每次探测都失败了：重试无济于事，请先修好网络路径（检查结果会指出问题所在）"},
		"advice.summary_hopeless": {"retries cannot help; fix the path first", "重试无济于事，请先修好网络路径"},
		"findings.more":           {"%s %d more", "%s 还有 %d 项"},
		"findings.not_used":       {"(not used: the client goes through the proxy)", "（未使用：客户端经由代理连接）"},
		"http.failed_no_phase":    {"%s failed: %s", "%s 失败：%s"},
		"http.phase.dns":          {"dns", "DNS"},
		"http.phase.connect":      {"connect", "连接"},
		"http.phase.proxy":        {"proxy", "代理"},
		"http.phase.proxy_tls":    {"proxy_tls", "代理 TLS"},
		"http.phase.tls":          {"tls", "TLS"},
		"http.phase.http":         {"http", "HTTP"},
		"detail.more_lines":       {"%s %d more lines", "%s 还有 %d 行"},
		"findings.rechecking":     {"Re-checking…", "正在复查…"},
		"findings.fix_key":        {"(f)", "（f）"},
		"unit.ms":                 {"%s ms", "%s 毫秒"},
		"unit.s":                  {"%s s", "%s 秒"},
		"unit.under_ms":           {"<1 ms", "<1 毫秒"},
		"status.word.pass":        {"pass", "通过"},
		"status.word.warn":        {"warn", "警告"},
		"status.word.fail":        {"fail", "失败"},
		"status.word.skip":        {"skip", "跳过"},
		"status.word.na":          {"n/a", "不适用"},
		"watch.p50_fresh_reused":  {"total p50: reused connection %s · fresh connection %s", "合计 p50：复用连接 %s · 新建连接 %s"},
	})
}
