package i18n

// Texts of the command line's review fixes: flags that would change
// nothing, and a language name the program does not know.
func init() {
	add(map[string]entry{
		"cli.fix_flag_unused": {"%s: a fix prints its plan as text, line by line; drop the flag", "%s：修复以文本逐行输出计划；请去掉这个参数"},
		"cli.json_or_plain":   {"--json and --plain do not go together: --json is one document for scripts, --plain is lines for people", "--json 与 --plain 不能同时使用：--json 是给脚本的单个文档，--plain 是给人看的逐行输出"},
		"cli.unknown_lang":    {"--lang %s: unknown language (choose en or zh)", "--lang %s：未知的语言（可选 en 或 zh）"},
	})
}
