package server

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
)

// Icon colours: the app's theme colour and white.
var (
	iconTeal  = color.NRGBA{0x0b, 0x5c, 0x6b, 0xff}
	iconWhite = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

// IconSVG is the vector icon; the PNGs below draw the same shape.
const IconSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">` +
	`<rect width="512" height="512" rx="96" fill="#0b5c6b"/>` +
	`<path d="M208 112h96v96h96v96h-96v96h-96v-96h-96v-96h96z" fill="#fff"/></svg>`

// Icons returns the app's icons by file name: local files, so installing
// and opening the app never needs another origin.
func Icons() map[string][]byte {
	out := map[string][]byte{"icon.svg": []byte(IconSVG)}
	out["icon-192.png"] = drawIcon(192, false)
	out["icon-512.png"] = drawIcon(512, false)
	out["maskable-512.png"] = drawIcon(512, true)
	return out
}

// WriteIcons writes Icons into dir.
func WriteIcons(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, b := range Icons() {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// drawIcon draws a white cross on a teal square. A maskable icon fills the
// whole square and keeps the cross inside the central safe zone (80%); the
// plain one has rounded corners.
func drawIcon(size int, maskable bool) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	s := float64(size) / 512
	r := 96 * s
	scale := 1.0
	if maskable {
		r, scale = 0, 0.8
	}
	in := func(x, y float64, x0, y0, x1, y1 float64) bool { return x >= x0 && x < x1 && y >= y0 && y < y1 }
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			x, y := float64(px)+0.5, float64(py)+0.5
			if !insideRounded(x, y, float64(size), r) {
				continue
			}
			img.SetNRGBA(px, py, iconTeal)
			// the cross, in the 512 grid, scaled around the centre
			cx := (x/s-256)/scale + 256
			cy := (y/s-256)/scale + 256
			if in(cx, cy, 208, 112, 304, 400) || in(cx, cy, 112, 208, 400, 304) {
				img.SetNRGBA(px, py, iconWhite)
			}
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func insideRounded(x, y, size, r float64) bool {
	if r == 0 {
		return true
	}
	cx := min(max(x, r), size-r)
	cy := min(max(y, r), size-r)
	dx, dy := x-cx, y-cy
	return dx*dx+dy*dy <= r*r
}
