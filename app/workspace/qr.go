package workspace

import (
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// QRCode renders text (an invite code) as a PNG of about size pixels, so a
// member at a meeting can scan it from the inviter's screen.
func QRCode(text string, size int) ([]byte, error) {
	png, err := qrcode.Encode(text, qrcode.Medium, size)
	if err != nil {
		return nil, fmt.Errorf("QR code: %w", err)
	}
	return png, nil
}
