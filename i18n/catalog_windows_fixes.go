// The messages of the fixes on Windows (and of the lines to paste on
// every OS): the profile PowerShell reads, how to reload it, the
// execution policy, and the secrets a printed line leaves out.

package i18n

func init() {
	add(map[string]entry{
		"fixnote.reload": {
			"Open a new terminal for the change to take effect (or run %s in one already open); terminals already open keep the old values.",
			"请打开新终端使修改生效（或在已打开的终端中执行 %s）；已打开的终端仍是旧值。",
		},
		"fixnote.profile_guess": {
			"The profile %[1]s is a guess: %[2]s, and the Documents folder %[3]s. In PowerShell, $PROFILE names the file it really reads; if it names another one, move the apidoctor block there.",
			"配置文件 %[1]s 是推测的：%[2]s，Documents 目录%[3]s。在 PowerShell 中，$PROFILE 会给出它真正读取的文件；如果不是这个，请把 apidoctor 那段内容移过去。",
		},
		"profile.guess.missing":   {"%s was not found", "找不到 %s"},
		"profile.guess.timeout":   {"%s did not answer within %d s", "%s 在 %d 秒内没有回应"},
		"profile.guess.failed":    {"%s failed (%s)", "%s 运行失败（%s）"},
		"profile.guess.no-answer": {"%s named no profile", "%s 没有给出配置文件路径"},
		"profile.guess.garbled":   {"%s answered in a code page other than UTF-8", "%s 的回答不是 UTF-8 编码（控制台代码页）"},
		"profile.guess.stopped":   {"the question to %s was interrupted", "向 %s 的查询被中断"},
		"profile.guess.no-runner": {"%s could not be run from here", "这里无法运行 %s"},
		"profile.docs.registry":   {"is the one the registry names (User Shell Folders, which follows OneDrive)", "取自注册表（User Shell Folders，会随 OneDrive 变化）"},
		"profile.docs.home":       {"is taken to be Documents in the home folder (the registry did not name one)", "按主目录下的 Documents 推测（注册表没有给出）"},
		"fixnote.execution_policy": {
			"PowerShell runs no profile at all under the Restricted execution policy, the default of Windows PowerShell on Windows clients: check with Get-ExecutionPolicy -List; to let it run your profile: Set-ExecutionPolicy -Scope CurrentUser RemoteSigned.",
			"执行策略为 Restricted 时 PowerShell 根本不会运行配置文件，而这是 Windows 客户端上 Windows PowerShell 的默认值：用 Get-ExecutionPolicy -List 查看；要让它运行你的配置文件：Set-ExecutionPolicy -Scope CurrentUser RemoteSigned。",
		},
		"fixnote.left_out": {
			"Not printed: %[1]s — it holds %[2]s, which apidoctor never prints, and no variable of this shell holds it for a line to read it from. Set it yourself.",
			"未输出：%[1]s —— 其中含有%[2]s，apidoctor 从不输出它，且当前 shell 中没有变量保存着它可供引用。请自行设置。",
		},
		"fixnote.reads_from": {
			"The lines that pass a secret on read it from %s, which this terminal has: pasted into a profile, they must come after the line that sets it there.",
			"传递秘密的那几行会从 %s 读取它，当前终端中有这个变量；若粘贴到配置文件中，必须放在配置文件里设置它的那一行之后。",
		},
		"fixnote.left_out.password": {"a proxy password", "代理密码"},
		"fixnote.left_out.key":      {"a key or token", "密钥或令牌"},
	})
}
