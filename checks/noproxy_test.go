package checks

import "testing"

func TestMatchNoProxy(t *testing.T) {
	cases := []struct {
		list, host, port string
		want             bool
	}{
		{"*", "api.anthropic.com", "443", true},
		{"localhost,127.0.0.1", "api.anthropic.com", "443", false},
		{".anthropic.com", "api.anthropic.com", "443", true},
		{"anthropic.com", "api.anthropic.com", "443", true},
		{"anthropic.com", "notanthropic.com", "443", false},
		{"*.anthropic.com", "api.anthropic.com", "443", true},
		{"api.anthropic.com:443", "api.anthropic.com", "443", true},
		{"api.anthropic.com:8443", "api.anthropic.com", "443", false},
		{"10.0.0.0/8", "10.1.2.3", "443", true},
		{"10.0.0.0/8", "api.anthropic.com", "443", false}, // clients do not resolve first
		{"160.79.104.10", "160.79.104.10", "443", true},
		{"::1", "::1", "443", true},
		{"[::1]:443", "::1", "443", true},
		{"example.com api.anthropic.com", "api.anthropic.com", "443", true}, // space separated
		{" , ,", "api.anthropic.com", "443", false},
		{"API.Anthropic.COM", "api.anthropic.com", "443", true},
	}
	for _, c := range cases {
		if _, got := MatchNoProxy(c.list, c.host, c.port); got != c.want {
			t.Errorf("MatchNoProxy(%q, %q, %q) = %v, want %v", c.list, c.host, c.port, got, c.want)
		}
	}
}
