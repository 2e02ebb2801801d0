package storage

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// Value envelope: [version][CRC-32C of payload, big-endian][payload].
const (
	valueVersion   byte = 1
	valueHeaderLen int  = 5
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func encodeValue(payload []byte) []byte {
	out := make([]byte, valueHeaderLen, valueHeaderLen+len(payload))
	out[0] = valueVersion
	binary.BigEndian.PutUint32(out[1:], crc32.Checksum(payload, castagnoli))
	return append(out, payload...)
}

// decodeValue checks the envelope and returns the payload, which aliases raw.
func decodeValue(key, raw []byte) ([]byte, error) {
	if len(raw) < valueHeaderLen {
		return nil, corruptf(key, "value is %d bytes, shorter than its header", len(raw))
	}
	if raw[0] != valueVersion {
		return nil, corruptf(key, "unknown value format version %d", raw[0])
	}
	payload := raw[valueHeaderLen:]
	if want, got := binary.BigEndian.Uint32(raw[1:]), crc32.Checksum(payload, castagnoli); want != got {
		return nil, corruptf(key, "checksum mismatch (stored %08x, computed %08x)", want, got)
	}
	return payload, nil
}

func corruptf(key []byte, format string, args ...any) error {
	return fmt.Errorf("storage: key %q: %w: %s", key, ErrCorrupt, fmt.Sprintf(format, args...))
}
