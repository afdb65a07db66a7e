// Package imaging turns the images editors put under content/ into the
// files the site publishes: decoded, turned upright (EXIF orientation),
// scaled and encoded again, so that no byte of the original file (GPS
// position, camera, the photographer's name, thumbnails, XMP, IPTC, ICC
// text) reaches a visitor.
//
// One file per job: formats.go recognises what a file is and refuses
// what cannot be published; decode.go decodes with limits; orient.go reads
// the EXIF orientation and applies it; resize.go scales; encode.go writes
// WebP, JPEG, PNG and GIF; process.go chains them into the variants of one
// image; cache.go keeps the variants on disk, keyed by the source's bytes,
// so an unchanged photo is never processed twice; errors.go holds the
// Spanish messages.
package imaging
