// The messages of the per-client proxy rules (checks/client.go, checks/noproxy.go).

package i18n

func init() {
	add(map[string]entry{
		"route.socks_skipped": {"%s skips the SOCKS proxy in %s and goes direct", "%s 会跳过 %s 中的 SOCKS 代理，直接连接"},
		"route.hidden_var":    {"%s is set but the empty %s hides it from %s", "设置了 %s，但空的 %s 让 %s 读不到它"},
		"err.noproxy_refused": {"%s fails at start-up: %s has %s", "%s 启动即失败：%s 中有 %s"},
		"err.noproxy_httpx":   {"the entry %q, which httpx cannot parse (%s)", "httpx 无法解析的条目 %q（%s）"},
	})
}
