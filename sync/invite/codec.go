package invite

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

// Encode turns an invite into its one-line code.
func (inv Invite) Encode() (string, error) {
	if err := inv.validate(); err != nil {
		return "", err
	}
	var b []byte
	b = appendField(b, []byte(inv.Coop))
	b = appendField(b, []byte(inv.CoopName))
	b = appendField(b, []byte(inv.Inviter))
	b = binary.AppendUvarint(b, uint64(len(inv.Addrs)))
	for _, a := range inv.Addrs {
		b = appendField(b, a.Bytes())
	}
	b = append(b, inv.Secret[:]...)
	b = binary.AppendUvarint(b, uint64(inv.Expires.Unix()))
	sum := sha256.Sum256(b)
	b = append(b, sum[:checksumBytes]...)
	return Prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

func appendField(b, field []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(field)))
	return append(b, field...)
}

// Parse reads a code made by Encode. It does not check the expiry (see
// CheckExpiry), so an expired code can still be shown to say whose it was.
// Surrounding spaces and line breaks (as left by copy and paste) are ignored.
func Parse(code string) (Invite, error) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) > maxCodeLen {
		return Invite{}, fmt.Errorf("code is %d characters, far longer than any invite: %w", len(code), ErrMalformed)
	}
	if !strings.HasPrefix(code, Prefix) {
		if strings.HasPrefix(code, "mutual") && strings.Contains(code, ":") {
			return Invite{}, fmt.Errorf("code starts with %q: %w", code[:strings.Index(code, ":")+1], ErrNewerVersion)
		}
		return Invite{}, fmt.Errorf("code does not start with %q: %w", Prefix, ErrMalformed)
	}
	raw, err := base64.RawURLEncoding.DecodeString(code[len(Prefix):])
	if err != nil {
		return Invite{}, fmt.Errorf("code is not valid base64url: %w", ErrMalformed)
	}
	if len(raw) <= checksumBytes {
		return Invite{}, fmt.Errorf("code is too short: %w", ErrMalformed)
	}
	body, check := raw[:len(raw)-checksumBytes], raw[len(raw)-checksumBytes:]
	sum := sha256.Sum256(body)
	if !bytes.Equal(sum[:checksumBytes], check) {
		return Invite{}, fmt.Errorf("checksum does not match (mistyped or cut short?): %w", ErrMalformed)
	}
	inv, err := decode(body)
	if err != nil {
		return Invite{}, err
	}
	if err := inv.validate(); err != nil {
		return Invite{}, err
	}
	return inv, nil
}

func decode(b []byte) (Invite, error) {
	d := decoder{b: b}
	var inv Invite
	inv.Coop = string(d.field(64))
	inv.CoopName = string(d.field(maxCoopName))
	pid := d.field(128)
	n := d.uvarint()
	if d.err == nil && n > maxAddrs {
		d.err = fmt.Errorf("%d addresses: %w", n, ErrMalformed)
	}
	for i := uint64(0); d.err == nil && i < n; i++ {
		a, err := ma.NewMultiaddrBytes(d.field(maxAddrLen))
		if err != nil && d.err == nil {
			d.err = fmt.Errorf("address %d: %w", i+1, ErrMalformed)
		}
		inv.Addrs = append(inv.Addrs, a)
	}
	copy(inv.Secret[:], d.take(SecretSize))
	exp := d.uvarint()
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%d unexpected bytes after the expiry: %w", len(d.b), ErrMalformed)
	}
	if d.err != nil {
		return Invite{}, d.err
	}
	id, err := peer.IDFromBytes(pid)
	if err != nil {
		return Invite{}, fmt.Errorf("inviter peer ID: %w", ErrMalformed)
	}
	inv.Inviter = id
	if exp == 0 || exp > 1<<40 {
		return Invite{}, fmt.Errorf("expiry %d out of range: %w", exp, ErrMalformed)
	}
	inv.Expires = time.Unix(int64(exp), 0)
	return inv, nil
}

// decoder reads fields, remembering the first error so callers check once.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = fmt.Errorf("truncated number: %w", ErrMalformed)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if len(d.b) < n {
		d.err = fmt.Errorf("truncated field: %w", ErrMalformed)
		return nil
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) field(limit int) []byte {
	n := d.uvarint()
	if d.err == nil && n > uint64(limit) {
		d.err = fmt.Errorf("field of %d bytes, limit %d: %w", n, limit, ErrMalformed)
	}
	return d.take(int(n))
}
