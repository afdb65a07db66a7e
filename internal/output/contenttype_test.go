package output

import "testing"

func TestContentType(t *testing.T) {
	tests := []struct{ path, want string }{
		{"index.html", "text/html; charset=utf-8"},
		{"prensa/mi-nota/index.html", "text/html; charset=utf-8"},
		{"css/sitio.css", "text/css; charset=utf-8"},
		{"js/menu.js", "text/javascript; charset=utf-8"},
		{"eventos/calendario.ics", "text/calendar; charset=utf-8"},
		{"contactos/gabinete.vcf", "text/vcard; charset=utf-8"},
		{"lobby/audiencias/audiencias.csv", "text/csv; charset=utf-8"},
		{"lobby/audiencias/audiencias.json", "application/json"},
		{"sitemap.xml", "application/xml; charset=utf-8"},
		{"prensa/feed.xml", "application/xml; charset=utf-8"},
		{"robots.txt", "text/plain; charset=utf-8"},
		{"prensa/plaza/foto.JPG", "image/jpeg"},
		{"img/logo.svg", "image/svg+xml"},
		{"img/foto.webp", "image/webp"},
		{"docs/ficha-tecnica.pdf", "application/pdf"},
		{"fuentes/sans.woff2", "font/woff2"},
		{"favicon.ico", "image/x-icon"},
		{"sin-extension", "application/octet-stream"},
		{"archivo.desconocido", "application/octet-stream"},
		{"carpeta.html/archivo", "application/octet-stream"},
	}
	for _, tt := range tests {
		if got := ContentType(tt.path); got != tt.want {
			t.Errorf("ContentType(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
