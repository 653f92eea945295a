//go:build ignore

// gen_icons draws zoomtray's icons: the app icon icon.png (512×512: a white video-camera
// glyph resting on a tray bar, on a rounded blue square) and one tray icon per state in
// tray/<state>-<size>.png at 16, 22, 24, 32 and 44 px. Each size is drawn at that size with
// its geometry snapped to whole pixels, so straight edges are crisp, and anti-aliased by
// 8×8 supersampling, so the rounded corners and the lens's slopes are smooth; nothing is
// downscaled. Run: go generate ./assets
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

// sizes are the tray icon sizes: 16 (Windows 100 %), 22 and 24 (Linux panels), 32
// (Windows 200 %), 44 (HiDPI panels).
var sizes = []int{16, 22, 24, 32, 44}

// Colours.
var (
	grey  = color.RGBA{0x8a, 0x8f, 0x98, 0xff}
	blue  = color.RGBA{0x2d, 0x7d, 0xf6, 0xff}
	green = color.RGBA{0x22, 0xa8, 0x4a, 0xff}
	amber = color.RGBA{0xe8, 0x8a, 0x00, 0xff}
	white = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// shape reports whether the point (x, y), in pixels, is inside.
type shape func(x, y float64) bool

// layer is a shape painted in a colour, or in grad's colour at each pixel when set.
type layer struct {
	in   shape
	c    color.RGBA
	grad func(x, y float64) color.RGBA
}

func main() {
	states := map[string]func(s int) []layer{
		"signed-out": func(s int) []layer { return camera(s, grey, true, "") },
		"signed-in":  func(s int) []layer { return camera(s, blue, false, "") },
		"soon":       func(s int) []layer { return camera(s, green, false, "dot") },
		"attention":  func(s int) []layer { return camera(s, amber, false, "bang") },
	}
	for name, draw := range states {
		for _, s := range sizes {
			if err := write(fmt.Sprintf("tray/%s-%d.png", name, s), paint(s, draw(s))); err != nil {
				log.Fatal(err)
			}
		}
	}
	if err := write("icon.png", paint(512, appIcon(512))); err != nil {
		log.Fatal(err)
	}
}

// glyph is the camera's geometry at size s, in whole pixels.
type glyph struct {
	x0, y0, x1, y1, r float64 // the body, a rounded rectangle
	lx0, lx1, lh      float64 // the lens: from lx0 to lx1, half height lh at lx0
}

// cameraGlyph places the camera in the box [ox, ox+w) × [oy, oy+h).
func cameraGlyph(ox, oy, w, h float64) glyph {
	bodyH := math.Round(h * 0.62)
	y0 := oy + math.Round((h-bodyH)/2)
	g := glyph{x0: ox, y0: y0, x1: ox + math.Round(w*0.66), y1: y0 + bodyH}
	g.r = math.Max(1, math.Round(bodyH*0.22))
	g.lx0 = g.x1 + math.Max(1, math.Round(w*0.05))
	g.lx1 = ox + w
	g.lh = math.Max(1, math.Round(bodyH*0.2))
	return g
}

// camera is a tray icon: the glyph in fill, hollow when outline, with a white badge in
// the body ("dot": a meeting is near or live; "bang": needs attention).
func camera(s int, fill color.RGBA, outline bool, badge string) []layer {
	m := math.Max(1, math.Round(float64(s)/16))
	g := cameraGlyph(m, m, float64(s)-2*m, float64(s)-2*m)
	body := roundRect(g.x0, g.y0, g.x1, g.y1, g.r)
	ls := []layer{{in: lens(g), c: fill}}
	if outline {
		w := math.Max(1, math.Round(float64(s)/11))
		inner := roundRect(g.x0+w, g.y0+w, g.x1-w, g.y1-w, math.Max(0, g.r-w))
		ls = append(ls, layer{in: func(x, y float64) bool { return body(x, y) && !inner(x, y) }, c: fill})
		return ls
	}
	ls = append(ls, layer{in: body, c: fill})
	cx, cy := math.Round((g.x0+g.x1)/2), math.Round((g.y0+g.y1)/2)
	bw := math.Max(2, math.Round(float64(s)/8)) // badge stroke, even for a centred bar
	switch badge {
	case "dot":
		rad := math.Max(2, math.Round(float64(s)*0.14))
		ls = append(ls, layer{in: circle(cx, cy, rad), c: white})
	case "bang":
		top, bottom := g.y0+math.Max(1, math.Round(float64(s)/16)), g.y1-math.Max(1, math.Round(float64(s)/16))
		dot := bottom - bw
		left := cx - math.Floor(bw/2) // whole pixels, whatever the parity of bw
		ls = append(ls, layer{in: rect(left, top, left+bw, dot-math.Max(1, math.Round(bw/2))), c: white},
			layer{in: rect(left, dot, left+bw, bottom), c: white})
	}
	return ls
}

// appIcon is the 512 px app icon: a rounded square with a vertical blue gradient, the
// white camera, and a translucent tray bar under it.
func appIcon(s int) []layer {
	f := float64(s)
	bg := roundRect(0, 0, f, f, math.Round(f*0.22))
	g := cameraGlyph(math.Round(f*0.2), math.Round(f*0.2), math.Round(f*0.6), math.Round(f*0.5))
	bar := roundRect(math.Round(f*0.2), math.Round(f*0.74), math.Round(f*0.8), math.Round(f*0.8), math.Round(f*0.03))
	top, bottom := color.RGBA{0x3b, 0x8b, 0xfa, 0xff}, color.RGBA{0x1a, 0x4f, 0xc8, 0xff}
	return []layer{
		{in: bg, grad: func(_, y float64) color.RGBA { return mix(top, bottom, y/f) }},
		{in: lens(g), c: white},
		{in: roundRect(g.x0, g.y0, g.x1, g.y1, g.r), c: white},
		{in: bar, c: color.RGBA{0xff, 0xff, 0xff, 0xb0}},
	}
}

// mix is the colour t of the way from a to b.
func mix(a, b color.RGBA, t float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + t*(float64(y)-float64(x)))) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), m(a.A, b.A)}
}

