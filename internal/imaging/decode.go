package imaging

import (
	"bytes"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"path"

	"golang.org/x/image/webp"
)

// decode decodes data, an image file named name, in the format its
// extension announces. Only the first frame of an animated GIF is kept.
// A file of another format than its name says, a truncated or corrupt
// file, and one past the limits are errors.
func decode(name string, data []byte) (image.Image, Format, error) {
	base := path.Base(name)
	if len(data) > MaxBytes {
		return nil, Unknown, errorf("la imagen %s pesa %d MB, más que el máximo de %d MB: achíquela a unos 4000 píxeles de ancho o %s", base, len(data)>>20, MaxBytes>>20, convertHint)
	}
	want := FormatOf(name)
	got := sniff(data)
	if got != want.String() {
		switch got {
		case "JPEG", "PNG", "GIF", "WebP":
			return nil, Unknown, errorf("la imagen %s es %s aunque su nombre termina en %s: cambie la extensión del archivo a %s", base, got, path.Ext(name), formatInfo[formatByName(got)].ext)
		case "":
			return nil, Unknown, errorf("la imagen %s no es un archivo %s válido (está dañado o no es una imagen): ábrala en el computador y guárdela de nuevo como JPEG", base, want)
		default:
			return nil, Unknown, errorf("la imagen %s está en formato %s aunque su nombre termina en %s: %s", base, got, path.Ext(name), convertHint)
		}
	}
	cfg, err := decodeConfig(want, data)
	if err != nil {
		return nil, Unknown, corrupt(base, want)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, Unknown, corrupt(base, want)
	}
	if mp := int64(cfg.Width) * int64(cfg.Height); mp > MaxPixels {
		return nil, Unknown, errorf("la imagen %s mide %d × %d píxeles (%d megapíxeles), más que el máximo de %d: achíquela a unos 4000 píxeles de ancho y guárdela como JPEG", base, cfg.Width, cfg.Height, mp/1_000_000, MaxPixels/1_000_000)
	}
	var m image.Image
	r := bytes.NewReader(data)
	switch want {
	case JPEG:
		m, err = jpeg.Decode(r)
	case PNG:
		m, err = png.Decode(r)
	case GIF:
		m, err = gif.Decode(r) // the first frame
	case WebP:
		m, err = webp.Decode(r)
	}
	if err != nil {
		return nil, Unknown, corrupt(base, want)
	}
	return m, want, nil
}

func decodeConfig(f Format, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch f {
	case JPEG:
		return jpeg.DecodeConfig(r)
	case PNG:
		return png.DecodeConfig(r)
	case GIF:
		return gif.DecodeConfig(r)
	default:
		return webp.DecodeConfig(r)
	}
}

func corrupt(base string, f Format) error {
	return errorf("la imagen %s está dañada o incompleta (no se pudo leer como %s): cópiela de nuevo desde el original o ábrala y guárdela otra vez como JPEG", base, f)
}

func formatByName(name string) Format {
	for f, info := range formatInfo {
		if info.name == name {
			return Format(f)
		}
	}
	return Unknown
}
