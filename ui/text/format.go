package text

import (
	"fmt"
	"math"
)

// Size formats n bytes in SI units with one decimal, as GNOME and macOS show sizes: 12.3 MB
// is 12,300,000 bytes. The window and zoomctl both use it, so one file has one size
// everywhere.
func Size(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	units := []string{"kB", "MB", "GB", "TB"}
	v, i := float64(n)/unit, 0
	// Round to the one decimal shown before choosing the unit: 999,999 bytes is 1.0 MB,
	// not 1000.0 kB.
	for math.Round(v*10)/10 >= unit && i < len(units)-1 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.1f %s", v, units[i])
}
