// Package cms writes the configuration of the web editor published at
// /admin/: Decap CMS (the successor of Netlify CMS; Sveltia CMS reads the
// same file), a JavaScript application that edits the Markdown files of
// content/ in the site's Git repository, or on the editor's own machine
// through decap-server.
//
// The configuration is derived from the model that validates, as the JSON
// Schemas (package schema) and the files of `cabildo new` (package
// archetype) are: one collection per kind of archetype.Kinds, one field per
// key of load.Fields, with the key's Spanish description as its hint, its
// required flag, its allowed values, and a widget chosen from the key's
// format (load.FormatOf). A key or a type added to the model appears in
// the editor by itself. Lists that depend on the site (officials,
// categories) are filled from site.yaml.
//
// What the editor cannot check (an official in office on the date, a file
// that exists, a RUT's check digit) is left to `cabildo check`, as with the
// schemas.
package cms

import (
	"bytes"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"

	"cabildo/internal/archetype"
	"cabildo/internal/content"
	"cabildo/internal/load"
	"cabildo/internal/schema"
)

// Config is the top of Decap's config.yml; fields are written in this order.
type Config struct {
	Backend      Backend       `yaml:"backend"`
	LocalBackend bool          `yaml:"local_backend"`
	Locale       string        `yaml:"locale"`
	SiteURL      string        `yaml:"site_url,omitempty"`
	DisplayURL   string        `yaml:"display_url,omitempty"`
	LogoURL      string        `yaml:"logo_url,omitempty"`
	MediaFolder  string        `yaml:"media_folder"`
	PublicFolder string        `yaml:"public_folder"`
	Slug         SlugConfig    `yaml:"slug"`
	Collections  []*Collection `yaml:"collections"`
}

// Backend is where Decap reads and writes the files.
type Backend struct {
	Name         string `yaml:"name"`
	Repo         string `yaml:"repo,omitempty"`
	Branch       string `yaml:"branch,omitempty"`
	BaseURL      string `yaml:"base_url,omitempty"`
	AuthEndpoint string `yaml:"auth_endpoint,omitempty"`
	APIRoot      string `yaml:"api_root,omitempty"`
	AuthType     string `yaml:"auth_type,omitempty"`
	AppID        string `yaml:"app_id,omitempty"`
	CommitMsgs   *Msgs  `yaml:"commit_messages,omitempty"`
}

// Msgs are the commit messages Decap writes, in Spanish.
type Msgs struct {
	Create      string `yaml:"create"`
	Update      string `yaml:"update"`
	Delete      string `yaml:"delete"`
	UploadMedia string `yaml:"uploadMedia"`
	DeleteMedia string `yaml:"deleteMedia"`
}

// SlugConfig makes Decap's file names what Cabildo accepts: lower-case
// ASCII letters, digits and hyphens (content.ValidSlug).
type SlugConfig struct {
	Encoding            string `yaml:"encoding"`
	CleanAccents        bool   `yaml:"clean_accents"`
	SanitizeReplacement string `yaml:"sanitize_replacement"`
}

// Collection is one content type: a folder of Markdown files.
type Collection struct {
	Name          string   `yaml:"name"`
	Label         string   `yaml:"label"`
	LabelSingular string   `yaml:"label_singular"`
	Description   string   `yaml:"description,omitempty"`
	Folder        string   `yaml:"folder"`
	Create        bool     `yaml:"create"`
	Extension     string   `yaml:"extension"`
	Format        string   `yaml:"format"`
	Slug          string   `yaml:"slug"`
	Path          string   `yaml:"path,omitempty"`
	MediaFolder   *string  `yaml:"media_folder,omitempty"`
	PublicFolder  *string  `yaml:"public_folder,omitempty"`
	Summary       string   `yaml:"summary,omitempty"`
	SortableField []string `yaml:"sortable_fields,omitempty"`
	Fields        []*Field `yaml:"fields"`
}

// Field is one key of a content type, or the body.
type Field struct {
	Label         string   `yaml:"label"`
	Name          string   `yaml:"name"`
	Widget        string   `yaml:"widget"`
	Required      *bool    `yaml:"required,omitempty"` // written only when false: Decap requires by default
	Hint          string   `yaml:"hint,omitempty"`
	Default       any      `yaml:"default,omitempty"`
	Format        string   `yaml:"format,omitempty"`
	DateFormat    string   `yaml:"date_format,omitempty"`
	TimeFormat    any      `yaml:"time_format,omitempty"` // "HH:mm", or false for a date
	PickerUTC     *bool    `yaml:"picker_utc,omitempty"`
	ValueType     string   `yaml:"value_type,omitempty"`
	Min           *int     `yaml:"min,omitempty"`
	Pattern       []string `yaml:"pattern,omitempty"` // [regexp, message]
	Options       []Option `yaml:"options,omitempty"`
	Multiple      bool     `yaml:"multiple,omitempty"`
	Collection    string   `yaml:"collection,omitempty"`
	ValueField    string   `yaml:"value_field,omitempty"`
	SearchFields  []string `yaml:"search_fields,omitempty"`
	DisplayFields []string `yaml:"display_fields,omitempty"`
	Summary       string   `yaml:"summary,omitempty"`
	Collapsed     *bool    `yaml:"collapsed,omitempty"`
	ChooseURL     *bool    `yaml:"choose_url,omitempty"`
	Field         *Field   `yaml:"field,omitempty"`
	Fields        []*Field `yaml:"fields,omitempty"`
}

// Option is one value of a select list.
type Option struct {
	Label string `yaml:"label"`
	Value string `yaml:"value"`
}

