package imaging

import (
	"bytes"
	"path"
	"regexp"
	"strings"
)

// Format is an image format the site publishes.
type Format int

const (
	Unknown Format = iota
	JPEG
	PNG
	GIF
	WebP
)

// formatInfo is the one table of what the package knows about each format.
var formatInfo = [...]struct {
	name  string // as the messages name it
	ext   string // of the files it writes
	media string // media type
}{
	Unknown: {"desconocido", "", "application/octet-stream"},
	JPEG:    {"JPEG", ".jpg", "image/jpeg"},
	PNG:     {"PNG", ".png", "image/png"},
	GIF:     {"GIF", ".gif", "image/gif"},
	WebP:    {"WebP", ".webp", "image/webp"},
}

func (f Format) String() string    { return formatInfo[f].name }
func (f Format) Ext() string       { return formatInfo[f].ext }
func (f Format) MediaType() string { return formatInfo[f].media }

// byExtension are the extensions of the images Cabildo decodes and
// publishes again. Any other file under content/ is published as it is,
// unless refused below.
var byExtension = map[string]Format{
	".jpg": JPEG, ".jpeg": JPEG, ".jpe": JPEG, ".jfif": JPEG,
	".png":  PNG,
	".gif":  GIF,
	".webp": WebP,
}

// FormatOf returns the format a file's extension announces, or Unknown
// for a file that is not an image Cabildo publishes.
func FormatOf(name string) Format {
	return byExtension[strings.ToLower(path.Ext(name))]
}

// refused are the photo formats browsers do not show (or not all of them)
// and that carry the camera's metadata: publishing one as it is would
// show a broken image and leak where and with what it was taken.
var refused = map[string]string{
	".heic": "HEIC", ".heif": "HEIF", ".hif": "HEIF", ".avif": "AVIF",
	".tif": "TIFF", ".tiff": "TIFF",
	".dng": "RAW (DNG)", ".cr2": "RAW (CR2)", ".cr3": "RAW (CR3)", ".crw": "RAW (CRW)",
	".nef": "RAW (NEF)", ".nrw": "RAW (NRW)", ".arw": "RAW (ARW)", ".srf": "RAW (SRF)",
	".sr2": "RAW (SR2)", ".orf": "RAW (ORF)", ".rw2": "RAW (RW2)", ".raf": "RAW (RAF)",
	".pef": "RAW (PEF)", ".srw": "RAW (SRW)", ".raw": "RAW", ".rwl": "RAW (RWL)",
	".3fr": "RAW (3FR)", ".erf": "RAW (ERF)", ".kdc": "RAW (KDC)", ".mrw": "RAW (MRW)",
	".x3f": "RAW (X3F)", ".iiq": "RAW (IIQ)",
}

// Check reports whether a file under content/ may be published: a photo
// in a format browsers do not show, or an SVG with scripts, is an error.
// Images Cabildo decodes are checked when they are processed.
func Check(name string, data []byte) error {
	ext := strings.ToLower(path.Ext(name))
	if kind, ok := refused[ext]; ok {
		return errorf("la imagen %s está en formato %s, que los navegadores no muestran y que guarda datos de la cámara (ubicación, modelo): %s", path.Base(name), kind, convertHint)
	}
	if ext == ".svg" && svgScript.Match(data) {
		return errorf("el dibujo %s (SVG) contiene código (<script>, on…= o javascript:), que no se publica: expórtelo de nuevo sin código (en Inkscape, «Guardar como» > «SVG plano») o guárdelo como PNG", path.Base(name))
	}
	return nil
}

// svgScript finds what makes an SVG run code when opened on its own:
// script elements, event attributes, javascript: links, foreignObject.
var svgScript = regexp.MustCompile(`(?i)<script|<foreignobject|\son[a-z]+\s*=|javascript:`)

// sniff names the format of data from its first bytes, so that a HEIC
// renamed .jpg gets the right message instead of "corrupt".
func sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "JPEG"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "PNG"
	case bytes.HasPrefix(data, []byte("GIF8")):
		return "GIF"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "WebP"
	case bytes.HasPrefix(data, []byte("II*\x00")) || bytes.HasPrefix(data, []byte("MM\x00*")):
		return "TIFF/RAW"
	case bytes.HasPrefix(data, []byte("FUJIFILMCCD-RAW")):
		return "RAW (RAF)"
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		switch brand := string(data[8:12]); brand {
		case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
			return "HEIC"
		case "avif", "avis":
			return "AVIF"
		case "crx ":
			return "RAW (CR3)"
		}
	}
	return ""
}
