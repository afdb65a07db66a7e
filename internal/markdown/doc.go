// Package markdown renders the Markdown bodies of Cabildo pages to HTML,
// together with what the rest of the build needs from them: plain text,
// headings, links and the problems an editor should fix.
//
// # Use
//
// Build one Markdown with New when the site is loaded and share it: it is
// safe for concurrent use. Render each body with the resolvers of its page:
//
//	md := markdown.New()
//	res, err := md.Render(body, markdown.RenderOptions{Links: pageLinks, Images: bundleImages})
//
// Problems in the body never make Render fail; they come back in
// Result.Problems with a line and column relative to the first byte of
// body, so the caller adds the lines of the front matter.
//
// # What editors can write
//
// CommonMark plus the GitHub extensions: tables, ~~strikethrough~~, task
// lists ("- [x]"), and URLs and e-mail addresses that become links without
// angle brackets (only http: and https: URLs, "www." and e-mail addresses).
// Typography suits Spanish: "--" and "---" become en and em dashes, "..."
// an ellipsis and <<texto>> «texto»; straight quotes stay straight, since
// curly ones would be the English kind.
//
// # What is published
//
// Headings: the page template shows the title as the page's only h1, so the
// body's highest heading level becomes h2 and the others keep their distance
// to it, capped at h6. An editor may start sections with "#" or with "##";
// a heading that skips a level ("##" then "####") is a warning, because
// screen reader users navigate by that outline. Every heading gets an id
// from Slugify ("Teléfono y horarios" → "telefono-y-horarios"), "seccion"
// when the heading has no letters, with "-1", "-2"… for repeats.
//
// Links: destinations are decoded (entities, backslash escapes) and then
// sorted. http:, https:, mailto:, tel:, webcal: and "//host" are published
// as written. A "#fragment" stays on the page, with a warning if no heading
// has that id. Any other path is a page of the site: it goes to the
// LinkResolver, without its fragment, and the URL it returns is published
// with the fragment put back. Every other scheme is blocked: javascript:,
// vbscript:, data: (images included) and also ftp:, file: and the rest,
// however they are disguised (case, spaces, control characters, character
// references, percent-encoding, even repeated). A blocked link, one that
// does not resolve and one with an empty destination are published as their
// text without a link, and reported.
//
// Images: site paths go to the ImageResolver; the <img> gets the URL it
// returns, width and height when known, loading="lazy" and
// decoding="async". External images must be http: or https:. An image
// without alt text is an error (it is published with alt="", which screen
// readers skip); an image that cannot be published leaves its alt text.
//
// Raw HTML is not published: it is dropped and reported, since goldmark's
// "<!-- raw HTML omitted -->" would tell the citizen and not the editor.
// HTML comments are dropped silently: they are notes between editors.
// WithUnsafeHTML publishes raw HTML as written, for sites whose editors are
// trusted with it; links are checked all the same.
//
// Tables carry no inline styles, so pages work under a strict
// Content-Security-Policy: column alignment becomes class="align-left",
// "align-center" or "align-right", which the theme styles.
//
// # Slugs
//
// Slugify is the site's one way to turn a title into a slug: heading ids use
// it, and so does the command that names new content files.
package markdown
