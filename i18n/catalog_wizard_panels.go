// The wizard's panels: the routes panel's keys, the findings header
// after a re-check, and the summary the wizard leaves in the scrollback.

package i18n

func init() {
	add(map[string]entry{
		"routes.key_retry":    {"test again", "重新测试"},
		"findings.no_changes": {"re-checked: no changes", "已复查：没有变化"},
		"exit.counts":         {"%d failure(s) · %d warning(s)", "%d 个失败 · %d 个警告"},
		"exit.fixes_head":     {"Fixes applied in this session:", "本次会话应用的修复："},
		"exit.fix_line":       {"  %s (%s): undo with apidoctor undo %s", "  %s（%s）：撤销请运行 apidoctor undo %s"},
	})
}
