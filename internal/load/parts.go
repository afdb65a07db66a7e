package load

import (
	"io/fs"

	"cabildo/internal/content"
)

// The parts of Load, for callers that keep a site in memory and reload
// only what changed (build.Builder, behind `cabildo serve`). Load is
// exactly Config, Scan, File for every entry in scan order, Site.Add,
// DuplicateSlugs and Site.Sort.

// Config reads content/site.yaml.
func Config(fsys fs.FS) (content.Config, content.Diagnostics) {
	var cfg content.Config
	var diags content.Diagnostics
	loadConfig(fsys, &cfg, &diags)
	return cfg, diags
}

// Scan lists the Markdown files and the static files under content/.
func Scan(fsys fs.FS) ([]Entry, []content.StaticFile, content.Diagnostics) {
	s, diags := scan(fsys)
	return s.markdown, s.static, diags
}

// DuplicateSlugs reports items of one type that share a slug.
func DuplicateSlugs(s *content.Site) content.Diagnostics { return duplicateSlugs(s) }
