package render

import (
	"io/fs"

	"cabildo/internal/content"
	"cabildo/internal/imaging"
)

// imageSize is the pixel size of a published image, upright.
type imageSize struct{ w, h int }

// copyStatic adds every non-Markdown file under content/ to the output at
// the same relative path, and records image sizes. It runs before the
// bodies are rendered, because they need the sizes.
//
// Images are never published as they are: each goes through
// imaging.Process (decoded, turned upright, encoded again), so that no
// byte of what the camera wrote (GPS position, make and model, the
// photographer's name, thumbnails) reaches a visitor. Photo formats
// browsers do not show (HEIC, TIFF, RAW) and SVGs with scripts are errors.
func (r *Renderer) copyStatic() {
	sizes := make([]imageSize, len(r.site.Files))
	published := make([]int64, len(r.site.Files))
	parallel(len(r.site.Files), func(i int) {
		f := r.site.Files[i]
		if r.opt.Source == nil {
			return
		}
		data, err := fs.ReadFile(r.opt.Source, f.Path)
		if err != nil {
			r.errorf(content.Pos{File: f.Path}, "no se pudo leer el archivo: %v", err)
			return
		}
		if err := imaging.Check(f.Path, data); err != nil {
			r.errorf(content.Pos{File: f.Path}, "%v", err)
			return
		}
		if imaging.FormatOf(f.Path) != imaging.Unknown {
			res, err := imaging.Process(f.Path, data, imaging.Op{HiRes: imaging.HiResWidth})
			if err != nil {
				r.errorf(content.Pos{File: f.Path}, "%v", err)
				return
			}
			own := res.Own()
			sizes[i] = imageSize{own.Width, own.Height}
			data = own.Data
		}
		published[i] = int64(len(data))
		r.add(f.URL, data)
	})
	r.sizes = make(map[string]imageSize, len(sizes))
	for i, f := range r.site.Files {
		if sizes[i].w > 0 {
			r.sizes[f.Path] = sizes[i]
		}
		// Attachments and enclosures announce the size of what is
		// published, not of what the editor saved.
		f.Size = published[i]
		r.files[f.Path] = f
	}
	r.opt.Cache.keepStatic(r.files, r.sizes)
}

func (r *Renderer) imageSize(f content.StaticFile) (w, h int) {
	s := r.sizes[f.Path]
	return s.w, s.h
}
