package ui

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Dump returns what the window shows as text: "screen: <Screen>", then the texts of the
// visible labels, buttons ("[Join]"), entries and texts, in layout order. Fyne has no
// accessibility tree to read a window's words from, so end-to-end tests read this
// (Options.DumpFile) beside a screenshot.
func (m *mainScreen) Dump() []string {
	return append([]string{"screen: " + m.screen}, dumpTexts(m.Content)...)
}

// dumpTexts returns the texts of o and its visible descendants (see Main.Dump).
func dumpTexts(o fyne.CanvasObject) []string {
	var out []string
	collectTexts(o, &out)
	return out
}

// collectTexts appends the texts of o to out; hidden objects and their children are
// skipped.
func collectTexts(o fyne.CanvasObject, out *[]string) {
	if o == nil || !o.Visible() {
		return
	}
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			*out = append(*out, s)
		}
	}
	switch v := o.(type) {
	case *widget.Label:
		add(v.Text)
	case *widget.Button:
		add("[" + v.Text + "]")
	case *escButton:
		add("[" + v.Text + "]")
	case *widget.Entry:
		add(v.Text)
	case *numberEntry:
		add(v.Text)
	case *container.ThemeOverride:
		collectTexts(v.Content, out)
	case *widget.Accordion:
		for _, it := range v.Items {
			add("[" + it.Title + "]")
			if it.Open {
				collectTexts(it.Detail, out)
			}
		}
	case *widget.Hyperlink:
		add(v.Text)
	case *widget.RichText:
		add(v.String())
	case *canvas.Text:
		add(v.Text)
	case *widget.Form:
		for _, it := range v.Items {
			add(it.Text)
			collectTexts(it.Widget, out)
		}
	case *container.Scroll:
		collectTexts(v.Content, out)
	case *container.AppTabs:
		if sel := v.Selected(); sel != nil {
			add("tab: " + sel.Text)
			collectTexts(sel.Content, out)
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			collectTexts(c, out)
		}
	}
}

// writeDump replaces the file path with lines, through a temporary file and a rename so
// a reader never sees half of it. Errors are ignored: it is a test hook.
func writeDump(path string, lines []string) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".dump-*")
	if err != nil {
		return
	}
	_, err = tmp.WriteString(strings.Join(lines, "\n") + "\n")
	if cerr := tmp.Close(); err == nil && cerr == nil {
		_ = os.Rename(tmp.Name(), path)
		return
	}
	_ = os.Remove(tmp.Name())
}
