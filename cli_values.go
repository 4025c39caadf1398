package main

import (
	"strconv"
	"strings"
	"time"

	"apidoctor/i18n"
)

// The flags' values. Each names what it holds (Type, the placeholder
// pflag shows: url, duration, regions…), and a value that does not parse
// says so in the reader's language.

// textValue is a string; kind names what it holds.
type textValue struct {
	p    *string
	kind string
}

func (v textValue) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

func (v textValue) Set(s string) error { *v.p = s; return nil }

func (v textValue) Type() string { return v.kind }

// durationValue is a time.Duration; zero shows as no default at all (a
// zero timeout means the built-in one, which the usage names).
type durationValue struct{ p *time.Duration }

func (v durationValue) String() string {
	if v.p == nil || *v.p == 0 {
		return ""
	}
	return v.p.String()
}

func (v durationValue) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return i18n.Errorf("cliflag.want_duration", s)
	}
	*v.p = d
	return nil
}

func (v durationValue) Type() string { return "duration" }

// intValue is a whole number.
type intValue struct{ p *int }

func (v intValue) String() string {
	if v.p == nil {
		return ""
	}
	return strconv.Itoa(*v.p)
}

func (v intValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return i18n.Errorf("cliflag.want_int", s)
	}
	*v.p = n
	return nil
}

func (v intValue) Type() string { return "n" }

// listFlag is a comma-separated list; each --flag replaces the list.
type listFlag struct {
	v    *[]string
	kind string
}

func (l listFlag) String() string {
	if l.v == nil {
		return ""
	}
	return strings.Join(*l.v, ",")
}

func (l listFlag) Set(s string) error {
	*l.v = nil
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			*l.v = append(*l.v, x)
		}
	}
	return nil
}

func (l listFlag) Type() string { return l.kind }

// setFlag collects repeated --set KEY=VALUE.
type setFlag map[string]string

func (s setFlag) String() string { return "" }

func (s setFlag) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return i18n.Errorf("clierr.set_form", v)
	}
	s[k] = val
	return nil
}

func (s setFlag) Type() string { return "KEY=VALUE" }
