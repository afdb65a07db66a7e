package render

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"sync/atomic"

	"cabildo/internal/content"
	"cabildo/internal/imaging"
	"cabildo/internal/output"
)

// copyStatic adds every non-Markdown file under content/ to the output at
// the same relative path, and records what it publishes of each image. It
// runs before the bodies are rendered, because they need the images'
// sizes and variants; the variants themselves are published by jobs that
// run with the pages' (publishJobs): with a warm image cache publishing
// them is most of an image's work, and the pages need not wait for it.
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
	publish := make([]func(), len(r.site.Files))
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
			src := imaging.Source{Name: f.Path, Size: f.Size, ModTime: f.ModTime}
			res, err := store.ProcessFile(r.opt.Source, src, imaging.DefaultOp)
			if err != nil {
				r.errorf(content.Pos{File: f.Path}, "%v", err)
				return
			}
			images[i] = r.describeImage(f, res)
			published[i] = images[i].size
			publish[i] = func() {
				refresh := func() (*imaging.Result, error) { return store.Refresh(r.opt.Source, src, imaging.DefaultOp) }
				r.publishImage(f, res, refresh)
			}
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
	for _, job := range publish {
		if job != nil {
			r.publishJobs = append(r.publishJobs, job)
		}
	}
	r.imageStore = store
	store.Flush() // also if the build stops before publishing them
}

// publishImage adds the files made from the image f. A file of the image
// cache that has gone missing since the cache recorded it is made again
// (refresh), once: the same bytes, so describeImage's description holds.
func (r *Renderer) publishImage(f content.StaticFile, res *imaging.Result, refresh func() (*imaging.Result, error)) {
	stem := strings.TrimSuffix(f.URL, path.Ext(f.URL))
	for i, v := range res.Files {
		u := f.URL
		if i > 0 {
			u = stem + v.Suffix
		}
		p := strings.TrimPrefix(u, "/")
		err := r.addImageFile(p, v)
		if errors.Is(err, fs.ErrNotExist) && refresh != nil {
			if again, rerr := refresh(); rerr == nil && len(again.Files) == len(res.Files) {
				res = again
				err = r.addImageFile(p, again.Files[i])
			}
			refresh = nil
		}
		r.record(p, err)
	}
}

// addImageFile publishes one file made from an image at p: from the
// image cache without reading it, when the file is there and the output
// can link it (output.FileSink).
func (r *Renderer) addImageFile(p string, v imaging.File) error {
	if v.Path != "" {
		return output.AddFile(r.out, p, v.Path, v.Info())
	}
	return r.out.Add(p, v.Data)
}
