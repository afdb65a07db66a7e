package imaging

import (
	"errors"
	"fmt"
)

// Error is a problem with an image, in Spanish and naming the fix. The
// caller adds the position (the image's file, or the key or line that
// refers to it).
type Error struct {
	Msg string
}

func (e *Error) Error() string { return e.Msg }

func errorf(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

// AsError reports whether err is an *Error, and returns it.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// convertHint is how an editor gets a JPEG out of a phone or a camera.
const convertHint = "convierta la foto a JPEG (en el teléfono: en iPhone, Ajustes > Cámara > Formatos > «Más compatible», o comparta la foto por correo eligiendo «Tamaño real» con JPEG; en Android, guarde o exporte como JPG; en el computador, ábrala y use «Exportar» o «Guardar como» JPEG) y reemplace el archivo"

// Limits on what is decoded: a photo past them is not a web photo, and
// decoding it would take hundreds of megabytes of memory.
const (
	MaxPixels = 50_000_000 // 50 megapixels
	MaxBytes  = 30 << 20   // 30 MB
)
