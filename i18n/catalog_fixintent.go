// The messages of the fixes' guarantees: minimal JSON edits, the person's
// own values, managed settings, and re-checks after a fix.

package i18n

func init() {
	add(map[string]entry{
		"fixerr.json_duplicate":      {"the file has %q more than once: which one counts is up to the program reading it, so edit it by hand", "该文件中 %q 出现了不止一次：以哪一个为准取决于读取它的程序，请手动编辑"},
		"fixerr.json_invalid_result": {"the edit would not leave valid JSON, so nothing is written", "修改后将不再是合法的 JSON，因此不写入任何内容"},
		"fixnote.managed":            {"The managed settings %[2]s set %[1]s; they outrank every other setting and only an administrator can change them, so the fix writes nothing for these names (your own settings or shell would change nothing). The live test shows what the change in the advice would do.", "托管设置 %[2]s 设置了 %[1]s；它优先于其他所有设置，且只有管理员才能修改，因此修复不会为这些变量写入任何内容（你自己的设置或终端环境都不会起作用）。实测展示的是建议中的修改会带来的结果。"},
		"cli.managed_nothing":        {"(nothing to write on this machine: the values are managed; see the advice above)", "（本机没有可写入的内容：这些值由托管设置控制；请看上面的建议）"},
		"fixadvice.managed_set":      {"Ask whoever manages %s (your IT administrator, or the device-management tool that installed it) to set in its \"env\" block: %s", "请管理 %s 的人（IT 管理员，或安装它的设备管理工具）在其 \"env\" 中设置：%s"},
		"fixadvice.managed_remove":   {"Ask whoever manages %s (your IT administrator, or the device-management tool that installed it) to remove from its \"env\" block: %s", "请管理 %s 的人（IT 管理员，或安装它的设备管理工具）从其 \"env\" 中删除：%s"},
		"fixerr.managed_only":        {"nothing to write: %s come from the managed settings, which only an administrator can change", "没有可写入的内容：%s 来自托管设置，只有管理员才能修改"},
		"fixerr.param_not_for":       {"%s applies to %s only, not to %s", "%s 只适用于 %s，不适用于 %s"},
		"clierr.report_dir":          {"--report %s: the folder %s does not exist", "--report %s：目录 %s 不存在"},
		"cli.managed_not_applied":    {"\nNot applied: %s come from the managed settings, which only their administrator can change; see the advice above.", "\n未应用：%s 来自托管设置，只有管理员才能修改；请看上面的建议。"},
		"fix.proxy_password":         {"password", "密码"},
		"validate.password_no_user":  {"a password needs a user name in the URL (http://user@host:port)", "有密码时 URL 中需要用户名（http://user@host:port）"},
		"fix.reopen":                 {"Saved to %s: new terminals read it; in a terminal already open, run: %s. Re-checks here use the new values.", "已保存到 %s：新终端会读取它；已打开的终端请执行：%s。这里的复查使用新的值。"},
		"fix.overlay_status":         {"Open terminals need: %[2]s; re-checks here already use %[1]s", "已打开的终端需执行：%[2]s；这里的复查已使用 %[1]s"},
		"fix.managed_nothing":        {"Nothing to write on this machine: the values are managed; see the advice above.", "本机没有可写入的内容：这些值由托管设置控制；请看上面的建议。"},
		"fixerr.masked_value":        {"%s holds a masked secret (*** or …), not the secret itself: writing it would lose the real one, so type the real value", "%s 里是打码后的秘密（*** 或 …），不是秘密本身：写入会丢掉真实的值，请输入真实的值"},
	})
}
