package redact

import (
	"regexp"
	"strings"
	"testing"
)

// TestWithPathsHidesEveryForm: each form a path to the home, or the user
// name as a path component, takes in a message is hidden; ordinary words
// and longer names are not.
func TestWithPathsHidesEveryForm(t *testing.T) {
	win := New().WithPaths(Paths{Home: `C:\Users\Alice`, User: "Alice", Host: "DESKTOP-7QX2"})
	long := New().WithPaths(Paths{Home: `C:\Users\Alexandra O'Neil`, User: "Alexandra O'Neil"})
	linux := New().WithPaths(Paths{Home: "/home/alice", User: "alice", Host: "devbox.corp.example"})
	mac := New().WithPaths(Paths{Home: "/Users/admin", User: "admin", Host: "host"})
	roaming := New().WithPaths(Paths{Home: `\\fs01\home$\alice`, User: "alice"})
	for _, c := range []struct {
		name    string
		r       *Redactor
		in, out string
	}{
		{"native", win, `open C:\Users\Alice\.claude\settings.json`, `open ~\.claude\settings.json`},
		{"lower case", win, `c:\users\alice\x`, `~\x`},
		{"upper case", win, `C:\USERS\ALICE\x`, `~\x`},
		{"forward slashes", win, `C:/Users/Alice/x`, `~/x`},
		{"JSON-escaped", win, `{"p":"C:\\Users\\Alice\\x"}`, `{"p":"~\\x"}`},
		{"escaped twice", win, `"C:\\\\Users\\\\alice\\\\x"`, `"~\\\\x"`},
		{"long-path prefix", win, `\\?\C:\Users\Alice\x`, `~\x`},
		{"device prefix", win, `\\.\c:\users\alice\x`, `~\x`},
		{"admin share", win, `\\localhost\C$\Users\Alice\x`, `~\x`},
		{"long UNC", win, `\\?\UNC\127.0.0.1\c$\Users\Alice\x`, `~\x`},
		{"file URL", win, `file:///C:/Users/Alice/x`, `file:///~/x`},
		{"home alone", win, `C:\Users\Alice`, `~`},
		{"end of a sentence", win, `saved in C:\Users\Alice.`, `saved in ~.`},
		{"quoted", win, `"C:\Users\Alice"`, `"~"`},
		{"user elsewhere", win, `D:\Backups\Alice\x`, `D:\Backups\<user>\x`},
		{"user on a share", win, `\\fs\profiles$\alice.CORP\x`, `\\fs\profiles$\<user>.CORP\x`},
		{"domain and user", win, `logged in as CORP\ALICE`, `logged in as CORP\<user>`},
		{"host", win, `on desktop-7qx2 (DESKTOP-7QX2.corp)`, `on <host> (<host>.corp)`},
		{"another home", win, `C:\Users\Alice2\x`, `C:\Users\Alice2\x`},
		{"a longer name", win, `C:\Users\Alicia\x`, `C:\Users\Alicia\x`},
		{"the name in prose", win, `Alice said hi`, `Alice said hi`},
		{"space", long, `C:\Users\Alexandra O'Neil\x`, `~\x`},
		{"URL-encoded space", long, `file:///C:/Users/Alexandra%20O'Neil/x`, `file:///~/x`},
		{"HTML entity", long, `C:\Users\Alexandra O&#39;Neil\x`, `~\x`},
		{"JSON escape", long, `C:\\Users\\Alexandra O\u0027Neil\\x`, `~\\x`},
		{"8.3 short name", long, `TEMP=C:\Users\ALEXAN~1\AppData\Local\Temp`, `TEMP=~\AppData\Local\Temp`},
		{"8.3 short name, lower case", long, `c:/users/alexan~2/x`, `~/x`},
		{"8.3 short name elsewhere", long, `D:\ALEXAN~1\x`, `D:\<user>\x`},
		{"unix", linux, "/home/alice/.claude", "~/.claude"},
		{"unix, case", linux, "/HOME/Alice/.claude", "~/.claude"},
		{"unix, JSON-escaped slashes", linux, `"\/home\/alice\/x"`, `"~\/x"`},
		{"unix, file URL", linux, "file:///home/alice/x", "file://~/x"},
		{"unix, not the home", linux, "/mnt/home/alice/x", "/mnt/home/<user>/x"},
		{"unix, another home", linux, "/home/alice2/x /home/alice.bak", "/home/alice2/x /home/<user>.bak"},
		{"unix, user elsewhere", linux, "/srv/alice/x", "/srv/<user>/x"},
		{"host by its first label", linux, "devbox and devbox.corp.example", "<host> and <host>"},
		{"admin", mac, "/Users/admin/x and /Users/Administrator/x; ask an admin, the administrator", "~/x and /Users/Administrator/x; ask an admin, the administrator"},
		{"a closing tag is no path", mac, "<admin>x</admin> /srv/admin/", "<admin>x</admin> /srv/<user>/"},
		{"a host named host", mac, "host <host>", "<host> <host>"},
		{"roaming home", roaming, `\\FS01\home$\Alice\x and //fs01/home$/alice`, `~\x and ~`},
		// Percent-encoded separators: a URL's user info (DOMAIN\user) or a
		// path in a query string.
		{"domain user in a proxy URL", win, `http://CORP%5Calice@proxy.corp:8080`, `http://CORP%5C<user>@proxy.corp:8080`},
		{"domain user in a proxy URL, lower case", win, `http://corp%5cALICE:***@proxy`, `http://corp%5c<user>:***@proxy`},
		{"encoded home", win, `?file=C%3A%5CUsers%5CAlice%5Cx`, `?file=~%5Cx`},
		{"encoded home, forward", win, `file:///C:%2FUsers%2Falice%2Fx`, `file:///~%2Fx`},
		{"encoded user elsewhere", win, `?p=D%3A%5CBackups%5CAlice%5Cx`, `?p=D%3A%5CBackups%5C<user>%5Cx`},
		{"unix, encoded home", linux, "?p=%2Fhome%2Falice%2Fx", "?p=~%2Fx"},
		{"unix, encoded file URL", linux, "file%3A%2F%2F%2Fhome%2Falice", "file%3A%2F%2F~"},
		{"unix, encoded user elsewhere", linux, "?p=%2Fsrv%2Falice", "?p=%2Fsrv%2F<user>"},
		{"encoded, not a separator", linux, "50%2Falicex and %5Calicex", "50%2Falicex and %5Calicex"},
	} {
		got := c.r.String(c.in)
		if got != c.out {
			t.Errorf("%s: %q -> %q, want %q", c.name, c.in, got, c.out)
		}
		if again := c.r.String(got); again != got {
			t.Errorf("%s: not idempotent: %q -> %q", c.name, got, again)
		}
		if left := c.r.PathLeaks(got); len(left) > 0 {
			t.Errorf("%s: %q: the guard still finds the %v", c.name, got, left)
		}
	}
}

