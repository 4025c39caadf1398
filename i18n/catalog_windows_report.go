// The messages of --redact-paths.

package i18n

func init() {
	add(map[string]entry{
		"err.path_leak":       {"refusing to write: --redact-paths left the %s in the report", "拒绝写入：--redact-paths 没能在报告中隐藏%s"},
		"path_leak.home":      {"home folder", "主目录"},
		"path_leak.user":      {"user name", "用户名"},
		"path_leak.home_user": {"home folder and the user name", "主目录和用户名"},
	})
}
