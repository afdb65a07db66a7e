// Command photos writes photos like a phone's, for the example site and
// the image benchmark: a scene drawn in perspective (sky with fractal
// clouds, the Andes, buildings, trees, paving and lawns, people, stalls,
// a stage), lens vignetting, a blurred far plane and sensor noise, so
// that they look and compress like real photos, each with the metadata
// exiftool wrote into internal/imaging/testdata/phone.jpg (GPS position,
// make, model, the photographer's name, XMP, IPTC, an ICC profile), a
// thumbnail of the photo itself and the EXIF orientation asked for:
// with 5 to 8 the pixels are stored turned, as a phone held upright
// stores them.
//
//	go run ./bench/photos [-w 4000] [-h 3000] [-q 92] [-noise 24] [-orientation 1] [-scene auto] FILE.jpg…
//
// -w and -h are the stored size (as the sensor sees it). -scene is one
// of plaza, vecinos, juegos, feria, concierto, or auto (chosen by the
// file's name). -meta ” writes no metadata (a photo already edited).
// Each file's picture depends only on its name, its folder's name and
// the flags: the same command writes the same bytes. The example site's
// photos are made by bench/photos/example.sh.
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/fnv"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

func main() {
	w := flag.Int("w", 4000, "ancho en píxeles, como lo guarda el sensor")
	h := flag.Int("h", 3000, "alto en píxeles")
	q := flag.Int("q", 92, "calidad JPEG (los teléfonos usan 90 a 95)")
	noise := flag.Int("noise", 24, "amplitud del ruido del sensor (0 a 60)")
	orient := flag.Int("orientation", 1, "orientación EXIF (1 a 8; 6 = foto vertical de un teléfono)")
	meta := flag.String("meta", "internal/imaging/testdata/phone.jpg", "JPEG de donde se copian los metadatos ('' = sin metadatos)")
	sceneFlag := flag.String("scene", "auto", "escena: auto, "+strings.Join(sceneNames, ", "))
	flag.Parse()
	if _, ok := scenes[*sceneFlag]; !ok && *sceneFlag != "auto" {
		fmt.Fprintf(os.Stderr, "escena desconocida %q: use auto, %s\n", *sceneFlag, strings.Join(sceneNames, ", "))
		os.Exit(2)
	}
	if *orient < 1 || *orient > 8 {
		fmt.Fprintln(os.Stderr, "-orientation va de 1 a 8")
		os.Exit(2)
	}
	var segs []byte
	if *meta != "" {
		src, err := os.ReadFile(*meta)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if segs, err = metadataSegments(src, *orient); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	files := flag.Args()
	var wg sync.WaitGroup
	next := make(chan string)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range next {
				if err := write(name, *sceneFlag, segs, *w, *h, *q, *noise, *orient); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
}

func write(name, sceneName string, segs []byte, w, h, q, noise, orient int) error {
	hs := fnv.New64a()
	// The folder and the name: every release's foto.jpg differs.
	hs.Write([]byte(filepath.Join(filepath.Base(filepath.Dir(name)), filepath.Base(name))))
	r := rand.New(rand.NewPCG(hs.Sum64(), 1))
	if sceneName == "auto" {
		sceneName = sceneNames[r.IntN(len(sceneNames))]
	}
	m := develop(sceneName, r, w, h, noise, orient)
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: q}); err != nil {
		return err
	}
	pix := b.Bytes()
	if segs != nil {
		var err error
		if segs, err = withThumbnail(segs, m); err != nil {
			return err
		}
	}
	out := append([]byte{0xff, 0xd8}, segs...)
	out = append(out, pix[2:]...) // the photo's own segments after SOI
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, out, 0o644)
}

// metadataSegments returns the APPn and COM segments of a JPEG (all of
// its segments before the first quantisation table) with its EXIF
// orientation set to o.
func metadataSegments(src []byte, o int) ([]byte, error) {
	var out []byte
	for i := 2; i+4 <= len(src); {
		m := src[i+1]
		n := int(binary.BigEndian.Uint16(src[i+2:]))
		if m == 0xdb || m == 0xc0 || m == 0xda {
			return out, nil
		}
		seg := append([]byte(nil), src[i:i+2+n]...)
		if m == 0xe1 && bytes.HasPrefix(seg[4:], []byte("Exif\x00\x00")) {
			setOrientation(seg[10:], o)
		}
		out = append(out, seg...)
		i += 2 + n
	}
	return nil, fmt.Errorf("no es un JPEG completo")
}

// setOrientation rewrites tag 0x0112 of IFD0 of the TIFF structure t.
func setOrientation(t []byte, o int) {
	var bo binary.ByteOrder = binary.BigEndian
	if string(t[:2]) == "II" {
		bo = binary.LittleEndian
	}
	ifd := int(bo.Uint32(t[4:]))
	for k := range int(bo.Uint16(t[ifd:])) {
		e := ifd + 2 + 12*k
		if bo.Uint16(t[e:]) == 0x0112 {
			bo.PutUint16(t[e+8:], uint16(o))
		}
	}
}
