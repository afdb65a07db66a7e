package markdown

import (
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// allowList is the only judge of which HTML an editor may write inside
// Markdown: what it keeps is published, everything else is dropped. It
// admits what pasted text and careful editors need and Markdown lacks
// (line breaks, sub- and superscripts, abbreviations, highlights, keys,
// collapsible sections, tables with headers and spans, figures), and no
// attribute that could carry style, script or a URL. It is built once.
var allowList = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(
		"br", "sub", "sup", "abbr", "mark", "small", "kbd",
		"details", "summary",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
		"figure", "figcaption",
	)
	p.AllowAttrs("title").OnElements("abbr")
	p.AllowAttrs("open").Matching(regexp.MustCompile(`^(|open)$`)).OnElements("details")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th")
	p.AllowAttrs("colspan", "rowspan").Matching(regexp.MustCompile(`^[1-9][0-9]{0,2}$`)).OnElements("th", "td")
	return p
})

// An htmlRule says how bad it is when the allow-list drops an element or
// an attribute, and what the editor can write instead. The allow-list
// decides what is dropped; this table only words the message.
type htmlRule struct {
	// danger makes the drop an error: the construct runs code, embeds
	// another site or changes the whole page, so the editor must remove it.
	danger bool
	// why says what the construct would do, or where it comes from.
	why string
	// instead says what to write in its place.
	instead string
}

const (
	videoInstead = "para un video de YouTube o Vimeo, pegue su dirección sola en una línea: se publica como un enlace al video"
	formInstead  = "enlace al formulario con [Formulario de inscripción](https://…)"
	fileInstead  = "enlace al archivo con [Documento](documento.pdf)"
	noFormat     = "el tema da el formato"
	// paragraphInstead also answers the other thing <p> and <div> are
	// pasted for: a line break.
	paragraphInstead = "en Markdown, deje una línea en blanco entre párrafos, o termine la línea con \\ para un salto de línea"
	tableInstead     = "o escriba la tabla en Markdown: | Columna | Columna |"
)

// droppedElements words the drop of each element the allow-list does not
// admit; others get defaultElementRule. Office's own tags (o:p, w:…, v:…)
// have a prefix and get officeRule. For a danger, why is what the element
// would do and instead what to do; otherwise why names the element and
// instead says how Markdown writes it.
var droppedElements = map[string]htmlRule{
	"script":   {true, "ejecutaría código en la página", "quítelo; " + videoInstead},
	"noscript": {true, "solo sirve junto a un programa", "quítelo"},
	"iframe":   {true, "incrusta otro sitio y sus programas", videoInstead},
	"frame":    {true, "incrusta otro sitio y sus programas", videoInstead},
	"frameset": {true, "incrusta otro sitio y sus programas", videoInstead},
	"object":   {true, "incrusta un programa", fileInstead},
	"embed":    {true, "incrusta un programa", fileInstead},
	"applet":   {true, "incrusta un programa", "quítelo"},
	"form":     {true, "envía datos de los visitantes a otro lugar", formInstead},
	"input":    {true, "es parte de un formulario", formInstead},
	"button":   {true, "es parte de un formulario", formInstead},
	"select":   {true, "es parte de un formulario", formInstead},
	"textarea": {true, "es parte de un formulario", formInstead},
	"style":    {true, "cambiaría el aspecto de todo el sitio", "quítelo: " + noFormat},
	"link":     {true, "cargaría archivos de otro sitio", "quítelo"},
	"meta":     {true, "cambiaría cómo el navegador trata la página", "quítelo"},
	"base":     {true, "cambiaría adónde llevan todos los enlaces", "quítelo"},
	"svg":      {true, "puede contener programas", "publique el dibujo como imagen: ![descripción](dibujo.svg)"},
	"math":     {true, "puede contener programas", "escriba la fórmula como texto, con <sub> y <sup>"},
	"template": {true, "guarda HTML para un programa", "quítelo"},

	"video":      {false, "un reproductor de video", videoInstead},
	"audio":      {false, "un reproductor de audio", "enlace al archivo con [Audio](audio.mp3)"},
	"img":        {false, "una imagen en HTML", "en Markdown se escribe ![descripción de la imagen](foto.jpg)"},
	"a":          {false, "un enlace en HTML", "en Markdown se escribe [texto del enlace](https://…)"},
	"b":          {false, "negrita en HTML", "en Markdown se escribe **texto**"},
	"strong":     {false, "negrita en HTML", "en Markdown se escribe **texto**"},
	"i":          {false, "cursiva en HTML", "en Markdown se escribe *texto*"},
	"em":         {false, "cursiva en HTML", "en Markdown se escribe *texto*"},
	"u":          {false, "subrayado, que se confunde con un enlace", "para destacar, escriba *texto*"},
	"s":          {false, "tachado en HTML", "en Markdown se escribe ~~texto~~"},
	"strike":     {false, "tachado en HTML", "en Markdown se escribe ~~texto~~"},
	"del":        {false, "tachado en HTML", "en Markdown se escribe ~~texto~~"},
	"h1":         {false, "un título en HTML", "en Markdown se escribe ## Título, en su propia línea"},
	"h2":         {false, "un título en HTML", "en Markdown se escribe ## Título, en su propia línea"},
	"h3":         {false, "un título en HTML", "en Markdown se escribe ### Título, en su propia línea"},
	"h4":         {false, "un título en HTML", "en Markdown se escribe #### Título, en su propia línea"},
	"h5":         {false, "un título en HTML", "en Markdown se escribe #### Título, en su propia línea"},
	"h6":         {false, "un título en HTML", "en Markdown se escribe #### Título, en su propia línea"},
	"ul":         {false, "una lista en HTML", "en Markdown, cada elemento va en una línea que empieza con «- »"},
	"ol":         {false, "una lista en HTML", "en Markdown, cada elemento va en una línea que empieza con «1. »"},
	"li":         {false, "una lista en HTML", "en Markdown, cada elemento va en una línea que empieza con «- »"},
	"p":          {false, "un párrafo en HTML", paragraphInstead},
	"div":        {false, "un bloque en HTML", paragraphInstead},
	"span":       {false, "formato de Word o Google Docs", noFormat},
	"font":       {false, "formato de Word o Google Docs", noFormat},
	"center":     {false, "formato en HTML", noFormat},
	"hr":         {false, "una línea divisoria en HTML", "en Markdown se escribe una línea con ---"},
	"blockquote": {false, "una cita en HTML", "en Markdown, cada línea de la cita empieza con «> »"},
	"pre":        {false, "código en HTML", "en Markdown, el código va entre dos líneas con ```"},
	"code":       {false, "código en HTML", "en Markdown se escribe `texto`"},
}

