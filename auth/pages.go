package auth

import (
	"bytes"
	"html/template"
	"net/http"
)

// flowPage is what the loopback listener shows in the browser tab after a callback. Every
// field is escaped by html/template; none ever holds a code, token, state or verifier.
type flowPage struct {
	Title   string // e.g. "Signed in to zoomtray"
	Message string // what happened, one or two sentences
	Detail  string // Zoom's error code and description, when there is one
	OK      bool
}

var flowPageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}
h1{font-size:1.4em;color:{{if .OK}}#0b5cff{{else}}#b00020{{end}}}
code{background:#f3f3f3;padding:.1em .3em}
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
{{if .Detail}}<p>Zoom said: <code>{{.Detail}}</code></p>{{end}}
<p>You can close this tab.</p>
</body>
</html>
`))

// The pages of the loopback listener.
var (
	pageSuccess = flowPage{OK: true, Title: "Signed in to zoomtray",
		Message: "zoomtray is now signed in to your Zoom account."}
	pageNotFound = flowPage{Title: "Not found",
		Message: "This address is only used to finish signing in to zoomtray."}
	pageBadHost = flowPage{Title: "Request refused",
		Message: "This request did not come through the sign-in address zoomtray opened, so it was refused."}
	pageStaleState = flowPage{Title: "This sign-in link is out of date",
		Message: "This tab belongs to an earlier or different sign-in attempt. Start signing in again from zoomtray; its current attempt is still waiting."}
	pageMissingCode = flowPage{Title: "Sign-in failed",
		Message: "Zoom sent the browser back without an authorization code. Start signing in again from zoomtray."}
	pageDenied = flowPage{Title: "Sign-in cancelled",
		Message: "Zoom reported that access was not granted, so zoomtray is not signed in."}
	pageExchangeFailed = flowPage{Title: "Sign-in failed",
		Message: "zoomtray could not finish signing in with Zoom. Check zoomtray for details and try again."}
	pageAlreadyDone = flowPage{Title: "Sign-in already finished",
		Message: "zoomtray has already received an answer for this sign-in."}
)

// writeFlowPage renders p with status and headers that keep the page inert: no scripts, no
// caching, no referrer (the callback URL carries the code).
func writeFlowPage(w http.ResponseWriter, status int, p flowPage) {
	var buf bytes.Buffer
	if err := flowPageTemplate.Execute(&buf, p); err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