// lens is the camera's lens: a trapezoid growing from half height lh at lx0 to the body's
// full height at lx1.
func lens(g glyph) shape {
	cy := (g.y0 + g.y1) / 2
	full := (g.y1 - g.y0) / 2
	return func(x, y float64) bool {
		if x < g.lx0 || x >= g.lx1 {
			return false
		}
		t := (x - g.lx0) / (g.lx1 - g.lx0)
		h := g.lh + t*(full-g.lh)
		return math.Abs(y-cy) < h
	}
}

// rect is the axis-aligned rectangle [x0, x1) × [y0, y1).
func rect(x0, y0, x1, y1 float64) shape {
	return func(x, y float64) bool { return x >= x0 && x < x1 && y >= y0 && y < y1 }
}

// roundRect is a rectangle with corners of radius r: a point is inside when its distance
// to the rectangle shrunk by r is at most r.
func roundRect(x0, y0, x1, y1, r float64) shape {
	return func(x, y float64) bool {
		if x < x0 || x >= x1 || y < y0 || y >= y1 {
			return false
		}
		dx := x - math.Max(x0+r, math.Min(x, x1-r))
		dy := y - math.Max(y0+r, math.Min(y, y1-r))
		return dx*dx+dy*dy <= r*r
	}
}

// circle is the disc of radius r around (cx, cy).
func circle(cx, cy, r float64) shape {
	return func(x, y float64) bool { return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r }
}

// paint renders the layers at s×s with 8×8 samples per pixel, each layer over the ones
// before (premultiplied "over").
func paint(s int, layers []layer) *image.NRGBA {
	const n = 8
	img := image.NewNRGBA(image.Rect(0, 0, s, s))
	for py := range s {
		for px := range s {
			var r, g, b, a float64
			for _, l := range layers {
				c := l.c
				if l.grad != nil {
					c = l.grad(float64(px)+0.5, float64(py)+0.5)
				}
				hits := 0
				for sy := range n {
					for sx := range n {
						if l.in(float64(px)+(float64(sx)+0.5)/n, float64(py)+(float64(sy)+0.5)/n) {
							hits++
						}
					}
				}
				cov := float64(hits) / (n * n) * float64(c.A) / 255
				r = float64(c.R)/255*cov + r*(1-cov)
				g = float64(c.G)/255*cov + g*(1-cov)
				b = float64(c.B)/255*cov + b*(1-cov)
				a = cov + a*(1-cov)
			}
			if a > 0 {
				img.SetNRGBA(px, py, color.NRGBA{uint8(math.Round(r / a * 255)), uint8(math.Round(g / a * 255)),
					uint8(math.Round(b / a * 255)), uint8(math.Round(a * 255))})
			}
		}
	}
	return img
}

func write(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
