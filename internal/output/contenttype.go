package output

import (
	"path"
	"strings"
)

// contentTypes maps lower-case extensions to the media types the site
// serves. Text types carry an explicit UTF-8 charset because browsers and
// calendar clients otherwise guess, and guess wrong on "Peñalolén".
//
// Every .xml file (sitemap, RSS, Atom) is application/xml: the name does
// not reliably tell the format, any feed reader accepts it, and browsers
// display it instead of offering a download as they do for
// application/rss+xml.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".htm":  "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8", // RFC 9239
	".mjs":  "text/javascript; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".ics":  "text/calendar; charset=utf-8",
	".vcf":  "text/vcard; charset=utf-8",
	".csv":  "text/csv; charset=utf-8",
	".json": "application/json", // always UTF-8 (RFC 8259); charset is not defined for it
	".xml":  "application/xml; charset=utf-8",
	".xsl":  "application/xml; charset=utf-8",
	".yml":  "application/yaml; charset=utf-8", // RFC 9512; /admin/config.yml, which Decap CMS checks
	".yaml": "application/yaml; charset=utf-8",

	".webmanifest": "application/manifest+json",
	".map":         "application/json",

	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".gif":  "image/gif",
	".webp": "image/webp",
	".avif": "image/avif",
	".svg":  "image/svg+xml",
	".ico":  "image/x-icon",

	".woff2": "font/woff2",
	".woff":  "font/woff",
	".ttf":   "font/ttf",
	".otf":   "font/otf",

	".pdf":  "application/pdf",
	".zip":  "application/zip",
	".doc":  "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":  "application/vnd.ms-excel",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",

	".mp3":  "audio/mpeg",
	".mp4":  "video/mp4",
	".webm": "video/webm",
	".vtt":  "text/vtt; charset=utf-8",
}

// ContentType returns the media type to serve the file at path with,
// chosen by its extension (case-insensitive). Unknown extensions get
// application/octet-stream, which makes browsers download rather than
// guess.
func ContentType(p string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(p))]; ok {
		return t
	}
	return "application/octet-stream"
}
