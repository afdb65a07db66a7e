package imaging

import (
	"path"
	"regexp"
	"strings"
)

// AltIsFileName reports whether alt, the text alternative of the image
// src, is only its file name ("IMG_1234.jpg", "IMG_1234", "foto-plaza"
// for foto-plaza.jpg) or the name a camera gives a file: what some
// editors paste to silence the "alt missing" error, which tells a person
// who cannot see the photo nothing.
func AltIsFileName(alt, src string) bool {
	a := strings.ToLower(strings.TrimSpace(alt))
	if a == "" {
		return false
	}
	base := strings.ToLower(path.Base(src))
	stem := strings.TrimSuffix(base, path.Ext(base))
	return a == base || a == stem || cameraName.MatchString(a)
}

// cameraName matches the names phones and cameras give photos: IMG_1234,
// DSC01234, PXL_20261120_103107, WhatsApp Image 2026-11-20 at 10.31.07.
var cameraName = regexp.MustCompile(`^(img|dsc|dscn|dscf|pxl|mvimg|p|photo|foto|image|imagen|whatsapp image)[ _-]?[0-9][0-9_ .:at-]*(\.(jpe?g|png|gif|webp|heic))?$`)
