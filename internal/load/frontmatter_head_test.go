package load

import (
	"bytes"
	"testing"

	"github.com/adrg/frontmatter"
)

// FuzzFrontMatterLen checks that giving adrg/frontmatter only the head
// frontMatterLen finds changes nothing: same block, same body, same error
// as when it reads the whole file.
func FuzzFrontMatterLen(f *testing.F) {
	for _, s := range []string{
		"", "---\n", "---\n---\n", "---\ntitle: x\n---\ncuerpo\n", "\n\n  ---  \na: 1\n ---\n\ncuerpo",
		"---\na: 1\n---", "---\na: 1\n", "texto\n---\na: 1\n---\n", "---\na: |\n  ---\n---\nb\n",
		"\t\n---\r\na: 1\r\n---\r\nx", "--- \na\n---x\n---\n\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var whole capture
		wantBody, wantErr := frontmatter.Parse(bytes.NewReader(data), &whole, yamlFormat)

		var c capture
		head, _ := frontMatterLen(data)
		rest, err := frontmatter.Parse(bytes.NewReader(data[:head]), &c, yamlFormat)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("error %v, want %v", err, wantErr)
		}
		if err != nil {
			return
		}
		body := data[head-len(rest):]
		if c.found != whole.found || !bytes.Equal(c.data, whole.data) || !bytes.Equal(body, wantBody) {
			t.Fatalf("head %d: found %v block %q body %q; want %v %q %q", head, c.found, c.data, body, whole.found, whole.data, wantBody)
		}
	})
}
