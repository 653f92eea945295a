// Command hellofyne is a bare Fyne window showing "hello": the baseline that
// scripts/measure-idle.sh compares the resident agent against (Fyne's driver wakes 60
// times a second while it runs, Fyne issue #2506).
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("org.zoomtray.hellofyne")
	w := a.NewWindow("hello")
	w.SetContent(widget.NewLabel("hello"))
	w.ShowAndRun()
}
