package render

import (
	"io/fs"
	"path"
	"strings"
	"sync/atomic"

	"cabildo/internal/content"
	"cabildo/internal/imaging"
	"cabildo/internal/output"
)

// copyStatic adds every non-Markdown file under content/ to the output at
// the same relative path, and records what it published of each image. It
// runs before the bodies are rendered, because they need the images.
//
// Images are never published as they are: each goes through
// imaging (decoded, turned upright, encoded again), so that no byte of
// what the camera wrote (GPS position, make and model, the photographer's
// name, thumbnails) reaches a visitor. Beside the image's own URL (at most
// 2400 pixels wide: the high-resolution download) go its variants, for
// srcset: foto-480.webp, foto-480.jpg, … foto-1600.webp, foto-1600.jpg.
// Photo formats browsers do not show (HEIC, TIFF, RAW) and SVGs with
// scripts are errors.
func (r *Renderer) copyStatic() {
	images := make([]*imageInfo, len(r.site.Files))
	published := make([]int64, len(r.site.Files))
	store := r.opt.Images
	if store == nil {
		store = imaging.NewStore("")
	}
	total := 0
	for _, f := range r.site.Files {
		if imaging.FormatOf(f.Path) != imaging.Unknown {
			total++
		}
	}
	var done atomic.Int64
	parallel(len(r.site.Files), func(i int) {
		f := r.site.Files[i]
		if r.opt.Source == nil {
			return
		}
		if imaging.FormatOf(f.Path) != imaging.Unknown {
			defer func() { r.progress(StepImages, int(done.Add(1)), total) }()
			res, err := store.ProcessFile(r.opt.Source, f.Path, imaging.DefaultOp)
			if err != nil {
				r.errorf(content.Pos{File: f.Path}, "%v", err)
				return
			}
			images[i] = r.publishImage(f, res)
			published[i] = images[i].size
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
		published[i] = int64(len(data))
		r.add(f.URL, data)
	})
	r.images = make(map[string]*imageInfo)
	for i, f := range r.site.Files {
		if images[i] != nil {
			r.images[f.Path] = images[i]
		}
		// Attachments and enclosures announce the size of what is
		// published, not of what the editor saved.
		f.Size = published[i]
		r.files[f.Path] = f
	}
	r.opt.Cache.keepStatic(r.files, r.images)
}

// publishImage adds the files made from the image f and describes them.
func (r *Renderer) publishImage(f content.StaticFile, res *imaging.Result) *imageInfo {
	own := res.Own()
	info := &imageInfo{url: f.URL, w: own.Width, h: own.Height, size: own.Size, typ: own.Format.MediaType()}
	r.addImageFile(f.URL, own)
	stem := strings.TrimSuffix(f.URL, path.Ext(f.URL))
	for _, v := range res.Files[1:] {
		u := stem + v.Suffix
		r.addImageFile(u, v)
		info.variants = append(info.variants, imageVariant{URL: u, Width: v.Width, Height: v.Height, Type: v.Format.MediaType(), Size: v.Size})
	}
	return info.withSrcsets()
}

// addImageFile publishes one file made from an image at the URL u:
// from the image cache without reading it, when the file is there and
// the output can link it (output.FileSink).
func (r *Renderer) addImageFile(u string, v imaging.File) {
	p := strings.TrimPrefix(u, "/")
	if v.Path != "" {
		r.record(p, output.AddFile(r.out, p, v.Path, v.Info()))
		return
	}
	r.add(u, v.Data)
}
