//go:build ignore

// gen_icons draws the placeholder tray icons in tray/: a filled circle per state, 22×22 and
// 44×44 (HiDPI). Another issue designs the final set. Run: go generate ./assets
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"os"
)

// icons maps each state to its disc colour and whether it has a centre dot.
var icons = map[string]struct {
	fill color.RGBA
	dot  bool
}{
	"signed-out": {color.RGBA{0x9e, 0x9e, 0x9e, 0xff}, false},
	"signed-in":  {color.RGBA{0x0b, 0x5c, 0xff, 0xff}, false},
	"soon":       {color.RGBA{0x2e, 0xb8, 0x4b, 0xff}, true},
	"attention":  {color.RGBA{0xe6, 0x8a, 0x00, 0xff}, true},
}

func main() {
	for name, ic := range icons {
		for _, size := range []int{22, 44} {
			if err := write(fmt.Sprintf("tray/%s-%d.png", name, size), draw(size, ic.fill, ic.dot)); err != nil {
				log.Fatal(err)
			}
		}
	}
}

// draw paints a disc of fill, with a white centre dot when dot is set.
func draw(size int, fill color.RGBA, dot bool) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	c := float64(size-1) / 2
	r, rd := float64(size)/2-1, float64(size)/6
	for y := range size {
		for x := range size {
			d := (float64(x)-c)*(float64(x)-c) + (float64(y)-c)*(float64(y)-c)
			switch {
			case dot && d <= rd*rd:
				img.Set(x, y, color.White)
			case d <= r*r:
				img.Set(x, y, fill)
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
