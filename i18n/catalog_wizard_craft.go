// The wizard's words added with the timing waterfall, the file picker,
// the fix wording and the watch keys.

package i18n

func init() {
	add(map[string]entry{
		"phase.proxy_dns":           {"Proxy DNS", "代理 DNS"},
		"phase.proxy_tcp":           {"Proxy connect", "连接代理"},
		"detail.timing_total":       {" · Total %s", "（合计 %s）"},
		"watch.key.advice":          {"advice", "建议"},
		"watch.key.stats":           {"statistics", "统计"},
		"watch.key.back":            {"stop and go back", "停止并返回"},
		"watch.key.stop":            {"stop", "停止"},
		"help.parent":               {"up", "上一级"},
		"help.browse":               {"browse", "浏览"},
		"fix.pick_dir":              {"In %s", "当前目录：%s"},
		"fix.will_write":            {"Will write to:", "将写入："},
		"fix.saved_files":           {"Saved to:", "已保存到："},
		"target.new":                {"new: %s", "新值，写入%s"},
		"target.auto_and_new":       {"%s; new: %s", "%s；新值写入%s"},
		"target.claude_settings_at": {"Claude Code's user settings (%s)", "Claude Code 用户设置（%s）"},
		"phase.unaccounted":         {"Unaccounted", "其他耗时"},
	})
}