var (
	defaultElementRule = htmlRule{false, "HTML que no está en la lista permitida", "escriba lo mismo en Markdown"}
	officeRule         = htmlRule{false, "una marca de Word sin efecto en la página", ""}
)

// handlerRule words an event handler (on…), an error whatever the
// element. Other attributes the allow-list drops are formatting (Word and
// Google Docs put style, class, lang, width… on everything): a warning.
var handlerRule = htmlRule{true, "ejecutaría código en la página", "quite el atributo"}

// docsMetaRule words the <meta charset="utf-8"> that Google Docs puts on
// the clipboard; only http-equiv makes a meta element do something.
var docsMetaRule = htmlRule{false, "una marca de Google Docs sin efecto en la página", ""}

// wordListMarkers is what Word writes for readers that do not know its
// lists: the bullet and its spacing, between conditional comments. The
// sanitizer would keep that text, so it goes first.
var wordListMarkers = regexp.MustCompile(`(?is)<!\[if !supportLists\]>.*?<!\[endif\]>`)

// elementRule is the rule for an element the allow-list drops.
func elementRule(name string) htmlRule {
	if r, ok := droppedElements[name]; ok {
		return r
	}
	if strings.Contains(name, ":") {
		return officeRule
	}
	return defaultElementRule
}

// blockElements are the allowed elements that make a block of their own;
// a block of HTML without any (a Word paragraph once its <p> is dropped)
// is published as a paragraph.
var blockElements = map[string]bool{
	"details": true, "summary": true, "figure": true, "figcaption": true,
	"table": true, "caption": true, "thead": true, "tbody": true, "tfoot": true,
	"tr": true, "th": true, "td": true,
}

// scriptElements run code wherever they appear; unsafe_html publishes them
// only together with unsafe_scripts.
var scriptElements = map[string]bool{"script": true, "noscript": true}

// voidElements have no end tag.
var voidElements = map[string]bool{"br": true}

// optionalEnd are allowed elements whose end tag HTML lets out: the next
// row or cell, or the end of the table, closes them.
var optionalEnd = map[string]bool{
	"tr": true, "td": true, "th": true, "thead": true, "tbody": true, "tfoot": true,
}
