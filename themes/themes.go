// Package themes embeds the built-in theme, so that the cabildo binary builds
// a site anywhere without any other file. A site overrides any of its files
// by path in its own themes/<name>/ folder (see internal/theme).
package themes

import (
	"embed"
	"io/fs"
)

//go:embed default
var embedded embed.FS

// Default is the built-in theme: templates/ (html/template files, by path)
// and assets/ (CSS, images, the search script), rooted at the theme folder.
var Default fs.FS

func init() {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		panic(err)
	}
	Default = sub
}
