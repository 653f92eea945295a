package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// appTheme is zoomtray's look, decided once here and used by every screen: one accent (Zoom's
// blue, lighter on dark backgrounds so it keeps its contrast), calm neutral surfaces, a
// type scale of four sizes (caption, body, section, title), and a spacing unit a little
// wider than Fyne's default so rows breathe. Light and dark follow the system: Fyne passes
// the desktop's variant (or FYNE_THEME=light|dark) to Color, and fonts and icons stay
// Fyne's own.
type appTheme struct{}

var _ fyne.Theme = appTheme{}

// Type scale and spacing, in Fyne's device-independent units.
const (
	sizeCaption = 12
	sizeBody    = 14
	sizeSection = 17
	sizeTitle   = 22
	// sizePadding is the spacing unit between neighbouring elements.
	sizePadding = 6
	// sizeInner is the space inside buttons and entries around their text.
	sizeInner = 10
)

// palette is one variant's colours.
type palette struct {
	accent, onAccent, background, surface, input, button, hover, separator,
	foreground, muted, disabled, live, danger, warning color.Color
}

var (
	light = palette{
		accent: rgb(0x0B, 0x5C, 0xFF), onAccent: rgb(0xFF, 0xFF, 0xFF),
		background: rgb(0xF6, 0xF7, 0xF9), surface: rgb(0xFF, 0xFF, 0xFF),
		input: rgb(0xFF, 0xFF, 0xFF), button: rgb(0xE6, 0xE9, 0xEE),
		hover: rgba(0x0B, 0x5C, 0xFF, 0x1A), separator: rgb(0xDD, 0xE1, 0xE6),
		foreground: rgb(0x1D, 0x21, 0x27), muted: rgb(0x5B, 0x63, 0x6E),
		disabled: rgb(0x86, 0x8D, 0x97), live: rgb(0x13, 0x8A, 0x4B),
		danger: rgb(0xC5, 0x22, 0x1F), warning: rgb(0xB2, 0x6B, 0x00),
	}
	dark = palette{
		accent: rgb(0x5B, 0x8F, 0xFF), onAccent: rgb(0xFF, 0xFF, 0xFF),
		background: rgb(0x1A, 0x1C, 0x20), surface: rgb(0x23, 0x26, 0x2B),
		input: rgb(0x23, 0x26, 0x2B), button: rgb(0x30, 0x34, 0x3B),
		hover: rgba(0x5B, 0x8F, 0xFF, 0x26), separator: rgb(0x34, 0x38, 0x3F),
		foreground: rgb(0xE9, 0xEB, 0xEE), muted: rgb(0xA4, 0xAB, 0xB5),
		disabled: rgb(0x80, 0x87, 0x91), live: rgb(0x3D, 0xD6, 0x8C),
		danger: rgb(0xFF, 0x6B, 0x61), warning: rgb(0xF2, 0xB1, 0x4C),
	}
)

func rgb(r, g, b uint8) color.Color     { return color.NRGBA{R: r, G: g, B: b, A: 0xFF} }
func rgba(r, g, b, a uint8) color.Color { return color.NRGBA{R: r, G: g, B: b, A: a} }
func paletteFor(v fyne.ThemeVariant) palette {
	if v == theme.VariantLight {
		return light
	}
	return dark
}

// Color returns the colour of name in variant v; names the theme does not decide come
// from Fyne's default theme.
func (appTheme) Color(name fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	p := paletteFor(v)
	switch name {
	case theme.ColorNamePrimary, theme.ColorNameFocus, theme.ColorNameHyperlink:
		return p.accent
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError,
		theme.ColorNameForegroundOnSuccess:
		return p.onAccent
	case theme.ColorNameBackground:
		return p.background
	case theme.ColorNameInputBackground, theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground:
		return p.input
	case theme.ColorNameHeaderBackground:
		return p.surface
	case theme.ColorNameButton:
		return p.button
	case theme.ColorNameHover, theme.ColorNameSelection:
		return p.hover
	case theme.ColorNameSeparator, theme.ColorNameInputBorder:
		return p.separator
	case theme.ColorNameForeground:
		return p.foreground
	case theme.ColorNamePlaceHolder:
		return p.muted
	case theme.ColorNameDisabled:
		return p.disabled
	case theme.ColorNameSuccess:
		return p.live
	case theme.ColorNameError:
		return p.danger
	case theme.ColorNameWarning:
		return p.warning
	}
	return theme.DefaultTheme().Color(name, v)
}

// Size returns the size of name: the type scale and spacing above, else Fyne's default.
func (appTheme) Size(name fyne.ThemeSizeName) float32 {
	switch name {
	case theme.SizeNameCaptionText:
		return sizeCaption
	case theme.SizeNameText:
		return sizeBody
	case theme.SizeNameSubHeadingText:
		return sizeSection
	case theme.SizeNameHeadingText:
		return sizeTitle
	case theme.SizeNamePadding:
		return sizePadding
	case theme.SizeNameInnerPadding:
		return sizeInner
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 6
	}
	return theme.DefaultTheme().Size(name)
}

// Font is Fyne's font.
func (appTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon is Fyne's icon.
func (appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// title is a screen's title, the largest size of the type scale.
func title(t string) *widget.Label {
	l := widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameHeadingText
	return l
}

// heading is a section heading within a screen (Today, With your phone).
func heading(t string) *widget.Label {
	l := widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// caption is small, muted explanatory text that wraps.
func caption(t string) *widget.Label {
	l := widget.NewLabel(t)
	l.SizeName = theme.SizeNameCaptionText
	l.Importance = widget.LowImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}

// paragraph is body text that wraps at the width it is given.
func paragraph(t string) *widget.Label {
	l := widget.NewLabel(t)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// spacer is an empty area of size: it keeps a column's place in a row where the column
// has nothing (Start on a meeting the user does not host).
func spacer(size fyne.Size) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(size)
	return r
}

// fixedWidth gives o exactly width, so the columns of rows built apart line up.
func fixedWidth(width float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(fixedWidthLayout{width}, o)
}

// fixedWidthLayout is the layout of fixedWidth.
type fixedWidthLayout struct{ width float32 }

func (l fixedWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.width, h)
}

func (l fixedWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// kioskTheme is Theme for a touch screen read at arm's length: button and label text at
// 22 instead of 14, roomier buttons, and a red for Sign out dark enough for its white
// text in both variants (contrast above 4.5:1), and so is the blue of Start.
type kioskTheme struct{ appTheme }

// kioskRed is the kiosk's danger colour: white on it has a contrast of about 5.6:1.
var kioskRed = rgb(0xC6, 0x28, 0x28)

func (t kioskTheme) Color(name fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch name {
	case theme.ColorNameError:
		return kioskRed
	case theme.ColorNamePrimary: // the light variant's deeper blue: white on it is 5.6:1
		return light.accent
	}
	return t.appTheme.Color(name, v)
}

func (t kioskTheme) Size(name fyne.ThemeSizeName) float32 {
	switch name {
	case theme.SizeNameText:
		return 22
	case theme.SizeNameInnerPadding:
		return 14
	case theme.SizeNameInlineIcon:
		return 28
	}
	return t.appTheme.Size(name)
}
