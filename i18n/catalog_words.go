// Words for the codes the checks report: value sources and trust sources.

package i18n

func init() {
	add(map[string]entry{
		"source.default":     {"default", "默认值"},
		"source.environment": {"environment", "环境变量"},
		"source.flag":        {"flag", "命令行参数"},
		"trust.bundled":      {"bundled", "内置根证书"},
		"trust.system":       {"system", "系统证书库"},
	})
}
