// The engine's messages for what Windows adds: an OS proxy setting that
// could not be read (reg.exe missing, failing or too slow).

package i18n

func init() {
	add(map[string]entry{
		// Where an OS proxy setting is kept (platform.Proxy's Source).
		"osproxy.source.registry":                     {"the registry", "注册表"},
		"osproxy.source.registry (Windows, from WSL)": {"the Windows registry (from WSL)", "Windows 注册表（从 WSL 读取）"},
		"osproxy.source.scutil":                       {"macOS's proxy settings", "macOS 代理设置"},
		"osproxy.source.gsettings":                    {"GNOME's proxy settings", "GNOME 代理设置"},
		"osproxy.source.kioslaverc":                   {"KDE's proxy settings", "KDE 代理设置"},
		"osproxy.source_other":                        {"the proxy setting (%s)", "代理设置（%s）"},
		// Why it could not be read.
		"osproxy.unread_timeout": {"%s could not be read within %s s (%s did not answer in time)", "%s 在 %s 秒内未能读出（%s 没有及时响应）"},
		"osproxy.unread_missing": {"%s could not be read: %s is missing", "无法读取%s：找不到 %s"},
		"osproxy.unread_exit":    {"%s could not be read: %s exited with status %d", "无法读取%s：%s 退出，状态码 %d"},
		"osproxy.unread_failed":  {"%s could not be read: %s failed (%s)", "无法读取%s：%s 运行失败（%s）"},
		// The checks' summaries with it.
		"local.none_os_unread": {"no local proxy found, and the OS proxy is unknown: %s", "未发现本地代理，系统代理情况未知：%s"},
		"wsl.ok_unread":        {"WSL %d, networking %s: DNS is consistent; the Windows proxy is unknown: %s", "WSL %d，网络模式 %s：DNS 正常；Windows 代理情况未知：%s"},
	})
}
