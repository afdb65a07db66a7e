package render

import "cabildo/internal/cms"

// The web editor (package cms) at /admin/: published when site.yaml says
// where it saves (cms:), and always in serve, where an editor uses it on
// their own machine with Decap's local backend (decap-server). It is the
// only JavaScript besides the search's; /admin/ is out of the sitemap and
// the search index, and robots.txt and its own page tell crawlers to keep
// out.
func init() { register((*Renderer).adminJobs) }

func (r *Renderer) adminJobs() []func() {
	if !r.adminPublished() {
		return nil
	}
	return []func(){func() {
		assets := cms.Assets{Style: r.assetURL("style.css"), Icon: r.assets["favicon.svg"]}
		for _, f := range cms.Files(r.cfg, assets) {
			r.add(f.Path, f.Data)
		}
	}}
}

func (r *Renderer) adminPublished() bool { return r.cfg.CMS != nil || r.opt.Dev }

// assetURL is the fingerprinted URL of the theme's asset name.
func (r *Renderer) assetURL(name string) string {
	if u, ok := r.assets[name]; ok {
		return u
	}
	return "/assets/" + name
}
