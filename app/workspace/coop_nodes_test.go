package workspace

import "testing"

func TestNodeAddress(t *testing.T) {
	for in, want := range map[string]string{
		"coop.example.org:4001":         "/dns/coop.example.org/tcp/4001",
		" 203.0.113.5:4001 ":            "/ip4/203.0.113.5/tcp/4001",
		"[2001:db8::5]:4001":            "/ip6/2001:db8::5/tcp/4001",
		"/dns4/coop.example.org/tcp/99": "/dns4/coop.example.org/tcp/99",
	} {
		if got, err := NodeAddress(in); err != nil || got != want {
			t.Errorf("NodeAddress(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "coop.example.org", "coop.example.org:", ":4001", "coop.example.org:99999", "coop.example.org:http"} {
		if got, err := NodeAddress(bad); err == nil {
			t.Errorf("NodeAddress(%q) = %q, want an error", bad, got)
		}
	}
}
