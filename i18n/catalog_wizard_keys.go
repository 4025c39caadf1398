// The wizard's keys and the screens they open: the export's path field,
// the list of fixes to undo, the confirmation after a failed live test.

package i18n

func init() {
	add(map[string]entry{
		"key.undo":            {"undo", "撤销"},
		"key.edit_path":       {"edit path", "编辑路径"},
		"key.done":            {"done", "完成"},
		"help.apply_anyway":   {"apply anyway", "仍然应用"},
		"fix.confirm_failed":  {"The live test failed; apply anyway? (y/N)", "实测未通过，仍要应用吗？（y/N）"},
		"undo.title":          {"undo a fix", "撤销修复"},
		"undo.intro":          {"Fixes applied in this session. enter undoes the selected one from its backups, then everything is checked again.", "以下是本次会话中应用的修复。按 enter 用备份撤销选中的修复，随后重新检查。"},
		"help.prev_field":     {"previous field", "上一项"},
		"help.stop_test":      {"stop the test", "停止实测"},
		"help.stop_recheck":   {"stop the re-check", "停止复查"},
		"fix.recheck_stopped": {"Re-check stopped; the fix stays applied. Press r on the findings to check again.", "已停止复查；修复仍保持应用。可在诊断结果中按 r 重新检查。"},
		"undo.failed":         {"Not undone: %s", "未能撤销：%s"},
	})
}
