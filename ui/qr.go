package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/zoomtray/zoomtray/service"
)

// newQRImage returns an empty image px pixels square for a QR code; fastest scaling keeps
// the modules crisp, with no smoothing.
func newQRImage(px int) *canvas.Image {
	img := canvas.NewImageFromImage(nil)
	img.ScaleMode = canvas.ImageScaleFastest
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(float32(px)))
	return img
}

// showQR draws into img the QR code of the device flow's verification_uri_complete
// (RFC 8628 section 3.3.1), or of verification_uri when Zoom sends no complete one, and
// returns the encoded link (UI goroutine).
func showQR(img *canvas.Image, ev service.LoginEvent, px int) string {
	uri := ev.VerificationURIComplete
	if uri == "" {
		uri = ev.VerificationURI
	}
	if q, err := qrcode.New(uri, qrcode.Medium); err == nil {
		img.Image = q.Image(px)
		img.Refresh()
	}
	return uri
}
