// Package i18n holds every user-visible string of apidoctor in one
// catalogue, in English and Simplified Chinese, and picks the language
// from --lang or the locale. Cause codes, JSON keys and flag names are not
// translated: people script against them.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a language of the catalogue.
type Lang string

// The languages.
const (
	EN Lang = "en"
	ZH Lang = "zh"
)

// entry is one message in both languages.
type entry struct{ en, zh string }

// catalogue maps a key to its texts; the files catalog_*.go fill it.
var catalogue = map[string]entry{}

// add registers entries; a duplicate key is a programming error.
func add(m map[string]entry) {
	for k, v := range m {
		if _, dup := catalogue[k]; dup {
			panic("i18n: duplicate key " + k)
		}
		catalogue[k] = v
	}
}

// M is a message to be translated when it is shown: a key and its
// arguments (which may themselves be messages).
type M struct {
	Key  string
	Args []any
}

// Joined is an argument of messages shown with a fixed separator (a []M
// argument uses the language's list separator instead).
type Joined struct {
	Items []M
	Sep   string
}

// Msg builds a message.
func Msg(key string, args ...any) M { return M{Key: key, Args: args} }

// String is the message in English (for JSON and logs).
func (m M) String() string { return EN.T(m.Key, m.Args...) }

// IsZero reports whether the message is empty.
func (m M) IsZero() bool { return m.Key == "" }

// T translates a key, formatting its arguments; nested messages are
// translated in the same language. A missing key shows itself, so a gap
// is visible rather than silent.
func (l Lang) T(key string, args ...any) string {
	e, ok := catalogue[key]
	if !ok {
		return key
	}
	format := e.en
	if l == ZH && e.zh != "" {
		format = e.zh
	}
	if len(args) == 0 {
		return format
	}
	// A copy: the caller's arguments (often a message's own) stay as they
	// are, so the message can be translated again in another language.
	args = append([]any(nil), args...)
	for i, a := range args {
		switch v := a.(type) {
		case M:
			args[i] = l.M(v)
		case []M:
			parts := make([]string, len(v))
			for j, x := range v {
				parts[j] = l.M(x)
			}
			args[i] = strings.Join(parts, l.T("list.sep"))
		case Joined:
			parts := make([]string, len(v.Items))
			for j, x := range v.Items {
				parts[j] = l.M(x)
			}
			args[i] = strings.Join(parts, v.Sep)
		}
	}
	return fmt.Sprintf(format, args...)
}

// M translates a message.
func (l Lang) M(m M) string {
	if m.Key == "" {
		return ""
	}
	return l.T(m.Key, m.Args...)
}

// Has reports whether the catalogue has a key.
func Has(key string) bool { _, ok := catalogue[key]; return ok }

// Keys returns every key (for the catalogue's tests).
func Keys() []string {
	out := make([]string, 0, len(catalogue))
	for k := range catalogue {
		out = append(out, k)
	}
	return out
}

// Texts returns a key's English and Chinese texts.
func Texts(key string) (string, string) { e := catalogue[key]; return e.en, e.zh }

// Parse validates a --lang value.
func Parse(s string) (Lang, error) {
	switch strings.ToLower(s) {
	case "en", "english":
		return EN, nil
	case "zh", "zh-cn", "zh_cn", "chinese", "cn":
		return ZH, nil
	}
	return "", fmt.Errorf("unknown language %q (choose en or zh)", s)
}

// Detect picks the language: --lang when given, else the first of
// LC_ALL, LC_MESSAGES and LANG that is set (zh_CN.UTF-8 and friends mean
// Chinese; zh_TW and zh_HK too, until a Traditional catalogue exists).
func Detect(flag string, env map[string]string) Lang {
	if flag != "" {
		if l, err := Parse(flag); err == nil {
			return l
		}
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc := env[v]; loc != "" {
			if strings.HasPrefix(strings.ToLower(loc), "zh") {
				return ZH
			}
			return EN
		}
	}
	return EN
}

func init() {
	add(map[string]entry{
		"list.sep": {", ", "、"},
	})
}

// Error is an error whose text is a message, so it can be shown in the
// reader's language; Unwrap keeps errors.Is and errors.As working.
type Error struct {
	M       M
	Wrapped error
}

func (e *Error) Error() string { return e.M.String() }

// Unwrap returns the wrapped error.
func (e *Error) Unwrap() error { return e.Wrapped }

// Errorf makes an Error; an error among the arguments is shown by its own
// text (system errors stay as the system wrote them) and is wrapped.
func Errorf(key string, args ...any) error {
	e := &Error{}
	args = append([]any(nil), args...)
	for i, a := range args {
		if err, ok := a.(error); ok {
			if e.Wrapped == nil {
				e.Wrapped = err
			}
			args[i] = ErrMsg(err)
		}
	}
	e.M = Msg(key, args...)
	return e
}

// ErrMsg is an error as a message: an Error's own message, so it is
// translated with the text around it, or any other error's text as is.
func ErrMsg(err error) M {
	if e, ok := err.(*Error); ok {
		return e.M
	}
	return Msg("raw", err.Error())
}

// Err is an error's text in a language.
func (l Lang) Err(err error) string {
	if err == nil {
		return ""
	}
	return l.M(ErrMsg(err))
}
