package imaging

import "encoding/binary"

// Where metadata lives in each container: JPEG segments (jpegSegments,
// icc.go), PNG chunks and WebP (RIFF) chunks. Orientation and colour
// profiles are read from them; nothing of them is written out.

// pngChunk returns the contents of the first chunk of type typ before the
// image data of a PNG, or nil.
func pngChunk(data []byte, typ string) []byte {
	i := 8
	for i+8 <= len(data) {
		n := int(binary.BigEndian.Uint32(data[i:]))
		t := string(data[i+4 : i+8])
		if n < 0 || i+12+n > len(data) {
			return nil
		}
		if t == typ {
			return data[i+8 : i+8+n]
		}
		if t == "IDAT" || t == "IEND" {
			return nil
		}
		i += 12 + n
	}
	return nil
}

// webpChunk returns the contents of the first chunk of type typ of a
// WebP file, or nil.
func webpChunk(data []byte, typ string) []byte {
	i := 12
	for i+8 <= len(data) {
		t := string(data[i : i+4])
		n := int(binary.LittleEndian.Uint32(data[i+4:]))
		if n < 0 || i+8+n > len(data) {
			return nil
		}
		if t == typ {
			return data[i+8 : i+8+n]
		}
		i += 8 + n + n&1
	}
	return nil
}
