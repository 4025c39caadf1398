// The messages of the file store (locks, the undo log, safe reads and
// writes), the session report's destinations, and `apidoctor undo`.

package i18n

func init() {
	add(map[string]entry{
		// Files that are read: what is refused, and why.
		"file.not_regular":      {"%s, not a regular file: apidoctor reads only regular files", "%s，不是普通文件：apidoctor 只读取普通文件"},
		"file.what_pipe":        {"it is a named pipe (FIFO)", "它是命名管道（FIFO）"},
		"file.what_char_device": {"it is a character device", "它是字符设备"},
		"file.what_device":      {"it is a block device", "它是块设备"},
		"file.what_socket":      {"it is a socket", "它是套接字"},
		"file.what_folder":      {"it is a folder", "它是文件夹"},
		"file.what_other":       {"it is a special file", "它是特殊文件"},
		"file.too_large":        {"it is larger than %s, more than %s should ever hold; it was not read", "它超过了 %s，%s不应该这么大；没有读取它"},
		"file.interrupted":      {"stopped waiting: %s", "已停止等待：%s"},
		"file.cannot_read":      {"cannot read %s: %s", "无法读取 %s：%s"},
		"file.kind_settings":    {"a settings file", "设置文件"},
		"file.kind_state":       {"Claude Code's state file", "Claude Code 的状态文件"},
		"file.kind_ca":          {"a CA bundle", "证书文件"},
		"file.kind_hosts":       {"a hosts file", "hosts 文件"},
		"file.kind_profile":     {"a shell profile", "shell 配置文件"},
		"file.kind_system":      {"a system file of this kind", "这类系统文件"},
		"file.kind_undo_log":    {"the undo log", "撤销记录"},
		"file.kind_file":        {"a file apidoctor reads", "apidoctor 读取的文件"},
		// The config.files check, for a settings file that could not be
		// read, and for the files not looked for with no home folder.
		"files.unreadable": {"%s cannot be read: %s", "%s 无法读取：%s"},
		"files.ok_no_home": {"%d of %d settings files present, all parse; no home folder is known, so the user settings and ~/.claude.json were not read", "找到 %d/%d 个设置文件，均可解析；不知道主目录在哪里，所以没有读取用户设置和 ~/.claude.json"},

		// The store.
		"store.not_absolute":    {"not a full path", "不是完整路径"},
		"store.relative_path":   {"%s is not a full path (no home folder: is HOME set?); apidoctor never writes relative to the current folder", "%s 不是完整路径（找不到主目录：是否设置了 HOME？）；apidoctor 不会相对当前目录写入"},
		"store.log_read":        {"cannot read the undo log %s: %s", "无法读取撤销记录 %s：%s"},
		"store.log_first":       {"cannot write the undo log %s: %s; nothing was changed", "无法写入撤销记录 %s：%s；没有做任何修改"},
		"store.backup_damaged":  {"the backup %s does not hold what the file held before the fix", "备份 %s 与修复前的文件内容不一致"},
		"store.lock":            {"cannot lock %s: %s; nothing was changed", "无法锁定 %s：%s；没有做任何修改"},
		"store.locked":          {"another apidoctor (%[2]s) is applying or undoing a fix and holds %[1]s; try again when it is done, or remove the file if no apidoctor runs", "另一个 apidoctor（%[2]s）正在应用或撤销修复，占用着 %[1]s；请等它结束后再试，如果没有 apidoctor 在运行，可删除该文件"},
		"store.nothing_to_undo": {"no applied fix to undo", "没有可撤销的已应用修复"},

		// The session report.
		"store.report_failed": {"--report: %s", "--report：%s"},
		"save.no_stdout":      {"there is no standard output to write the report to here", "这里没有可写入报告的标准输出"},
		"save.not_writable":   {"%s; a report goes to a new file, a terminal or other character device, a named pipe, or - (standard output)", "%s；报告只能写入新文件、终端等字符设备、命名管道或 -（标准输出）"},

		// apidoctor undo.
		"undo.flag_list":         {"list the applied fixes, the last first (undo alone undoes the last one)", "列出已应用的修复，最近的在前（单独的 undo 撤销最近一次）"},
		"undo.nothing":           {"No applied fix to undo (apidoctor undo --list shows the log).", "没有可撤销的已应用修复（用 apidoctor undo --list 查看记录）。"},
		"undo.restored_link":     {"  %s restored (through the link, in %s)", "  %s 已恢复（通过链接，写入 %s）"},
		"undo.state_interrupted": {"interrupted, taken back", "已中断，已还原"},
		"undo.state_pending":     {"interrupted, not settled yet", "已中断，尚未处理"},
	})
}
