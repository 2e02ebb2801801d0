package crdt

import (
	"errors"
	"testing"
	"time"
)

func giveProxy(f *propFixture, t *testing.T, holder string) func(q *Meeting) error {
	return func(q *Meeting) error { return q.GiveProxy(f.view(t), f.member(holder)) }
}

func TestMeetingProxies(t *testing.T) {
	type want struct{ giver, holder, status string }
	cases := []struct {
		name    string
		max     int
		act     func(t *testing.T, f *propFixture, m *Meeting)
		proxies []want
		refused string
	}{
		{"valid", 1, func(t *testing.T, f *propFixture, m *Meeting) {
			f.must(t, m, "ben", giveProxy(f, t, "cy"))
		}, []want{{"ben", "cy", ProxyValid}}, ""},
		{"revoked before the meeting", 1, func(t *testing.T, f *propFixture, m *Meeting) {
			f.must(t, m, "ben", giveProxy(f, t, "cy"))
			f.now = f.now.Add(time.Minute)
			f.must(t, m, "ben", func(q *Meeting) error { return q.RevokeProxy(f.view(t)) })
		}, []want{{"ben", "cy", ProxyRevoked}}, ""},
		{"replaced by a newer proxy", 2, func(t *testing.T, f *propFixture, m *Meeting) {
			f.must(t, m, "ben", giveProxy(f, t, "cy"))
			f.now = f.now.Add(time.Minute)
			f.must(t, m, "ben", giveProxy(f, t, "dee"))
		}, []want{{"ben", "cy", ProxyReplaced}, {"ben", "dee", ProxyValid}}, ""},
		{"over the limit: the later one is refused", 1, func(t *testing.T, f *propFixture, m *Meeting) {
			f.must(t, m, "ben", giveProxy(f, t, "ada"))
			// Cy's copy had not heard of Ben's proxy: both reach Ada.
			f.signRecord(t, m.Doc, "cy", recProxy, m.ID(), f.now.Add(time.Minute), proxyRec{Holder: f.member("ada")})
		}, []want{{"ben", "ada", ProxyValid}, {"cy", "ada", ProxyOverLimit}}, ""},
		{"two allowed", 2, func(t *testing.T, f *propFixture, m *Meeting) {
			f.must(t, m, "ben", giveProxy(f, t, "ada"))
			f.now = f.now.Add(time.Minute)
			f.must(t, m, "cy", giveProxy(f, t, "ada"))
		}, []want{{"ben", "ada", ProxyValid}, {"cy", "ada", ProxyValid}}, ""},
		{"withdrawn after the meeting started: the proxy stands", 1, func(t *testing.T, f *propFixture, m *Meeting) {
			f.must(t, m, "ben", giveProxy(f, t, "cy"))
			f.now = meetT0
			if err := m.Start(f.view(t)); err != nil {
				t.Fatal(err)
			}
			f.signRecord(t, m.Doc, "ben", recProxyRevoke, m.ID(), meetT0.Add(time.Minute), revokeRec{})
		}, []want{{"ben", "cy", ProxyValid}}, RefuseAfterStart},
		{"given after the meeting started", 1, func(t *testing.T, f *propFixture, m *Meeting) {
			f.now = meetT0
			if err := m.Start(f.view(t)); err != nil {
				t.Fatal(err)
			}
			f.signRecord(t, m.Doc, "ben", recProxy, m.ID(), meetT0.Add(time.Minute), proxyRec{Holder: f.member("cy")})
		}, nil, RefuseAfterStart},
		{"to an observer", 1, func(t *testing.T, f *propFixture, m *Meeting) {
			f.signRecord(t, m.Doc, "ben", recProxy, m.ID(), f.now, proxyRec{Holder: f.member("obs")})
		}, nil, RefuseNotVoter},
		{"from a non-member", 1, func(t *testing.T, f *propFixture, m *Meeting) {
			f.signRecord(t, m.Doc, "eve", recProxy, m.ID(), f.now, proxyRec{Holder: f.member("cy")})
		}, nil, RefuseNotVoter},
		{"to oneself", 1, func(t *testing.T, f *propFixture, m *Meeting) {
			f.signRecord(t, m.Doc, "ben", recProxy, m.ID(), f.now, proxyRec{Holder: f.member("ben")})
		}, nil, RefuseOwnProxy},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newPropFixture(t)
			spec := f.meetingSpec()
			spec.MaxProxies = c.max
			m := f.meeting(t, spec)
			c.act(t, f, m)
			mv := f.mview(t, m)
			if len(mv.Proxies) != len(c.proxies) {
				t.Fatalf("proxies = %+v, want %v", mv.Proxies, c.proxies)
			}
			got := map[string]string{}
			for _, p := range mv.Proxies {
				got[f.nameOf(p.Giver)+">"+f.nameOf(p.Holder)] = p.Status
			}
			for _, w := range c.proxies {
				if s := got[w.giver+">"+w.holder]; s != w.status {
					t.Errorf("%s's proxy to %s is %q, want %q (all: %v)", w.giver, w.holder, s, w.status, got)
				}
			}
			if c.refused == "" && len(mv.Refused) > 0 || c.refused != "" && (len(mv.Refused) != 1 || mv.Refused[0].Reason != c.refused) {
				t.Fatalf("refused = %+v, want %q", mv.Refused, c.refused)
			}
		})
	}
}

func TestMeetingProxyRulesOnInput(t *testing.T) {
	f := newPropFixture(t)
	m := f.meeting(t, f.meetingSpec())
	v := f.view(t)
	if err := f.onCopy(t, m, "ben", giveProxy(f, t, "ben")); err == nil {
		t.Error("gave a proxy to oneself")
	}
	if err := f.onCopy(t, m, "ben", giveProxy(f, t, "obs")); err == nil {
		t.Error("gave a proxy to an observer")
	}
	if err := f.onCopy(t, m, "obs", giveProxy(f, t, "ben")); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("an observer gave a proxy: %v", err)
	}
	if err := f.onCopy(t, m, "ben", func(q *Meeting) error { return q.RevokeProxy(v) }); !errors.Is(err, ErrNotFound) {
		t.Errorf("withdrew a proxy never given: %v", err)
	}
	f.must(t, m, "ben", giveProxy(f, t, "ada"))
	if err := f.onCopy(t, m, "cy", giveProxy(f, t, "ada")); err == nil {
		t.Error("gave a proxy beyond the holder's limit")
	}
	f.now = meetT0
	if err := m.Start(v); err != nil {
		t.Fatal(err)
	}
	if err := f.onCopy(t, m, "ben", func(q *Meeting) error { return q.RevokeProxy(v) }); !errors.Is(err, ErrClosed) {
		t.Errorf("withdrew a proxy after the start: %v", err)
	}
	if err := f.onCopy(t, m, "dee", giveProxy(f, t, "cy")); !errors.Is(err, ErrClosed) {
		t.Errorf("gave a proxy after the start: %v", err)
	}
}