// Decap's date formats (Day.js tokens): what is stored is what Cabildo
// reads (CONTENT.md, «Values»), local wall time in the site's zone;
// what is shown is the Chilean order.
const (
	StoreDateTime = "YYYY-MM-DDTHH:mm"
	StoreDate     = "YYYY-MM-DD"
	ShowDate      = "DD-MM-YYYY"
	ShowTime      = "HH:mm"
)

// For returns the configuration of the editor of the site configured by
// cfg.
func For(cfg *content.Config) *Config {
	c := &Config{
		Backend:      backend(cfg.CMS),
		LocalBackend: true, // used only when the page is on localhost and decap-server answers
		Locale:       "es",
		SiteURL:      cfg.BaseURL,
		DisplayURL:   cfg.BaseURL,
		MediaFolder:  "content",
		PublicFolder: "/",
		Slug:         SlugConfig{Encoding: "ascii", CleanAccents: true, SanitizeReplacement: "-"},
	}
	if cfg.Logo != "" {
		c.LogoURL = "/" + strings.TrimPrefix(cfg.Logo, "/")
	}
	for _, k := range archetype.Kinds {
		c.Collections = append(c.Collections, collection(k, cfg))
	}
	return c
}

// YAML returns config.yml for cfg.
func YAML(cfg *content.Config) []byte {
	var b bytes.Buffer
	b.WriteString("# Configuración del editor de /admin/ (Decap CMS), generada por Cabildo a\n")
	b.WriteString("# partir del modelo de contenido y de content/site.yaml: no la edite, cambia\n")
	b.WriteString("# con cada construcción.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(For(cfg)); err != nil {
		panic(err) // only strings, numbers and our own types
	}
	enc.Close()
	return b.Bytes()
}

func backend(c *content.CMS) Backend {
	if c == nil {
		// No repository: only the local backend (decap-server) works.
		// Decap still needs a backend's name; with no repository it
		// shows its login page, which index.html explains.
		return Backend{Name: "git-gateway"}
	}
	b := Backend{Name: c.Backend, Repo: c.Repo, Branch: c.Branch, BaseURL: c.AuthURL,
		AuthEndpoint: c.AuthEndpoint, APIRoot: c.APIRoot, AppID: c.AppID}
	if b.Branch == "" {
		b.Branch = "main"
	}
	if c.Backend == "gitlab" && c.AppID != "" && c.AuthURL == "" {
		b.AuthType = "pkce"
	}
	b.CommitMsgs = &Msgs{
		Create:      "{{collection}}: crea «{{slug}}» (editor web)",
		Update:      "{{collection}}: actualiza «{{slug}}» (editor web)",
		Delete:      "{{collection}}: elimina «{{slug}}» (editor web)",
		UploadMedia: "archivos: sube «{{path}}» (editor web)",
		DeleteMedia: "archivos: elimina «{{path}}» (editor web)",
	}
	return b
}

// collection is the collection of kind k.
func collection(k archetype.Kind, cfg *content.Config) *Collection {
	title := k.Name
	var also []string
	for _, t := range schema.Types {
		if t.Name == string(k.Kind) {
			title, also = t.Title, t.Also
		}
	}
	c := &Collection{
		Name: k.Name, Label: title, LabelSingular: title,
		Description: k.Label + ": se guarda en " + k.Dir + "/.",
		Folder:      k.Dir, Create: true, Extension: "md", Format: "yaml-frontmatter",
		Slug:    "{{slug}}",
		Summary: "{{title}}",
	}
	fb := &fieldBuilder{cfg: cfg, also: also}
	c.Fields = fb.item(k.Type)
	if k.Body != "" {
		c.Fields = append(c.Fields, &Field{Label: "Texto", Name: "body", Widget: "markdown", Required: no(), Hint: strings.TrimSpace(k.Body)})
	}
	if k.Dated {
		// Dated file names start with the item's own date (its first
		// required date key: a press release's date, an event's start),
		// as `cabildo new -fecha` names them.
		if d := dateKey(k.Type); d != "" {
			c.Slug = "{{fields." + d + " | date('" + StoreDate + "')}}-{{slug}}"
			c.Summary = "{{fields." + d + " | date('" + ShowDate + "')}} · {{title}}"
			c.SortableField = []string{d, "title"}
		} else {
			c.Slug = "{{year}}-{{month}}-{{day}}-{{slug}}"
		}
	}
	if !namedByTitle(k) {
		// Files named otherwise (a quarterly report by its quarter,
		// 2026-t4.md) cannot be named by Decap: they are edited here
		// and created with `cabildo new`.
		c.Create = false
		c.Description = title + ": cree uno nuevo con «cabildo new " + k.Name + "»; aquí se editan los que existen."
	}
	if fb.media {
		// A bundle: the item's folder holds its index.md and the files
		// its image and file widgets upload, referred to by bare name
		// ("foto.jpg"), as CONTENT.md's bundles are.
		empty := ""
		c.Path = "{{slug}}/index"
		c.MediaFolder, c.PublicFolder = &empty, &empty
	}
	return c
}

// namedByTitle reports whether `cabildo new` names files of kind k after
// their title, as Decap's slugs do.
func namedByTitle(k archetype.Kind) bool {
	day, _ := content.ParseDate("2026-01-01")
	a, errA := k.Path("uno", day)
	b, errB := k.Path("dos", day)
	return errA == nil && errB == nil && a != b
}

// dateKey is the first required key of t holding a date.
func dateKey(t reflect.Type) string {
	for _, f := range load.Fields(t) {
		switch load.FormatOf(f.Type) {
		case load.FormatDateTime, load.FormatDate, load.FormatWhen:
			if f.Required {
				return f.Key
			}
		}
	}
	return ""
}

func no() *bool { b := false; return &b }
