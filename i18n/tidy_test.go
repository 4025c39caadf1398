package i18n

import "testing"

// TestTidyClosesChineseSeams: a Chinese word in a slot spaced for a
// Latin value leaves no space between Chinese characters.
func TestTidyClosesChineseSeams(t *testing.T) {
	for in, want := range map[string]string{
		ZH.T("tls.reason.untrusted", ZH.T("word.the_host")): "该主机的证书链由客户端不信任的机构签发",
		"信任 内置根证书 + 系统证书库":                                  "信任内置根证书 + 系统证书库",
		"api.anthropic.com 的证书链":                            "api.anthropic.com 的证书链",
		"等待 tls":                                            "等待 tls",
		"the host 的 x":                                      "the host 的 x",
	} {
		if got := Tidy(in); got != want {
			t.Errorf("Tidy(%q) = %q, want %q", in, got, want)
		}
	}
}
