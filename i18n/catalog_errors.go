// Errors: flags, proxy URLs, clients, formats, file edits; route notes.

package i18n

func init() {
	add(map[string]entry{
		"routes.use_bedrock":     {"%s (and AWS credentials)", "%s（以及 AWS 凭证）"},
		"err.format":             {"unknown format %q (markdown, json, html or text)", "未知的格式 %q（可选 markdown、json、html 或 text）"},
		"err.leak":               {"refusing to write: %d secret(s) would be disclosed", "拒绝写入：会泄露 %d 个机密"},
		"err.no_free_name":       {"no free file name next to %s", "%s 旁边没有可用的文件名"},
		"err.positive":           {"%s must be positive", "%s 必须为正数"},
		"fixerr.json_env":        {"its \"env\" is not an object: %s", "其中的 \"env\" 不是对象：%s"},
		"fixerr.json_not_object": {"the file is not a JSON object", "该文件不是 JSON 对象"},
		"fixerr.json_syntax":     {"it is not valid JSON (line %d, column %d: %s); fix it by hand, then run the fix again", "它不是合法的 JSON（第 %d 行第 %d 列：%s）；请先手动修好，再运行修复"},
		"fixerr.json_unsafe":     {"it cannot be edited safely: %s", "无法安全地编辑它：%s"},
		"fixerr.profile_block":   {"the profile has %q without %q; fix the block by hand", "配置文件中有 %q 却没有 %q；请手动修好这一段"},
		"word.the_host":          {"the host", "该主机"},
		"bypass.loopback":        {"loopback (Go never proxies it)", "回环地址（Go 从不为其走代理）"},
		"err.ca_bundle_empty":    {"--ca-bundle %s: no PEM certificates in it", "--ca-bundle %s：文件里没有 PEM 证书"},
		"err.flag":               {"%s: %s", "%s：%s"},
		"err.proxy_no_host":      {"proxy URL %q has no host", "代理地址 %q 缺少主机名"},
		"err.proxy_no_scheme":    {"proxy %q has no scheme (want http://host:port)", "代理 %q 缺少协议前缀（应为 http://主机:端口）"},
		"err.proxy_parse":        {"proxy URL does not parse: %s", "代理地址无法解析：%s"},
		"err.proxy_port":         {"proxy port %q is not a port number", "代理端口 %q 不是有效的端口号"},
		"err.proxy_scheme":       {"proxy scheme %q is not one a client understands", "客户端不认识代理协议 %q"},
		"err.reference_dns":      {"--reference-dns %q: want host:port, an https:// DoH URL, or none", "--reference-dns %q：应为 主机:端口、https:// 开头的 DoH 地址或 none"},
		"err.unknown_client":     {"unknown client %q (choose one of claude-code, python-sdk, node-sdk, go-sdk, curl)", "未知的客户端 %q（可选 claude-code、python-sdk、node-sdk、go-sdk、curl）"},
		"err.url_flag":           {"%s %q: want an http(s) URL or none", "%s %q：应为 http:// 或 https:// 地址，或 none"},
		"route.ignored_switch":   {"%s ignores proxy variables unless %s=1", "除非设置 %[2]s=1，否则 %[1]s 会忽略代理变量"},
		"route.ignored_var":      {"%s is set but %s does not read it", "设置了 %s，但 %s 不读取它"},
	})
}
