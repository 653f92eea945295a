//go:build cgo && linux && !ci

package ui

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>
#include <X11/Xatom.h>

// zoomtray_keep_above asks the window manager to keep window win above others, the
// EWMH way: a _NET_WM_STATE client message to the root window (add
// _NET_WM_STATE_ABOVE, from an application). It also sets the property itself, which a
// window manager reads when it starts managing a window that it has not seen yet. It
// returns 0 when the display cannot be opened.
static int zoomtray_keep_above(unsigned long win) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) return 0;
	Atom state = XInternAtom(d, "_NET_WM_STATE", False);
	Atom above = XInternAtom(d, "_NET_WM_STATE_ABOVE", False);
	XChangeProperty(d, (Window)win, state, XA_ATOM, 32, PropModeAppend, (unsigned char *)&above, 1);
	XEvent e = {0};
	e.xclient.type = ClientMessage;
	e.xclient.window = (Window)win;
	e.xclient.message_type = state;
	e.xclient.format = 32;
	e.xclient.data.l[0] = 1; // _NET_WM_STATE_ADD
	e.xclient.data.l[1] = (long)above;
	e.xclient.data.l[3] = 1; // source indication: an application
	XSendEvent(d, DefaultRootWindow(d), False, SubstructureRedirectMask | SubstructureNotifyMask, &e);
	XFlush(d);
	XCloseDisplay(d);
	return 1;
}
*/
import "C"

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// keepAbove asks the window manager to keep w above other windows. Fyne 2.7 has no API
// for it (2.8 adds desktop.Window.RequestAlwaysOnTop), so on X11 it sets
// _NET_WM_STATE_ABOVE on the native window. Window managers that follow EWMH honour it;
// on Wayland (XWayland windows) the compositor decides, and without a window manager
// nothing stacks windows at all.
func keepAbove(w fyne.Window) {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return
	}
	nw.RunNative(func(ctx any) {
		if x, ok := ctx.(driver.X11WindowContext); ok && x.WindowHandle != 0 {
			C.zoomtray_keep_above(C.ulong(x.WindowHandle))
		}
	})
}
