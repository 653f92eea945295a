package main

import (
	"context"
	"fmt"
	"os"
)

// runWindow stands in for ui.RunWindow until package ui exists (then this file goes).
func runWindow(ctx context.Context, args []string) int {
	fmt.Fprintln(os.Stderr, "window not built yet")
	return 1
}
