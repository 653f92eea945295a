package zoomapi

import (
	"errors"
	"strconv"
)

// errTooManyPages is returned when a list does not end within maxPages pages.
var errTooManyPages = errors.New("zoomapi: too many pages")

func itoa(n int) string { return strconv.Itoa(n) }
