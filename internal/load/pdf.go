package load

import (
	"bytes"
	"context"
	"io/fs"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"cabildo/internal/content"
)

// inspectPDF reads the PDF a publication names, so that the archive can
// show its size and pages next to the link, and refuses a file that is not
// a PDF (a .docx renamed, an HTML page saved in its place), which a
// citizen's reader would fail to open. The pages are counted with pdfcpu;
// a PDF it cannot parse is a warning, and its pages are then those the
// editor wrote, if any. A missing file is validation's error.
//
// It runs when the publication's Markdown file is decoded: serve notices a
// changed PDF when its publication is saved again.
func inspectPDF(fsys fs.FS, p *content.Publication, diags *content.Diagnostics) {
	if p.File == "" || !strings.HasSuffix(strings.ToLower(p.File), ".pdf") {
		return
	}
	path, ok := content.ResolveFile(&p.Doc, p.File)
	if !ok {
		return
	}
	data, err := fs.ReadFile(fsys, path)
	if err != nil {
		return // reported by validation: no such file
	}
	pos := p.Doc.Pos("file")
	p.PDF.Size = int64(len(data))
	head := data[:min(len(data), 1024)]
	if !bytes.Contains(head, []byte("%PDF-")) {
		diags.Errorf(pos, "%s", content.NotPDFMessage(path, data[:min(len(data), 16)]))
		return
	}
	n, err := api.PageCount(context.Background(), bytes.NewReader(data), pdfConfig())
	if err != nil || n < 1 {
		diags.Warnf(pos, "no se pudieron contar las páginas de %s (el PDF parece dañado): ábralo para revisarlo, o escriba pages", path)
		return
	}
	p.PDF.Pages = n
}

// pdfConfig is pdfcpu's configuration without its folder in the user's
// home (a build writes nothing outside its output), relaxed as readers
// are: PDFs from office suites often bend the standard.
var pdfConfig = sync.OnceValue(func() *model.Configuration {
	conf, err := api.LoadConfiguration(api.ConfigurationOptions{Mode: api.ConfigurationModeStateless})
	if err != nil || conf == nil {
		conf = model.NewDefaultConfiguration()
	}
	conf.ValidationMode = model.ValidationRelaxed
	return conf
})
