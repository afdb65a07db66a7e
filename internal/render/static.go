package render

import (
	"bytes"
	"image"
	_ "image/gif" // image sizes for width/height attributes
	_ "image/jpeg"
	_ "image/png"
	"io/fs"
	"strings"

	"cabildo/internal/content"
)

// imageSizes holds the pixel size of every image under content/, read once
// while copying, so that every <img> gets width and height.
type imageSize struct{ w, h int }

// copyStatic adds every non-Markdown file under content/ to the output at
// the same relative path, and records image sizes. It runs before the
// bodies are rendered, because they need the sizes.
func (r *Renderer) copyStatic() {
	sizes := make([]imageSize, len(r.site.Files))
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
		if isImage(f.Path) {
			if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
				sizes[i] = imageSize{cfg.Width, cfg.Height}
			}
		}
		r.add(f.URL, data)
	})
	r.sizes = make(map[string]imageSize, len(sizes))
	for i, f := range r.site.Files {
		if sizes[i].w > 0 {
			r.sizes[f.Path] = sizes[i]
		}
	}
}

func isImage(p string) bool {
	p = strings.ToLower(p)
	return strings.HasSuffix(p, ".jpg") || strings.HasSuffix(p, ".jpeg") || strings.HasSuffix(p, ".png") || strings.HasSuffix(p, ".gif")
}

func (r *Renderer) imageSize(f content.StaticFile) (w, h int) {
	s := r.sizes[f.Path]
	return s.w, s.h
}
