// The command line's help: each command's descriptions and examples, the
// flags cobra itself adds, and the words of a command line's mistakes.

package i18n

func init() {
	add(map[string]entry{
		"cmd.root.short": {"find out why this machine cannot reach the Claude API", "找出这台机器连不上 Claude API 的原因"},
		"cmd.root.long": {
			"apidoctor finds out why this machine cannot reach the Claude API, and says what to do about it.\n\nWith no command it opens the wizard on a terminal; piped, it prints the report apidoctor check prints. Flags go anywhere on the line; -- ends them.",
			"apidoctor 找出这台机器连不上 Claude API 的原因，并告诉你该怎么做。\n\n不带命令时，在终端中打开向导；输出被重定向时，打印与 apidoctor check 相同的报告。参数可以写在命令行的任意位置；-- 之后的内容不再当作参数。",
		},
		"cmd.root.example": {
			"# the wizard (piped: the report)\napidoctor\n# every check, as JSON for a script\napidoctor check --json\n# see it find a fault in a built-in lab\napidoctor demo tls-inspection\n# shell completion, and the manual\nsource <(apidoctor completion bash)\napidoctor man | man -l -",
			"# 打开向导（输出被重定向时：打印报告）\napidoctor\n# 运行全部检查，输出 JSON 供脚本使用\napidoctor check --json\n# 在内置实验室里看它找出故障\napidoctor demo tls-inspection\n# shell 补全与手册页\nsource <(apidoctor completion bash)\napidoctor man | man -l -",
		},

		"cmd.check.short": {"run every check and print the verdict", "运行全部检查并给出结论"},
		"cmd.check.long": {
			"Runs every check once and prints the verdict first, then each check. --json prints one JSON document (apidoctor.check/v1) instead; --plain prints each check as it finishes. Exit 0 when the API can be reached, 1 when a problem was found.",
			"运行一遍全部检查，先给出结论，再列出每项检查。--json 改为输出一个 JSON 文档（apidoctor.check/v1）；--plain 在每项检查完成时逐行输出。能连上 API 时退出码为 0，发现问题时为 1。",
		},
		"cmd.check.example": {
			"# the report, as text\napidoctor check\n# for a script: the verdict's cause\napidoctor check --json | jq -r .verdict.cause\n# as the Python SDK sees the network, with a session report\napidoctor check --client python-sdk --report report.md",
			"# 文本报告\napidoctor check\n# 供脚本使用：结论的原因代码\napidoctor check --json | jq -r .verdict.cause\n# 按 Python SDK 的网络规则检查，并写出会话报告\napidoctor check --client python-sdk --report report.md",
		},

		"cmd.demo.arg":   {"scenario", "场景"},
		"cmd.demo.short": {"the wizard against a built-in loopback lab", "在内置的本地回环实验室上演示向导"},
		"cmd.demo.long": {
			"Opens the wizard against a lab scenario: a broken network built from real servers on loopback, so you can see apidoctor work with no setup; nothing leaves this machine. With no scenario, proxy-not-exported; --list lists them all. The scenario sets the target and what it trusts, so the flags that choose those (--base-url, --ca-bundle, --reference-dns, --status-url, --platform-url, --trace-url, --bedrock-regions, --vertex-regions) are refused.",
			"在实验室场景上打开向导：场景是用本地回环上的真实服务器搭出的故障网络，无需任何准备就能看到 apidoctor 的效果，数据不会离开本机。不指定场景时为 proxy-not-exported；--list 列出全部场景。场景自己决定目标和信任的证书，因此选择这些的参数（--base-url、--ca-bundle、--reference-dns、--status-url、--platform-url、--trace-url、--bedrock-regions、--vertex-regions）会被拒绝。",
		},
		"cmd.demo.example": {
			"# the scenarios\napidoctor demo --list\n# a corporate proxy that inspects TLS\napidoctor demo tls-inspection\n# the same, line by line\napidoctor demo tls-inspection --plain\n# watch an API that comes and goes\napidoctor demo flapping --watch --count 20",
			"# 列出场景\napidoctor demo --list\n# 检查 TLS 流量的公司代理\napidoctor demo tls-inspection\n# 同上，逐行输出\napidoctor demo tls-inspection --plain\n# 持续探测时好时坏的 API\napidoctor demo flapping --watch --count 20",
		},

		"cmd.fix.short": {"preview, test and apply a fix", "预览、实测并应用修复"},
		"cmd.fix.long": {
			"Without --apply it prints the plan, the diff and the result of a live test with the candidate settings, and changes nothing. With --apply it writes (with a backup), re-checks, and prints the id to give to apidoctor undo.\n\nFixes: %s",
			"不带 --apply 时，显示计划、差异和用候选设置实测的结果，不做任何改动。带 --apply 时，先备份再写入，然后复查，并给出可交给 apidoctor undo 的编号。\n\n可用修复：%s",
		},
		"cmd.fix.example": {
			"# what proxy.edit would change, tested live\napidoctor fix proxy.edit\n# set the proxy in the shell profile, and write it\napidoctor fix proxy.edit --set HTTPS_PROXY=http://127.0.0.1:7890 --target shell --apply\n# trust the root the inspecting proxy sent\napidoctor fix ca.bundle --pick chain-root --apply",
			"# 实测 proxy.edit 会改什么\napidoctor fix proxy.edit\n# 把代理写入 shell 配置文件\napidoctor fix proxy.edit --set HTTPS_PROXY=http://127.0.0.1:7890 --target shell --apply\n# 信任检查流量的代理发来的根证书\napidoctor fix ca.bundle --pick chain-root --apply",
		},
		"cli.fix_needs_id": {"fix needs the id of a fix, one of: %s", "fix 需要一个修复编号，可选：%s"},

		"cmd.undo.arg":   {"ID", "编号"},
		"cmd.undo.short": {"undo the last fix applied (or fix ID); --list lists them", "撤销最近一次修复（或指定编号）；加 --list 列出全部"},
		"cmd.undo.long": {
			"Undoes the fix applied last that is not undone yet, or fix ID, from its backups: each file goes back to what it was, and a file the fix created is removed. --list lists the applied fixes, the last first. Exit 1 when there is nothing to undo.",
			"用备份撤销最近一次应用且尚未撤销的修复，或指定编号的修复：每个文件恢复原样，修复新建的文件被删除。--list 列出已应用的修复，最近的在前。没有可撤销的修复时退出码为 1。",
		},
		"cmd.undo.example": {
			"# the applied fixes\napidoctor undo --list\n# undo the last one\napidoctor undo\n# undo fix 3\napidoctor undo 3",
			"# 列出已应用的修复\napidoctor undo --list\n# 撤销最近一次\napidoctor undo\n# 撤销编号为 3 的修复\napidoctor undo 3",
		},

		"cmd.watch.short": {"probe again and again: latency, outcomes, advice", "持续探测：延迟、结果、建议"},
		"cmd.watch.long": {
			"Sends a probe every --interval until --count probes, --duration or ctrl+c, then prints the latency, the outcomes and resilience advice (timeouts, retries, backoff) drawn from what it saw. On a terminal it shows a live screen; --json prints each probe as a line of JSON and the summary on stderr; --metrics-addr serves Prometheus metrics. A watch writes no report. Exit 0 when the last probe was ok.",
			"每隔 --interval 发送一次探测，直到探测 --count 次、持续 --duration 或按下 ctrl+c，然后根据观测结果输出延迟、结果分布和容错建议（超时、重试、退避）。在终端中显示实时界面；--json 把每次探测输出为一行 JSON，汇总输出到 stderr；--metrics-addr 提供 Prometheus 指标。watch 不写报告。最后一次探测成功时退出码为 0。",
		},
		"cmd.watch.example": {
			"# a probe every 5 seconds until ctrl+c\napidoctor watch\n# 100 probes, each a line of JSON\napidoctor watch --count 100 --interval 2s --json > probes.ndjson\n# for Prometheus\napidoctor watch --metrics-addr 127.0.0.1:9464",
			"# 每 5 秒探测一次，直到按下 ctrl+c\napidoctor watch\n# 探测 100 次，每次输出一行 JSON\napidoctor watch --count 100 --interval 2s --json > probes.ndjson\n# 供 Prometheus 采集\napidoctor watch --metrics-addr 127.0.0.1:9464",
		},

		"cmd.version.short": {"print the version", "显示版本"},
		"cmd.version.long": {
			"Prints the version, the commit it was built from, the Go version and the platform, as apidoctor --version does.",
			"显示版本、构建所用的提交、Go 版本和平台，与 apidoctor --version 相同。",
		},
		"cmd.version.example": {"apidoctor version\napidoctor --version", "apidoctor version\napidoctor --version"},

		"cmd.help.arg":   {"command", "命令"},
		"cmd.help.short": {"show the help of apidoctor or of a command", "显示 apidoctor 或某个命令的帮助"},
		"cmd.help.long": {
			"Shows the help of a command, as apidoctor <command> --help does; with no command, apidoctor's own.",
			"显示某个命令的帮助，与 apidoctor <命令> --help 相同；不指定命令时显示 apidoctor 本身的帮助。",
		},
		"cmd.help.example": {"apidoctor help fix\napidoctor help completion zsh", "apidoctor help fix\napidoctor help completion zsh"},

		"cmd.man.short": {"print the manual page (roff)", "以 roff 格式输出手册页"},
		"cmd.man.long": {
			"Prints apidoctor's manual page in roff, the format man reads: every command, its flags and the exit codes.",
			"以 man 读取的 roff 格式输出 apidoctor 的手册页：每个命令、它的参数以及退出码。",
		},
		"cmd.man.example": {
			"# read it\napidoctor man | man -l -\n# install it for your user\napidoctor man > ~/.local/share/man/man1/apidoctor.1",
			"# 阅读手册页\napidoctor man | man -l -\n# 为当前用户安装\napidoctor man > ~/.local/share/man/man1/apidoctor.1",
		},
		"man.examples": {"EXAMPLES", "示例"},

		"cmd.completion.short": {"print the shell completion script (bash, zsh, fish, powershell)", "输出 shell 补全脚本（bash、zsh、fish、powershell）"},
		"cmd.completion.long": {
			"Prints the script that lets your shell complete apidoctor's commands, its flags and their values (clients, formats, scenarios, fix ids). Each shell's help says how to load it.",
			"输出让 shell 补全 apidoctor 的命令、参数及参数值（客户端、格式、场景、修复编号）的脚本。各个 shell 的帮助说明了如何加载。",
		},
		"cmd.completion.example": {
			"source <(apidoctor completion bash)\napidoctor completion zsh > \"${fpath[1]}/_apidoctor\"\napidoctor completion fish > ~/.config/fish/completions/apidoctor.fish\napidoctor completion powershell | Out-String | Invoke-Expression",
			"source <(apidoctor completion bash)\napidoctor completion zsh > \"${fpath[1]}/_apidoctor\"\napidoctor completion fish > ~/.config/fish/completions/apidoctor.fish\napidoctor completion powershell | Out-String | Invoke-Expression",
		},
		"cmd.completion.shell.short": {"print the completion script for %s", "输出 %s 的补全脚本"},
		"cmd.completion.bash.long": {
			"Prints the completion script for bash; it needs the bash-completion package. To load it in this shell: source <(apidoctor completion bash). To load it in every new shell, write it to ~/.local/share/bash-completion/completions/apidoctor (with Homebrew on macOS: $(brew --prefix)/etc/bash_completion.d/apidoctor), then open a new shell.",
			"输出 bash 的补全脚本，需要 bash-completion 软件包。在当前 shell 中加载：source <(apidoctor completion bash)。要在每个新 shell 中加载，把它写入 ~/.local/share/bash-completion/completions/apidoctor（macOS 上用 Homebrew 时：$(brew --prefix)/etc/bash_completion.d/apidoctor），然后打开一个新 shell。",
		},
		"cmd.completion.bash.example": {
			"source <(apidoctor completion bash)\napidoctor completion bash > ~/.local/share/bash-completion/completions/apidoctor",
			"source <(apidoctor completion bash)\napidoctor completion bash > ~/.local/share/bash-completion/completions/apidoctor",
		},
		"cmd.completion.zsh.long": {
			"Prints the completion script for zsh. If completion is not on in your zsh yet, run once: echo \"autoload -U compinit; compinit\" >> ~/.zshrc. To load it in this shell: source <(apidoctor completion zsh). To load it in every new shell, write it to a folder of your $fpath as _apidoctor, then open a new shell.",
			"输出 zsh 的补全脚本。如果 zsh 还没有开启补全，先运行一次：echo \"autoload -U compinit; compinit\" >> ~/.zshrc。在当前 shell 中加载：source <(apidoctor completion zsh)。要在每个新 shell 中加载，把它以 _apidoctor 为名写入 $fpath 中的某个目录，然后打开一个新 shell。",
		},
		"cmd.completion.zsh.example": {
			"source <(apidoctor completion zsh)\napidoctor completion zsh > \"${fpath[1]}/_apidoctor\"",
			"source <(apidoctor completion zsh)\napidoctor completion zsh > \"${fpath[1]}/_apidoctor\"",
		},
		"cmd.completion.fish.long": {
			"Prints the completion script for fish. To load it in this shell: apidoctor completion fish | source. To load it in every new shell, write it to ~/.config/fish/completions/apidoctor.fish.",
			"输出 fish 的补全脚本。在当前 shell 中加载：apidoctor completion fish | source。要在每个新 shell 中加载，把它写入 ~/.config/fish/completions/apidoctor.fish。",
		},
		"cmd.completion.fish.example": {
			"apidoctor completion fish | source\napidoctor completion fish > ~/.config/fish/completions/apidoctor.fish",
			"apidoctor completion fish | source\napidoctor completion fish > ~/.config/fish/completions/apidoctor.fish",
		},
		"cmd.completion.powershell.long": {
			"Prints the completion script for PowerShell. To load it in this shell: apidoctor completion powershell | Out-String | Invoke-Expression. To load it in every new shell, add that line to your PowerShell profile ($PROFILE).",
			"输出 PowerShell 的补全脚本。在当前 shell 中加载：apidoctor completion powershell | Out-String | Invoke-Expression。要在每个新 shell 中加载，把这一行加入 PowerShell 配置文件（$PROFILE）。",
		},
		"cmd.completion.powershell.example": {
			"apidoctor completion powershell | Out-String | Invoke-Expression",
			"apidoctor completion powershell | Out-String | Invoke-Expression",
		},

		"flag.help":            {"show this help", "显示本帮助"},
		"flag.version":         {"print the version", "显示版本"},
		"flag.no_descriptions": {"leave the descriptions out of the completions", "补全时不显示说明"},

		"cliflag.unknown":       {"unknown flag %s", "未知参数 %s"},
		"cliflag.needs_value":   {"%s needs a value", "%s 需要一个值"},
		"cliflag.syntax":        {"bad flag syntax: %s", "参数格式错误：%s"},
		"cliflag.want_bool":     {"want true or false, got %q", "应为 true 或 false，实际为 %q"},
		"cliflag.want_duration": {"want a duration such as 500ms, 10s or 1m30s, got %q", "应为时长，如 500ms、10s 或 1m30s，实际为 %q"},
		"cliflag.want_int":      {"want a whole number, got %q", "应为整数，实际为 %q"},
		"cliflag.hint":          {"%s (%s --help shows the usage)", "%s（用 %s --help 查看用法）"},
		"cli.did_you_mean":      {"%s; did you mean %s?", "%s；是不是想输入 %s？"},
	})
}
