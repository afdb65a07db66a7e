package cms

import (
	"bytes"
	"encoding/json"
	"html/template"

	"cabildo/internal/cms/decap"
	"cabildo/internal/content"
)

// Dir is where the editor is published: /admin/.
const Dir = "/admin/"

// File is one file of /admin/.
type File struct {
	Path string // "/admin/index.html"
	Data []byte
}

// Assets are the URLs of the theme's files the editor uses (fingerprinted
// names: render.Page.Asset).
type Assets struct {
	Style string // style.css: the preview looks like the site
	Icon  string // favicon.svg, "" if the theme has none
}

// Files returns what the build publishes under /admin/ for the site
// configured by cfg, with the theme's assets: the page, config.yml, Decap's script and
// cabildo-cms.js, which makes the preview look like the site. Scripts are
// files, never inline, so that the Content-Security-Policy of /admin/
// (deploy/nginx-admin.conf) needs no 'unsafe-inline' for scripts.
func Files(cfg *content.Config, assets Assets) []File {
	var page bytes.Buffer
	if err := indexHTML.Execute(&page, map[string]string{"Site": cfg.Title, "Script": decap.FileName, "Icon": assets.Icon}); err != nil {
		panic(err) // only strings
	}
	return []File{
		{Dir + "index.html", page.Bytes()},
		{Dir + "config.yml", YAML(cfg)},
		{Dir + "cabildo-cms.js", previewJS(assets.Style)},
		{Dir + decap.FileName, decap.JS()},
	}
}

var indexHTML = template.Must(template.New("admin").Parse(`<!doctype html>
<html lang="es-CL">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Editor de contenidos · {{.Site}}</title>
{{with .Icon}}<link rel="icon" href="{{.}}" type="image/svg+xml">
{{end -}}
</head>
<body>
<noscript><p>El editor de contenidos necesita JavaScript. El sitio público funciona sin él; para editar sin este editor, vea «Editar sin terminal» en el README.</p></noscript>
<script src="{{.Script}}"></script>
<script src="cabildo-cms.js"></script>
</body>
</html>
`))

// previewJS registers the site's stylesheet for Decap's preview pane, and
// a preview of each collection with a body laid out as the site's pages
// are (article.wrap, h1, p.lead, div.prose), so that editors see the text
// as citizens will.
func previewJS(styleURL string) []byte {
	style, _ := json.Marshal(styleURL)
	list, _ := json.Marshal(collectionsWithBody())
	return []byte(`// Vista previa del editor de /admin/ con la hoja de estilo del sitio.
// Generado por Cabildo (paquete cms).
(function () {
  "use strict";
  var CMS = window.CMS, h = window.h;
  CMS.registerPreviewStyle(` + string(style) + `);
  function preview(props) {
    var data = props.entry.get("data");
    var image = data.getIn(["image", "src"]);
    var asset = image ? props.getAsset(image) : null;
    return h("main", { id: "contenido" },
      h("article", { className: "wrap press" },
        h("header", {},
          h("h1", {}, data.get("title") || ""),
          data.get("summary") ? h("p", { className: "lead" }, data.get("summary")) : null),
        asset ? h("figure", { className: "press__figure" },
          h("img", { src: asset.toString(), alt: data.getIn(["image", "alt"]) || "" }),
          data.getIn(["image", "caption"]) ? h("figcaption", {}, data.getIn(["image", "caption"])) : null) : null,
        h("div", { className: "prose" }, props.widgetFor("body"))));
  }
  ` + string(list) + `.forEach(function (name) { CMS.registerPreviewTemplate(name, preview); });
})();
`)
}

// collectionsWithBody are the collections whose items have a Markdown body.
func collectionsWithBody() []string {
	var out []string
	for _, c := range For(&content.Config{}).Collections {
		if last := c.Fields[len(c.Fields)-1]; last.Name == "body" {
			out = append(out, c.Name)
		}
	}
	return out
}
