// The messages of the clients' models (checks/*_model.go): trust folders,
// proxy schemes, the address-family race, managed settings drop-ins.

package i18n

func init() {
	add(map[string]entry{
		// A folder of certificates (SSL_CERT_DIR).
		"trustdir.no_certs": {"no certificate in the folder", "文件夹中没有证书"},
		"trustdir.unhashed": {"%d certificates in it sit in files not named by their subject hash, where OpenSSL never looks (run openssl rehash on the folder)", "其中有 %d 个证书所在的文件没有按主题哈希命名，OpenSSL 不会去那里找（请对该文件夹运行 openssl rehash）"},
		// Proxy schemes a client does not speak.
		"route.scheme_refused":        {"%[1]s cannot use %[2]s=%[3]s: it does not speak %[4]s://, and every request fails (%[5]s)", "%[1]s 无法使用 %[2]s=%[3]s：它不支持 %[4]s://，每个请求都会失败（%[5]s）"},
		"route.scheme_refused_start":  {"%[1]s does not start: it refuses %[2]s=%[3]s when it builds its proxies, since it does not speak %[4]s:// (%[5]s)", "%[1]s 无法启动：它在创建代理时拒绝 %[2]s=%[3]s，因为它不支持 %[4]s://（%[5]s）"},
		"route.scheme_as_http":        {"%[1]s does not speak %[4]s://: it sends its CONNECT for %[2]s=%[3]s to %[5]s as if it were an HTTP proxy", "%[1]s 不支持 %[4]s://：它把 %[2]s=%[3]s 当作 HTTP 代理，向 %[5]s 发送 CONNECT"},
		"route.start_malformed":       {"%[1]s does not start: it cannot parse %[2]s when it builds its proxies (%[3]s)", "%[1]s 无法启动：它在创建代理时无法解析 %[2]s（%[3]s）"},
		"proxycfg.as_http_unanswered": {"%s; nothing there answers HTTP (a SOCKS-only port), so every request fails", "%s；该端口不响应 HTTP（只支持 SOCKS），所以每个请求都会失败"},
		"proxycfg.as_http_works":      {"%s; it works only because that port speaks HTTP too", "%s；之所以能用，只是因为该端口也支持 HTTP"},
		"proxycfg.as_http":            {"%s (the proxy check tries it)", "%s（代理检查会实际测试）"},
	})
}
