package invite

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

func testInvite(t testing.TB) Invite {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sk, err := crypto.UnmarshalEd25519PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := peer.IDFromPrivateKey(sk)
	if err != nil {
		t.Fatal(err)
	}
	addrs := []ma.Multiaddr{
		ma.StringCast("/ip4/127.0.0.1/tcp/4001"),
		ma.StringCast("/ip4/127.0.0.1/udp/4001/quic-v1"),
	}
	inv, err := New(testCoopID(t), "Bread & Roses Co-op", pid, addrs, DefaultTTL, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func TestRoundTrip(t *testing.T) {
	inv := testInvite(t)
	code, err := inv.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(code, Prefix) || strings.ContainsAny(code, " \n\t") {
		t.Fatalf("code %q is not one prefixed line", code)
	}
	got, err := Parse("  " + code[:20] + "\n" + code[20:] + "\n")
	if err != nil {
		t.Fatalf("parse own code: %v", err)
	}
	if got.Coop != inv.Coop || got.CoopName != inv.CoopName || got.Inviter != inv.Inviter ||
		got.Secret != inv.Secret || !got.Expires.Equal(inv.Expires) || len(got.Addrs) != len(inv.Addrs) {
		t.Fatalf("round trip changed the invite:\n got %+v\nwant %+v", got, inv)
	}
	for i := range got.Addrs {
		if !got.Addrs[i].Equal(inv.Addrs[i]) {
			t.Errorf("address %d: got %s want %s", i, got.Addrs[i], inv.Addrs[i])
		}
	}
	if got.ID() != inv.ID() || got.ID() == "" {
		t.Errorf("ID changed: %q vs %q", got.ID(), inv.ID())
	}
}

func TestIDAndHashHideTheSecret(t *testing.T) {
	inv := testInvite(t)
	other := testInvite(t)
	if inv.ID() == other.ID() || SecretHash(inv.Secret[:]) == SecretHash(other.Secret[:]) {
		t.Fatal("different secrets gave the same ID or hash")
	}
	if strings.Contains(SecretHash(inv.Secret[:]), inv.ID()) {
		t.Fatal("the hash contains the ID: they must be independent")
	}
}

func TestExpiry(t *testing.T) {
	inv := testInvite(t)
	if err := inv.CheckExpiry(time.Now()); err != nil {
		t.Fatalf("fresh invite: %v", err)
	}
	err := inv.CheckExpiry(time.Now().Add(DefaultTTL + time.Minute))
	if !errors.Is(err, ErrExpired) {
		t.Fatalf("after its lifetime: got %v, want ErrExpired", err)
	}
	if _, err := New(inv.Coop, "x", inv.Inviter, inv.Addrs, 0, time.Now()); !errors.Is(err, ErrMalformed) {
		t.Fatalf("zero lifetime: got %v", err)
	}
}

func TestMalformedCodes(t *testing.T) {
	inv := testInvite(t)
	code, err := inv.Encode()
	if err != nil {
		t.Fatal(err)
	}
	flip := []byte(code)
	i := len(Prefix) + 10
	if flip[i] == 'A' {
		flip[i] = 'B'
	} else {
		flip[i] = 'A'
	}
	cases := map[string]string{
		"empty":          "",
		"no prefix":      code[len(Prefix):],
		"other program":  "hello world",
		"bad base64":     Prefix + "!!!!",
		"too short":      Prefix + "AAAA",
		"truncated":      code[:len(code)-6],
		"one char wrong": string(flip),
		"huge":           Prefix + strings.Repeat("A", 10000),
	}
	for name, c := range cases {
		if _, err := Parse(c); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", name, err)
		}
	}
	if _, err := Parse("mutual2:" + code[len(Prefix):]); !errors.Is(err, ErrNewerVersion) {
		t.Errorf("newer version: got %v", err)
	}
}

func TestInvalidFieldsRefusedWhenEncoding(t *testing.T) {
	base := testInvite(t)
	bad := []func(*Invite){
		func(i *Invite) { i.Coop = "not-an-id" },
		func(i *Invite) { i.CoopName = " " },
		func(i *Invite) { i.Addrs = nil },
		func(i *Invite) { i.Inviter = "" },
		func(i *Invite) { i.Expires = time.Time{} },
	}
	for n, mutate := range bad {
		inv := base
		mutate(&inv)
		if _, err := inv.Encode(); !errors.Is(err, ErrMalformed) {
			t.Errorf("case %d: got %v, want ErrMalformed", n, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	code, err := testInvite(f).Encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(code)
	f.Add(Prefix)
	f.Add(Prefix + "AAAAAAAAAAAAAAAAAAAA")
	f.Fuzz(func(t *testing.T, s string) {
		inv, err := Parse(s)
		if err != nil {
			return
		}
		// Anything accepted must encode back to a code that parses the same.
		again, err := inv.Encode()
		if err != nil {
			t.Fatalf("accepted invite does not re-encode: %v", err)
		}
		if _, err := Parse(again); err != nil {
			t.Fatalf("re-encoded code does not parse: %v", err)
		}
	})
}

// testCoopID makes a random ID of the crdt.NewID shape.
func testCoopID(t testing.TB) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return idEncoding.EncodeToString(b[:])
}
