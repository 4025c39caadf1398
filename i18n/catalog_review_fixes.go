// The messages of the fixes made after the second review.

package i18n

func init() {
	add(map[string]entry{
		"fixnote.whole_bundle_mozilla": {"%s replaces the client's roots and no system or certifi bundle was found, so the new bundle is the Mozilla root store built into apidoctor (%d roots) plus the chosen certificate.", "%s 会替换客户端的全部根证书，而本机找不到系统或 certifi 证书文件，所以新文件是 apidoctor 内置的 Mozilla 根证书库（%d 个根证书）加上所选证书。"},
	})
}
