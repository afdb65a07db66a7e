package main

import (
	"bytes"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

// photo writes one small photo of scene into dir/calle/foto.jpg with the
// metadata of the imaging package's phone photo and returns its bytes.
func photo(t *testing.T, dir, scene string, w, h, orient int) []byte {
	t.Helper()
	src, err := os.ReadFile("../../internal/imaging/testdata/phone.jpg")
	if err != nil {
		t.Fatal(err)
	}
	segs, err := metadataSegments(src, orient)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "calle", "foto.jpg")
	if err := write(name, scene, segs, w, h, 90, 0, orient); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSameBytes: the example site's photos are committed, so running
// the generator again must give the same files.
func TestSameBytes(t *testing.T) {
	a := photo(t, t.TempDir(), "feria", 200, 150, 1)
	b := photo(t, t.TempDir(), "feria", 200, 150, 1)
	if !bytes.Equal(a, b) {
		t.Error("two runs wrote different bytes")
	}
}

// TestStoredTurned: with Orientation 6 the pixels are stored turned a
// quarter to the left, so that a viewer turning them right shows the
// same upright picture as a photo stored upright.
func TestStoredTurned(t *testing.T) {
	upright := decode(t, photo(t, t.TempDir(), "juegos", 120, 160, 1))
	stored := decode(t, photo(t, t.TempDir(), "juegos", 160, 120, 6))
	if b := stored.Bounds(); b.Dx() != 160 || b.Dy() != 120 {
		t.Fatalf("stored %v, want 160×120", b)
	}
	var diff, n int
	for y := range 160 {
		for x := range 120 {
			// Turning right puts the stored pixel (sx, sy) at (119−sy, sx).
			a := upright.YCbCrAt(x, y).Y
			b := stored.YCbCrAt(y, 119-x).Y
			diff += abs(int(a) - int(b))
			n++
		}
	}
	if mean := float64(diff) / float64(n); mean > 4 {
		t.Errorf("the turned photo differs from the upright one by %.1f levels on average", mean)
	}
}

// TestThumbnail: the EXIF thumbnail is a small picture of the photo
// itself (stored as the photo is), not the one of the metadata source.
func TestThumbnail(t *testing.T) {
	b := photo(t, t.TempDir(), "concierto", 320, 240, 6)
	i := bytes.Index(b[4:], []byte{0xff, 0xd8, 0xff}) // the thumbnail's SOI, inside APP1
	if i < 0 {
		t.Fatal("no thumbnail")
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(b[4+i:]))
	if err != nil || cfg.Width != 160 || cfg.Height != 120 {
		t.Errorf("thumbnail: %v %d×%d, want 160×120", err, cfg.Width, cfg.Height)
	}
}

func decode(t *testing.T, b []byte) *image.YCbCr {
	t.Helper()
	m, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return m.(*image.YCbCr)
}

func abs(v int) int { return max(v, -v) }
