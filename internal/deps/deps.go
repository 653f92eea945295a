//go:build tools

package deps

import (
	_ "fyne.io/fyne/v2/app"
	_ "fyne.io/systray"
	_ "github.com/getkin/kin-openapi/openapi3filter"
	_ "github.com/gofrs/flock"
	_ "github.com/pkg/browser"
	_ "github.com/skip2/go-qrcode"
	_ "github.com/zalando/go-keyring"
	_ "golang.org/x/oauth2"
)
