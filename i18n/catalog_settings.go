// The messages of the key lints and of the fixes that follow Claude Code's
// settings precedence.

package i18n

func init() {
	add(map[string]entry{
		"key.masked":                  {"%s holds the masked form of a key (with … or ***), not the key itself", "%s 里是密钥的打码形式（含 … 或 ***），不是密钥本身"},
		"key.prefix_damaged":          {"%s looks like an Anthropic key whose start was lost: keys begin with sk-ant-", "%s 像是开头丢失的 Anthropic 密钥：密钥应以 sk-ant- 开头"},
		"key.twice":                   {"%s holds more than one key pasted together", "%s 里粘贴了不止一个密钥"},
		"key.bad_char":                {"%s has a character no key has (%q at position %d)", "%s 含有密钥中不会出现的字符（第 %[3]d 个字符 %[2]q）"},
		"key.short":                   {"%s is %d characters; console keys are %d — part of it was copied", "%s 长度为 %d 个字符；控制台密钥是 %d 个字符——只复制了一部分"},
		"key.gateway_header":          {"%s; the target is a gateway, which may want it so: its answer decides", "%s；目标是网关，它可能就需要这样：以它的响应为准"},
		"fixnote.settings_wins":       {"%s is set in %s, which Claude Code reads over the shell: the fix changes it there, since an export would change nothing.", "%s 设置在 %s 中，Claude Code 优先读取它而不是终端环境：修复改在那里，因为 export 不会有任何作用。"},
		"fixnote.settings_wins_print": {"%s is set in %s, which Claude Code reads over the shell: these lines change nothing for Claude Code until it is changed there.", "%s 设置在 %s 中，Claude Code 优先读取它而不是终端环境：在那里修改之前，这些命令对 Claude Code 不起作用。"},
		"fixnote.settings_over_shell": {"%s is also set in your shell: Claude Code will take the settings file's value, other programs still the shell's.", "%s 在终端环境里也设置了：Claude Code 会使用设置文件里的值，其他程序仍使用终端里的值。"},
		"fixnote.shell_fallback":      {"%s is also set in your shell: once it is gone from the settings, Claude Code takes the shell's value, so remove it there too (or save to the shell profile).", "%s 在终端环境里也设置了：从设置文件删除后，Claude Code 会改用终端里的值，请在那里也删除（或保存到 shell 配置文件）。"},
		"fixnote.file_fallback":       {"%s is also set in %s: once it is gone from %s, Claude Code takes that value.", "%s 在 %s 中也设置了：从 %s 删除后，Claude Code 会改用那里的值。"},
	})
}