// TestWithPathsUserField: a "user" value that is the user name is hidden
// in JSON, any other value (and prose) is not.
func TestWithPathsUserField(t *testing.T) {
	r := New().WithPaths(Paths{Home: "/home/alice", User: "alice"})
	out, err := r.JSON([]byte(`{"host":{"user":"alice","home":"/home/alice"},"proxy":{"user":"bob"},"note":"alice"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"host":{"user":"\u003cuser\u003e","home":"~"},"proxy":{"user":"bob"},"note":"alice"}`
	if string(out) != want {
		t.Fatalf("got  %s\nwant %s", out, want)
	}
	if plain, _ := New().JSON([]byte(`{"user":"alice"}`)); string(plain) != `{"user":"alice"}` {
		t.Fatalf("without WithPaths the user stays: %s", plain)
	}
}

// TestWithPathsJSONKeys: a host named like a key of the document hides
// the values that name it, never the keys (the document's schema); a
// key that is a path still loses the home and the user name.
func TestWithPathsJSONKeys(t *testing.T) {
	for _, host := range []string{"server", "status", "route", "host", "user"} {
		r := New().WithPaths(Paths{Home: "/home/alice", User: "alice", Host: host})
		in := `{"` + host + `":"` + host + `","files":{"/home/alice/x":"/srv/alice"},"note":"on ` + host + `"}`
		out, err := r.JSON([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		want := `{"` + host + `":"\u003chost\u003e","files":{"~/x":"/srv/\u003cuser\u003e"},"note":"on \u003chost\u003e"}`
		if string(out) != want {
			t.Errorf("host %q:\n got  %s\n want %s", host, out, want)
		}
		if left := r.PathLeaks(string(out)); len(left) > 0 {
			t.Errorf("host %q: the guard still finds the %v in %s", host, left, out)
		}
	}
}

// TestPathLeaks: the last guard finds the home and the user name as they
// are, JSON-escaped, HTML-escaped and in a user field, and nothing in
// what String left.
func TestPathLeaks(t *testing.T) {
	r := New().WithPaths(Paths{Home: `C:\Users\Zoë O'Neil`, User: "Zoë O'Neil", Host: "devbox"})
	for in, want := range map[string]string{
		`C:\Users\Zoë O'Neil\x`:                          "home user",
		`"c:\\users\\zoë o'neil\\x"`:                     "home user",
		`C:\Users\Zo\u00eb O\u0027Neil`:                  "home user",
		`<td>C:\Users\Zoë O&#39;Neil\x</td>`:             "home user",
		`<td>D:\Zoë O&#39;Neil</td>`:                     "user",
		`{"host": {"user": "zoë o'neil"}}`:               "user",
		`{"host": {"user": "Zo\u00eb O'Neil"}}`:          "user",
		`devbox, Zoë O'Neil, C:\Users\Zoëlle\x`:          "",
		`</Zoë O'Neil>`:                                  "",
		`~\x, D:\<user>\x, {"user": "\u003cuser\u003e"}`: "",
		`http://CORP%5Czo%C3%AB%20o%27neil@proxy:8080`:   "user",
		`http://CORP%5CZoë O'Neil@proxy:8080`:            "user",
		`?p=C%3A%5CUsers%5CZo%C3%AB%20O%27Neil%5Cx`:      "home user",
		`?p=c:%2fusers%2fzoë o'neil%2fx`:                 "home user",
		`http://CORP%5C%3Cuser%3E@proxy, 100%5Czoëlle`:   "",
	} {
		if got := strings.Join(r.PathLeaks(in), " "); got != want {
			t.Errorf("PathLeaks(%q) = %q, want %q", in, got, want)
		}
	}
	if New().PathLeaks(`C:\Users\Zoë O'Neil`) != nil {
		t.Error("without WithPaths nothing is a path leak")
	}
}

// FuzzWithPaths plants the home, in some form, in random text: no form
// of it is left, whatever surrounds it.
func FuzzWithPaths(f *testing.F) {
	f.Add("before ", `C:\Users\Alice`, `\after`)
	f.Add(`{"k":"`, `c:\\users\\alice`, `\\x"}`)
	f.Add("x", "/HOME/alice", "/y")
	fold := regexp.MustCompile(`[\\/]+`)
	r := New().WithPaths(Paths{Home: `C:\Users\Alice`, User: "alice"})
	u := New().WithPaths(Paths{Home: "/home/alice", User: "alice"})
	f.Fuzz(func(t *testing.T, before, home, after string) {
		norm := strings.ToLower(fold.ReplaceAllString(home, "/"))
		if norm != "c:/users/alice" && norm != "/home/alice" {
			return
		}
		if strings.Contains(strings.ToLower(before+after), "alice") {
			return
		}
		in := before + " " + home + `\` + after
		for _, red := range []*Redactor{r, u} {
			out := strings.ToLower(fold.ReplaceAllString(red.String(in), "/"))
			if strings.Contains(out, "/alice/") {
				t.Fatalf("%q -> %q", in, red.String(in))
			}
		}
	})
}
